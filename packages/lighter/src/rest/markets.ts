import * as wire from '../wire.js';
import { getJson, type LighterRestContext } from './context.js';

/** `GET /api/v1/orderBooks`: every market with fees, minimums and supported decimals. */
export function getOrderBooks(ctx: LighterRestContext, params: { marketId?: number } = {}) {
  return getJson(ctx, '/api/v1/orderBooks', wire.orderBooksResponse, { market_id: params.marketId ?? 255 });
}

/** `GET /api/v1/orderBookDetails`: perp markets with decimals, margin fractions, mark/index prices and daily stats. */
export function getOrderBookDetails(ctx: LighterRestContext, params: { marketId?: number } = {}) {
  return getJson(ctx, '/api/v1/orderBookDetails', wire.orderBookDetailsResponse, {
    market_id: params.marketId ?? 255,
  });
}

/** `GET /api/v1/orderBookOrders`: resting orders (not levels) of one market, best first; limit 1 … 100. */
export function getOrderBookOrders(ctx: LighterRestContext, params: { marketId: number; limit: number }) {
  return getJson(ctx, '/api/v1/orderBookOrders', wire.orderBookOrdersResponse, {
    market_id: params.marketId,
    limit: params.limit,
  });
}
