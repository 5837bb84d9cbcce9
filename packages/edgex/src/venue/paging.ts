import type { HistoryQuery } from '@dn/core';
import type { EdgexPage } from '../wire.js';

/** Pages followed at most per call: a bound on a venue whose cursor never ends. */
const MAX_PAGES = 50;

/** Follows `nextPageOffsetData` until `limit` items, an empty page or `MAX_PAGES`. */
export async function collectPages<T>(
  page: (offsetData: string | undefined) => Promise<EdgexPage<T>>,
  limit: number,
): Promise<T[]> {
  const out: T[] = [];
  let offset: string | undefined;
  for (let i = 0; i < MAX_PAGES && out.length < limit; i++) {
    const p = await page(offset);
    out.push(...p.dataList);
    offset = p.nextPageOffsetData ?? undefined;
    if (!offset || p.dataList.length === 0) break;
  }
  return out.slice(0, limit);
}

/** `since` / `until` (inclusive) as the venue's created-time filters (end exclusive). */
export function timeFilter(q: HistoryQuery): {
  filterStartCreatedTimeInclusive?: number;
  filterEndCreatedTimeExclusive?: number;
} {
  return {
    ...(q.since !== undefined ? { filterStartCreatedTimeInclusive: q.since } : {}),
    ...(q.until !== undefined ? { filterEndCreatedTimeExclusive: q.until + 1 } : {}),
  };
}
