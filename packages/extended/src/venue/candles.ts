import { type CandleQuery, InvalidInputError, VenueRejectedError } from '@dn/core';
import type { ExtendedClient } from '../client.js';
import { EXTENDED_CANDLE_INTERVALS, EXTENDED_DAILY_INTERVALS } from '../config.js';
import type { ExtendedCandleType } from '../rest/markets.js';
import type { ExtendedCandle } from '../wire.js';

/**
 * Candles of one market for a core query, oldest first (the venue sends newest first). The daily interval's name is
 * found once per client by trying each spelling (`dailyInterval` keeps the one accepted).
 */
export async function fetchCandles(
  client: ExtendedClient,
  market: string,
  query: CandleQuery,
  candleType: ExtendedCandleType,
  daily: { interval?: string },
): Promise<ExtendedCandle[]> {
  const until = query.until ?? client.now();
  const intervalMs = query.interval === '1d' ? 86_400_000 : EXTENDED_CANDLE_INTERVALS[query.interval]?.ms;
  if (intervalMs === undefined) {
    throw new InvalidInputError('Unsupported candle interval', { field: 'interval', value: query.interval });
  }
  const wanted = query.limit ?? (query.since !== undefined ? Math.ceil((until - query.since) / intervalMs) + 1 : 500);
  const limit = Math.max(1, Math.min(10_000, wanted));
  const fetch = (interval: string) => client.api.getCandles({ market, candleType, interval, limit, endTime: until });
  const rows =
    query.interval !== '1d'
      ? await fetch(EXTENDED_CANDLE_INTERVALS[query.interval].wire)
      : await fetchDaily(fetch, daily);
  return rows
    .filter((c) => (query.since === undefined || c.T >= query.since) && c.T <= until)
    .sort((a, b) => a.T - b.T);
}

async function fetchDaily(
  fetch: (interval: string) => Promise<ExtendedCandle[]>,
  daily: { interval?: string },
): Promise<ExtendedCandle[]> {
  if (daily.interval) return fetch(daily.interval);
  let last: unknown;
  for (const interval of EXTENDED_DAILY_INTERVALS) {
    try {
      const rows = await fetch(interval);
      daily.interval = interval;
      return rows;
    } catch (e) {
      // 1005 NotSupportedInterval (or a plain 400): try the other spelling.
      if (!(e instanceof VenueRejectedError) || (e.context.venueCode !== 1005 && e.context.httpStatus !== 400)) throw e;
      last = e;
    }
  }
  throw last;
}
