import { InvalidInputError, TransportError } from '@dn/core';
import { z } from 'zod';
import { EXTENDED_VENUE } from '../config.js';
import { call, type ExtendedRestContext, publicGet, seg } from '../http.js';
import type { StarknetDomain } from '../signing/domain.js';
import {
  candleSchema,
  describeIssues,
  type ExtendedCandle,
  type ExtendedFundingRecord,
  type ExtendedMarket,
  type ExtendedMarketStats,
  type ExtendedOrderBook,
  type ExtendedPublicTrade,
  fundingRecordSchema,
  listOrNullSchema,
  marketSchema,
  marketStatsSchema,
  orderBookSchema,
  publicTradeSchema,
  starknetDomainSchema,
} from '../wire.js';

export interface GetMarketsParameters {
  /** Venue market names; all markets when absent. */
  markets?: readonly string[];
}
export type GetMarketsReturnType = ExtendedMarket[];

/**
 * `GET /info/markets`: every market (or those named), with `tradingConfig`, `l2Config` and `marketStats`. Each
 * market is read on its own: one the parser cannot read (a field a trade would need is missing or malformed) is
 * left out and reported through `ctx.onIssue` with the field named; it never fails the whole load.
 */
export async function getMarkets(
  ctx: ExtendedRestContext,
  p: GetMarketsParameters = {},
): Promise<GetMarketsReturnType> {
  const { markets } = p;
  const r = await call(ctx, {
    method: 'GET',
    path: '/info/markets',
    ...(markets && markets.length > 0 ? { query: { market: markets } } : {}),
    schema: listOrNullSchema(z.unknown()),
    operation: 'getMarkets',
  });
  const out: ExtendedMarket[] = [];
  r.data.forEach((row, i) => {
    const m = marketSchema.safeParse(row);
    if (m.success) {
      out.push(m.data);
      return;
    }
    const name = (row as { name?: unknown } | null)?.name;
    ctx.onIssue?.(
      new TransportError(
        `Market ${typeof name === 'string' ? name : `#${i}`} of /info/markets left out`,
        {
          venue: EXTENDED_VENUE,
          method: 'GET',
          url: `${ctx.http.baseUrl}/info/markets`,
        },
        { details: describeIssues(m.error) },
      ),
    );
  });
  return out;
}

/** The per-market public endpoints' parameters. */
interface MarketParameters {
  market: string;
}

async function marketInfo<S extends z.ZodType>(
  ctx: ExtendedRestContext,
  operation: string,
  p: MarketParameters,
  what: string,
  schema: S,
): Promise<z.output<S>> {
  const r = await publicGet(ctx, operation, `/info/markets/${seg(p.market)}/${what}`, schema);
  return r.data;
}

export type GetMarketStatsParameters = MarketParameters;
export type GetMarketStatsReturnType = ExtendedMarketStats;

/** `GET /info/markets/{market}/stats`: mark/index/last price, 24 h volume, current funding rate. */
export function getMarketStats(
  ctx: ExtendedRestContext,
  p: GetMarketStatsParameters,
): Promise<GetMarketStatsReturnType> {
  return marketInfo(ctx, 'getMarketStats', p, 'stats', marketStatsSchema);
}

export type GetOrderBookParameters = MarketParameters;
export type GetOrderBookReturnType = ExtendedOrderBook;

/** `GET /info/markets/{market}/orderbook`: full book, bids best first. */
export function getOrderBook(ctx: ExtendedRestContext, p: GetOrderBookParameters): Promise<GetOrderBookReturnType> {
  return marketInfo(ctx, 'getOrderBook', p, 'orderbook', orderBookSchema);
}

export type GetPublicTradesParameters = MarketParameters;
export type GetPublicTradesReturnType = ExtendedPublicTrade[];

/** `GET /info/markets/{market}/trades`: recent public trades, newest first. */
export function getPublicTrades(
  ctx: ExtendedRestContext,
  p: GetPublicTradesParameters,
): Promise<GetPublicTradesReturnType> {
  return marketInfo(ctx, 'getPublicTrades', p, 'trades', listOrNullSchema(publicTradeSchema));
}

export type ExtendedCandleType = 'trades' | 'mark-prices' | 'index-prices';

export interface GetCandlesParameters {
  market: string;
  candleType: ExtendedCandleType;
  /** ISO-8601 duration as the venue names it: PT1M, PT5M, PT15M, PT30M, PT1H, PT2H, PT4H, PT24H / P1D. */
  interval: string;
  /** Required by the docs; at most 10,000. */
  limit: number;
  /** Newest candle time, ms. */
  endTime?: number;
}

export type GetCandlesReturnType = ExtendedCandle[];

/** `GET /info/candles/{market}/{candleType}`: candles NEWEST FIRST, as the venue sends them (`v` only for trades). */
export async function getCandles(ctx: ExtendedRestContext, p: GetCandlesParameters): Promise<GetCandlesReturnType> {
  if (!Number.isSafeInteger(p.limit) || p.limit < 1 || p.limit > 10_000) {
    throw new InvalidInputError('limit must be an integer in [1, 10000]', {
      field: 'limit',
      value: p.limit,
      venue: EXTENDED_VENUE,
    });
  }
  const r = await publicGet(
    ctx,
    'getCandles',
    `/info/candles/${seg(p.market)}/${seg(p.candleType)}`,
    listOrNullSchema(candleSchema),
    { interval: p.interval, limit: p.limit, endTime: p.endTime },
  );
  return r.data;
}

/** One page of applied rates, newest first, and the cursor of the next (older) page. */
export interface GetFundingHistoryReturnType {
  records: ExtendedFundingRecord[];
  cursor: string | undefined;
}

export interface GetFundingHistoryParameters {
  market: string;
  /** ms, required by the venue. */
  startTime: number;
  endTime: number;
  cursor?: string;
  limit?: number;
}

/** `GET /info/{market}/funding`: applied hourly rates, newest first, with the cursor of the next page. */
export async function getFundingHistory(
  ctx: ExtendedRestContext,
  p: GetFundingHistoryParameters,
): Promise<GetFundingHistoryReturnType> {
  const r = await publicGet(
    ctx,
    'getFundingHistory',
    `/info/${seg(p.market)}/funding`,
    listOrNullSchema(fundingRecordSchema),
    { startTime: p.startTime, endTime: p.endTime, cursor: p.cursor, limit: p.limit },
  );
  return { records: r.data, cursor: r.cursor };
}

export type GetStarknetDomainReturnType = StarknetDomain;

/** `GET /info/starknet`: the SNIP-12 domain orders must be signed under. */
export async function getStarknetDomain(ctx: ExtendedRestContext): Promise<GetStarknetDomainReturnType> {
  const r = await publicGet(ctx, 'getStarknetDomain', '/info/starknet', starknetDomainSchema);
  return r.data;
}
