import { z } from 'zod';
import { accountOf, type EdgexPageParameters, getPrivatePage } from '../params.js';
import type { JsonObject } from '../signing/serialize.js';
import {
  cancelResultSchema,
  createOrderResultSchema,
  type EdgexCancelResult,
  type EdgexFill,
  type EdgexOrder,
  type EdgexPage,
  fillSchema,
  orderSchema,
} from '../wire.js';
import type { EdgexHttp } from './http.js';

export type CreateOrderReturnType = string;

/**
 * `POST /api/{v}/private/order/createOrder` with a signed body (`buildV2Order(...).body` / `signV1Order(...).body`).
 * Never retried: a timeout is `UnknownOutcomeError`, look the order up by `clientOrderId`.
 */
export async function createOrder(
  http: EdgexHttp,
  body: JsonObject & { clientOrderId: string },
): Promise<CreateOrderReturnType> {
  const data = await http.post(http.privatePath('order/createOrder'), body, createOrderResultSchema, {
    operation: 'createOrder',
    clientOrderId: body.clientOrderId,
  });
  return data.orderId;
}

export type CancelOrderByIdReturnType = EdgexCancelResult;

/** `POST /api/{v}/private/order/cancelOrderById` → per-id result. */
export function cancelOrderById(http: EdgexHttp, orderIds: readonly string[]): Promise<CancelOrderByIdReturnType> {
  return http.post(
    http.privatePath('order/cancelOrderById'),
    { accountId: accountOf(http), orderIdList: [...orderIds] },
    cancelResultSchema,
    { operation: 'cancelOrderById', idempotent: true },
  );
}

export type CancelOrderByClientOrderIdReturnType = EdgexCancelResult;

/** `POST /api/{v}/private/order/cancelOrderByClientOrderId` → per-id result. */
export function cancelOrderByClientOrderId(
  http: EdgexHttp,
  clientOrderIds: readonly string[],
): Promise<CancelOrderByClientOrderIdReturnType> {
  return http.post(
    http.privatePath('order/cancelOrderByClientOrderId'),
    { accountId: accountOf(http), clientOrderIdList: [...clientOrderIds] },
    cancelResultSchema,
    { operation: 'cancelOrderByClientOrderId', idempotent: true },
  );
}

export type CancelAllOrderParameters = { filterContractIdList?: readonly string[] };
export type CancelAllOrderReturnType = EdgexCancelResult;

/** `POST /api/{v}/private/order/cancelAllOrder`; empty filters cancel every active order of the account. */
export function cancelAllOrder(
  http: EdgexHttp,
  params: CancelAllOrderParameters = {},
): Promise<CancelAllOrderReturnType> {
  const body: JsonObject = { accountId: accountOf(http) };
  if (params.filterContractIdList?.length) body.filterContractIdList = [...params.filterContractIdList];
  return http.post(
    http.privatePath('order/cancelAllOrder'),
    body,
    cancelResultSchema.nullish().transform((d) => d ?? {}),
    {
      operation: 'cancelAllOrder',
      idempotent: true,
    },
  );
}

/** `size`: at most 200 (active) / 100 (history). */
export interface GetOrderPageParameters extends EdgexPageParameters {
  filterStatusList?: readonly string[];
}

export type GetActiveOrderPageParameters = GetOrderPageParameters;
export type GetActiveOrderPageReturnType = EdgexPage<EdgexOrder>;

/** `GET /api/{v}/private/order/getActiveOrderPage`: open orders. */
export function getActiveOrderPage(
  http: EdgexHttp,
  params: GetActiveOrderPageParameters = {},
): Promise<GetActiveOrderPageReturnType> {
  const filters = { filterStatusList: params.filterStatusList };
  return getPrivatePage(http, 'order/getActiveOrderPage', params, filters, orderSchema);
}

export type GetOrderByIdReturnType = EdgexOrder[];

/** `GET /api/{v}/private/order/getOrderById` (active orders); `history: true` → `getHistoryOrderById`. */
export function getOrderById(
  http: EdgexHttp,
  orderIds: readonly string[],
  history = false,
): Promise<GetOrderByIdReturnType> {
  return http.get(
    http.privatePath(history ? 'order/getHistoryOrderById' : 'order/getOrderById'),
    { accountId: accountOf(http), orderIdList: orderIds },
    z.array(orderSchema),
  );
}

export type GetOrderByClientOrderIdReturnType = EdgexOrder[];

/** `GET /api/{v}/private/order/getOrderByClientOrderId`; `history: true` → `getHistoryOrderByClientOrderId`. */
export function getOrderByClientOrderId(
  http: EdgexHttp,
  clientOrderIds: readonly string[],
  history = false,
): Promise<GetOrderByClientOrderIdReturnType> {
  return http.get(
    http.privatePath(history ? 'order/getHistoryOrderByClientOrderId' : 'order/getOrderByClientOrderId'),
    { accountId: accountOf(http), clientOrderIdList: clientOrderIds },
    z.array(orderSchema),
  );
}

/** `size`: at most 100. */
export interface GetFillPageParameters extends EdgexPageParameters {
  filterOrderIdList?: readonly string[];
}

export type GetHistoryOrderFillTransactionPageParameters = GetFillPageParameters;
export type GetHistoryOrderFillTransactionPageReturnType = EdgexPage<EdgexFill>;

/** `GET /api/{v}/private/order/getHistoryOrderFillTransactionPage`: fills, newest first. */
export function getHistoryOrderFillTransactionPage(
  http: EdgexHttp,
  params: GetHistoryOrderFillTransactionPageParameters = {},
): Promise<GetHistoryOrderFillTransactionPageReturnType> {
  const filters = { filterOrderIdList: params.filterOrderIdList };
  return getPrivatePage(http, 'order/getHistoryOrderFillTransactionPage', params, filters, fillSchema);
}
