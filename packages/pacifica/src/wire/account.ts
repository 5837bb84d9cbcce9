/** Account: `/account`, settings, positions, orders, order history, trades and funding payments. */
import { Decimal, zDecimal, zInt } from '@dn/core';
import { z } from 'zod';
import { zCloid, zId, zNullableDecimal, zNullableId, zOptDecimal, zSide, zTradeSide } from './fields.js';

// ───────────── account ─────────────

const accountObject = z
  .object({
    balance: zDecimal,
    fee_level: zInt.optional(),
    maker_fee: zOptDecimal,
    taker_fee: zOptDecimal,
    account_equity: zDecimal,
    available_to_spend: zDecimal,
    available_to_withdraw: zOptDecimal,
    pending_balance: zOptDecimal,
    total_margin_used: zOptDecimal,
    cross_mmr: zOptDecimal,
    positions_count: zInt.optional(),
    orders_count: zInt.optional(),
    stop_orders_count: zInt.optional(),
    updated_at: zInt.optional(),
  })
  .transform((a) => ({
    balance: a.balance,
    feeLevel: a.fee_level ?? 0,
    makerFee: a.maker_fee,
    takerFee: a.taker_fee,
    accountEquity: a.account_equity,
    availableToSpend: a.available_to_spend,
    availableToWithdraw: a.available_to_withdraw,
    pendingBalance: a.pending_balance,
    totalMarginUsed: a.total_margin_used,
    crossMmr: a.cross_mmr,
    positionsCount: a.positions_count,
    ordersCount: a.orders_count,
    stopOrdersCount: a.stop_orders_count,
    updatedAt: a.updated_at,
  }));
/** An object; one docs copy shows it wrapped in a one-element list, which is accepted too. */
export const accountSchema = z.union([accountObject, z.tuple([accountObject]).transform((l) => l[0])]);
export type PacificaAccount = z.output<typeof accountObject>;

const marginSettingSchema = z
  .object({
    symbol: z.string(),
    isolated: z.boolean(),
    leverage: zInt,
    created_at: zInt.optional(),
    updated_at: zInt.optional(),
  })
  .transform((s) => ({ symbol: s.symbol, isolated: s.isolated, leverage: s.leverage }));
/** 2026 object shape or the older bare list. Markets at their defaults (cross, max leverage) are omitted. */
export const accountSettingsSchema = z.union([
  z.object({ margin_settings: z.array(marginSettingSchema) }).transform((s) => s.margin_settings),
  z.array(marginSettingSchema),
]);
export type PacificaMarginSetting = z.output<typeof marginSettingSchema>;

export const positionSchema = z
  .object({
    symbol: z.string(),
    side: zSide,
    amount: zDecimal,
    entry_price: zDecimal,
    margin: zOptDecimal,
    funding: zOptDecimal,
    isolated: z.boolean().optional(),
    liquidation_price: zNullableDecimal.optional(),
    created_at: zInt.optional(),
    updated_at: zInt.optional(),
  })
  .transform((p) => ({
    symbol: p.symbol,
    side: p.side,
    amount: p.amount,
    entryPrice: p.entry_price,
    margin: p.margin,
    /** Cumulative funding since the position opened. */
    funding: p.funding,
    isolated: p.isolated ?? false,
    /** undefined: not reported; null: none. */
    liquidationPrice: p.liquidation_price,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  }));
export type PacificaPosition = z.output<typeof positionSchema>;

/** Fields every order row of the account endpoints carries: open orders, order history and order events. */
const orderRowSchema = z.object({
  order_id: zId,
  client_order_id: zCloid,
  symbol: z.string(),
  side: zSide,
  filled_amount: zDecimal,
  order_type: z.string(),
  stop_price: zNullableDecimal,
  stop_parent_order_id: zNullableId,
  reduce_only: z.boolean(),
  created_at: zInt,
});

function orderRow(o: z.output<typeof orderRowSchema>) {
  return {
    orderId: o.order_id,
    clientOrderId: o.client_order_id,
    symbol: o.symbol,
    side: o.side,
    filledAmount: o.filled_amount,
    orderType: o.order_type,
    stopPrice: o.stop_price,
    stopParentOrderId: o.stop_parent_order_id,
    reduceOnly: o.reduce_only,
    createdAt: o.created_at,
  };
}

export const openOrderSchema = orderRowSchema
  .extend({
    // Stop / TP / SL rows carry `price: null` until triggered (a market stop has no limit price).
    price: zNullableDecimal,
    initial_amount: zDecimal,
    cancelled_amount: zOptDecimal,
    updated_at: zInt.optional(),
  })
  .transform((o) => ({
    ...orderRow(o),
    price: o.price,
    initialAmount: o.initial_amount,
    cancelledAmount: o.cancelled_amount ?? new Decimal(0),
    updatedAt: o.updated_at ?? o.created_at,
  }));
export type PacificaOpenOrder = z.output<typeof openOrderSchema>;

export const orderHistorySchema = orderRowSchema
  .extend({
    initial_price: zDecimal,
    average_filled_price: zOptDecimal,
    amount: zDecimal,
    order_status: z.string(),
    reason: z.string().nullish(),
    updated_at: zInt.optional(),
  })
  .transform((o) => ({
    ...orderRow(o),
    initialPrice: o.initial_price,
    averageFilledPrice: o.average_filled_price ?? new Decimal(0),
    amount: o.amount,
    orderStatus: o.order_status,
    reason: o.reason ?? null,
    updatedAt: o.updated_at ?? o.created_at,
  }));
export type PacificaOrderHistoryEntry = z.output<typeof orderHistorySchema>;

export const orderEventSchema = orderRowSchema
  .extend({
    history_id: zId,
    price: zDecimal,
    initial_amount: zDecimal,
    cancelled_amount: zOptDecimal,
    event_type: z.string(),
    order_status: z.string(),
  })
  .transform((e) => ({
    ...orderRow(e),
    historyId: e.history_id,
    price: e.price,
    initialAmount: e.initial_amount,
    cancelledAmount: e.cancelled_amount ?? new Decimal(0),
    eventType: e.event_type,
    orderStatus: e.order_status,
  }));
export type PacificaOrderEvent = z.output<typeof orderEventSchema>;

export const tradeHistorySchema = z
  .object({
    history_id: zId,
    order_id: zId,
    client_order_id: zCloid,
    symbol: z.string(),
    amount: zDecimal,
    price: zDecimal,
    entry_price: zOptDecimal,
    fee: zDecimal,
    pnl: zOptDecimal,
    event_type: z.string(),
    side: zTradeSide,
    created_at: zInt,
    cause: z.string().optional(),
  })
  .transform((t) => ({
    historyId: t.history_id,
    orderId: t.order_id,
    clientOrderId: t.client_order_id,
    symbol: t.symbol,
    amount: t.amount,
    price: t.price,
    entryPrice: t.entry_price,
    fee: t.fee,
    pnl: t.pnl,
    /** fulfill_maker | fulfill_taker */
    eventType: t.event_type,
    side: t.side,
    createdAt: t.created_at,
    cause: t.cause ?? 'normal',
  }));
export type PacificaTrade = z.output<typeof tradeHistorySchema>;

export const fundingPaymentSchema = z
  .object({
    history_id: zId,
    symbol: z.string(),
    side: zSide,
    amount: zDecimal,
    payout: zDecimal,
    rate: zDecimal,
    created_at: zInt,
  })
  .transform((f) => ({
    historyId: f.history_id,
    symbol: f.symbol,
    side: f.side,
    /** Position size in base units. */
    amount: f.amount,
    /** USD; its sign convention is undocumented. */
    payout: f.payout,
    rate: f.rate,
    createdAt: f.created_at,
  }));
export type PacificaFundingPayment = z.output<typeof fundingPaymentSchema>;
