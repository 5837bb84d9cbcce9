import { type FundingHistoryQuery, type FundingRecord, InvalidInputError } from '@dn/core';
import type { LighterClient } from '../client.js';
import { LIGHTER_FUNDING_INTERVAL_HOURS } from '../config.js';

const HOUR_MS = 3_600_000;
/** Rows per `/fundings` request (nautilus_trader's live client: the venue's per-call cap). */
export const LIGHTER_FUNDINGS_PAGE = 100;
/**
 * Windows of this many hours hold at most LIGHTER_FUNDINGS_PAGE hourly settlements even with both ends inclusive, so
 * `count_back` never truncates a window, whichever end the venue would cut.
 */
const WINDOW_MS = (LIGHTER_FUNDINGS_PAGE - 1) * HOUR_MS;
const CLOCK_AHEAD_MS = 60_000;
/** Requests per call at most (≈ 206 days of hourly windows); a longer empty stretch is refused, never read as "none". */
export const LIGHTER_FUNDINGS_MAX_WINDOWS = 50;

/**
 * The market's settled hourly funding rates in [since, until] (ms, inclusive), oldest first, at most `limit` (default
 * 100, at most LIGHTER_FUNDINGS_MAX_WINDOWS × 99): `/fundings` read forward in windows of 99 hours. Without `since`,
 * the last `limit` hourly settlements up to `until` (default now). Rates are signed fractions per hour (funding-units.ts).
 *
 * - Each window asks up to its end + 1 ms and the next starts at that end; rows are kept once per settlement time, so
 *   it does not matter whether the venue reads `end_timestamp` as inclusive (the captures) or exclusive (nautilus_trader).
 * - Public endpoint; every request goes through the client's rate limiter with the default weight.
 * @throws InvalidInputError when `since` > `until`, or when LIGHTER_FUNDINGS_MAX_WINDOWS windows from `since` hold no
 *   settlement although the range goes further (an empty answer would tell a pager there is nothing after `since`).
 */
export async function venueFundingHistory(client: LighterClient, query: FundingHistoryQuery): Promise<FundingRecord[]> {
  const m = await client.market(query.symbol);
  const limit = Math.max(
    1,
    Math.min(Math.floor(query.limit ?? LIGHTER_FUNDINGS_PAGE), LIGHTER_FUNDINGS_MAX_WINDOWS * 99),
  );
  const until = query.until ?? client.clock.now();
  // Without since: the `limit` hourly marks up to until (an inclusive span of `limit` hours holds `limit` + 1).
  const since = query.since ?? until - limit * HOUR_MS + 1;
  if (since > until) {
    throw new InvalidInputError('since must not be after until', {
      field: 'since',
      value: since,
      expected: `<= ${until}`,
      venue: 'lighter',
    });
  }
  const byTime = new Map<number, FundingRecord>();
  // No settlement lies in the future: the walk ends at now (plus a minute for the venue's clock being ahead).
  const walkEnd = Math.min(until, client.clock.now() + CLOCK_AHEAD_MS);
  if (since > walkEnd) return [];
  let start = since;
  for (let window = 0; window < LIGHTER_FUNDINGS_MAX_WINDOWS; window++) {
    const end = Math.min(start + WINDOW_MS, walkEnd);
    const rows = await client.getFundingHistory({
      marketId: m.marketIndex,
      resolution: '1h',
      startTimestamp: start,
      // + 1 ms: the window's end is in it even if the venue reads end_timestamp as exclusive.
      endTimestamp: end + 1,
      countBack: LIGHTER_FUNDINGS_PAGE,
    });
    for (const r of rows) {
      if (r.time < since || r.time > until || byTime.has(r.time)) continue;
      byTime.set(r.time, {
        symbol: m.symbol,
        time: r.time,
        rate: r.rate,
        intervalHours: LIGHTER_FUNDING_INTERVAL_HOURS,
      });
    }
    if (byTime.size >= limit || end >= walkEnd) return oldestFirst(byTime, limit);
    start = end;
  }
  if (byTime.size === 0) {
    throw new InvalidInputError(
      `No Lighter funding settlement in the ${LIGHTER_FUNDINGS_MAX_WINDOWS * 99} hours after since: narrow the range`,
      { field: 'since', value: since, venue: 'lighter' },
    );
  }
  return oldestFirst(byTime, limit);
}

function oldestFirst(byTime: Map<number, FundingRecord>, limit: number): FundingRecord[] {
  return [...byTime.values()].sort((a, b) => a.time - b.time).slice(0, limit);
}
