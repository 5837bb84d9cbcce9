import { Decimal, type PerpVenue, type VirtualClock } from '@dn/core';
import { DEFAULT_FLATTEN_OPTIONS, type FlattenOptions } from '../flatten-types.js';

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

/** Open positions as `{ symbol: signed size }`. */
export async function positionsOf(venue: PerpVenue): Promise<Record<string, string>> {
  return Object.fromEntries((await venue.getPositions()).map((p) => [p.symbol, p.size.toString()]));
}

/** The default flatten options with a 50 ms confirm interval. */
export const fastOptions = (over: Partial<FlattenOptions> = {}): FlattenOptions => ({
  ...DEFAULT_FLATTEN_OPTIONS,
  confirmIntervalMs: 50,
  ...over,
});

/**
 * Runs `work` on a stepped clock: whenever the code under test waits on the clock (backoff, confirm interval), time
 * jumps to its next timer; real I/O (loopback HTTP, WebSocket) finishes first. Rejects after `realMs` of wall time so
 * a hang fails the test instead of the whole run.
 */
export function drive<T>(clock: VirtualClock, work: Promise<T>, realMs = 30_000): Promise<T> {
  return clock.runUntilSettled(work, { realTimeoutMs: realMs });
}
