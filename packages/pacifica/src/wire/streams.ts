/** WebSocket stream frames and trading replies. */
import { zDecimal, zInt } from '@dn/core';
import { z } from 'zod';
import { zCloid, zId, zNullableDecimal, zNullableId, zOptDecimal, zSide, zTradeSide } from './fields.js';

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
