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
import type { LighterMarketInfo } from '../symbols.js';
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

/** One page request of an account history endpoint; the market filter is sent only when the query names one. */
type PageRequest = { limit: number; marketId?: number; cursor?: string };

/**
 * An account history (see collectHistory), each row of a market this client knows mapped by `toItem` (a row it maps
 * to undefined is dropped), oldest first.
 */
async function accountHistory<R extends { market_id: number }, T>(
  client: LighterClient,
  query: HistoryQuery,
  fetchRows: (page: PageRequest) => Promise<{ rows: R[]; next: string | undefined }>,
  toItem: (row: R, market: LighterMarketInfo) => T | undefined,
  timeOf: (item: T) => number,
  keyOf: (item: T) => string,
): Promise<T[]> {
  const markets = await client.loadMarkets();
  const marketId = query.symbol === undefined ? undefined : (await client.market(query.symbol)).marketIndex;
  return collectHistory<T>(
    async (cursor, limit) => {
      const page = await fetchRows({
        limit,
        ...(marketId !== undefined ? { marketId } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      const items: T[] = [];
      for (const row of page.rows) {
        const m = markets.byMarketIndex(row.market_id);
        const item = m && toItem(row, m);
        if (item) items.push(item);
      }
      return { items, next: page.next, rawCount: page.rows.length };
    },
    timeOf,
    keyOf,
    query,
  );
}

/** The account's fills from `/trades`, page by page (see collectHistory), oldest first. */
export function venueFills(client: LighterClient, ids: ClientIdMemory, query: HistoryQuery): Promise<Fill[]> {
  return accountHistory(
    client,
    query,
    async (page) => {
      const r = await client.getTrades(page);
      return { rows: r.trades, next: r.next_cursor };
    },
    (t, m) => toFill(t, client.accountIndex, m, (i) => ids.idOf(i)),
    (f) => f.timestamp,
    (f) => f.id,
  );
}

/** The account's settled funding payments from `/positionFunding`, page by page, oldest first. */
export function venueFundingPayments(client: LighterClient, query: HistoryQuery): Promise<FundingPayment[]> {
  return accountHistory(
    client,
    query,
    async (page) => {
      const r = await client.getPositionFunding(page);
      return { rows: r.position_fundings, next: r.next_cursor };
    },
    (f, m) => toFundingPayment(f, m),
    (p) => p.timestamp,
    // Core's FundingPayment has no id: a row served twice is identical in every field, so all of them are the key.
    (p) => `${p.symbol}|${p.timestamp}|${p.amount.toFixed()}|${p.rate?.toFixed()}|${p.positionSize?.toFixed()}`,
  );
}
