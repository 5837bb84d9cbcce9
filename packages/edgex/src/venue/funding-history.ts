import { type FundingHistoryQuery, type FundingRecord, historyLimit, TransportError } from '@dn/core';
import type { EdgexClient } from '../client.js';
import { intervalHoursOf, toFundingRecord } from '../mappers.js';
import type { EdgexFundingRate } from '../wire.js';

/** Rows per request (the venue's maximum). */
const PAGE = 100;
/** A window spans this many nominal intervals, so a window of a regular contract fits one page with room. */
const ROWS_PER_WINDOW = 90;
/** Requests per call at most: a bound on a venue that keeps sending full pages or repeats a cursor. */
const MAX_REQUESTS = 60;
/** Pages followed inside one window before it is halved instead (its rows are denser than its interval says). */
const MAX_PAGES_PER_WINDOW = 3;

/**
 * `EdgexVenue.getFundingHistory`. edgeX pages newest first (`offsetData` cursor), but the contract is the OLDEST
 * `limit` records of [since, until]. So the range is walked forward in windows sized from the contract's
 * `fundingRateIntervalMin`, each read whole (newest first) before the next: the records returned are every settled
 * rate from `since` up to the last one, with no hole, and a caller continues from `last.time + 1`. A window that
 * does not fit its pages (or whose cursor repeats) is halved; an empty one doubles the next (a range starting before the listing). Only rows
 * with `isSettlement: true` count: the venue is asked for settled rates only, and a per-minute estimate that still
 * arrives is dropped (a row without the flag is an error, never summed as a settlement).
 */
export async function fundingHistory(client: EdgexClient, query: FundingHistoryQuery): Promise<FundingRecord[]> {
  const limit = historyLimit(query.limit, PAGE, 'edgex');
  const symbols = await client.symbols();
  const contract = symbols.contractOf(query.symbol);
  const ivMs = intervalHoursOf(contract.fundingRateIntervalMin, contract.contractId) * 3_600_000;
  const until = Math.floor(query.until ?? client.now());
  let lo = Math.max(0, Math.floor(query.since ?? 0));
  const out: FundingRecord[] = [];
  let span = ROWS_PER_WINDOW * ivMs;
  let requests = 0;
  const read = async (begin: number, end: number, offsetData?: string) => {
    requests++;
    return client.getFundingRatePage({
      contractId: contract.contractId,
      size: PAGE,
      filterSettlementFundingRate: true,
      filterBeginTimeInclusive: begin,
      filterEndTimeExclusive: end + 1,
      ...(offsetData ? { offsetData } : {}),
    });
  };

  while (out.length < limit && lo <= until) {
    const hi = Math.min(until, lo + span - 1);
    const rows: EdgexFundingRate[] = [];
    const cursors = new Set<string>();
    let complete = false;
    let offset: string | undefined;
    for (let page = 0; page < MAX_PAGES_PER_WINDOW && requests < MAX_REQUESTS; page++) {
      const p = await read(lo, hi, offset);
      rows.push(...p.dataList);
      offset = p.nextPageOffsetData ?? undefined;
      // A short page is the last one even if the venue still sends a cursor.
      if (!offset || p.dataList.length < PAGE) {
        complete = true;
        break;
      }
      // A repeated cursor would serve the same rows again: the window is not read whole, so it is halved.
      if (cursors.has(offset)) break;
      cursors.add(offset);
    }
    if (!complete) {
      if (requests >= MAX_REQUESTS) break;
      if (hi > lo) {
        span = Math.max(1, Math.floor((hi - lo + 1) / 2));
        continue;
      }
      throw new TransportError('edgeX getFundingRatePage keeps paging within one millisecond', { venue: 'edgex' });
    }
    out.push(...settled(rows, lo, hi).map((r) => toFundingRecord(r, symbols, contract.fundingRateIntervalMin)));
    lo = hi + 1;
    if (rows.length === 0) span *= 2;
    if (requests >= MAX_REQUESTS) break;
  }
  if (out.length === 0 && lo <= until) {
    throw new TransportError(
      `edgeX funding history of ${query.symbol}: no complete window within ${MAX_REQUESTS} requests`,
      { venue: 'edgex' },
    );
  }
  return out.slice(0, limit);
}

/** Settled rows of one window inside [lo, hi], oldest first, one per time (a page boundary may repeat a row). */
function settled(rows: EdgexFundingRate[], lo: number, hi: number): EdgexFundingRate[] {
  const byTime = new Map<number, EdgexFundingRate>();
  for (const r of rows) {
    if (r.isSettlement === undefined) {
      throw new TransportError('edgeX funding row without isSettlement: cannot tell a settlement from an estimate', {
        venue: 'edgex',
      });
    }
    if (!r.isSettlement) continue;
    const t = Number(r.fundingTime !== undefined && r.fundingTime !== '0' ? r.fundingTime : r.fundingTimestamp);
    if (t >= lo && t <= hi) byTime.set(t, r);
  }
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}
