import { createLogger, Decimal, type PerpVenue, type PlaceOrderParameters, type VirtualClock } from '@dn/core';
import { DEFAULT_FLATTEN_OPTIONS, type FlattenOptions, type FlattenTarget } from '@dn/execution';

/** Opens a position with a plain (not reduce-only) market order. `size` signed: negative = short. */
export async function open(venue: PerpVenue, symbol: string, size: string): Promise<void> {
  const d = new Decimal(size);
  await venue.placeOrder({ symbol, side: d.gt(0) ? 'buy' : 'sell', type: 'market', size: d.abs(), slippage: '0.02' });
}

/** Rests a buy limit order 20 % under the market, so it stays open until cancelled. */
export async function rest(venue: PerpVenue, symbol: string, size: string): Promise<string> {
  const book = await venue.getOrderBook(symbol, 1);
  const market = (await venue.getMarkets()).find((m) => m.symbol === symbol);
  if (!market || !book.bids[0]) throw new Error(`no market ${symbol}`);
  const price = book.bids[0].price.mul('0.8').div(market.tickSize).floor().mul(market.tickSize);
  const ack = await venue.placeOrder({ symbol, side: 'buy', type: 'limit', size, price, timeInForce: 'GTT' });
  return ack.orderId as string;
}

export async function positionsOf(venue: PerpVenue): Promise<Record<string, string>> {
  return Object.fromEntries((await venue.getPositions()).map((p) => [p.symbol, p.size.toString()]));
}

export const silentLog = createLogger({ name: 'emergency-exit-test', level: 'silent', console: false });

export const fastOptions = (over: Partial<FlattenOptions> = {}): FlattenOptions => ({
  ...DEFAULT_FLATTEN_OPTIONS,
  confirmIntervalMs: 50,
  ...over,
});

export interface Call {
  venue: string;
  method: string;
  args: unknown[];
}

/**
 * Wraps a venue: every method call is recorded in `calls` (shared across venues when given) and passes `before`
 * first, which may throw to simulate failures or inspect the venue's state at that moment.
 */
export function instrument(
  name: string,
  venue: PerpVenue,
  calls: Call[],
  before?: (method: string, args: unknown[]) => void | Promise<void>,
): PerpVenue {
  return new Proxy(venue, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return async (...args: unknown[]) => {
        calls.push({ venue: name, method: prop, args });
        if (before) await before(prop, args);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Every order sent must be reduce-only, on the closing side, and no larger than the position at that moment. */
export function guardOrders(targets: FlattenTarget[], calls: Call[], violations: string[]): FlattenTarget[] {
  return targets.map((t) => ({
    name: t.name,
    venue: instrument(t.name, t.venue, calls, async (method, args) => {
      if (method !== 'placeOrder') return;
      const p = args[0] as PlaceOrderParameters;
      const pos = (await t.venue.getPositions()).find((x) => x.symbol === p.symbol)?.size ?? new Decimal(0);
      const size = new Decimal(p.size.toString());
      if (p.reduceOnly !== true) violations.push(`${t.name} ${p.symbol}: not reduce-only`);
      if (size.gt(pos.abs())) violations.push(`${t.name} ${p.symbol}: size ${size} > |position| ${pos.abs()}`);
      if ((p.side === 'buy') !== pos.lt(0)) violations.push(`${t.name} ${p.symbol}: ${p.side} on position ${pos}`);
    }),
  }));
}

/**
 * Runs `work` on a stepped clock: whenever the code under test waits on the clock (backoff, confirm interval), time
 * jumps to its next timer; real I/O (loopback HTTP, WebSocket) finishes first. Rejects after `realMs` of wall time so
 * a hang fails the test instead of the whole run.
 */
export function drive<T>(clock: VirtualClock, work: Promise<T>, realMs = 30_000): Promise<T> {
  return clock.runUntilSettled(work, { realTimeoutMs: realMs });
}
