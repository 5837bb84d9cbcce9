import { z } from 'zod';
import { optInt } from '../params.js';
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
  pageSchema,
} from '../wire.js';
import type { EdgexHttp } from './http.js';

function account(http: EdgexHttp): string {
  return http.accountId ?? '';
}

/**
 * `POST /api/{v}/private/order/createOrder` with a signed body (`buildV2Order(...).body` / `signV1Order(...).body`).
 * Never retried: a timeout is `UnknownOutcomeError`, look the order up by `clientOrderId`.
 */
export async function createOrder(http: EdgexHttp, body: JsonObject & { clientOrderId: string }): Promise<string> {
  const data = await http.post(http.privatePath('order/createOrder'), body, createOrderResultSchema, {
    operation: 'createOrder',
    clientOrderId: body.clientOrderId,
  });
  return data.orderId;
}

/** `POST /api/{v}/private/order/cancelOrderById` → per-id result. */
export function cancelOrderById(http: EdgexHttp, orderIds: readonly string[]): Promise<EdgexCancelResult> {
  return http.post(
    http.privatePath('order/cancelOrderById'),
    { accountId: account(http), orderIdList: [...orderIds] },
    cancelResultSchema,
    { operation: 'cancelOrderById', idempotent: true },
  );
}

/** `POST /api/{v}/private/order/cancelOrderByClientOrderId` → per-id result. */
export function cancelOrderByClientOrderId(
  http: EdgexHttp,
  clientOrderIds: readonly string[],
): Promise<EdgexCancelResult> {
  return http.post(
    http.privatePath('order/cancelOrderByClientOrderId'),
    { accountId: account(http), clientOrderIdList: [...clientOrderIds] },
    cancelResultSchema,
    { operation: 'cancelOrderByClientOrderId', idempotent: true },
  );
}

/** `POST /api/{v}/private/order/cancelAllOrder`; empty filters cancel every active order of the account. */
export function cancelAllOrder(
  http: EdgexHttp,
  params: { filterContractIdList?: readonly string[] } = {},
): Promise<EdgexCancelResult> {
  const body: JsonObject = { accountId: account(http) };
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

export interface GetOrderPageParameters {
  /** At most 200 (active) / 100 (history). */
  size?: number;
  offsetData?: string;
  filterContractIdList?: readonly string[];
  filterStatusList?: readonly string[];
  filterStartCreatedTimeInclusive?: number;
  filterEndCreatedTimeExclusive?: number;
}

/** `GET /api/{v}/private/order/getActiveOrderPage`: open orders. */
export function getActiveOrderPage(
  http: EdgexHttp,
  params: GetOrderPageParameters = {},
): Promise<EdgexPage<EdgexOrder>> {
  return http.get(
    http.privatePath('order/getActiveOrderPage'),
    {
      accountId: account(http),
      size: params.size !== undefined ? String(params.size) : undefined,
      offsetData: params.offsetData || undefined,
      filterContractIdList: params.filterContractIdList,
      filterStatusList: params.filterStatusList,
      filterStartCreatedTimeInclusive: optInt(params.filterStartCreatedTimeInclusive),
      filterEndCreatedTimeExclusive: optInt(params.filterEndCreatedTimeExclusive),
    },
    pageSchema(orderSchema),
  );
}

/** `GET /api/{v}/private/order/getOrderById` (active orders); `history: true` → `getHistoryOrderById`. */
export function getOrderById(http: EdgexHttp, orderIds: readonly string[], history = false): Promise<EdgexOrder[]> {
  return http.get(
    http.privatePath(history ? 'order/getHistoryOrderById' : 'order/getOrderById'),
    { accountId: account(http), orderIdList: orderIds },
    z.array(orderSchema),
  );
}

/** `GET /api/{v}/private/order/getOrderByClientOrderId`; `history: true` → `getHistoryOrderByClientOrderId`. */
export function getOrderByClientOrderId(
  http: EdgexHttp,
  clientOrderIds: readonly string[],
  history = false,
): Promise<EdgexOrder[]> {
  return http.get(
    http.privatePath(history ? 'order/getHistoryOrderByClientOrderId' : 'order/getOrderByClientOrderId'),
    { accountId: account(http), clientOrderIdList: clientOrderIds },
    z.array(orderSchema),
  );
}

export interface GetFillPageParameters {
  /** At most 100. */
  size?: number;
  offsetData?: string;
  filterContractIdList?: readonly string[];
  filterOrderIdList?: readonly string[];
  filterStartCreatedTimeInclusive?: number;
  filterEndCreatedTimeExclusive?: number;
}

/** `GET /api/{v}/private/order/getHistoryOrderFillTransactionPage`: fills, newest first. */
export function getHistoryOrderFillTransactionPage(
  http: EdgexHttp,
  params: GetFillPageParameters = {},
): Promise<EdgexPage<EdgexFill>> {
  return http.get(
    http.privatePath('order/getHistoryOrderFillTransactionPage'),
    {
      accountId: account(http),
      size: params.size !== undefined ? String(params.size) : undefined,
      offsetData: params.offsetData || undefined,
      filterContractIdList: params.filterContractIdList,
      filterOrderIdList: params.filterOrderIdList,
      filterStartCreatedTimeInclusive: optInt(params.filterStartCreatedTimeInclusive),
      filterEndCreatedTimeExclusive: optInt(params.filterEndCreatedTimeExclusive),
    },
    pageSchema(fillSchema),
  );
}
