import type { HistoryQuery } from '@dn/core';

/*
 * Lighter's cursor pagination (`/trades`, `/positionFunding`, `/accountInactiveOrders`): rows newest first, `limit`
 * ≤ 100, `next_cursor` of the page passed back as `cursor` for older rows, absent (null / "") on the last page.
 */

/** Rows per request: the venue's maximum. */
export const LIGHTER_PAGE_LIMIT = 100;
/** At most this many pages per history call, so a busy account cannot turn one call into an unbounded loop. */
export const MAX_HISTORY_PAGES = 10;

/** One page, already mapped to core rows (rows the account is not part of are left out). */
export interface Page<T> {
  items: T[];
  /** Cursor of the next (older) page; undefined on the last page. */
  cursor: string | undefined;
  /** Rows the venue returned (an empty page ends the walk even when mapping dropped rows). */
  rawCount: number;
}

/**
 * Up to `query.limit` (default 100, at most MAX_HISTORY_PAGES × 100) rows within `[since, until]`, oldest first:
 * pages are read until enough rows, a row older than `since`, an empty page, no cursor, a repeated cursor or the
 * page bound. When more rows match than `limit`, the newest are kept. A row seen twice (a page served again, or
 * rows shifting between pages while new ones arrive) is kept once, by `keyOf`.
 */
export async function collectPages<T>(
  fetchPage: (cursor: string | undefined, limit: number) => Promise<Page<T>>,
  timeOf: (item: T) => number,
  keyOf: (item: T) => string,
  query: HistoryQuery,
): Promise<T[]> {
  const want = Math.max(1, Math.min(query.limit ?? LIGHTER_PAGE_LIMIT, MAX_HISTORY_PAGES * LIGHTER_PAGE_LIMIT));
  const out: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    const r = await fetchPage(cursor, Math.min(want, LIGHTER_PAGE_LIMIT));
    let older = false;
    for (const item of r.items) {
      const t = timeOf(item);
      if (query.since !== undefined && t < query.since) {
        older = true;
        continue;
      }
      if (query.until !== undefined && t > query.until) continue;
      const key = keyOf(item);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
    if (older || out.length >= want || r.rawCount === 0 || !r.cursor || r.cursor === cursor) break;
    cursor = r.cursor;
  }
  return out.sort((a, b) => timeOf(a) - timeOf(b)).slice(-want);
}
