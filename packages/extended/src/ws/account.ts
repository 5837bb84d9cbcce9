import type { AccountEvent } from '@dn/core';
import { toBalance, toFill, toOrder, toPosition } from '../convert.js';
import { type ExtendedAccountUpdate, zAccountUpdate } from '../wire.js';
import type { ExtendedStreamEnvelope } from './stream.js';

/**
 * Decodes one `/account` message (`type` ORDER | TRADE | POSITION | BALANCE, payload `{orders|trades|positions|
 * balance}`) into the raw update and unified events. On connect the venue first sends the full state (balance,
 * open positions, open orders), then increments. DEPOSIT / WITHDRAWAL / TRANSFER carry nothing a bot trades on and
 * yield no event. Returns undefined for a message that does not parse.
 */
export function decodeAccountMessage(
  message: ExtendedStreamEnvelope,
  symbolOf: (market: string) => string,
): { type: string; update: ExtendedAccountUpdate; events: AccountEvent[] } | undefined {
  const parsed = zAccountUpdate.safeParse(message.data ?? {});
  if (!parsed.success) return undefined;
  const update = parsed.data;
  const type = (message.type ?? '').toUpperCase();
  const events: AccountEvent[] = [];
  for (const o of update.orders ?? []) events.push({ type: 'order', order: toOrder(symbolOf(o.market), o) });
  for (const t of update.trades ?? []) events.push({ type: 'fill', fill: toFill(symbolOf(t.market), t) });
  for (const p of update.positions ?? []) {
    events.push({ type: 'position', position: toPosition(symbolOf(p.market), p) });
  }
  if (update.balance) events.push({ type: 'balance', balance: toBalance(update.balance) });
  return { type, update, events };
}
