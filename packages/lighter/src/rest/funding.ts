import * as wire from '../wire.js';
import { getJson, type LighterRestContext } from './context.js';

/** `GET /api/v1/funding-rates`: current rates of Lighter and reference exchanges (see funding-units.ts for units). */
export function getFundingRates(ctx: LighterRestContext) {
  return getJson(ctx, '/api/v1/funding-rates', wire.fundingRatesResponse, {});
}

export interface FundingHistoryParameters {
  marketId: number;
  resolution: '1h' | '1d';
  /** ms [UNCERTAIN: the unit is undocumented; candles take ms]. */
  startTimestamp: number;
  endTimestamp: number;
  countBack: number;
}

/** `GET /api/v1/fundings`: settled funding of a market. */
export function getFundings(ctx: LighterRestContext, p: FundingHistoryParameters) {
  return getJson(ctx, '/api/v1/fundings', wire.fundingsResponse, {
    market_id: p.marketId,
    resolution: p.resolution,
    start_timestamp: p.startTimestamp,
    end_timestamp: p.endTimestamp,
    count_back: p.countBack,
  });
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
