import type { HistoryQuery } from '@dn/core';
import type { ExtendedFundingRecord } from './wire.js';

/*
 * Cursor pagination as Extended does it (docs "Pagination", CCXT captures): newest first, `pagination.cursor` is the
 * last row's id and is present on the last page too, so the end is an empty page (or a repeated cursor).
 */

const MAX_HISTORY_PAGES = 10;
const MAX_FUNDING_PAGES = 100;

/** One page of a cursor-paginated answer. */
export interface CursorPage<T> {
  items: T[];
  cursor: string | undefined;
}

/**
 * Up to `query.limit` (default 100, at most 1,000) rows within `[since, until]`, oldest first, fetched page by page
 * until enough rows, a row older than `since`, an empty page, no cursor or a repeated cursor.
 */
export async function collectPages<T>(
  fetchPage: (cursor: string | undefined, limit: number) => Promise<CursorPage<T>>,
  timeOf: (item: T) => number,
  query: HistoryQuery,
): Promise<T[]> {
  const want = Math.max(1, Math.min(query.limit ?? 100, 1_000));
  const out: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    const r = await fetchPage(cursor, want);
    let older = false;
    for (const item of r.items) {
      const t = timeOf(item);
      if (query.since !== undefined && t < query.since) {
        older = true;
        continue;
      }
      if (query.until !== undefined && t > query.until) continue;
      out.push(item);
    }
    if (older || out.length >= want || !r.cursor || r.items.length === 0 || r.cursor === cursor) break;
    cursor = r.cursor;
  }
  return out.sort((a, b) => timeOf(a) - timeOf(b)).slice(-want);
}

/**
 * Every applied funding rate in `[startTime, endTime]`, newest first, one rate per time: pages are followed until
 * one reaches `startTime`, comes back empty, has no cursor or repeats the cursor.
 */
export async function collectFundingRates(
  fetchPage: (cursor: string | undefined) => Promise<{ records: ExtendedFundingRecord[]; cursor: string | undefined }>,
  startTime: number,
  endTime: number,
): Promise<ExtendedFundingRecord[]> {
  const out: ExtendedFundingRecord[] = [];
  const seen = new Set<number>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_FUNDING_PAGES; page++) {
    const r = await fetchPage(cursor);
    let reachedStart = false;
    for (const rec of r.records) {
      if (rec.T < startTime) reachedStart = true;
      if (rec.T < startTime || rec.T > endTime || seen.has(rec.T)) continue;
      seen.add(rec.T);
      out.push(rec);
    }
    if (reachedStart || r.records.length === 0 || r.cursor === undefined || r.cursor === cursor) break;
    cursor = r.cursor;
  }
  return out.sort((a, b) => b.T - a.T);
}
