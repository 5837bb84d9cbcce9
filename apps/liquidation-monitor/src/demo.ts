import type { VenueConnection } from '@dn/connect';
import { Decimal, type PerpVenue } from '@dn/core';

/** About this much per demo leg, USD: small beside the paper collateral, above every venue's minimum. */
const DEMO_NOTIONAL = new Decimal(300);

/**
 * Paper mode only: a hedged BTC pair across the first two venues and one lone ETH leg, opened through the
 * (unguarded) paper venues before the monitor starts, so its first checks show a hedged pair and an unhedged leg
 * that it closes once the grace period is over.
 */
export async function openDemoPositions(connection: VenueConnection): Promise<string> {
  const [a, b] = connection.venues;
  if (!a) return 'paper demo: no venue';
  const opened: string[] = [];
  if (b) {
    opened.push(await buy(a.venue, a.name, 'BTC', 'buy'));
    opened.push(await buy(b.venue, b.name, 'BTC', 'sell'));
  }
  opened.push(await buy(a.venue, a.name, 'ETH', 'buy'));
  return `paper demo: opened ${opened.join(', ')}`;
}

async function buy(venue: PerpVenue, name: string, symbol: string, side: 'buy' | 'sell'): Promise<string> {
  const market = (await venue.getMarkets()).find((m) => m.symbol === symbol);
  if (!market) throw new Error(`paper demo: ${name} lists no ${symbol}`);
  const book = await venue.getOrderBook(symbol);
  const best = side === 'buy' ? book.asks[0] : book.bids[0];
  if (!best) throw new Error(`paper demo: ${name} ${symbol} has an empty book`);
  const lots = DEMO_NOTIONAL.div(best.price).div(market.lotSize).floor();
  const size = Decimal.max(lots.mul(market.lotSize), market.minSize);
  await venue.placeOrder({ symbol, side, type: 'market', size });
  return `${name} ${side === 'buy' ? 'long' : 'short'} ${size} ${symbol}`;
}
