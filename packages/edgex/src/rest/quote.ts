import { z } from 'zod';
import { optInt } from '../params.js';
import {
  depthSchema,
  type EdgexDepth,
  type EdgexKline,
  type EdgexPage,
  type EdgexTicker,
  klineSchema,
  pageSchema,
  tickerSchema,
} from '../wire.js';
import type { EdgexHttp } from './http.js';

export type EdgexKlineType =
  | 'MINUTE_1'
  | 'MINUTE_5'
  | 'MINUTE_15'
  | 'MINUTE_30'
  | 'HOUR_1'
  | 'HOUR_2'
  | 'HOUR_4'
  | 'HOUR_6'
  | 'HOUR_8'
  | 'HOUR_12'
  | 'DAY_1'
  | 'WEEK_1'
  | 'MONTH_1';
export type EdgexPriceType =
  | 'LAST_PRICE'
  | 'INDEX_PRICE'
  | 'ORACLE_PRICE'
  | 'ASK1_PRICE'
  | 'BID1_PRICE'
  | 'OPEN_INTEREST';

export type GetTickerParameters = { contractId?: string };
export type GetTickerReturnType = EdgexTicker[];

/** `GET /api/{v}/public/quote/getTicker`: 24 h tickers of one contract, or of all when `contractId` is omitted. */
export function getTicker(http: EdgexHttp, params: GetTickerParameters = {}): Promise<GetTickerReturnType> {
  return http.get(http.publicPath('quote/getTicker'), { contractId: params.contractId }, z.array(tickerSchema));
}

export type GetDepthParameters = { contractId: string; level: 15 | 200 };
export type GetDepthReturnType = EdgexDepth;

/** `GET /api/{v}/public/quote/getDepth`: book of `level` 15 or 200 per side. */
export async function getDepth(http: EdgexHttp, params: GetDepthParameters): Promise<GetDepthReturnType> {
  const list = await http.get(
    http.publicPath('quote/getDepth'),
    { contractId: params.contractId, level: String(params.level) },
    z.array(depthSchema).min(1),
  );
  return list[0] as EdgexDepth;
}

export interface GetKlineParameters {
  contractId: string;
  klineType: EdgexKlineType;
  priceType?: EdgexPriceType;
  /** At most 1000. */
  size?: number;
  offsetData?: string;
  /** ms, inclusive. */
  filterBeginKlineTimeInclusive?: number;
  /** ms, exclusive. */
  filterEndKlineTimeExclusive?: number;
}

export type GetKlineReturnType = EdgexPage<EdgexKline>;

/** `GET /api/{v}/public/quote/getKline`: candles, newest first. */
export function getKline(http: EdgexHttp, params: GetKlineParameters): Promise<GetKlineReturnType> {
  return http.get(
    http.publicPath('quote/getKline'),
    {
      contractId: params.contractId,
      klineType: params.klineType,
      priceType: params.priceType ?? 'LAST_PRICE',
      size: params.size !== undefined ? String(params.size) : undefined,
      offsetData: params.offsetData || undefined,
      filterBeginKlineTimeInclusive: optInt(params.filterBeginKlineTimeInclusive),
      filterEndKlineTimeExclusive: optInt(params.filterEndKlineTimeExclusive),
    },
    pageSchema(klineSchema),
  );
}
