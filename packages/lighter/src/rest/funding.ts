import type { Decimal } from '@dn/core';
import { hourlyRateFromFundingRow } from '../funding-units.js';
import { accountPageQuery, getJson, seriesQuery } from '../http-json.js';
import { toMs } from '../scale.js';
import {
  fundingRatesResponseSchema,
  fundingsResponseSchema,
  type LighterFundingRatesResponse,
  type LighterPositionFundingResponse,
  positionFundingResponseSchema,
} from '../wire.js';
import type { LighterRestContext } from './context.js';
import type { AccountPageParameters, MarketSeriesParameters } from './params.js';

export type GetFundingRatesReturnType = LighterFundingRatesResponse;

/** `GET /api/v1/funding-rates`: current rates of Lighter and reference exchanges (see funding-units.ts for units). */
export function getFundingRates(ctx: LighterRestContext): Promise<GetFundingRatesReturnType> {
  return getJson(ctx, '/api/v1/funding-rates', fundingRatesResponseSchema, {});
}

export type GetFundingsParameters = MarketSeriesParameters<'1h' | '1d'>;

/** One settled funding of a market: signed fraction per hour (positive = longs paid shorts). */
export interface LighterFundingPoint {
  /** ms (the venue answers seconds). */
  time: number;
  rate: Decimal;
  /** USDC per one unit of base, unsigned, as the venue prints it. */
  value?: Decimal;
}
export type GetFundingsReturnType = LighterFundingPoint[];

/** `GET /api/v1/fundings`: settled funding of a market, oldest first, as signed hourly fractions. */
export async function getFundings(ctx: LighterRestContext, p: GetFundingsParameters): Promise<GetFundingsReturnType> {
  const r = await getJson(ctx, '/api/v1/fundings', fundingsResponseSchema, seriesQuery(p));
  return r.fundings
    .map((f) => ({
      time: toMs(f.timestamp),
      rate: hourlyRateFromFundingRow(f),
      ...(f.value !== undefined ? { value: f.value } : {}),
    }))
    .sort((a, b) => a.time - b.time);
}

export type GetPositionFundingParameters = AccountPageParameters;
export type GetPositionFundingReturnType = LighterPositionFundingResponse;

/** `GET /api/v1/positionFunding` (auth): the account's funding payments, newest first. */
export function getPositionFunding(
  ctx: LighterRestContext,
  p: GetPositionFundingParameters,
): Promise<GetPositionFundingReturnType> {
  return getJson(ctx, '/api/v1/positionFunding', positionFundingResponseSchema, accountPageQuery(p), { auth: true });
}
