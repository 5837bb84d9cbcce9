import {
  collectPages,
  type Fill,
  type FundingHistoryQuery,
  type FundingPayment,
  type FundingRecord,
  type HistoryQuery,
  TransportError,
  type UnifiedSymbol,
} from '@dn/core';
import type { ExtendedClient } from '../client.js';
import {
  EXTENDED_FUNDING_INTERVAL_HOURS,
  EXTENDED_FUNDING_PAGE_SIZE,
  EXTENDED_HISTORY_MAX_PAGES,
  EXTENDED_HISTORY_PAGE_SIZE,
  EXTENDED_VENUE,
} from '../config.js';
import { toFill, toFundingPayment, toFundingRecord } from '../mappers.js';
import type { ExtendedPage } from '../rest/account.js';
import type { ExtendedFundingRecord } from '../wire.js';

/*
 * Extended's lists are cursor-paged newest first (`pagination.cursor` = the last row's id, sent on the last page too,
 * so the end is an empty page); core's `collectPages` walks them, bounded.
 */

const HOUR_MS = 3_600_000;
/** Most rows one account-history call returns (default 100), as before paging moved to core. */
const MAX_HISTORY_ROWS = 1_000;
/** Most rates one funding-history call returns (default: one venue page). */
const MAX_FUNDING_ROWS = 10 * EXTENDED_FUNDING_PAGE_SIZE;
/** Longest window one funding-history walk reads when looking for the first rate after `since` (≈ 2.3 years). */
const MAX_FUNDING_WINDOW_MS = 20 * EXTENDED_FUNDING_PAGE_SIZE * HOUR_MS;

const historyLimit = (q: HistoryQuery): number => Math.max(1, Math.min(q.limit ?? 100, MAX_HISTORY_ROWS));

/** Fills in `[since, until]`, oldest first: the newest `limit` (default 100, at most 1,000). */
export async function venueFills(
  client: ExtendedClient,
  symbolOf: (market: string) => UnifiedSymbol,
  markets: string[] | undefined,
  query: HistoryQuery,
): Promise<Fill[]> {
  const items = await walkAccountHistory(query, {
    page: (cursor, limit) => client.api.getTrades({ ...(markets ? { markets } : {}), cursor, limit }),
    timeOf: (t) => t.createdTime,
    keyOf: (t) => t.id,
  });
  return items.map((t) => toFill(symbolOf(t.market), t));
}

/** Funding payments in `[since, until]`, oldest first, paged as `venueFills`. */
export async function venueFundingPayments(
  client: ExtendedClient,
  symbolOf: (market: string) => UnifiedSymbol,
  markets: string[] | undefined,
  query: HistoryQuery,
): Promise<FundingPayment[]> {
  const items = await walkAccountHistory(query, {
    page: (cursor, limit) =>
      client.api.getFundingPayments({
        ...(markets ? { markets } : {}),
        // The docs make startTime required.
        startTime: query.since ?? 0,
        ...(query.until !== undefined ? { endTime: query.until } : {}),
        cursor,
        limit,
      }),
    timeOf: (f) => f.paidTime,
    keyOf: (f) => f.id,
  });
  return items.map((f) => toFundingPayment(symbolOf(f.market), f));
}

/**
 * The market's applied hourly rates in `[since, until]` (until default now), oldest first, at most `limit` (default
 * one venue page, 1,000; at most 10,000).
 *
 * With `since`: the FIRST `limit` rates from `since` on, so a caller pages forward with `since = last.time + 1`. The
 * venue pages newest first, so reading a long window to keep its oldest end would read all of it: the window asked
 * for is `limit` hours from `since` (hourly rates: at most `limit` + 1 rows, one or two pages). If it holds no rate
 * (a market listed later), the next window starts after it and doubles in length, up to ≈ 2.3 years, so a `since`
 * long before the listing costs a few empty requests, not thousands.
 *
 * Without `since`: the LAST `limit` rates up to `until`.
 */
export async function venueFundingHistory(
  client: ExtendedClient,
  symbol: UnifiedSymbol,
  market: string,
  query: FundingHistoryQuery,
): Promise<FundingRecord[]> {
  const limit = Math.max(1, Math.min(query.limit ?? EXTENDED_FUNDING_PAGE_SIZE, MAX_FUNDING_ROWS));
  const until = query.until ?? client.now();
  const map = (rows: ExtendedFundingRecord[]) => rows.map((r) => toFundingRecord(symbol, r));
  if (query.since === undefined) {
    const r = await fundingWalk(client, market, { since: 0, until, limit, keep: 'newest' });
    return map(r.items);
  }
  let start = Math.max(0, query.since);
  let span = limit * EXTENDED_FUNDING_INTERVAL_HOURS * HOUR_MS;
  while (start <= until) {
    const end = Math.min(until, start + span);
    const r = await fundingWalk(client, market, { since: start, until: end, limit, keep: 'oldest' });
    if (!r.complete) {
      // More rows in the window than hourly funding allows: the oldest end was not reached, and returning the part
      // read would make a caller paging forward skip the rest.
      throw new TransportError(
        `Extended ${market} funding history: more rates in the window than hourly settlement allows`,
        { venue: EXTENDED_VENUE },
        { details: `window ${start}..${end}, ${r.pages} pages read` },
      );
    }
    if (r.items.length > 0 || end >= until) return map(r.items);
    start = end + 1;
    span = Math.min(span * 2, MAX_FUNDING_WINDOW_MS);
  }
  return [];
}

/** One newest-first walk of `/info/{market}/funding` over `[since, until]`, sized so the window fits its bound. */
function fundingWalk(
  client: ExtendedClient,
  market: string,
  w: { since: number; until: number; limit: number; keep: 'newest' | 'oldest' },
) {
  const hours = Math.ceil((w.until - w.since + 1) / HOUR_MS) + 1;
  const maxPages =
    w.keep === 'oldest'
      ? Math.ceil(hours / EXTENDED_FUNDING_PAGE_SIZE) + 2
      : Math.ceil(w.limit / EXTENDED_FUNDING_PAGE_SIZE) + 2;
  return collectPages({
    fetchPage: async (cursor, pageSize) => {
      const r = await client.api.getFundingHistory({
        market,
        // The venue's own bounds are inclusive or not (undocumented): one ms wider each side, filtered here exactly.
        startTime: Math.max(0, w.since - 1),
        endTime: w.until + 1,
        limit: pageSize,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      return { items: r.records, next: r.cursor };
    },
    timeOf: (r) => r.T,
    // One rate per settlement time.
    keyOf: (r) => String(r.T),
    since: w.since,
    until: w.until,
    limit: w.limit,
    pageSize: EXTENDED_FUNDING_PAGE_SIZE,
    maxPages,
    order: 'newest-first',
    keep: w.keep,
  });
}

/**
 * The account's fills or funding payments in the query's window, newest page first, at most the query's limit: each
 * row once (by `keyOf`), oldest first.
 */
async function walkAccountHistory<T>(
  q: HistoryQuery,
  rows: {
    page: (cursor: string | undefined, limit: number) => Promise<ExtendedPage<T>>;
    timeOf: (row: T) => number;
    keyOf: (row: T) => string;
  },
): Promise<T[]> {
  const { items } = await collectPages({
    fetchPage: async (cursor, limit) => {
      const r = await rows.page(cursor, limit);
      return { items: r.items, next: r.cursor };
    },
    timeOf: rows.timeOf,
    keyOf: rows.keyOf,
    ...(q.since !== undefined ? { since: q.since } : {}),
    ...(q.until !== undefined ? { until: q.until } : {}),
    limit: historyLimit(q),
    pageSize: EXTENDED_HISTORY_PAGE_SIZE,
    maxPages: EXTENDED_HISTORY_MAX_PAGES,
    order: 'newest-first',
  });
  return items;
}
