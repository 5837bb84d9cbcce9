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
  /** Time stamped on `reconnected` events, ms (default wall clock). */
  now?: () => number;
}

const MAX_SEEN_TRADES = 10_000;
/**
 * After a reconnect, `reconnected` waits for every channel's `subscribed/` snapshot on the new connection (the
 * subscriptions are live, so a REST reconcile then misses nothing), but no longer than this: a refused resubscribe is
 * logged as an error frame, and the caller must still reconcile.
 */
export const RECONNECTED_SETTLE_MS = 5_000;

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
 * - After the connection drops and comes back (not on the first connection), `{ type: 'reconnected' }` is emitted once
 *   the resubscribed channels have sent their snapshots (or RECONNECTED_SETTLE_MS after the reconnect), so the caller
 *   reconciles by REST what the gap may have hidden (fills above all).
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
  const reconnects = watchReconnects(
    o.stream,
    channels.map(([c]) => c),
    () => {
      // Also called from a timer, where a throwing listener would have nothing above it to catch it.
      try {
        o.onEvent({ type: 'reconnected', at: (o.now ?? Date.now)() });
      } catch (e) {
        o.logger.warn({ venue: 'lighter', error: String(e) }, "a 'reconnected' listener threw");
        o.onError?.(e instanceof Error ? e : new Error(String(e)));
      }
    },
  );
  for (const [channel, onFrame] of channels) {
    await o.stream.subscribe(
      channel,
      {
        onFrame: (frame, message) => {
          onFrame(frame);
          if ((frame.type ?? '').startsWith('subscribed/')) reconnects.snapshot(channel, message.generation);
        },
      },
      { auth: o.auth },
    );
  }
  return {
    unsubscribe: async () => {
      reconnects.stop();
      for (const [channel] of channels) o.stream.unsubscribe(channel);
    },
  };
}

/**
 * Calls `onReconnected` once per connection after the first one this subscription saw, when every channel in
 * `channels` has delivered its `subscribed/` snapshot on that connection, or RECONNECTED_SETTLE_MS after it opened.
 */
function watchReconnects(stream: LighterStream, channels: readonly string[], onReconnected: () => void) {
  const ws = stream.ws;
  // The connection the subscription started on: the current one if open, else the first to open.
  let first: number | undefined = ws.state === 'open' ? ws.generation : undefined;
  let awaiting: { generation: number; missing: Set<string>; timer: ReturnType<typeof setTimeout> } | undefined;
  const settle = () => {
    if (!awaiting) return;
    clearTimeout(awaiting.timer);
    awaiting = undefined;
    onReconnected();
  };
  const off = ws.on('open', ({ generation }) => {
    if (first === undefined) first = generation;
    if (generation <= first) return;
    // A connection that dropped before its snapshots came still counts: the newer one settles it.
    if (awaiting) clearTimeout(awaiting.timer);
    awaiting = { generation, missing: new Set(channels), timer: setTimeout(settle, RECONNECTED_SETTLE_MS) };
  });
  return {
    snapshot(channel: string, generation: number): void {
      if (awaiting?.generation !== generation) return;
      awaiting.missing.delete(channel);
      if (awaiting.missing.size === 0) settle();
    },
    stop(): void {
      off();
      if (awaiting) clearTimeout(awaiting.timer);
      awaiting = undefined;
    },
  };
}
