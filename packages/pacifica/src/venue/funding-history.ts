import { type FundingHistoryQuery, type FundingRecord, historyLimit, TransportError } from '@dn/core';
import type { PacificaClient } from '../client.js';
import { PACIFICA_FUNDING_HISTORY_MAX_PAGES, PACIFICA_FUNDING_HISTORY_PAGE } from '../config.js';
import { settlementHour, toFundingRecord } from '../mappers.js';

/**
 * See `PacificaVenue.getFundingHistory`; `symbol` is the market id (records carry `query.symbol`). `/funding_rate/history` has no time filter and
 * pages newest first, so the walk goes back from the newest row until it passes `since` (or, without `since`, until
 * `limit` rows are held); a page in ascending order is walked forward to `until` instead. Rows are collapsed to one per settlement hour (the newest row of the hour wins), so a
 * venue that wrote several rows in one hour can never make one interval count twice.
 * @throws TransportError when the walk cannot reach `since` (a repeated cursor or the page cap): a partial answer
 * would read as "no funding before the first row", a silent gap.
 */
export async function fetchFundingHistory(
  client: PacificaClient,
  symbol: string,
  query: FundingHistoryQuery,
): Promise<FundingRecord[]> {
  const limit = historyLimit(query.limit, PACIFICA_FUNDING_HISTORY_PAGE, 'pacifica');
  const { since, until } = query;
  // Without a lower bound only the newest `limit` rows are wanted; a smaller page then costs less data.
  const pageSize =
    since === undefined && until === undefined
      ? Math.min(limit, PACIFICA_FUNDING_HISTORY_PAGE)
      : PACIFICA_FUNDING_HISTORY_PAGE;
  const byHour = new Map<number, FundingRecord>();
  const newestAt = new Map<number, number>();
  const seen = new Set<string>();
  let cursor: string | undefined;
  let reachedSince = false;
  let reachedUntil = false;
  for (let page = 0; ; page++) {
    if (page === PACIFICA_FUNDING_HISTORY_MAX_PAGES) {
      throw walkError(symbol, `more than ${PACIFICA_FUNDING_HISTORY_MAX_PAGES} pages`);
    }
    const res = await client.rest.getFundingRateHistory({ symbol, limit: pageSize, ...(cursor ? { cursor } : {}) });
    const rows = res.items;
    // The docs show newest first without saying so; a page that ascends is read the other way round.
    const ascending = rows.length > 1 && (rows[0]?.createdAt ?? 0) < (rows[rows.length - 1]?.createdAt ?? 0);
    for (const row of rows) {
      const time = settlementHour(row.createdAt);
      if (since !== undefined && time < since) {
        if (!ascending) reachedSince = true;
        continue;
      }
      if (until !== undefined && time > until) {
        if (ascending) reachedUntil = true;
        continue;
      }
      if ((newestAt.get(time) ?? -1) >= row.createdAt) continue;
      newestAt.set(time, row.createdAt);
      byHour.set(time, toFundingRecord(query.symbol, row));
    }
    if (reachedSince || reachedUntil || !res.hasMore || res.nextCursor === undefined) break;
    // Enough rows at the end the answer keeps: the newest when walking back, the oldest when walking forward.
    if ((ascending ? since !== undefined : since === undefined) && byHour.size >= limit) break;
    if (seen.has(res.nextCursor)) throw walkError(symbol, `the venue repeated cursor ${res.nextCursor}`);
    seen.add(res.nextCursor);
    cursor = res.nextCursor;
  }
  const records = [...byHour.values()].sort((a, b) => a.time - b.time);
  return since === undefined ? records.slice(-limit) : records.slice(0, limit);
}

function walkError(symbol: string, why: string): TransportError {
  return new TransportError(`pacifica /funding_rate/history for ${symbol} stopped before the requested range: ${why}`, {
    venue: 'pacifica',
  });
}
