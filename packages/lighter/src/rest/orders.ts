import { LIGHTER_WEIGHT } from '../config.js';
import { accountPageQuery, getJson, marketIdOrAll } from '../http-json.js';
import {
  type LighterOrdersResponse,
  type LighterTradesResponse,
  ordersResponseSchema,
  tradesResponseSchema,
} from '../wire.js';
import type { LighterRestContext } from './context.js';
import type { AccountPageParameters, MarketFilterParameters } from './params.js';

export interface GetActiveOrdersParameters extends MarketFilterParameters {
  accountIndex: bigint;
}
export type GetActiveOrdersReturnType = LighterOrdersResponse;

/** `GET /api/v1/accountActiveOrders` (auth): open orders of one market (255 = all markets). */
export function getActiveOrders(
  ctx: LighterRestContext,
  p: GetActiveOrdersParameters,
): Promise<GetActiveOrdersReturnType> {
  return getJson(
    ctx,
    '/api/v1/accountActiveOrders',
    ordersResponseSchema,
    { account_index: p.accountIndex, market_id: marketIdOrAll(p) },
    { auth: true },
  );
}

export type GetInactiveOrdersParameters = AccountPageParameters;
export type GetInactiveOrdersReturnType = LighterOrdersResponse;

/** `GET /api/v1/accountInactiveOrders` (auth): filled / cancelled / expired orders, newest first, limit ≤ 100. */
export function getInactiveOrders(
  ctx: LighterRestContext,
  p: GetInactiveOrdersParameters,
): Promise<GetInactiveOrdersReturnType> {
  return getJson(
    ctx,
    '/api/v1/accountInactiveOrders',
    ordersResponseSchema,
    { ...accountPageQuery(p), market_id: marketIdOrAll(p) },
    { auth: true, weight: LIGHTER_WEIGHT.inactiveOrders },
  );
}

export type GetTradesParameters = AccountPageParameters;
export type GetTradesReturnType = LighterTradesResponse;

/** `GET /api/v1/trades` (auth for account filters): the account's trades, newest first, limit ≤ 100. */
export function getTrades(ctx: LighterRestContext, p: GetTradesParameters): Promise<GetTradesReturnType> {
  return getJson(
    ctx,
    '/api/v1/trades',
    tradesResponseSchema,
    // Newest first: without sort_dir the venue may answer oldest first (nautilus_trader sends it for the same reason).
    { sort_by: 'timestamp', sort_dir: 'desc', ...accountPageQuery(p) },
    { auth: true, weight: LIGHTER_WEIGHT.trades },
  );
}
