import { getJson, marketIdOrAll } from '../http-json.js';
import {
  type LighterOrderBookDetailsResponse,
  type LighterOrderBookOrdersResponse,
  type LighterOrderBooksResponse,
  orderBookDetailsResponseSchema,
  orderBookOrdersResponseSchema,
  orderBooksResponseSchema,
} from '../wire.js';
import type { LighterRestContext } from './context.js';
import type { MarketFilterParameters } from './params.js';

export type GetOrderBooksParameters = MarketFilterParameters;
export type GetOrderBooksReturnType = LighterOrderBooksResponse;

/** `GET /api/v1/orderBooks`: every market with fees, minimums and supported decimals. */
export function getOrderBooks(
  ctx: LighterRestContext,
  params: GetOrderBooksParameters = {},
): Promise<GetOrderBooksReturnType> {
  return getJson(ctx, '/api/v1/orderBooks', orderBooksResponseSchema, { market_id: marketIdOrAll(params) });
}

export type GetOrderBookDetailsParameters = MarketFilterParameters;
export type GetOrderBookDetailsReturnType = LighterOrderBookDetailsResponse;

/** `GET /api/v1/orderBookDetails`: perp markets with decimals, margin fractions, mark/index prices and daily stats. */
export function getOrderBookDetails(
  ctx: LighterRestContext,
  params: GetOrderBookDetailsParameters = {},
): Promise<GetOrderBookDetailsReturnType> {
  return getJson(ctx, '/api/v1/orderBookDetails', orderBookDetailsResponseSchema, { market_id: marketIdOrAll(params) });
}

export interface GetOrderBookOrdersParameters {
  marketId: number;
  /** 1 … 100 resting orders per side. */
  limit: number;
}
export type GetOrderBookOrdersReturnType = LighterOrderBookOrdersResponse;

/** `GET /api/v1/orderBookOrders`: resting orders (not levels) of one market, best first; limit 1 … 100. */
export function getOrderBookOrders(
  ctx: LighterRestContext,
  params: GetOrderBookOrdersParameters,
): Promise<GetOrderBookOrdersReturnType> {
  return getJson(ctx, '/api/v1/orderBookOrders', orderBookOrdersResponseSchema, {
    market_id: params.marketId,
    limit: params.limit,
  });
}
