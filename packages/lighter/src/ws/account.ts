import { type AccountEvent, type Subscription, TransportError } from '@dn/core';
import type { z } from 'zod';
import { toFill, toOrder, toPosition } from '../mappers.js';
import type { LighterMarkets } from '../symbols.js';
import * as wire from '../wire.js';
import type { LighterFrame, LighterStream } from './stream.js';

/** Where a frame that cannot be read is reported (a pino logger fits). */
export interface LighterStreamLogger {
  warn(details: object, message: string): void;
}

export interface AccountStreamOptions {
  stream: LighterStream;
  accountIndex: bigint;
  markets: LighterMarkets;
  auth: () => string;
  clientOrderIdOf: (index: bigint) => string;
  onEvent: (event: AccountEvent) => void;
  logger: LighterStreamLogger;
  /** Also called with every unreadable frame (after it is logged). */
  onError?: (e: Error) => void;
}

const MAX_SEEN_TRADES = 10_000;

/**
 * The account channels the live clients use (CCXT pro, nautilus_trader): `account_all_orders/{a}`,
 * `account_all_trades/{a}`, `account_all_positions/{a}` and `user_stats/{a}`, each subscribed with the auth token.
 * (`account_all/{a}` carries no orders in the docs, so it is not used.)
 *
 * - Orders and positions: every frame, snapshot included, is current state.
 * - Trades: the `subscribed/` snapshot is history and only seeds the de-duplication set; updates become fills once.
 *   Fills that happen while disconnected are not replayed: reconcile with `getFills` after a reconnect.
 * - Funding payments are not pushed on these channels: read them with `getFundingPayments`.
 * - A frame that fails to parse is logged with its channel and reported to `onError`; it is never dropped silently.
 */
export async function subscribeAccountChannels(o: AccountStreamOptions): Promise<Subscription> {
  const a = o.accountIndex.toString();
  const seenTrades = new Set<string>();
  const { markets } = o;

  const report = (channel: string, frame: LighterFrame, issues: string) => {
    const e = new TransportError(
      `Unreadable Lighter ${channel} frame`,
      { venue: 'lighter', url: channel },
      {
        details: issues,
      },
    );
    o.logger.warn({ venue: 'lighter', channel, type: frame.type, issues }, 'dropped an unreadable Lighter frame');
    o.onError?.(e);
  };
  const parse = <S extends z.ZodType>(schema: S, channel: string, frame: LighterFrame): z.output<S> | undefined => {
    const type = frame.type ?? '';
    // Acks, errors and pings carry no account data.
    if (!type.startsWith('subscribed/') && !type.startsWith('update/')) {
      if (type === 'error') report(channel, frame, JSON.stringify(frame['error'] ?? frame).slice(0, 300));
      return undefined;
    }
    const r = schema.safeParse(frame);
    if (r.success) return r.data;
    report(
      channel,
      frame,
      r.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; '),
    );
    return undefined;
  };

  const channels: [string, (frame: LighterFrame) => void][] = [
    [
      `account_all_orders/${a}`,
      (frame) => {
        const d = parse(wire.wsAccountOrdersSchema, `account_all_orders/${a}`, frame);
        for (const row of d?.orders ?? []) {
          const m = markets.byMarketIndex(row.market_index);
          if (m) o.onEvent({ type: 'order', order: toOrder(row, m, o.clientOrderIdOf) });
        }
      },
    ],
    [
      `account_all_trades/${a}`,
      (frame) => {
        const d = parse(wire.wsAccountTradesSchema, `account_all_trades/${a}`, frame);
        if (!d) return;
        const snapshot = (frame.type ?? '').startsWith('subscribed/');
        for (const t of d.trades) {
          const key = t.trade_id.toString();
          if (seenTrades.has(key)) continue;
          seenTrades.add(key);
          if (seenTrades.size > MAX_SEEN_TRADES) seenTrades.delete(seenTrades.values().next().value as string);
          if (snapshot) continue;
          const m = markets.byMarketIndex(t.market_id);
          const fill = m && toFill(t, o.accountIndex, m, o.clientOrderIdOf);
          if (fill) o.onEvent({ type: 'fill', fill });
        }
      },
    ],
    [
      `account_all_positions/${a}`,
      (frame) => {
        const d = parse(wire.wsAccountPositionsSchema, `account_all_positions/${a}`, frame);
        for (const p of d?.positions ?? []) {
          const m = markets.byMarketIndex(p.market_id);
          if (m) o.onEvent({ type: 'position', position: toPosition(p, m) });
        }
      },
    ],
    [
      `user_stats/${a}`,
      (frame) => {
        const d = parse(wire.wsUserStatsSchema, `user_stats/${a}`, frame);
        if (!d) return;
        const { collateral, portfolio_value: equity, available_balance: available } = d.stats;
        o.onEvent({
          type: 'balance',
          balance: {
            currency: 'USDC',
            collateral,
            equity,
            availableMargin: available,
            unrealizedPnl: equity.sub(collateral),
          },
        });
      },
    ],
  ];
  for (const [channel, onFrame] of channels) {
    await o.stream.subscribe(channel, { onFrame }, { auth: o.auth });
  }
  return {
    unsubscribe: async () => {
      for (const [channel] of channels) o.stream.unsubscribe(channel);
    },
  };
}
