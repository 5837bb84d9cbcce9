import type { Decimal } from '@dn/core';
import { hourlyRateFromFundingRow } from '../funding-units.js';
import { getJson } from '../http-json.js';
import { toMs } from '../scale.js';
import {
  fundingRatesResponseSchema,
  fundingsResponseSchema,
  type LighterFundingRatesResponse,
  type LighterPositionFundingResponse,
  positionFundingResponseSchema,
} from '../wire.js';
import type { LighterRestContext } from './context.js';

export type GetFundingRatesReturnType = LighterFundingRatesResponse;

/** `GET /api/v1/funding-rates`: current rates of Lighter and reference exchanges (see funding-units.ts for units). */
export function getFundingRates(ctx: LighterRestContext): Promise<GetFundingRatesReturnType> {
  return getJson(ctx, '/api/v1/funding-rates', fundingRatesResponseSchema, {});
}

export interface GetFundingsParameters {
  marketId: number;
  resolution: '1h' | '1d';
  /** ms, as nautilus_trader's live client sends them (the end is exclusive). */
  startTimestamp: number;
  /** ms. */
  endTimestamp: number;
  countBack: number;
}

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
  const r = await getJson(ctx, '/api/v1/fundings', fundingsResponseSchema, {
    market_id: p.marketId,
    resolution: p.resolution,
    start_timestamp: p.startTimestamp,
    end_timestamp: p.endTimestamp,
    count_back: p.countBack,
  });
  return r.fundings
    .map((f) => ({
      time: toMs(f.timestamp),
      rate: hourlyRateFromFundingRow(f),
      ...(f.value !== undefined ? { value: f.value } : {}),
    }))
    .sort((a, b) => a.time - b.time);
}

export interface GetPositionFundingParameters {
  accountIndex: bigint;
  marketId?: number;
  /** 1 … 100. */
  limit: number;
  /** `next_cursor` of the previous (newer) page. */
  cursor?: string;
}
export type GetPositionFundingReturnType = LighterPositionFundingResponse;

/** `GET /api/v1/positionFunding` (auth): the account's funding payments, newest first. */
export function getPositionFunding(
  ctx: LighterRestContext,
  p: GetPositionFundingParameters,
): Promise<GetPositionFundingReturnType> {
  return getJson(
    ctx,
    '/api/v1/positionFunding',
    positionFundingResponseSchema,
    { account_index: p.accountIndex, market_id: p.marketId, limit: p.limit, cursor: p.cursor },
    { auth: true },
  );
}
