import { InvalidInputError, VenueRejectedError } from '@dn/core';
import { EXTENDED_VENUE } from '../config.js';
import { call, type ExtendedRestContext, orderContext, privateGet, privateWrite, seg } from '../http.js';
import type { ExtendedOrderBody } from '../signing/order-types.js';
import {
  type ExtendedOrder,
  type ExtendedPlacedOrder,
  listOrNullSchema,
  orderSchema,
  placedOrderSchema,
} from '../wire.js';
import type { ExtendedPage, PageParameters } from './account.js';

export interface GetOrdersParameters {
  markets?: readonly string[];
  type?: 'LIMIT' | 'MARKET' | 'CONDITIONAL' | 'TPSL' | 'TWAP';
  side?: 'BUY' | 'SELL';
}

/** The filters both order lists take, as the venue names them. */
function ordersQuery(p: GetOrdersParameters) {
  return { market: p.markets ?? [], type: p.type, side: p.side };
}

export type GetOpenOrdersParameters = GetOrdersParameters;
export type GetOpenOrdersReturnType = ExtendedOrder[];

/** `GET /user/orders`: open orders (NEW, PARTIALLY_FILLED, UNTRIGGERED). */
export async function getOpenOrders(
  ctx: ExtendedRestContext,
  p: GetOpenOrdersParameters = {},
): Promise<GetOpenOrdersReturnType> {
  const r = await privateGet(ctx, 'getOpenOrders', '/user/orders', listOrNullSchema(orderSchema), ordersQuery(p));
  return r.data;
}

export interface GetOrdersHistoryParameters extends GetOrdersParameters, PageParameters {
  id?: string;
  externalId?: string;
}

export type GetOrdersHistoryReturnType = ExtendedPage<ExtendedOrder>;

/** `GET /user/orders/history`: closed orders (non-filled ones are kept 7 days), newest first. */
export async function getOrdersHistory(
  ctx: ExtendedRestContext,
  p: GetOrdersHistoryParameters = {},
): Promise<GetOrdersHistoryReturnType> {
  const r = await privateGet(ctx, 'getOrdersHistory', '/user/orders/history', listOrNullSchema(orderSchema), {
    ...ordersQuery(p),
    id: p.id,
    externalId: p.externalId,
    cursor: p.cursor,
    limit: p.limit,
  });
  return { items: r.data, cursor: r.cursor };
}

export interface GetOrderByIdParameters {
  /** The venue's order id (decimal int64 as a string). */
  id: string;
}
export type GetOrderByIdReturnType = ExtendedOrder | null;

/** `GET /user/orders/{id}`; null when the venue does not know the id (404). */
export async function getOrderById(
  ctx: ExtendedRestContext,
  p: GetOrderByIdParameters,
): Promise<GetOrderByIdReturnType> {
  const { id } = p;
  checkId(id);
  try {
    const r = await privateGet(ctx, 'getOrderById', `/user/orders/${id}`, orderSchema);
    return r.data;
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

export interface GetOrdersByExternalIdParameters {
  externalId: string;
}
export type GetOrdersByExternalIdReturnType = ExtendedOrder[];

/** `GET /user/orders/external/{externalId}`: orders with this client id (empty when none; 404 included). */
export async function getOrdersByExternalId(
  ctx: ExtendedRestContext,
  p: GetOrdersByExternalIdParameters,
): Promise<GetOrdersByExternalIdReturnType> {
  const { externalId } = p;
  try {
    const r = await privateGet(
      ctx,
      'getOrdersByExternalId',
      `/user/orders/external/${seg(externalId)}`,
      listOrNullSchema(orderSchema),
    );
    return r.data;
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
}

export interface PlaceOrderParameters {
  /** A signed body from `buildOrder`. */
  body: ExtendedOrderBody;
  /**
   * `body` as JSON, sent as is when given (a presigned order's text is made when it is signed). It must be `body`'s
   * JSON: nothing checks it here.
   */
  text?: string;
  /** Deadline of the POST, ms; after it the outcome is unknown. */
  timeoutMs?: number;
}
export type PlaceOrderReturnType = ExtendedPlacedOrder;

/**
 * `POST /user/order` with a body from {@link buildOrder}. Acceptance is asynchronous: the matching engine may still
 * reject or cancel it (watch the account stream or query by `externalId`). Never retried: a timeout is
 * `UnknownOutcomeError` carrying the external id.
 */
export async function placeOrder(ctx: ExtendedRestContext, p: PlaceOrderParameters): Promise<PlaceOrderReturnType> {
  const { body } = p;
  const r = await call(orderContext(ctx), {
    method: 'POST',
    path: '/user/order',
    body: p.text ?? body,
    auth: true,
    schema: placedOrderSchema,
    operation: 'placeOrder',
    clientOrderId: body.id,
    ...(p.timeoutMs !== undefined ? { timeoutMs: p.timeoutMs } : {}),
  });
  return r.data;
}

export interface CancelOrderParameters {
  /** The venue's order id. */
  id: string;
}

/** `DELETE /user/order/{id}` (asynchronous cancel by venue id). */
export async function cancelOrder(ctx: ExtendedRestContext, p: CancelOrderParameters): Promise<void> {
  const { id } = p;
  checkId(id);
  await privateWrite(orderContext(ctx), {
    method: 'DELETE',
    path: `/user/order/${id}`,
    operation: 'cancelOrder',
  });
}

export interface CancelOrderByExternalIdParameters {
  externalId: string;
}

/** `DELETE /user/order?externalId=…` (asynchronous cancel by client id). */
export async function cancelOrderByExternalId(
  ctx: ExtendedRestContext,
  p: CancelOrderByExternalIdParameters,
): Promise<void> {
  const { externalId } = p;
  await privateWrite(orderContext(ctx), {
    method: 'DELETE',
    path: '/user/order',
    query: { externalId },
    operation: 'cancelOrderByExternalId',
    clientOrderId: externalId,
  });
}

export interface MassCancelParameters {
  /** Venue ids as decimal strings; sent as exact JSON integers (never through a JS number). */
  orderIds?: readonly string[];
  externalOrderIds?: readonly string[];
  markets?: readonly string[];
  cancelAll?: boolean;
}

/**
 * `POST /user/order/massCancel`. At least one selector is required. The venue answers OK even for unknown ids
 * (asynchronous), so ids are validated here and sent losslessly.
 */
export async function massCancel(ctx: ExtendedRestContext, p: MassCancelParameters): Promise<void> {
  const body: { orderIds?: bigint[]; externalOrderIds?: string[]; markets?: string[]; cancelAll?: boolean } = {};
  if (p.orderIds?.length) body.orderIds = p.orderIds.map((id) => BigInt(checkId(id)));
  if (p.externalOrderIds?.length) body.externalOrderIds = [...p.externalOrderIds];
  if (p.markets?.length) body.markets = [...p.markets];
  if (p.cancelAll) body.cancelAll = true;
  if (Object.keys(body).length === 0) {
    throw new InvalidInputError('massCancel needs orderIds, externalOrderIds, markets or cancelAll', {
      field: 'massCancel',
      venue: EXTENDED_VENUE,
    });
  }
  await privateWrite(orderContext(ctx), {
    method: 'POST',
    path: '/user/order/massCancel',
    body,
    operation: 'massCancel',
  });
}

export interface SetDeadManSwitchParameters {
  /** Whole seconds; 0 disarms. */
  countdownSeconds: number;
}

/**
 * `POST /user/deadmanswitch?countdownTime=<seconds>`: every order is cancelled unless this is called again within
 * the countdown; 0 disarms it. Seconds per the docs and CCXT (the SDK's OpenAPI spec says ms; extended.md §7.4).
 */
export async function setDeadManSwitch(ctx: ExtendedRestContext, p: SetDeadManSwitchParameters): Promise<void> {
  const { countdownSeconds } = p;
  if (!Number.isSafeInteger(countdownSeconds) || countdownSeconds < 0) {
    throw new InvalidInputError('countdownSeconds must be a non-negative integer (0 disarms)', {
      field: 'countdownSeconds',
      value: countdownSeconds,
      venue: EXTENDED_VENUE,
    });
  }
  await privateWrite(ctx, {
    method: 'POST',
    path: '/user/deadmanswitch',
    query: { countdownTime: countdownSeconds },
    // Re-arming with the same countdown is what a keep-alive does anyway.
    idempotent: true,
    operation: 'setDeadManSwitch',
  });
}

function checkId(id: string): string {
  if (typeof id !== 'string' || !/^\d{1,19}$/.test(id)) {
    throw new InvalidInputError('Extended order id must be a decimal integer string', {
      field: 'orderId',
      value: id,
      expected: 'up to 19 digits, e.g. "1784963886257016832"',
      venue: EXTENDED_VENUE,
    });
  }
  return id;
}

function isNotFound(e: unknown): boolean {
  return e instanceof VenueRejectedError && e.context.httpStatus === 404;
}
