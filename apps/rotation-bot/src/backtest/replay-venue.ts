import type { VenueHandle } from '@dn/connect';
import { Decimal, type Market, type MarketStats, type OrderBookSnapshot, type PerpVenue } from '@dn/core';
import type { VenueName } from '../config.js';
import type { HistoryView } from './market-data.js';

const HOURS_PER_YEAR = 8760;

/**
 * A venue as the scanner sees it at the replay's current time: stored markets and fees, the last settled rate,
 * the stored price and the previous day's volume, and a one-level book `spreadPct` wide around the price (the
 * slippage model). Everything else is refused: the replay never trades through a venue.
 */
export function replayVenue(name: VenueName, view: HistoryView, now: () => number, spreadPct: Decimal): VenueHandle {
  const markets: Market[] = view.markets
    .filter((m) => m.venue === name)
    .map((m) => ({
      symbol: m.symbol,
      venueSymbol: m.symbol,
      tickSize: new Decimal('0.00000001'),
      lotSize: new Decimal('0.00000001'),
      minSize: new Decimal('0.00000001'),
      maxLeverage: m.maxLeverage,
      makerFee: m.makerFee,
      takerFee: m.takerFee,
      fundingIntervalHours: m.fundingIntervalHours,
      active: true,
    }));
  const half = spreadPct.div(200);
  const venue: Pick<PerpVenue, 'id' | 'getMarkets' | 'getAllStats' | 'getOrderBook' | 'close'> = {
    id: name as PerpVenue['id'],
    getMarkets: async () => markets,
    getAllStats: async () => {
      const t = now();
      const out: MarketStats[] = [];
      for (const m of markets) {
        const f = view.fundingAt(name, m.symbol, t);
        const price = view.priceAt(name, m.symbol, t);
        if (!f || !price) continue;
        out.push({
          symbol: m.symbol,
          markPrice: price,
          volume24h: view.volumeUsdAt(name, m.symbol, t),
          funding: {
            symbol: m.symbol,
            rate: f.rate,
            intervalHours: f.intervalHours,
            apr: f.rate.mul(HOURS_PER_YEAR).div(f.intervalHours),
            timestamp: f.time,
          },
        });
      }
      return out;
    },
    getOrderBook: async (symbol: string): Promise<OrderBookSnapshot> => {
      const t = now();
      const price = view.priceAt(name, symbol, t);
      if (!price) throw new Error(`no stored price for ${symbol} on ${name}`);
      const depth = new Decimal(1e12);
      return {
        symbol,
        bids: [{ price: price.mul(new Decimal(1).minus(half)), size: depth }],
        asks: [{ price: price.mul(new Decimal(1).plus(half)), size: depth }],
        timestamp: t,
      };
    },
    close: async () => undefined,
  };
  return { name, venue: venue as PerpVenue };
}
