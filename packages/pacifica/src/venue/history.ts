import {
  type Candle,
  type CandleQuery,
  candleIntervalMs,
  collectPages,
  type Fill,
  type FundingPayment,
  type HistoryQuery,
} from '@dn/core';
import type { PacificaClient } from '../client.js';
import { PACIFICA_KLINE_PAGE } from '../config.js';
import type { Page } from '../http.js';
import { toCandle, toFundingPayment, tradeToFill } from '../mappers.js';
import type { PacificaKlineInterval } from '../rest/markets.js';
import type { PacificaFundingPayment, PacificaTrade } from '../wire/index.js';

/** See `PacificaVenue.getCandles`; `symbol` is the market id. */
export async function fetchCandles(client: PacificaClient, symbol: string, query: CandleQuery): Promise<Candle[]> {
  const ms = candleIntervalMs(query.interval, 'pacifica');
  const limit = query.limit ?? 500;
  const now = client.now();
  const end = query.until ?? (query.since !== undefined ? Math.min(now, query.since + limit * ms - 1) : now);
  const start = query.since ?? end - limit * ms + 1;
  const byTime = new Map<number, Candle>();
  for (let from = start; from <= end; from += PACIFICA_KLINE_PAGE * ms) {
    const to = Math.min(end, from + PACIFICA_KLINE_PAGE * ms - 1);
    const klines = await client.rest.getKlines({
      symbol,
      interval: query.interval as PacificaKlineInterval,
      startTime: from,
      endTime: to,
    });
    for (const k of klines) byTime.set(k.openTime, toCandle(k));
    if (query.since !== undefined && byTime.size >= limit) break;
  }
  const candles = [...byTime.values()].sort((a, b) => a.time - b.time);
  return query.since === undefined ? candles.slice(-limit) : candles.slice(0, limit);
}

/** Rows per `/trades/history` request at most (the code this replaced asked for up to 1000). */
const FILLS_PAGE = 1_000;
/** Rows per `/funding/history` request. */
const FUNDING_PAGE = 100;
/**
 * Pages one history call reads at most: a venue that keeps answering (or repeats a cursor) cannot hold a call forever.
 * Generous, so that a long window of one market among several still comes back whole.
 */
const MAX_HISTORY_PAGES = 100;

/**
 * Up to `limit` (default 100) rows of `[since, until]` of a newest-first history endpoint, oldest first, the newest kept
 * when more match; the rows of other markets than `symbol` (when given) are skipped. A row is known by its history id.
 */
async function accountHistory<R extends { symbol: string; createdAt: number; historyId: string }, T>(
  query: HistoryQuery,
  symbol: string | undefined,
  source: {
    pageSize: number;
    fetchPage: (cursor: string | undefined, limit: number) => Promise<Page<R>>;
    toItem: (row: R) => T;
  },
): Promise<T[]> {
  const limit = query.limit ?? 100;
  const { pageSize } = source;
  const r = await collectPages<R>({
    fetchPage: async (cursor, size) => {
      const page = await source.fetchPage(cursor, size);
      const items = symbol === undefined ? page.items : page.items.filter((row) => row.symbol === symbol);
      return { items, next: page.hasMore ? page.nextCursor : undefined, rawCount: page.items.length };
    },
    timeOf: (row) => row.createdAt,
    keyOf: (row) => row.historyId,
    ...(query.since !== undefined ? { since: query.since } : {}),
    ...(query.until !== undefined ? { until: query.until } : {}),
    limit,
    pageSize,
    maxPages: Math.max(MAX_HISTORY_PAGES, Math.ceil(limit / pageSize) + 1),
    order: 'newest-first',
  });
  return r.items.map((row) => source.toItem(row));
}

/** Reads one account history of `account` (see accountHistory); `symbol` is the market id. */
type AccountHistoryReader<T> = (
  client: PacificaClient,
  account: string,
  symbol: string | undefined,
  query: HistoryQuery,
) => Promise<T[]>;

/** See `PacificaVenue.getFills`; the market is also sent as a filter with the window. */
export const fetchFills: AccountHistoryReader<Fill> = (client, account, symbol, query) =>
  accountHistory<PacificaTrade, Fill>(query, symbol, {
    pageSize: FILLS_PAGE,
    fetchPage: (cursor, limit) =>
      client.rest.getTradeHistory({
        account,
        limit,
        ...(symbol !== undefined ? { symbol } : {}),
        ...(query.since !== undefined ? { startTime: query.since } : {}),
        ...(query.until !== undefined ? { endTime: query.until } : {}),
        ...(cursor ? { cursor } : {}),
      }),
    toItem: (t) => tradeToFill(t),
  });

/** See `PacificaVenue.getFundingPayments`; the endpoint pages newest first, so paging stops at `since`. */
export const fetchFundingPayments: AccountHistoryReader<FundingPayment> = (client, account, symbol, query) =>
  accountHistory<PacificaFundingPayment, FundingPayment>(query, symbol, {
    pageSize: FUNDING_PAGE,
    fetchPage: (cursor, limit) => client.rest.getFundingHistory({ account, limit, ...(cursor ? { cursor } : {}) }),
    toItem: toFundingPayment,
  });
