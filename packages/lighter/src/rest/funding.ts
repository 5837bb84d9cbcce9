import type { Decimal } from '@dn/core';
import { hourlyRateFromFundingRow } from '../funding-units.js';
import { toMs } from '../scale.js';
import * as wire from '../wire.js';
import { getJson, type LighterRestContext } from './context.js';

/** `GET /api/v1/funding-rates`: current rates of Lighter and reference exchanges (see funding-units.ts for units). */
export function getFundingRates(ctx: LighterRestContext) {
  return getJson(ctx, '/api/v1/funding-rates', wire.fundingRatesResponse, {});
}

export interface FundingHistoryParameters {
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

/** `GET /api/v1/fundings`: settled funding of a market, oldest first, as signed hourly fractions. */
export async function getFundings(
  ctx: LighterRestContext,
  p: FundingHistoryParameters,
): Promise<LighterFundingPoint[]> {
  const r = await getJson(ctx, '/api/v1/fundings', wire.fundingsResponse, {
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

export interface PositionFundingParameters {
  accountIndex: bigint;
  marketId?: number;
  /** 1 … 100. */
  limit: number;
  cursor?: string;
}

/** `GET /api/v1/positionFunding` (auth): the account's funding payments, newest first. */
export function getPositionFunding(ctx: LighterRestContext, p: PositionFundingParameters) {
  return getJson(
    ctx,
    '/api/v1/positionFunding',
    wire.positionFundingResponse,
    { account_index: p.accountIndex, market_id: p.marketId, limit: p.limit, cursor: p.cursor },
    { auth: true },
  );
}
