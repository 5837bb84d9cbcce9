import { zBigInt, zDecimal, zId, zInt } from '@dn/core';
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
export const zEnvelope = z.object({
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
export type ExtendedEnvelope = z.infer<typeof zEnvelope>;

// ───────────────────────────── public ─────────────────────────────

export const zMarketStats = z.object({
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
export type ExtendedMarketStats = z.infer<typeof zMarketStats>;

export const zTradingConfig = z.object({
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
export type ExtendedTradingConfigWire = z.infer<typeof zTradingConfig>;

export const zL2Config = z.object({
  type: z.string().nullish(),
  collateralId: z.string(),
  collateralResolution: zBigInt,
  syntheticId: z.string(),
  syntheticResolution: zBigInt,
});

export const zMarket = z.object({
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
  marketStats: zMarketStats.nullish(),
  tradingConfig: zTradingConfig,
  l2Config: zL2Config,
});
export type ExtendedMarket = z.infer<typeof zMarket>;

const zLevel = z.object({ qty: zDecimal, price: zDecimal });
export const zOrderBook = z.object({ market: z.string(), bid: z.array(zLevel), ask: z.array(zLevel) });
export type ExtendedOrderBook = z.infer<typeof zOrderBook>;

export const zPublicTrade = z.object({
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
export type ExtendedPublicTrade = z.infer<typeof zPublicTrade>;

export const zCandle = z.object({ o: zDecimal, h: zDecimal, l: zDecimal, c: zDecimal, v: optDecimal, T: zInt });
export type ExtendedCandle = z.infer<typeof zCandle>;

/** An applied hourly funding rate. */
export const zFundingRecord = z.object({ m: z.string(), T: zInt, f: zDecimal });
export type ExtendedFundingRecord = z.infer<typeof zFundingRecord>;

export const zStarknetDomain = z.object({
  name: z.string(),
  version: z.string(),
  chainId: z.string(),
  revision: z.union([z.string(), z.number()]).transform((v) => Number(v)),
});

// ───────────────────────────── private ─────────────────────────────

export const zAccountInfo = z.object({
  accountId: zId,
  description: z.string().nullish(),
  accountIndex: optInt,
  status: z.string().nullish(),
  /** Stark public key of the account. */
  l2Key: z.string(),
  /** Collateral position (vault) id signed into orders. */
  l2Vault: zId,
});
export type ExtendedAccountInfo = z.infer<typeof zAccountInfo>;

export const zBalance = z.object({
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
export type ExtendedBalance = z.infer<typeof zBalance>;

export const zPosition = z
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
export type ExtendedPosition = z.infer<typeof zPosition>;

export const zPositionHistory = z.object({
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
export type ExtendedPositionHistory = z.infer<typeof zPositionHistory>;

const zTrigger = z.object({
  triggerPrice: optDecimal,
  triggerPriceType: z.string().nullish(),
  direction: z.string().nullish(),
  triggerPriceDirection: z.string().nullish(),
  executionPriceType: z.string().nullish(),
});

const zTpSl = z.object({
  triggerPrice: optDecimal,
  triggerPriceType: z.string().nullish(),
  price: optDecimal,
  priceType: z.string().nullish(),
  status: z.string().nullish(),
});

export const zOrder = z
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
    trigger: zTrigger.nullish(),
    tpSlType: z.string().nullish(),
    takeProfit: zTpSl.nullish(),
    stopLoss: zTpSl.nullish(),
  })
  .transform(({ expiryTime, expireTime, ...o }) => ({ ...o, expireTime: normalizeMs(expireTime ?? expiryTime) }));
export type ExtendedOrder = z.infer<typeof zOrder>;

export const zTrade = z
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
export type ExtendedTrade = z.infer<typeof zTrade>;

export const zFundingPayment = z.object({
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
export type ExtendedFundingPayment = z.infer<typeof zFundingPayment>;

export const zFees = z.object({
  market: z.string(),
  makerFeeRate: zDecimal,
  takerFeeRate: zDecimal,
  builderFeeRate: optDecimal,
});
export type ExtendedFees = z.infer<typeof zFees>;

export const zLeverage = z.object({ market: z.string(), leverage: zDecimal });
export type ExtendedLeverage = z.infer<typeof zLeverage>;

export const zPlacedOrder = z.object({ id: zId, externalId: z.string() });
export type ExtendedPlacedOrder = z.infer<typeof zPlacedOrder>;

// ───────────────────────────── WebSocket ─────────────────────────────

/** `{ type?, data, ts, seq, error? }` of every v1 stream message; error frames carry `status: "ERROR"` and `error`. */
export const zStreamEnvelope = z.object({
  type: z.string().nullish(),
  status: z.string().nullish(),
  data: z.unknown().optional(),
  ts: optInt,
  seq: optInt,
  error: z.unknown().optional(),
});

const zStreamLevel = z.object({ p: zDecimal, q: zDecimal, c: optDecimal });
export const zStreamBook = z.object({
  m: z.string(),
  b: z.array(zStreamLevel).default([]),
  a: z.array(zStreamLevel).default([]),
});
export type ExtendedStreamBook = z.infer<typeof zStreamBook>;

export const zStreamPrice = z.object({ m: z.string(), p: zDecimal, ts: optInt });

/** Rows of one `/account` message, each list parsed row by row (one bad row never drops the others). */
export interface ExtendedAccountUpdate {
  orders?: ExtendedOrder[] | undefined;
  trades?: ExtendedTrade[] | undefined;
  positions?: ExtendedPosition[] | undefined;
  balance?: ExtendedBalance | undefined;
}

/** A list the venue may send as `null` when empty (never used for positions: a missing list is not "flat"). */
export function zListOrNull<T extends z.ZodType>(row: T) {
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
