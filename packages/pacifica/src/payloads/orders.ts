import type { DecimalInput } from '@dn/core';
import { Decimal, InvalidInputError } from '@dn/core';
import { PacificaOperation } from '../signing/operation-types.js';
import type { PacificaAction } from './action.js';
import { type TriggerParams, type TriggerPayload, triggerPayload } from './trigger.js';
import {
  bool,
  clientOrderId,
  oneOf,
  orderRef,
  type PacificaOrderId,
  type PacificaSide,
  positiveDecimalString,
  side,
  symbol,
} from './validate.js';

/** Take-profit / stop-loss legs attached to a new order. */
interface AttachedTpsl {
  takeProfit?: TriggerParams;
  stopLoss?: TriggerParams;
}

export interface MarketOrderParams extends AttachedTpsl {
  symbol: string;
  side: PacificaSide;
  /** Size in base units. */
  amount: DecimalInput;
  /** Worst accepted price move in percent: "0.5" means 0.5 %. */
  slippagePercent: DecimalInput;
  reduceOnly?: boolean;
  /** UUID chosen by the caller; required so a timed-out order can be found and retried safely. */
  clientOrderId: string;
}

export interface MarketOrderPayload {
  symbol: string;
  reduce_only: boolean;
  amount: string;
  side: PacificaSide;
  slippage_percent: string;
  client_order_id: string;
  take_profit?: TriggerPayload;
  stop_loss?: TriggerPayload;
}

/** `create_market_order` (POST /orders/create_market, or WS). */
export function buildMarketOrder(
  params: MarketOrderParams,
): PacificaAction<typeof PacificaOperation.CreateMarketOrder, MarketOrderPayload> {
  const slippage = positiveDecimalString(params.slippagePercent, 'slippagePercent');
  if (new Decimal(slippage).gte(100)) {
    throw new InvalidInputError('slippagePercent must be below 100', {
      field: 'slippagePercent',
      value: slippage,
      expected: 'a percentage, e.g. "0.5" for 0.5 %',
      venue: 'pacifica',
    });
  }
  return {
    type: PacificaOperation.CreateMarketOrder,
    payload: {
      symbol: symbol(params.symbol),
      reduce_only: bool(params.reduceOnly ?? false, 'reduceOnly'),
      amount: positiveDecimalString(params.amount, 'amount'),
      side: side(params.side),
      slippage_percent: slippage,
      client_order_id: clientOrderId(params.clientOrderId),
      ...attachedTpsl(params),
    },
  };
}

/** GTC rests; IOC takes then cancels; ALO is post-only; TOB posts at the top of book. There is no FOK. */
export const PACIFICA_TIFS = ['GTC', 'IOC', 'ALO', 'TOB'] as const;
export type PacificaTif = (typeof PACIFICA_TIFS)[number];

export interface LimitOrderParams extends AttachedTpsl {
  symbol: string;
  side: PacificaSide;
  price: DecimalInput;
  amount: DecimalInput;
  tif: PacificaTif;
  reduceOnly?: boolean;
  /** UUID chosen by the caller; required so a timed-out order can be found and retried safely. */
  clientOrderId: string;
}

export interface LimitOrderPayload {
  symbol: string;
  price: string;
  reduce_only: boolean;
  amount: string;
  side: PacificaSide;
  tif: PacificaTif;
  client_order_id: string;
  take_profit?: TriggerPayload;
  stop_loss?: TriggerPayload;
}

/** `create_order` (POST /orders/create, or WS). */
export function buildLimitOrder(
  params: LimitOrderParams,
): PacificaAction<typeof PacificaOperation.CreateOrder, LimitOrderPayload> {
  return {
    type: PacificaOperation.CreateOrder,
    payload: {
      symbol: symbol(params.symbol),
      price: positiveDecimalString(params.price, 'price'),
      reduce_only: bool(params.reduceOnly ?? false, 'reduceOnly'),
      amount: positiveDecimalString(params.amount, 'amount'),
      side: side(params.side),
      tif: oneOf(params.tif, 'tif', PACIFICA_TIFS),
      client_order_id: clientOrderId(params.clientOrderId),
      ...attachedTpsl(params),
    },
  };
}

export interface OrderRefParams {
  symbol: string;
  /** Venue order id; give this or `clientOrderId`, not both. */
  orderId?: PacificaOrderId;
  clientOrderId?: string;
}

export interface CancelOrderPayload {
  symbol: string;
  order_id?: PacificaOrderId;
  client_order_id?: string;
}

/** `cancel_order` (POST /orders/cancel, or WS). */
export function buildCancelOrder(
  params: OrderRefParams,
): PacificaAction<typeof PacificaOperation.CancelOrder, CancelOrderPayload> {
  return { type: PacificaOperation.CancelOrder, payload: { symbol: symbol(params.symbol), ...orderRef(params) } };
}

/** `cancel_stop_order` (POST /orders/stop/cancel). */
export function buildCancelStopOrder(
  params: OrderRefParams,
): PacificaAction<typeof PacificaOperation.CancelStopOrder, CancelOrderPayload> {
  return { type: PacificaOperation.CancelStopOrder, payload: { symbol: symbol(params.symbol), ...orderRef(params) } };
}

export interface CancelAllOrdersParams {
  /** Cancel only this market; omit to cancel every market. */
  symbol?: string;
  /** Keep reduce-only orders (e.g. protective exits). Default false. */
  excludeReduceOnly?: boolean;
}

export interface CancelAllOrdersPayload {
  all_symbols: boolean;
  /** Required by the venue: omitting it is a deserialisation error. */
  exclude_reduce_only: boolean;
  symbol?: string;
}

/** `cancel_all_orders` (POST /orders/cancel_all, or WS). Also cancels TP/SL stop orders. */
export function buildCancelAllOrders(
  params: CancelAllOrdersParams = {},
): PacificaAction<typeof PacificaOperation.CancelAllOrders, CancelAllOrdersPayload> {
  const excludeReduceOnly = bool(params.excludeReduceOnly ?? false, 'excludeReduceOnly');
  return {
    type: PacificaOperation.CancelAllOrders,
    payload:
      params.symbol === undefined
        ? { all_symbols: true, exclude_reduce_only: excludeReduceOnly }
        : { all_symbols: false, exclude_reduce_only: excludeReduceOnly, symbol: symbol(params.symbol) },
  };
}

export interface EditOrderParams extends OrderRefParams {
  price: DecimalInput;
  amount: DecimalInput;
}

export interface EditOrderPayload {
  symbol: string;
  price: string;
  amount: string;
  order_id?: PacificaOrderId;
  client_order_id?: string;
}

/**
 * `edit_order` (POST /orders/edit, or WS). The venue cancels and re-places the order as ALO with a
 * new order id, keeping side, reduce-only and client order id.
 */
export function buildEditOrder(
  params: EditOrderParams,
): PacificaAction<typeof PacificaOperation.EditOrder, EditOrderPayload> {
  return {
    type: PacificaOperation.EditOrder,
    payload: {
      symbol: symbol(params.symbol),
      price: positiveDecimalString(params.price, 'price'),
      amount: positiveDecimalString(params.amount, 'amount'),
      ...orderRef(params),
    },
  };
}

export interface PositionTpslParams {
  symbol: string;
  /** Side of the position being protected; the order is sent on the closing side. */
  position: 'long' | 'short';
  takeProfit?: TriggerParams;
  stopLoss?: TriggerParams;
}

export interface PositionTpslPayload {
  symbol: string;
  /** The closing side: `ask` protects a long. */
  side: PacificaSide;
  take_profit?: TriggerPayload;
  stop_loss?: TriggerPayload;
}

/** `set_position_tpsl` (POST /positions/tpsl; REST only). */
export function buildPositionTpsl(
  params: PositionTpslParams,
): PacificaAction<typeof PacificaOperation.SetPositionTpsl, PositionTpslPayload> {
  const position = oneOf(params.position, 'position', ['long', 'short'] as const);
  if (params.takeProfit === undefined && params.stopLoss === undefined) {
    throw new InvalidInputError('Give a take profit, a stop loss or both', {
      field: 'takeProfit',
      expected: 'at least one of takeProfit and stopLoss',
      venue: 'pacifica',
    });
  }
  return {
    type: PacificaOperation.SetPositionTpsl,
    payload: { symbol: symbol(params.symbol), side: position === 'long' ? 'ask' : 'bid', ...attachedTpsl(params) },
  };
}

export interface StopOrderParams {
  symbol: string;
  side: PacificaSide;
  reduceOnly?: boolean;
  stopPrice: DecimalInput;
  limitPrice?: DecimalInput;
  amount: DecimalInput;
  clientOrderId?: string;
  triggerPriceType?: TriggerParams['triggerPriceType'];
}

export interface StopOrderPayload {
  symbol: string;
  side: PacificaSide;
  reduce_only: boolean;
  stop_order: TriggerPayload & { amount: string };
}

/** `create_stop_order` (POST /orders/stop/create; REST only). */
export function buildStopOrder(
  params: StopOrderParams,
): PacificaAction<typeof PacificaOperation.CreateStopOrder, StopOrderPayload> {
  const amount = positiveDecimalString(params.amount, 'amount');
  const stop = triggerPayload({ ...params, amount }, 'stopOrder');
  return {
    type: PacificaOperation.CreateStopOrder,
    payload: {
      symbol: symbol(params.symbol),
      side: side(params.side),
      reduce_only: bool(params.reduceOnly ?? false, 'reduceOnly'),
      stop_order: { ...stop, amount },
    },
  };
}

function attachedTpsl(params: AttachedTpsl): { take_profit?: TriggerPayload; stop_loss?: TriggerPayload } {
  return {
    ...(params.takeProfit !== undefined && { take_profit: triggerPayload(params.takeProfit, 'takeProfit') }),
    ...(params.stopLoss !== undefined && { stop_loss: triggerPayload(params.stopLoss, 'stopLoss') }),
  };
}
