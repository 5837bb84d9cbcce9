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

/** How one account history endpoint is read: its page request, the rows of an answer, and each row as an item. */
interface AccountHistorySource<P extends { next_cursor?: string | undefined }, R extends { market_id: number }, T> {
  fetchPage: (page: PageRequest) => Promise<P>;
  rowsOf: (answer: P) => R[];
  toItem: (row: R, market: LighterMarketInfo) => T | undefined;
  keyOf: (item: T) => string;
}

/**
 * An account history (see collectHistory), each row of a market this client knows mapped by `toItem` (a row it maps
 * to undefined is dropped), oldest first by `timestamp`.
 */
async function accountHistory<
  P extends { next_cursor?: string | undefined },
  R extends { market_id: number },
  T extends { timestamp: number },
>(client: LighterClient, query: HistoryQuery, source: AccountHistorySource<P, R, T>): Promise<T[]> {
  const markets = await client.loadMarkets();
  const marketId = query.symbol === undefined ? undefined : (await client.market(query.symbol)).marketIndex;
  return collectHistory<T>(
    async (cursor, limit) => {
      const answer = await source.fetchPage({
        limit,
        ...(marketId !== undefined ? { marketId } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      const rows = source.rowsOf(answer);
      const items: T[] = [];
      for (const row of rows) {
        const m = markets.byMarketIndex(row.market_id);
        const item = m && source.toItem(row, m);
        if (item) items.push(item);
      }
      return { items, next: answer.next_cursor, rawCount: rows.length };
    },
    (item) => item.timestamp,
    source.keyOf,
    query,
  );
}

/** The account's fills from `/trades`, page by page (see collectHistory), oldest first. */
export function venueFills(client: LighterClient, ids: ClientIdMemory, query: HistoryQuery): Promise<Fill[]> {
  return accountHistory(client, query, {
    fetchPage: (page) => client.getTrades(page),
    rowsOf: (r) => r.trades,
    toItem: (t, m) => toFill(t, client.accountIndex, m, (i) => ids.idOf(i)),
    keyOf: (f) => f.id,
  });
}

/** The account's settled funding payments from `/positionFunding`, page by page, oldest first. */
export function venueFundingPayments(client: LighterClient, query: HistoryQuery): Promise<FundingPayment[]> {
  return accountHistory(client, query, {
    fetchPage: (page) => client.getPositionFunding(page),
    rowsOf: (r) => r.position_fundings,
    toItem: (f, m) => toFundingPayment(f, m),
    // Core's FundingPayment has no id: a row served twice is identical in every field, so all of them are the key.
    keyOf: (p) => `${p.symbol}|${p.timestamp}|${p.amount.toFixed()}|${p.rate?.toFixed()}|${p.positionSize?.toFixed()}`,
  });
}
