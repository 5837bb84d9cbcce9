import type { Decimal, PerpVenue, Position } from '@dn/core';
import type { LegRisk } from './decide.js';

/** A leg's unrealised PnL and notional, when it is open. */
export function legRisk(legs: Position[], symbol: string): LegRisk | undefined {
  const p = legs.find((x) => x.symbol === symbol);
  return p && !p.size.isZero() ? { unrealizedPnl: p.unrealizedPnl, notional: p.notional } : undefined;
}

/** Mid of the best bid and ask. */
export async function midPrice(venue: PerpVenue, symbol: string): Promise<Decimal> {
  const book = await venue.getOrderBook(symbol, 1);
  const bid = book.bids[0]?.price;
  const ask = book.asks[0]?.price;
  if (!bid || !ask) throw new Error(`${symbol}: the order book has no ${bid ? 'asks' : 'bids'}`);
  return bid.plus(ask).div(2);
}
