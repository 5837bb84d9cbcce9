import { InvalidInputError } from '@dn/core';
import { z } from 'zod';
import {
  type AccountParameters,
  getAccountData,
  getData,
  getPage,
  historyQuery,
  type PacificaRestContext,
  type Page,
  postAction,
  postOperation,
  UnsignedBatch,
} from '../http.js';
import type { PacificaAction } from '../payloads/action.js';
import {
  buildCancelAllOrders,
  buildCancelOrder,
  buildCancelStopOrder,
  buildEditOrder,
  buildLimitOrder,
  buildMarketOrder,
  buildPositionTpsl,
  buildStopOrder,
  type CancelAllOrdersParams,
  type EditOrderParams,
  type LimitOrderParams,
  type MarketOrderParams,
  type OrderRefParams,
  type PositionTpslParams,
  type StopOrderParams,
} from '../payloads/orders.js';
import { orderId as checkOrderId } from '../payloads/validate.js';
import { PACIFICA_BATCH_PATH, type PacificaOperationType } from '../signing/operation-types.js';
import { PACIFICA_BATCH_MAX_ACTIONS, type PacificaBatchActionTag } from '../signing/request.js';
import {
  batchResultSchema,
  cancelAllResultSchema,
  openOrderSchema,
  orderEventSchema,
  orderHistorySchema,
  orderIdResultSchema,
  type PacificaBatchResult,
  type PacificaOpenOrder,
  type PacificaOrderEvent,
  type PacificaOrderHistoryEntry,
} from '../wire/index.js';
import type { HistoryPageParameters } from './account.js';

export type GetOpenOrdersParameters = AccountParameters;
export type GetOpenOrdersReturnType = PacificaOpenOrder[];

/** `GET /orders`: open orders, stop and TP/SL orders included. */
export function getOpenOrders(
  ctx: PacificaRestContext,
  params: GetOpenOrdersParameters = {},
): Promise<GetOpenOrdersReturnType> {
  return getAccountData(ctx, '/orders', params, z.array(openOrderSchema));
}

export type GetOrderHistoryParameters = HistoryPageParameters;
export type GetOrderHistoryReturnType = Page<PacificaOrderHistoryEntry>;

/** `GET /orders/history`: the account's orders (open and closed), newest first. */
export function getOrderHistory(
  ctx: PacificaRestContext,
  params: GetOrderHistoryParameters = {},
): Promise<GetOrderHistoryReturnType> {
  return getPage(ctx, '/orders/history', historyQuery(ctx, params), orderHistorySchema);
}

export type GetOrderHistoryByIdParameters = { orderId: number | bigint | string };
export type GetOrderHistoryByIdReturnType = PacificaOrderEvent[];

/** `GET /orders/history_by_id`: every event of one order, newest first. */
export function getOrderHistoryById(
  ctx: PacificaRestContext,
  params: GetOrderHistoryByIdParameters,
): Promise<GetOrderHistoryByIdReturnType> {
  const id = typeof params.orderId === 'string' ? BigInt(params.orderId) : params.orderId;
  return getData(
    ctx,
    '/orders/history_by_id',
    { order_id: String(checkOrderId(id)) },
    z.array(orderEventSchema),
    ctx.weights.heavy,
  );
}

export interface OrderAck {
  orderId: string | undefined;
  clientOrderId: string;
}

/** Sends an order that carries its client order id; the venue's order id when its answer names one. */
async function acknowledged(
  ctx: PacificaRestContext,
  action: ReturnType<typeof buildMarketOrder> | ReturnType<typeof buildLimitOrder>,
): Promise<OrderAck> {
  const clientOrderId = action.payload.client_order_id;
  const res = await postOperation(ctx, action, orderIdResultSchema, { clientOrderId });
  return { orderId: res?.orderId, clientOrderId };
}

export type CreateMarketOrderParameters = MarketOrderParams;
export type CreateMarketOrderReturnType = OrderAck;

/** `create_market_order`: fills at once within `slippagePercent` of the venue's reference price or not at all. */
export async function createMarketOrder(
  ctx: PacificaRestContext,
  params: CreateMarketOrderParameters,
): Promise<CreateMarketOrderReturnType> {
  return acknowledged(ctx, buildMarketOrder(params));
}

export type CreateLimitOrderParameters = LimitOrderParams;
export type CreateLimitOrderReturnType = OrderAck;

/** `create_order`: a limit order (GTC, IOC, ALO post-only, TOB), optionally with TP/SL legs. */
export async function createLimitOrder(
  ctx: PacificaRestContext,
  params: CreateLimitOrderParameters,
): Promise<CreateLimitOrderReturnType> {
  return acknowledged(ctx, buildLimitOrder(params));
}

export type CreateStopOrderParameters = StopOrderParams;
export type CreateStopOrderReturnType = { orderId: string | undefined };

/** `create_stop_order`. */
export async function createStopOrder(
  ctx: PacificaRestContext,
  params: CreateStopOrderParameters,
): Promise<CreateStopOrderReturnType> {
  const action = buildStopOrder(params);
  const res = await postOperation(ctx, action, orderIdResultSchema, { clientOrderId: params.clientOrderId });
  return { orderId: res?.orderId };
}

export type CancelOrderParameters = OrderRefParams;

/** `cancel_order` by order id or client order id. */
export async function cancelOrder(ctx: PacificaRestContext, params: CancelOrderParameters): Promise<void> {
  const action = buildCancelOrder(params);
  await postOperation(ctx, action, undefined, { weight: ctx.weights.cancel, clientOrderId: params.clientOrderId });
}

export type CancelStopOrderParameters = OrderRefParams;

/** `cancel_stop_order`. */
export async function cancelStopOrder(ctx: PacificaRestContext, params: CancelStopOrderParameters): Promise<void> {
  const action = buildCancelStopOrder(params);
  await postOperation(ctx, action, undefined, { weight: ctx.weights.cancel });
}

export type CancelAllOrdersParameters = CancelAllOrdersParams;
export type CancelAllOrdersReturnType = number;

/** `cancel_all_orders` (stop and TP/SL orders included). Returns the venue's count. */
export async function cancelAllOrders(
  ctx: PacificaRestContext,
  params: CancelAllOrdersParameters = {},
): Promise<CancelAllOrdersReturnType> {
  const action = buildCancelAllOrders(params);
  const res = await postOperation(ctx, action, cancelAllResultSchema, { weight: ctx.weights.cancel });
  return res?.cancelledCount ?? 0;
}

export type EditOrderParameters = EditOrderParams;
export type EditOrderReturnType = { orderId: string | undefined };

/** `edit_order`: the venue cancels and re-places as ALO under a new order id (returned). */
export async function editOrder(ctx: PacificaRestContext, params: EditOrderParameters): Promise<EditOrderReturnType> {
  const action = buildEditOrder(params);
  const res = await postOperation(ctx, action, orderIdResultSchema, { clientOrderId: params.clientOrderId });
  return { orderId: res?.orderId };
}

export type SetPositionTpslParameters = PositionTpslParams;

/** `set_position_tpsl`: take profit / stop loss on the whole position (sent on the closing side). */
export async function setPositionTpsl(ctx: PacificaRestContext, params: SetPositionTpslParameters): Promise<void> {
  const action = buildPositionTpsl(params);
  await postOperation(ctx, action, undefined);
}

/** One action of a batch: the tag the venue expects and the action signed under its own type. */
export interface BatchActionInput {
  tag: PacificaBatchActionTag;
  action: PacificaAction<PacificaOperationType, object>;
}

export type BatchOrdersReturnType = PacificaBatchResult;

/**
 * `POST /orders/batch`: up to 10 actions run in order; one failing does not stop the others, so
 * each result says whether its action succeeded.
 */
export async function batchOrders(
  ctx: PacificaRestContext,
  actions: readonly BatchActionInput[],
): Promise<BatchOrdersReturnType> {
  if (actions.length === 0 || actions.length > PACIFICA_BATCH_MAX_ACTIONS) {
    throw new InvalidInputError('A batch holds 1 to 10 actions', {
      field: 'actions',
      value: actions.length,
      venue: 'pacifica',
    });
  }
  const res = await postAction(ctx, PACIFICA_BATCH_PATH, new UnsignedBatch(actions), batchResultSchema, {
    operation: 'batch_orders',
    weight: ctx.weights.standard * actions.length,
  });
  return res ?? [];
}
