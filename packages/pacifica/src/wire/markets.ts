/** Markets: `/info`, `/info/prices`, `/book`, `/kline`, `/trades`, funding-rate history. */
import { Decimal, zDecimal, zInt } from '@dn/core';
import { z } from 'zod';
import { zId, zOptDecimal, zTradeSide } from './fields.js';

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
