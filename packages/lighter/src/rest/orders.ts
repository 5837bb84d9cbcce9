import * as wire from '../wire.js';
import { getJson, LIGHTER_WEIGHT, type LighterRestContext } from './context.js';

/** `GET /api/v1/accountActiveOrders` (auth): open orders of one market (255 = all markets). */
export function getActiveOrders(ctx: LighterRestContext, p: { accountIndex: bigint; marketId?: number }) {
  return getJson(
    ctx,
    '/api/v1/accountActiveOrders',
    wire.ordersResponse,
    { account_index: p.accountIndex, market_id: p.marketId ?? 255 },
    { auth: true },
  );
}

/** `GET /api/v1/accountInactiveOrders` (auth): filled / cancelled / expired orders, newest first, limit ≤ 100. */
export function getInactiveOrders(
  ctx: LighterRestContext,
  p: { accountIndex: bigint; limit: number; marketId?: number; cursor?: string },
) {
  return getJson(
    ctx,
    '/api/v1/accountInactiveOrders',
    wire.ordersResponse,
    { account_index: p.accountIndex, limit: p.limit, market_id: p.marketId ?? 255, cursor: p.cursor },
    { auth: true, weight: LIGHTER_WEIGHT.inactiveOrders },
  );
}

/** `GET /api/v1/trades` (auth for account filters): the account's trades, newest first, limit ≤ 100. */
export function getTrades(
  ctx: LighterRestContext,
  p: { accountIndex: bigint; limit: number; marketId?: number; cursor?: string },
) {
  return getJson(
    ctx,
    '/api/v1/trades',
    wire.tradesResponse,
    {
      sort_by: 'timestamp',
      // Without it the venue may answer oldest first (nautilus_trader sends it for the same reason).
      sort_dir: 'desc',
      limit: p.limit,
      market_id: p.marketId,
      account_index: p.accountIndex,
      cursor: p.cursor,
    },
    { auth: true, weight: LIGHTER_WEIGHT.trades },
  );
}
