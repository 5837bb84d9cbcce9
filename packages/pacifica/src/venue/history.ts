import {
  type Candle,
  type CandleQuery,
  candleIntervalMs,
  type Fill,
  type FundingPayment,
  type HistoryQuery,
} from '@dn/core';
import type { PacificaClient } from '../client.js';
import { PACIFICA_KLINE_PAGE } from '../config.js';
import { toCandle, toFundingPayment, tradeToFill } from '../mappers.js';
import type { PacificaKlineInterval } from '../rest/markets.js';

/** See `PacificaVenue.getCandles`; `symbol` is the market id. */
export async function fetchCandles(client: PacificaClient, symbol: string, query: CandleQuery): Promise<Candle[]> {
  const ms = candleIntervalMs(query.interval, 'pacifica');
  const limit = query.limit ?? 500;
  const now = client.now();
  const end = query.until ?? (query.since !== undefined ? Math.min(now, query.since + limit * ms - 1) : now);
  const start = query.since ?? end - limit * ms + 1;
  const byTime = new Map<number, Candle>();
  for (let from = start; from <= end; from += PACIFICA_KLINE_PAGE * ms) {
    const to = Math.min(end, from + PACIFICA_KLINE_PAGE * ms - 1);
    const klines = await client.rest.getKlines({
      symbol,
      interval: query.interval as PacificaKlineInterval,
      startTime: from,
      endTime: to,
    });
    for (const k of klines) byTime.set(k.openTime, toCandle(k));
    if (query.since !== undefined && byTime.size >= limit) break;
  }
  const candles = [...byTime.values()].sort((a, b) => a.time - b.time);
  return query.since === undefined ? candles.slice(-limit) : candles.slice(0, limit);
}

/** See `PacificaVenue.getFills`; `symbol` is the market id. */
export async function fetchFills(
  client: PacificaClient,
  account: string,
  symbol: string | undefined,
  query: HistoryQuery,
): Promise<Fill[]> {
  const limit = query.limit ?? 100;
  const out: Fill[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.rest.getTradeHistory({
      account,
      limit: Math.min(limit, 1000),
      ...(symbol !== undefined ? { symbol } : {}),
      ...(query.since !== undefined ? { startTime: query.since } : {}),
      ...(query.until !== undefined ? { endTime: query.until } : {}),
      ...(cursor ? { cursor } : {}),
    });
    for (const t of page.items) {
      if (query.since !== undefined && t.createdAt < query.since) continue;
      if (query.until !== undefined && t.createdAt > query.until) continue;
      if (symbol !== undefined && t.symbol !== symbol) continue;
      out.push(tradeToFill(t));
    }
    cursor = page.hasMore ? page.nextCursor : undefined;
  } while (cursor !== undefined && out.length < limit);
  return out.sort((a, b) => a.timestamp - b.timestamp).slice(-limit);
}

/** See `PacificaVenue.getFundingPayments`; the endpoint pages newest first, so paging stops at `since`. */
export async function fetchFundingPayments(
  client: PacificaClient,
  account: string,
  symbol: string | undefined,
  query: HistoryQuery,
): Promise<FundingPayment[]> {
  const limit = query.limit ?? 100;
  const out: FundingPayment[] = [];
  let cursor: string | undefined;
  let older = false;
  do {
    const page = await client.rest.getFundingHistory({ account, limit: 100, ...(cursor ? { cursor } : {}) });
    for (const f of page.items) {
      if (query.since !== undefined && f.createdAt < query.since) {
        older = true;
        continue;
      }
      if (query.until !== undefined && f.createdAt > query.until) continue;
      if (symbol !== undefined && f.symbol !== symbol) continue;
      out.push(toFundingPayment(f));
    }
    cursor = page.hasMore ? page.nextCursor : undefined;
  } while (cursor !== undefined && out.length < limit && !older);
  return out.sort((a, b) => a.timestamp - b.timestamp).slice(-limit);
}
