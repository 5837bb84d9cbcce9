import type { AccountEvent } from '@dn/core';
import type { z } from 'zod';
import { toBalance, toFill, toOrder, toPosition } from '../mappers.js';
import {
  balanceSchema,
  describeIssues,
  type ExtendedAccountUpdate,
  orderSchema,
  positionSchema,
  tradeSchema,
} from '../wire.js';
import type { ExtendedStreamEnvelope } from './stream.js';

/** What one `/account` message held: the rows that parsed, their unified events, and the rows that did not. */
export interface DecodedAccountMessage {
  type: string;
  update: ExtendedAccountUpdate;
  events: AccountEvent[];
  /** One line per row (or field) that could not be read, naming it; those rows yield no event. */
  problems: string[];
}

/**
 * Decodes one `/account` message (`type` ORDER | TRADE | POSITION | BALANCE, payload `{orders|trades|positions|
 * balance}`) into the raw update and unified events. On connect the venue first sends the full state (balance,
 * open positions, open orders), then increments. DEPOSIT / WITHDRAWAL / TRANSFER carry nothing a bot trades on and
 * yield no event. Each row is parsed on its own: one unreadable row is reported in `problems` and the others are
 * still delivered. A position row that cannot be read is a problem, never a flat position.
 */
export function decodeAccountMessage(
  message: ExtendedStreamEnvelope,
  symbolOf: (market: string) => string,
): DecodedAccountMessage {
  const type = (message.type ?? '').toUpperCase();
  const problems: string[] = [];
  const update: ExtendedAccountUpdate = {};
  const events: AccountEvent[] = [];
  const data = message.data;
  if (data === undefined || data === null) return { type, update, events, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push(`${type || 'account'} message: data is not an object`);
    return { type, update, events, problems };
  }
  const raw = data as Record<string, unknown>;
  update.orders = rows(raw, 'orders', orderSchema, problems);
  update.trades = rows(raw, 'trades', tradeSchema, problems);
  update.positions = rows(raw, 'positions', positionSchema, problems);
  if (raw.balance !== undefined && raw.balance !== null) {
    const b = balanceSchema.safeParse(raw.balance);
    if (b.success) update.balance = b.data;
    else problems.push(`balance: ${describeIssues(b.error)}`);
  }
  for (const o of update.orders ?? []) events.push({ type: 'order', order: toOrder(symbolOf(o.market), o) });
  for (const t of update.trades ?? []) events.push({ type: 'fill', fill: toFill(symbolOf(t.market), t) });
  for (const p of update.positions ?? []) {
    events.push({ type: 'position', position: toPosition(symbolOf(p.market), p) });
  }
  if (update.balance) events.push({ type: 'balance', balance: toBalance(update.balance) });
  return { type, update, events, problems };
}

function rows<S extends z.ZodType>(
  raw: Record<string, unknown>,
  key: string,
  schema: S,
  problems: string[],
): z.output<S>[] | undefined {
  const list = raw[key];
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) {
    problems.push(`${key}: expected a list`);
    return undefined;
  }
  const out: z.output<S>[] = [];
  list.forEach((row, i) => {
    const r = schema.safeParse(row);
    if (r.success) out.push(r.data as z.output<S>);
    else problems.push(`${key}.${i}: ${describeIssues(r.error)}`);
  });
  return out;
}
