import { zBigInt, zDecimal, zDecimalText, zId, zInt } from '@dn/core';
import { z } from 'zod';

/*
 * Wire payloads of Extended (extended.md §2.3–2.5, §3). Responses are parsed losslessly (every JSON numeral is
 * kept as its source text), so prices stay exact decimals and 19-digit int64 ids never pass through a JS number.
 * Unknown fields are dropped; fields a bot relies on are required. Numbers use @dn/core's shared schemas.
 */

/** Optional fields: absent, `null` and `""` all mean "not given" (never a whole-row failure). */
const blankIsAbsent = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optDecimal = z.preprocess(blankIsAbsent, zDecimal.nullish()).transform((v) => v ?? undefined);
const optInt = z.preprocess(blankIsAbsent, zInt.nullish()).transform((v) => v ?? undefined);
const optString = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? undefined : String(v)));

/** `{ status, data, error, pagination }`; `status` compared case-insensitively (docs examples write "ok"). */
export const envelopeSchema = z.object({
  status: z.string(),
  data: z.unknown().optional(),
  error: z
    .object({
      code: z.union([z.string(), z.number()]).nullish(),
      message: z.string().nullish(),
      debugInfo: z.unknown().optional(),
    })
    .nullish(),
  pagination: z.object({ cursor: z.union([z.string(), z.number()]).nullish(), count: optInt }).nullish(),
});
export type ExtendedEnvelope = z.infer<typeof envelopeSchema>;

/** The `{ status, data, error, pagination }` envelope of an answer, or undefined when it is not one. */
export function envelopeOf(data: unknown): ExtendedEnvelope | undefined {
  const r = envelopeSchema.safeParse(data);
  return r.success ? r.data : undefined;
}

// ───────────────────────────── public ─────────────────────────────

export const marketStatsSchema = z.object({
  dailyVolume: optDecimal,
  dailyVolumeBase: optDecimal,
  dailyPriceChange: optDecimal,
  dailyPriceChangePercentage: optDecimal,
  dailyLow: optDecimal,
  dailyHigh: optDecimal,
  lastPrice: optDecimal,
  askPrice: optDecimal,
  bidPrice: optDecimal,
  markPrice: zDecimal,
  indexPrice: optDecimal,
  /** Current 1-hour rate estimate (recomputed every minute). Positive: longs pay. */
  fundingRate: zDecimal,
  /** Epoch ms of the next funding payment, despite the name. */
  nextFundingRate: optInt,
  openInterest: optDecimal,
  openInterestBase: optDecimal,
});
export type ExtendedMarketStats = z.infer<typeof marketStatsSchema>;

export const tradingConfigSchema = z.object({
  minOrderSize: zDecimal,
  /** Quantity step (lot). */
  minOrderSizeChange: zDecimal,
  /** Price tick. */
  minPriceChange: zDecimal,
  maxMarketOrderValue: optDecimal,
  maxLimitOrderValue: optDecimal,
  maxPositionValue: zDecimal,
  maxLeverage: zDecimal,
  maxNumOrders: optDecimal,
  limitPriceCap: optDecimal,
  limitPriceFloor: optDecimal,
  hourlyFundingRateCap: optDecimal,
});
export type ExtendedTradingConfigWire = z.infer<typeof tradingConfigSchema>;

export const l2ConfigSchema = z.object({
  type: z.string().nullish(),
  collateralId: z.string(),
  collateralResolution: zBigInt,
  syntheticId: z.string(),
  syntheticResolution: zBigInt,
});

export const marketSchema = z.object({
  name: z.string(),
  uiName: z.string().nullish(),
  category: z.string().nullish(),
  assetName: z.string(),
  assetPrecision: optInt,
  collateralAssetName: z.string(),
  collateralAssetPrecision: optInt,
  active: z.boolean(),
  /** ACTIVE | REDUCE_ONLY | DELISTED | PRELISTED | DISABLED; absent in older answers (the SDK's test market). */
  status: optString,
  /** PERPETUAL | SPOT (newer API); absent on older responses. */
  type: z.string().nullish(),
  marketStats: marketStatsSchema.nullish(),
  tradingConfig: tradingConfigSchema,
  l2Config: l2ConfigSchema,
});
export type ExtendedMarket = z.infer<typeof marketSchema>;

const levelSchema = z.object({ qty: zDecimal, price: zDecimal });
export const orderBookSchema = z.object({ market: z.string(), bid: z.array(levelSchema), ask: z.array(levelSchema) });
export type ExtendedOrderBook = z.infer<typeof orderBookSchema>;

export const publicTradeSchema = z.object({
  i: zId,
  m: z.string(),
  /** Taker side. */
  S: z.enum(['BUY', 'SELL']),
  /** TRADE | LIQUIDATION | DELEVERAGE. */
  tT: z.string(),
  T: zInt,
  p: zDecimal,
  q: zDecimal,
});
export type ExtendedPublicTrade = z.infer<typeof publicTradeSchema>;

export const candleSchema = z.object({ o: zDecimal, h: zDecimal, l: zDecimal, c: zDecimal, v: optDecimal, T: zInt });
export type ExtendedCandle = z.infer<typeof candleSchema>;

/** An applied hourly funding rate. */
export const fundingRecordSchema = z.object({ m: z.string(), T: zInt, f: zDecimal });
export type ExtendedFundingRecord = z.infer<typeof fundingRecordSchema>;

export const starknetDomainSchema = z.object({
  name: z.string(),
  version: z.string(),
  chainId: z.string(),
  revision: z.union([z.string(), z.number()]).transform((v) => Number(v)),
});

// ───────────────────────────── private ─────────────────────────────

export const accountInfoSchema = z.object({
  accountId: zId,
  description: z.string().nullish(),
  accountIndex: optInt,
  status: z.string().nullish(),
  /** Stark public key of the account. */
  l2Key: z.string(),
  /** Collateral position (vault) id signed into orders. */
  l2Vault: zId,
});
export type ExtendedAccountInfo = z.infer<typeof accountInfoSchema>;

export const balanceSchema = z.object({
  /** Label only (the collateral is USD); absent or empty reads as USD. */
  collateralName: z
    .string()
    .nullish()
    .transform((v) => (v ? v : 'USD')),
  balance: zDecimal,
  equity: zDecimal,
  availableForTrade: zDecimal,
  availableForWithdrawal: optDecimal,
  unrealisedPnl: zDecimal,
  initialMargin: optDecimal,
  marginRatio: optDecimal,
  exposure: optDecimal,
  leverage: optDecimal,
  updatedTime: optInt,
});
export type ExtendedBalance = z.infer<typeof balanceSchema>;

export const positionSchema = z
  .object({
    id: zId,
    accountId: zId.nullish(),
    market: z.string(),
    status: z.string().nullish(),
    side: z.enum(['LONG', 'SHORT']),
    leverage: optDecimal,
    /** Absolute size in base units. */
    size: zDecimal,
    /** Absolute notional in USD. */
    value: zDecimal,
    openPrice: zDecimal,
    markPrice: zDecimal,
    liquidationPrice: optDecimal,
    margin: optDecimal,
    unrealisedPnl: zDecimal,
    realisedPnl: optDecimal,
    tpTriggerPrice: optDecimal,
    tpLimitPrice: optDecimal,
    slTriggerPrice: optDecimal,
    slLimitPrice: optDecimal,
    adl: optDecimal,
    maxPositionSize: optDecimal,
    createdAt: optInt,
    createdTime: optInt,
    updatedAt: optInt,
    updatedTime: optInt,
  })
  // Docs name the timestamps *Time, the SDK and stream *At (extended.md §2.4): accept both.
  .transform(({ createdAt, createdTime, updatedAt, updatedTime, ...p }) => ({
    ...p,
    createdTime: createdTime ?? createdAt,
    updatedTime: updatedTime ?? updatedAt,
  }));
export type ExtendedPosition = z.infer<typeof positionSchema>;

export const positionHistorySchema = z.object({
  id: zId,
  accountId: zId.nullish(),
  market: z.string(),
  side: z.enum(['LONG', 'SHORT']),
  exitType: z.string().nullish(),
  leverage: optDecimal,
  size: zDecimal,
  maxPositionSize: optDecimal,
  openPrice: zDecimal,
  exitPrice: optDecimal,
  realisedPnl: optDecimal,
  createdTime: optInt,
  closedTime: optInt,
});
export type ExtendedPositionHistory = z.infer<typeof positionHistorySchema>;

const triggerSchema = z.object({
  triggerPrice: optDecimal,
  triggerPriceType: z.string().nullish(),
  direction: z.string().nullish(),
  triggerPriceDirection: z.string().nullish(),
  executionPriceType: z.string().nullish(),
});

const tpSlSchema = z.object({
  triggerPrice: optDecimal,
  triggerPriceType: z.string().nullish(),
  price: optDecimal,
  priceType: z.string().nullish(),
  status: z.string().nullish(),
});

export const orderSchema = z
  .object({
    id: zId,
    accountId: zId.nullish(),
    externalId: optString,
    market: z.string(),
    /** LIMIT | MARKET | CONDITIONAL | TPSL | TWAP. */
    type: z.string(),
    side: z.enum(['BUY', 'SELL']),
    /** NEW | UNTRIGGERED | PARTIALLY_FILLED | FILLED | CANCELLED | EXPIRED | REJECTED | TRIGGERED. */
    status: z.string(),
    statusReason: z.string().nullish(),
    price: optDecimal,
    averagePrice: optDecimal,
    qty: zDecimal,
    filledQty: optDecimal,
    cancelledQty: optDecimal,
    reduceOnly: z.boolean().nullish(),
    postOnly: z.boolean().nullish(),
    payedFee: optDecimal,
    createdTime: zInt,
    updatedTime: optInt,
    /** Docs name; the SDK model calls it `expiryTime` (extended.md §7.6): both accepted. */
    expireTime: optInt,
    expiryTime: optInt,
    timeInForce: z.string().nullish(),
    trigger: triggerSchema.nullish(),
    tpSlType: z.string().nullish(),
    takeProfit: tpSlSchema.nullish(),
    stopLoss: tpSlSchema.nullish(),
  })
  .transform(({ expiryTime, expireTime, ...o }) => ({ ...o, expireTime: normalizeMs(expireTime ?? expiryTime) }));
export type ExtendedOrder = z.infer<typeof orderSchema>;

export const tradeSchema = z
  .object({
    id: zId,
    accountId: zId.nullish(),
    market: z.string(),
    orderId: zId,
    /** Client id of the order: `externalOrderId` on the stream, `externalId` on REST rows (errata). */
    externalOrderId: optString,
    externalId: optString,
    side: z.enum(['BUY', 'SELL']),
    price: zDecimal,
    qty: zDecimal,
    value: optDecimal,
    fee: zDecimal,
    isTaker: z.boolean(),
    tradeType: z.string().nullish(),
    createdTime: zInt,
  })
  .transform(({ externalId, externalOrderId, ...t }) => ({
    ...t,
    externalOrderId: externalOrderId ?? externalId ?? undefined,
  }));
export type ExtendedTrade = z.infer<typeof tradeSchema>;

export const fundingPaymentSchema = z.object({
  id: zId,
  accountId: zId.nullish(),
  market: z.string(),
  positionId: zId.nullish(),
  side: z.enum(['LONG', 'SHORT']),
  size: zDecimal,
  value: optDecimal,
  markPrice: optDecimal,
  /**
   * Amount of the payment in collateral. Its sign convention is not settled by any source (README, "Verified
   * against"): the unified amount is derived from `side` and `fundingRate` instead (`toFundingPayment`).
   */
  fundingFee: zDecimal,
  fundingRate: zDecimal,
  paidTime: zInt,
});
export type ExtendedFundingPayment = z.infer<typeof fundingPaymentSchema>;

export const feesSchema = z.object({
  market: z.string(),
  makerFeeRate: zDecimal,
  takerFeeRate: zDecimal,
  builderFeeRate: optDecimal,
});
export type ExtendedFees = z.infer<typeof feesSchema>;

export const leverageSchema = z.object({ market: z.string(), leverage: zDecimal });
export type ExtendedLeverage = z.infer<typeof leverageSchema>;

export const placedOrderSchema = z.object({ id: zId, externalId: z.string() });
export type ExtendedPlacedOrder = z.infer<typeof placedOrderSchema>;

// ───────────────────────────── WebSocket ─────────────────────────────

/** `{ type?, data, ts, seq, error? }` of every v1 stream message; error frames carry `status: "ERROR"` and `error`. */
export const streamEnvelopeSchema = z.object({
  type: z.string().nullish(),
  status: z.string().nullish(),
  data: z.unknown().optional(),
  ts: optInt,
  seq: optInt,
  error: z.unknown().optional(),
});

// Levels stay text: the local book turns them straight into scaled integers (a Decimal per field would cost more
// than the rest of a delta's handling).
const optDecimalText = z.preprocess(blankIsAbsent, zDecimalText.nullish()).transform((v) => v ?? undefined);
const streamLevelSchema = z.object({ p: zDecimalText, q: zDecimalText, c: optDecimalText });
export const streamBookSchema = z.object({
  m: z.string(),
  b: z.array(streamLevelSchema).default([]),
  a: z.array(streamLevelSchema).default([]),
});
export type ExtendedStreamBook = z.infer<typeof streamBookSchema>;

export const streamPriceSchema = z.object({ m: z.string(), p: zDecimal, ts: optInt });

/** Rows of one `/account` message, each list parsed row by row (one bad row never drops the others). */
export interface ExtendedAccountUpdate {
  orders?: ExtendedOrder[] | undefined;
  trades?: ExtendedTrade[] | undefined;
  positions?: ExtendedPosition[] | undefined;
  balance?: ExtendedBalance | undefined;
}

/** A list the venue may send as `null` when empty (never used for positions: a missing list is not "flat"). */
export function listOrNullSchema<T extends z.ZodType>(row: T) {
  return z
    .array(row)
    .nullable()
    .transform((v): z.output<T>[] => v ?? []);
}

/** Zod issues as one line naming each field, e.g. `3.qty: expected a decimal number`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Order expiry is ms; a value below 1e11 can only be seconds (errata), so it is scaled. */
function normalizeMs(v: number | undefined): number | undefined {
  if (v === undefined) return undefined;
  return v > 0 && v < 1e11 ? v * 1000 : v;
}
