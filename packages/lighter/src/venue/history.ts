import {
  type Candle,
  type CandleQuery,
  candleIntervalMs,
  type Fill,
  type FundingPayment,
  type HistoryQuery,
} from '@dn/core';
import type { LighterClient } from '../client.js';
import { toFill, toFundingPayment } from '../mappers.js';
import type { ClientIdMemory } from './client-ids.js';
import { collectHistory } from './paging.js';

/** Candles of `[since, until]` (default: the `limit` intervals before now), oldest first. */
export async function venueCandles(client: LighterClient, query: CandleQuery): Promise<Candle[]> {
  const m = await client.market(query.symbol);
  const ms = candleIntervalMs(query.interval, 'lighter');
  const until = query.until ?? client.clock.now();
  const limit = query.limit ?? 200;
  const since = query.since ?? until - limit * ms;
  const candles = await client.getCandles({
    marketId: m.marketIndex,
    resolution: query.interval,
    startTimestamp: since,
    endTimestamp: until,
    countBack: limit,
  });
  return candles.filter((c) => c.time >= Math.floor(since / ms) * ms && c.time <= until).slice(-limit);
}

async function marketIdOf(client: LighterClient, symbol: string | undefined): Promise<number | undefined> {
  return symbol === undefined ? undefined : (await client.market(symbol)).marketIndex;
}

/** The account's fills from `/trades`, page by page (see collectHistory), oldest first. */
export async function venueFills(client: LighterClient, ids: ClientIdMemory, query: HistoryQuery): Promise<Fill[]> {
  const markets = await client.loadMarkets();
  const marketId = await marketIdOf(client, query.symbol);
  return collectHistory<Fill>(
    async (cursor, limit) => {
      const r = await client.getTrades({
        limit,
        ...(marketId !== undefined ? { marketId } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      const items: Fill[] = [];
      for (const t of r.trades) {
        const m = markets.byMarketIndex(t.market_id);
        const f = m && toFill(t, client.accountIndex, m, (i) => ids.idOf(i));
        if (f) items.push(f);
      }
      return { items, next: r.next_cursor, rawCount: r.trades.length };
    },
    (f) => f.timestamp,
    (f) => f.id,
    query,
  );
}

/** The account's settled funding payments from `/positionFunding`, page by page, oldest first. */
export async function venueFundingPayments(client: LighterClient, query: HistoryQuery): Promise<FundingPayment[]> {
  const markets = await client.loadMarkets();
  const marketId = await marketIdOf(client, query.symbol);
  return collectHistory<FundingPayment>(
    async (cursor, limit) => {
      const r = await client.getPositionFunding({
        limit,
        ...(marketId !== undefined ? { marketId } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      const items: FundingPayment[] = [];
      for (const f of r.position_fundings) {
        const m = markets.byMarketIndex(f.market_id);
        if (m) items.push(toFundingPayment(f, m));
      }
      return { items, next: r.next_cursor, rawCount: r.position_fundings.length };
    },
    (p) => p.timestamp,
    // Core's FundingPayment has no id: a row served twice is identical in every field, so all of them are the key.
    (p) => `${p.symbol}|${p.timestamp}|${p.amount.toFixed()}|${p.rate?.toFixed()}|${p.positionSize?.toFixed()}`,
    query,
  );
}
