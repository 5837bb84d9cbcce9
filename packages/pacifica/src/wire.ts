/**
 * zod schemas of Pacifica wire payloads (venues/pacifica.md §3.2, §5.2), parsed into exact types:
 * decimal strings → Decimal, ids → decimal-digit strings (exact whatever their size), times → ms numbers.
 * Unknown extra fields are ignored so additive venue changes do not break parsing.
 */
import { Decimal, zDecimal, zInt } from '@dn/core';
import { z } from 'zod';

/** An optional decimal: absent, or `""` (another way the venue leaves a field unset), is undefined. */
const zOptDecimal = z
  .union([z.literal('').transform(() => undefined), zDecimal])
  .optional()
  .transform((v) => v ?? undefined);
/** A decimal that may be unset: `null`, absent or `""` is null. */
const zNullableDecimal = z
  .union([z.literal('').transform(() => null), zDecimal])
  .nullish()
  .transform((v) => v ?? null);

/**
 * An integer id as digits: numbers beyond 2^53 arrive as strings from the lossless parser. Not core's `zId`: the
 * venue's text is kept as sent (no sign, no canonicalisation), as ids are echoed back to it.
 */
export const zId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/), z.bigint()]).transform(String);
const zNullableId = zId.nullish().transform((v) => v ?? null);

const zSide = z.enum(['bid', 'ask']);
const zTradeSide = z.enum(['open_long', 'open_short', 'close_long', 'close_short']);
const zCloid = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

// ───────────── markets ─────────────

export const marketInfoSchema = z
  .object({
    symbol: z.string(),
    tick_size: zDecimal,
    min_tick: zOptDecimal,
    max_tick: zOptDecimal,
    lot_size: zDecimal,
    max_leverage: zInt,
    isolated_only: z.boolean().optional(),
    min_order_size: zDecimal,
    max_order_size: zOptDecimal,
    funding_rate: zOptDecimal,
    next_funding_rate: zOptDecimal,
    created_at: zInt.optional(),
    instrument_type: z.string().optional(),
    base_asset: z.string().optional(),
  })
  .transform((m) => ({
    symbol: m.symbol,
    tickSize: m.tick_size,
    minTick: m.min_tick,
    maxTick: m.max_tick,
    lotSize: m.lot_size,
    maxLeverage: m.max_leverage,
    isolatedOnly: m.isolated_only ?? false,
    /** USD notional. */
    minOrderSize: m.min_order_size,
    /** USD notional. */
    maxOrderSize: m.max_order_size,
    fundingRate: m.funding_rate,
    nextFundingRate: m.next_funding_rate,
    createdAt: m.created_at,
    // Responses before spot markets existed have no instrument_type: they were all perpetuals.
    instrumentType: m.instrument_type ?? 'perpetual',
    baseAsset: m.base_asset,
  }));
export type PacificaMarketInfo = z.output<typeof marketInfoSchema>;

export const priceInfoSchema = z
  .object({
    symbol: z.string(),
    funding: zDecimal,
    next_funding: zDecimal,
    mark: zDecimal,
    oracle: zDecimal,
    mid: zOptDecimal,
    open_interest: zOptDecimal,
    volume_24h: zOptDecimal,
    yesterday_price: zOptDecimal,
    timestamp: zInt,
  })
  .transform((p) => ({
    symbol: p.symbol,
    /** Hourly rate settled for the past hour (positive: longs paid). */
    funding: p.funding,
    /** Running estimate of the hourly rate for the hour in progress: the one to compare across venues. */
    nextFunding: p.next_funding,
    mark: p.mark,
    oracle: p.oracle,
    mid: p.mid,
    /**
     * Base units: the docs' examples (XPL `3634796` at mark 1.08 beside a $20.9M day) and CCXT's
     * `openInterestValue = open_interest × mark` read it so; `toMarketStats` converts to USD.
     */
    openInterest: p.open_interest,
    /** USD. */
    volume24h: p.volume_24h ?? new Decimal(0),
    yesterdayPrice: p.yesterday_price,
    timestamp: p.timestamp,
  }));
export type PacificaPriceInfo = z.output<typeof priceInfoSchema>;

export const feeLevelSchema = z
  .object({ level: zInt, maker_fee_rate: zDecimal, taker_fee_rate: zDecimal })
  .transform((f) => ({ level: f.level, makerFee: f.maker_fee_rate, takerFee: f.taker_fee_rate }));
export type PacificaFeeLevel = z.output<typeof feeLevelSchema>;

const levelSchema = z
  .object({ p: zDecimal, a: zDecimal, n: zInt.optional() })
  .transform((l) => ({ price: l.p, amount: l.a, orders: l.n ?? 0 }));
export type PacificaBookLevel = z.output<typeof levelSchema>;

/** REST `/book` data and WS `book` data (a full snapshot each time; bids and asks best first). */
export const bookSchema = z
  .object({ s: z.string(), l: z.tuple([z.array(levelSchema), z.array(levelSchema)]), t: zInt, li: zId.optional() })
  .transform((b) => ({ symbol: b.s, bids: b.l[0], asks: b.l[1], timestamp: b.t, lastOrderId: b.li }));
export type PacificaBook = z.output<typeof bookSchema>;

export const klineSchema = z
  .object({
    t: zInt,
    T: zInt,
    s: z.string(),
    i: z.string(),
    o: zDecimal,
    c: zDecimal,
    h: zDecimal,
    l: zDecimal,
    v: zDecimal,
    n: zInt.optional(),
  })
  .transform((k) => ({
    openTime: k.t,
    closeTime: k.T,
    symbol: k.s,
    interval: k.i,
    open: k.o,
    close: k.c,
    high: k.h,
    low: k.l,
    volume: k.v,
    trades: k.n ?? 0,
  }));
export type PacificaKline = z.output<typeof klineSchema>;

export const recentTradeSchema = z
  .object({
    event_type: z.string(),
    price: zDecimal,
    amount: zDecimal,
    side: zTradeSide,
    cause: z.string().optional(),
    created_at: zInt,
  })
  .transform((t) => ({
    eventType: t.event_type,
    price: t.price,
    amount: t.amount,
    side: t.side,
    cause: t.cause ?? 'normal',
    createdAt: t.created_at,
  }));
export type PacificaRecentTrade = z.output<typeof recentTradeSchema>;

export const fundingRateHistorySchema = z
  .object({
    oracle_price: zOptDecimal,
    bid_impact_price: zOptDecimal,
    ask_impact_price: zOptDecimal,
    funding_rate: zDecimal,
    next_funding_rate: zOptDecimal,
    created_at: zInt,
  })
  .transform((f) => ({
    oraclePrice: f.oracle_price,
    bidImpactPrice: f.bid_impact_price,
    askImpactPrice: f.ask_impact_price,
    fundingRate: f.funding_rate,
    nextFundingRate: f.next_funding_rate,
    createdAt: f.created_at,
  }));
export type PacificaFundingRateRecord = z.output<typeof fundingRateHistorySchema>;

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

export const openOrderSchema = z
  .object({
    order_id: zId,
    client_order_id: zCloid,
    symbol: z.string(),
    side: zSide,
    // Stop / TP / SL rows carry `price: null` until triggered (a market stop has no limit price).
    price: zNullableDecimal,
    initial_amount: zDecimal,
    filled_amount: zDecimal,
    cancelled_amount: zOptDecimal,
    stop_price: zNullableDecimal,
    order_type: z.string(),
    stop_parent_order_id: zNullableId,
    reduce_only: z.boolean(),
    created_at: zInt,
    updated_at: zInt.optional(),
  })
  .transform((o) => ({
    orderId: o.order_id,
    clientOrderId: o.client_order_id,
    symbol: o.symbol,
    side: o.side,
    price: o.price,
    initialAmount: o.initial_amount,
    filledAmount: o.filled_amount,
    cancelledAmount: o.cancelled_amount ?? new Decimal(0),
    stopPrice: o.stop_price,
    orderType: o.order_type,
    stopParentOrderId: o.stop_parent_order_id,
    reduceOnly: o.reduce_only,
    createdAt: o.created_at,
    updatedAt: o.updated_at ?? o.created_at,
  }));
export type PacificaOpenOrder = z.output<typeof openOrderSchema>;

export const orderHistorySchema = z
  .object({
    order_id: zId,
    client_order_id: zCloid,
    symbol: z.string(),
    side: zSide,
    initial_price: zDecimal,
    average_filled_price: zOptDecimal,
    amount: zDecimal,
    filled_amount: zDecimal,
    order_status: z.string(),
    order_type: z.string(),
    stop_price: zNullableDecimal,
    stop_parent_order_id: zNullableId,
    reduce_only: z.boolean(),
    reason: z.string().nullish(),
    created_at: zInt,
    updated_at: zInt.optional(),
  })
  .transform((o) => ({
    orderId: o.order_id,
    clientOrderId: o.client_order_id,
    symbol: o.symbol,
    side: o.side,
    initialPrice: o.initial_price,
    averageFilledPrice: o.average_filled_price ?? new Decimal(0),
    amount: o.amount,
    filledAmount: o.filled_amount,
    orderStatus: o.order_status,
    orderType: o.order_type,
    stopPrice: o.stop_price,
    stopParentOrderId: o.stop_parent_order_id,
    reduceOnly: o.reduce_only,
    reason: o.reason ?? null,
    createdAt: o.created_at,
    updatedAt: o.updated_at ?? o.created_at,
  }));
export type PacificaOrderHistoryEntry = z.output<typeof orderHistorySchema>;

export const orderEventSchema = z
  .object({
    history_id: zId,
    order_id: zId,
    client_order_id: zCloid,
    symbol: z.string(),
    side: zSide,
    price: zDecimal,
    initial_amount: zDecimal,
    filled_amount: zDecimal,
    cancelled_amount: zOptDecimal,
    event_type: z.string(),
    order_type: z.string(),
    order_status: z.string(),
    stop_price: zNullableDecimal,
    stop_parent_order_id: zNullableId,
    reduce_only: z.boolean(),
    created_at: zInt,
  })
  .transform((e) => ({
    historyId: e.history_id,
    orderId: e.order_id,
    clientOrderId: e.client_order_id,
    symbol: e.symbol,
    side: e.side,
    price: e.price,
    initialAmount: e.initial_amount,
    filledAmount: e.filled_amount,
    cancelledAmount: e.cancelled_amount ?? new Decimal(0),
    eventType: e.event_type,
    orderType: e.order_type,
    orderStatus: e.order_status,
    stopPrice: e.stop_price,
    stopParentOrderId: e.stop_parent_order_id,
    reduceOnly: e.reduce_only,
    createdAt: e.created_at,
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

// ───────────── write results ─────────────

export const orderIdResultSchema = z.object({ order_id: zId }).transform((r) => ({ orderId: r.order_id }));
export const cancelAllResultSchema = z
  .object({ cancelled_count: zInt })
  .transform((r) => ({ cancelledCount: r.cancelled_count }));

export const batchResultSchema = z
  .object({
    results: z.array(
      z
        .object({
          success: z.boolean(),
          order_id: zNullableId.optional(),
          client_order_id: zCloid.optional(),
          symbol: z.string().nullish(),
          error: z.string().nullish(),
        })
        .transform((r) => ({
          success: r.success,
          orderId: r.order_id ?? null,
          clientOrderId: r.client_order_id ?? null,
          symbol: r.symbol ?? null,
          error: r.error ?? null,
        })),
    ),
  })
  .transform((r) => r.results);
export type PacificaBatchResult = z.output<typeof batchResultSchema>;

// ───────────── WS streams ─────────────

export const wsPositionSchema = z
  .object({
    s: z.string(),
    d: zSide,
    a: zDecimal,
    p: zDecimal,
    m: zOptDecimal,
    f: zOptDecimal,
    i: z.boolean().optional(),
    l: zNullableDecimal.optional(),
    t: zInt,
  })
  .transform((p) => ({
    symbol: p.s,
    side: p.d,
    amount: p.a,
    entryPrice: p.p,
    margin: p.m,
    funding: p.f,
    isolated: p.i ?? false,
    liquidationPrice: p.l,
    timestamp: p.t,
  }));
export type PacificaWsPosition = z.output<typeof wsPositionSchema>;

export const wsOrderUpdateSchema = z
  .object({
    i: zId,
    I: zCloid,
    u: z.string().optional(),
    s: z.string(),
    d: zSide,
    p: zOptDecimal,
    ip: zOptDecimal,
    lp: zDecimal.nullish(),
    a: zDecimal,
    f: zDecimal,
    oe: z.string(),
    os: z.string(),
    ot: z.string(),
    sp: zNullableDecimal.optional(),
    si: zNullableId.optional(),
    r: z.boolean().optional(),
    ct: zInt,
    ut: zInt,
    li: zId.optional(),
  })
  .transform((o) => ({
    orderId: o.i,
    clientOrderId: o.I,
    symbol: o.s,
    side: o.d,
    averageFilledPrice: o.p,
    initialPrice: o.ip,
    amount: o.a,
    filledAmount: o.f,
    event: o.oe,
    status: o.os,
    orderType: o.ot,
    reduceOnly: o.r ?? false,
    createdAt: o.ct,
    updatedAt: o.ut,
    lastOrderId: o.li,
  }));
export type PacificaWsOrderUpdate = z.output<typeof wsOrderUpdateSchema>;

export const wsAccountTradeSchema = z
  .object({
    h: zId,
    i: zId,
    I: zCloid,
    u: z.string().optional(),
    s: z.string(),
    p: zDecimal,
    o: zOptDecimal,
    a: zDecimal,
    te: z.string(),
    ts: zTradeSide,
    tc: z.string().optional(),
    f: zDecimal,
    n: zOptDecimal,
    t: zInt,
    li: zId.optional(),
  })
  .transform((t) => ({
    historyId: t.h,
    orderId: t.i,
    clientOrderId: t.I,
    symbol: t.s,
    price: t.p,
    entryPrice: t.o,
    amount: t.a,
    eventType: t.te,
    side: t.ts,
    cause: t.tc ?? 'normal',
    fee: t.f,
    pnl: t.n,
    timestamp: t.t,
  }));
export type PacificaWsAccountTrade = z.output<typeof wsAccountTradeSchema>;

export const wsAccountInfoSchema = z
  .object({
    ae: zDecimal,
    as: zDecimal,
    aw: zOptDecimal,
    b: zDecimal,
    f: zInt.optional(),
    mu: zOptDecimal,
    cm: zOptDecimal,
    oc: zInt.optional(),
    pb: zOptDecimal,
    pc: zInt.optional(),
    sc: zInt.optional(),
    t: zInt,
  })
  .transform((a) => ({
    accountEquity: a.ae,
    availableToSpend: a.as,
    availableToWithdraw: a.aw,
    balance: a.b,
    feeLevel: a.f,
    marginUsed: a.mu,
    crossMaintenanceMargin: a.cm,
    timestamp: a.t,
  }));
export type PacificaWsAccountInfo = z.output<typeof wsAccountInfoSchema>;

export const wsPublicTradeSchema = z
  .object({
    h: zId.optional(),
    s: z.string(),
    a: zDecimal,
    p: zDecimal,
    d: zTradeSide,
    tc: z.string().optional(),
    t: zInt,
    // Optional: the venue may omit the account (errata).
    u: z.string().optional(),
    li: zId.optional(),
  })
  .transform((t) => ({
    historyId: t.h,
    symbol: t.s,
    amount: t.a,
    price: t.p,
    side: t.d,
    cause: t.tc ?? 'normal',
    timestamp: t.t,
  }));
export type PacificaWsPublicTrade = z.output<typeof wsPublicTradeSchema>;

/** WS trading reply: `{code, data?, err?, id?, t, type}`. */
export const wsTradingReplySchema = z.object({
  code: zInt,
  data: z.unknown().optional(),
  err: z.string().nullish(),
  id: z.string().nullish(),
  t: zInt.optional(),
  type: z.string().optional(),
});

export const wsOrderAckSchema = z
  .object({ I: zCloid, i: zNullableId, s: z.string().nullish() })
  .transform((d) => ({ clientOrderId: d.I, orderId: d.i }));
