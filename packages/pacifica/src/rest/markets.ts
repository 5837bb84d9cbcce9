import { z } from 'zod';
import { getData, getPage, type PacificaRestContext, type Page } from '../http.js';
import { symbol as checkSymbol } from '../payloads/validate.js';
import {
  bookSchema,
  feeLevelSchema,
  fundingRateHistorySchema,
  klineSchema,
  marketInfoSchema,
  type PacificaBook,
  type PacificaFeeLevel,
  type PacificaFundingRateRecord,
  type PacificaKline,
  type PacificaMarketInfo,
  type PacificaPriceInfo,
  type PacificaRecentTrade,
  priceInfoSchema,
  recentTradeSchema,
} from '../wire/index.js';

export type GetMarketInfoReturnType = PacificaMarketInfo[];

/** `GET /info`: every market (perpetuals and, since 2026, spot), oldest first. */
export function getMarketInfo(ctx: PacificaRestContext): Promise<GetMarketInfoReturnType> {
  return getData(ctx, '/info', undefined, z.array(marketInfoSchema));
}

export type GetPricesReturnType = PacificaPriceInfo[];

/** `GET /info/prices`: funding, next funding, mark, oracle, mid, open interest and 24 h volume of every market. */
export function getPrices(ctx: PacificaRestContext): Promise<GetPricesReturnType> {
  return getData(ctx, '/info/prices', undefined, z.array(priceInfoSchema));
}

export type GetFeeLevelsReturnType = PacificaFeeLevel[];

/** `GET /info/fees`: maker/taker rates per fee level. */
export function getFeeLevels(ctx: PacificaRestContext): Promise<GetFeeLevelsReturnType> {
  return getData(ctx, '/info/fees', undefined, z.array(feeLevelSchema));
}

/** Aggregation levels the venue accepts (since 2026-01-24). */
export type PacificaAggLevel = 1 | 10 | 100 | 1000 | 10000;

export type GetBookParameters = { symbol: string; aggLevel?: PacificaAggLevel };
export type GetBookReturnType = PacificaBook;

/** `GET /book`: up to 10 levels per side, best first. */
export function getBook(ctx: PacificaRestContext, params: GetBookParameters): Promise<GetBookReturnType> {
  return getData(
    ctx,
    '/book',
    { symbol: checkSymbol(params.symbol), agg_level: params.aggLevel },
    bookSchema,
    ctx.weights.standard,
  );
}

export const PACIFICA_KLINE_INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '8h', '12h', '1d'] as const;
export type PacificaKlineInterval = (typeof PACIFICA_KLINE_INTERVALS)[number];

export interface GetKlinesParameters {
  symbol: string;
  interval: PacificaKlineInterval;
  /** ms, required by the venue. */
  startTime: number;
  endTime?: number;
}

export type GetKlinesReturnType = PacificaKline[];

/** `GET /kline`: trade-price candles, oldest first. */
export function getKlines(ctx: PacificaRestContext, params: GetKlinesParameters): Promise<GetKlinesReturnType> {
  return getData(ctx, '/kline', klineQuery(params), z.array(klineSchema), ctx.weights.heavy);
}

export type GetMarkKlinesParameters = GetKlinesParameters;
export type GetMarkKlinesReturnType = PacificaKline[];

/** `GET /kline/mark`: mark-price candles (volume always 0). */
export function getMarkKlines(
  ctx: PacificaRestContext,
  params: GetMarkKlinesParameters,
): Promise<GetMarkKlinesReturnType> {
  return getData(ctx, '/kline/mark', klineQuery(params), z.array(klineSchema), ctx.weights.heavy);
}

function klineQuery(p: GetKlinesParameters): Record<string, string | number | undefined> {
  return { symbol: checkSymbol(p.symbol), interval: p.interval, start_time: p.startTime, end_time: p.endTime };
}

export type GetRecentTradesParameters = { symbol: string };
export type GetRecentTradesReturnType = PacificaRecentTrade[];

/** `GET /trades`: recent public trades of a market. */
export function getRecentTrades(
  ctx: PacificaRestContext,
  params: GetRecentTradesParameters,
): Promise<GetRecentTradesReturnType> {
  return getData(ctx, '/trades', { symbol: checkSymbol(params.symbol) }, z.array(recentTradeSchema));
}

export type GetFundingRateHistoryParameters = { symbol: string; limit?: number; cursor?: string };
export type GetFundingRateHistoryReturnType = Page<PacificaFundingRateRecord>;

/** `GET /funding_rate/history`: settled hourly rates of a market, newest first. */
export function getFundingRateHistory(
  ctx: PacificaRestContext,
  params: GetFundingRateHistoryParameters,
): Promise<GetFundingRateHistoryReturnType> {
  return getPage(
    ctx,
    '/funding_rate/history',
    { symbol: checkSymbol(params.symbol), limit: params.limit, cursor: params.cursor },
    fundingRateHistorySchema,
  );
}
