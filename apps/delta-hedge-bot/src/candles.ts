import type { Candle, PerpVenue } from '@dn/core';

export const DAY_MS = 86_400_000;

/**
 * Complete daily candles of `symbol` with open times in [since, until − 1 day] (the candle in progress is left out:
 * its close is not a close yet), oldest first. Fetched in pages of `pageSize` bars walking back from `until`, since a
 * venue caps how many it returns per request; a page that adds nothing older ends the walk (the venue's history
 * starts there).
 */
export async function fetchDailyCandles(
  venue: PerpVenue,
  symbol: string,
  since: number,
  until: number,
  pageSize = 200,
): Promise<Candle[]> {
  const lastOpen = Math.floor(until / DAY_MS) * DAY_MS - DAY_MS;
  const first = Math.floor(since / DAY_MS) * DAY_MS;
  const byTime = new Map<number, Candle>();
  let end = lastOpen;
  while (end >= first) {
    const start = Math.max(first, end - (pageSize - 1) * DAY_MS);
    const page = await venue.getCandles({ symbol, interval: '1d', since: start, until: end, limit: pageSize });
    let oldest = Number.POSITIVE_INFINITY;
    for (const c of page) {
      if (c.time < first || c.time > lastOpen) continue;
      byTime.set(c.time, c);
      oldest = Math.min(oldest, c.time);
    }
    if (!Number.isFinite(oldest)) break;
    end = Math.min(oldest, start) - DAY_MS;
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

export interface AlignedCandles {
  long: Candle[];
  short: Candle[];
  /** Bar times present on one side only: dropped, so every return pairs the same period on both legs. */
  missingLong: number[];
  missingShort: number[];
}

/**
 * Keeps the bars both series have. Never fills or shifts a bar: a return over a gap spans the same two closes on
 * both legs, so dropping the lone bar keeps the pairs honest; the dropped times are reported.
 */
export function alignCandles(long: readonly Candle[], short: readonly Candle[]): AlignedCandles {
  const shortTimes = new Map(short.map((c) => [c.time, c]));
  const longTimes = new Set(long.map((c) => c.time));
  const out: AlignedCandles = { long: [], short: [], missingLong: [], missingShort: [] };
  for (const c of long) {
    const s = shortTimes.get(c.time);
    if (s) {
      out.long.push(c);
      out.short.push(s);
    } else out.missingShort.push(c.time);
  }
  for (const c of short) if (!longTimes.has(c.time)) out.missingLong.push(c.time);
  return out;
}
