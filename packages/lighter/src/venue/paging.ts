import { collectPages, type HistoryQuery, type Page } from '@dn/core';

/*
 * Lighter's cursor pagination (`/trades`, `/positionFunding`, `/accountInactiveOrders`): rows newest first, `limit`
 * ≤ 100, `next_cursor` of the page passed back as `cursor` for older rows, absent (null / "") on the last page. The
 * walk itself is @dn/core's (bounded: no token, an empty page, a repeated cursor or the page bound end it).
 */

/** Rows per request: the venue's maximum. */
export const LIGHTER_PAGE_LIMIT = 100;
/** At most this many pages per history call, so a busy account cannot turn one call into an unbounded loop. */
export const MAX_HISTORY_PAGES = 10;

/**
 * Up to `query.limit` (default 100, at most MAX_HISTORY_PAGES × 100) rows within `[since, until]`, oldest first, the
 * newest kept when more match: pages are read until enough rows, a row older than `since`, an empty page, no cursor,
 * a repeated cursor or the page bound. A row seen twice (a page served again, or rows shifting between pages while
 * new ones arrive) is kept once, by `keyOf`.
 */
export async function collectHistory<T>(
  fetchPage: (cursor: string | undefined, limit: number) => Promise<Page<T>>,
  timeOf: (item: T) => number,
  keyOf: (item: T) => string,
  query: HistoryQuery,
): Promise<T[]> {
  const limit = Math.max(1, Math.min(query.limit ?? LIGHTER_PAGE_LIMIT, MAX_HISTORY_PAGES * LIGHTER_PAGE_LIMIT));
  const r = await collectPages<T>({
    fetchPage,
    timeOf,
    keyOf,
    ...(query.since !== undefined ? { since: query.since } : {}),
    ...(query.until !== undefined ? { until: query.until } : {}),
    limit,
    pageSize: LIGHTER_PAGE_LIMIT,
    maxPages: MAX_HISTORY_PAGES,
    order: 'newest-first',
    keep: 'newest',
  });
  return r.items;
}
