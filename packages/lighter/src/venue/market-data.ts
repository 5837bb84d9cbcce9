import { Decimal, type FundingRate, type MarketStats, type OrderBookSnapshot, TransportError } from '@dn/core';
import type { LighterClient } from '../client.js';
import { LIGHTER_FUNDING_INTERVAL_HOURS } from '../config.js';
import { aprOfHourly, hourlyRateFromRest, nextHourMs } from '../funding-units.js';
import type { LighterSimpleOrder } from '../wire.js';

/** Core's FundingRate of an hourly fraction, stamped now with the next hourly settlement. */
export function fundingRateOf(
  client: LighterClient,
  symbol: string,
  hourly: Decimal,
  extra: Partial<FundingRate> = {},
): FundingRate {
  const now = client.clock.now();
  return {
    symbol,
    rate: hourly,
    intervalHours: LIGHTER_FUNDING_INTERVAL_HOURS,
    apr: aprOfHourly(hourly),
    nextFundingTime: nextHourMs(now),
    timestamp: now,
    ...extra,
  };
}

/** The book of `symbol` as price levels: `/orderBookOrders` lists resting orders, summed here per price. */
export async function venueOrderBook(client: LighterClient, symbol: string, depth: number): Promise<OrderBookSnapshot> {
  const m = await client.market(symbol);
  const r = await client.getOrderBookOrders(m.marketIndex, 100);
  const aggregate = (orders: LighterSimpleOrder[], desc: boolean) => {
    const levels = new Map<string, { price: Decimal; size: Decimal }>();
    for (const o of orders) {
      const key = o.price.toString();
      const l = levels.get(key);
      if (l) l.size = l.size.add(o.remaining_base_amount);
      else levels.set(key, { price: o.price, size: o.remaining_base_amount });
    }
    return [...levels.values()]
      .filter((l) => l.size.gt(0))
      .sort((a, b) => (desc ? b.price.cmp(a.price) : a.price.cmp(b.price)))
      .slice(0, depth);
  };
  return { symbol, bids: aggregate(r.bids, true), asks: aggregate(r.asks, false), timestamp: client.clock.now() };
}

/** The current funding rate of `symbol` from `/funding-rates` (units: funding-units.ts). */
export async function venueFunding(client: LighterClient, symbol: string): Promise<FundingRate> {
  const m = await client.market(symbol);
  const r = await client.getFundingRates();
  const row = r.funding_rates.find((f) => f.exchange === 'lighter' && f.market_id === m.marketIndex);
  if (!row) {
    throw new TransportError(`Lighter returned no funding rate for ${symbol}`, {
      venue: 'lighter',
      url: '/api/v1/funding-rates',
    });
  }
  return fundingRateOf(client, symbol, hourlyRateFromRest(row.rate));
}

/** Stats of every perp market from two requests (`/orderBookDetails` and `/funding-rates`). */
export async function venueAllStats(client: LighterClient): Promise<MarketStats[]> {
  const [details, rates] = await Promise.all([client.getOrderBookDetails(), client.getFundingRates()]);
  const markets = await client.loadMarkets();
  const out: MarketStats[] = [];
  for (const d of details.order_book_details) {
    const m = markets.byMarketIndex(d.market_id);
    if (!m) continue;
    const row = rates.funding_rates.find((f) => f.exchange === 'lighter' && f.market_id === d.market_id);
    const mark = d.mark_price ?? d.last_trade_price ?? new Decimal(0);
    const extra: Partial<FundingRate> = { markPrice: mark, ...(d.index_price ? { indexPrice: d.index_price } : {}) };
    out.push({
      symbol: m.symbol,
      markPrice: mark,
      ...(d.index_price ? { indexPrice: d.index_price } : {}),
      ...(d.last_trade_price ? { lastPrice: d.last_trade_price } : {}),
      volume24h: d.daily_quote_token_volume ?? new Decimal(0),
      // REST open_interest is in base units (CCXT's ETH capture: 39559 beside a 122.7 M USD market_stats value at
      // mark 3013); core's openInterest is USD notional on every venue.
      ...(d.open_interest ? { openInterest: d.open_interest.mul(mark) } : {}),
      funding: fundingRateOf(client, m.symbol, row ? hourlyRateFromRest(row.rate) : new Decimal(0), extra),
    });
  }
  return out;
}
