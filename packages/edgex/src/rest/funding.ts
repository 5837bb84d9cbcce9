import { z } from 'zod';
import { optInt } from '../params.js';
import { type EdgexFundingRate, type EdgexPage, fundingRateSchema, pageSchema } from '../wire.js';
import type { EdgexHttp } from './http.js';

export type GetLatestFundingRateParameters = { contractId: string };
export type GetLatestFundingRateReturnType = EdgexFundingRate;

/** `GET /api/{v}/public/funding/getLatestFundingRate`: the rate that settles next, with `fundingRateIntervalMin`. */
export async function getLatestFundingRate(
  http: EdgexHttp,
  params: GetLatestFundingRateParameters,
): Promise<GetLatestFundingRateReturnType> {
  const list = await http.get(
    http.publicPath('funding/getLatestFundingRate'),
    { contractId: params.contractId },
    z.array(fundingRateSchema).min(1),
  );
  return list[0] as EdgexFundingRate;
}

export type GetLatestFundingRatesReturnType = EdgexFundingRate[];

/** `GET /api/{v}/public/funding/getLatestFundingRate` without a contract: the latest record of every contract. */
export function getLatestFundingRates(http: EdgexHttp): Promise<GetLatestFundingRatesReturnType> {
  return http.get(http.publicPath('funding/getLatestFundingRate'), {}, z.array(fundingRateSchema));
}

export interface GetFundingRatePageParameters {
  contractId: string;
  /** At most 100. */
  size?: number;
  offsetData?: string;
  /** Settled rates only (default true: a predicted rate is computed every minute). */
  filterSettlementFundingRate?: boolean;
  filterBeginTimeInclusive?: number;
  filterEndTimeExclusive?: number;
}

export type GetFundingRatePageReturnType = EdgexPage<EdgexFundingRate>;

/** `GET /api/{v}/public/funding/getFundingRatePage`: funding history, newest first. */
export function getFundingRatePage(
  http: EdgexHttp,
  params: GetFundingRatePageParameters,
): Promise<GetFundingRatePageReturnType> {
  return http.get(
    http.publicPath('funding/getFundingRatePage'),
    {
      contractId: params.contractId,
      size: params.size !== undefined ? String(params.size) : undefined,
      offsetData: params.offsetData || undefined,
      filterSettlementFundingRate: String(params.filterSettlementFundingRate ?? true),
      filterBeginTimeInclusive: optInt(params.filterBeginTimeInclusive),
      filterEndTimeExclusive: optInt(params.filterEndTimeExclusive),
    },
    pageSchema(fundingRateSchema),
  );
}
