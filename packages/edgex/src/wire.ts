import { z } from 'zod';

/*
 * Wire payloads of the edgeX REST and WebSocket APIs (OpenAPI spec of the Go SDK @ 5a8c8617, `openapi/api/openapi.yaml`).
 * edgeX sends ids, int64 values, times and decimals as JSON strings; the HTTP transport parses every JSON number
 * as its source text too, so nothing is ever rounded through a double. Objects are `loose`: unknown fields pass
 * through, missing optional ones are undefined. Only what a trading bot reads is declared.
 */

/** A decimal or integer as edgeX sends it: a JSON string (numbers are accepted as their exact text). */
const DECIMAL_TEXT = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** A decimal as text; a JSON number (another writer of the same field) is taken as its shortest text. */
export const wireDecimal = z.union([
  z.string().regex(DECIMAL_TEXT, 'a decimal string'),
  z
    .number()
    .refine(Number.isFinite, 'a finite number')
    .transform((n) => String(n))
    .pipe(z.string().regex(DECIMAL_TEXT, 'a decimal string')),
]);
/** A decimal that may be empty ("" = not set, e.g. no liquidation price). */
export const wireOptDecimal = z.union([wireDecimal, z.literal('')]);
/** A 64-bit id or a ms timestamp, kept as text (19-digit ids do not fit a double). */
export const wireInt = z.union([
  z.string().regex(/^-?\d+$/, 'an integer string'),
  z
    .number()
    .refine(Number.isSafeInteger, 'a safe integer')
    .transform((n) => String(n)),
]);
const wireBool = z.boolean();

/** Every REST answer: `code` is "SUCCESS" or an error code; `data` is the payload. */
export const envelopeSchema = z.looseObject({
  code: z.string(),
  data: z.unknown().optional(),
  msg: z.string().nullish(),
  errorParam: z.record(z.string(), z.unknown()).nullish(),
  requestTime: z.string().nullish(),
  responseTime: z.string().nullish(),
  traceId: z.string().nullish(),
});
export type EdgexEnvelope = z.infer<typeof envelopeSchema>;

/** `{dataList, nextPageOffsetData}`: pass `nextPageOffsetData` as `offsetData` for the next page; "" = last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ dataList: z.array(item), nextPageOffsetData: z.string().nullish() });
}
export interface EdgexPage<T> {
  dataList: T[];
  nextPageOffsetData?: string | null | undefined;
}

export const serverTimeSchema = z.looseObject({ timeMillis: wireInt });

export const riskTierSchema = z.looseObject({
  tier: z.union([z.number(), z.string()]).optional(),
  positionValueUpperBound: wireDecimal.optional(),
  maxLeverage: wireDecimal.optional(),
  maintenanceMarginRate: wireDecimal.optional(),
});

export const contractSchema = z.looseObject({
  contractId: wireInt,
  contractName: z.string(),
  baseCoinId: wireInt.optional(),
  quoteCoinId: wireInt,
  tickSize: wireDecimal,
  stepSize: wireDecimal,
  minOrderSize: wireDecimal,
  maxOrderSize: wireDecimal.optional(),
  maxPositionSize: wireDecimal.optional(),
  maxOrderBuyPriceRatio: wireDecimal.optional(),
  minOrderSellPriceRatio: wireDecimal.optional(),
  defaultTakerFeeRate: wireDecimal,
  defaultMakerFeeRate: wireDecimal,
  defaultLeverage: wireDecimal.optional(),
  displayMaxLeverage: wireDecimal.optional(),
  riskTierList: z.array(riskTierSchema).optional(),
  enableTrade: wireBool,
  enableDisplay: wireBool.optional(),
  enableOpenPosition: wireBool.optional(),
  /** Minutes between funding settlements, per contract (240 = 4 h in the 2025-09 capture). Never assume it. */
  fundingRateIntervalMin: wireInt,
  fundingMaxRate: wireDecimal.optional(),
  fundingMinRate: wireDecimal.optional(),
  fundingInterestRate: wireDecimal.optional(),
  /** V1 (StarkEx) order signing. */
  starkExSyntheticAssetId: z.string().nullish(),
  starkExResolution: z.string().nullish(),
  /** V2 (EIP-712) order signing. */
  resolution: z.string().nullish(),
});
export type EdgexContract = z.infer<typeof contractSchema>;

export const coinSchema = z.looseObject({
  coinId: wireInt,
  coinName: z.string(),
  stepSize: wireDecimal.optional(),
  starkExAssetId: z.string().nullish(),
  starkExResolution: z.string().nullish(),
  resolution: z.string().nullish(),
});
export type EdgexCoin = z.infer<typeof coinSchema>;

export const globalSchema = z.looseObject({
  starkExChainId: z.string().nullish(),
  starkExContractAddress: z.string().nullish(),
  starkExCollateralCoin: z
    .looseObject({
      coinId: z.string().optional(),
      starkExAssetId: z.string().nullish(),
      starkExResolution: z.string().nullish(),
    })
    .optional(),
  nativeChainId: z.string().nullish(),
  chainId: z.string().nullish(),
  contractAddress: z.string().nullish(),
});

export const metadataSchema = z.looseObject({
  global: globalSchema.optional(),
  coinList: z.array(coinSchema),
  contractList: z.array(contractSchema),
});
export type EdgexMetadata = z.infer<typeof metadataSchema>;

export const tickerSchema = z.looseObject({
  contractId: wireInt,
  contractName: z.string().optional(),
  priceChange: wireDecimal.optional(),
  priceChangePercent: wireDecimal.optional(),
  trades: wireInt.optional(),
  /** 24 h volume in base units. */
  size: wireDecimal.optional(),
  /** 24 h turnover in quote (USD). */
  value: wireDecimal.optional(),
  high: wireDecimal.optional(),
  low: wireDecimal.optional(),
  open: wireDecimal.optional(),
  close: wireDecimal.optional(),
  lastPrice: wireOptDecimal.optional(),
  indexPrice: wireOptDecimal.optional(),
  oraclePrice: wireOptDecimal.optional(),
  markPrice: wireOptDecimal.optional(),
  bestBidPrice: wireOptDecimal.optional(),
  bestAskPrice: wireOptDecimal.optional(),
  openInterest: wireDecimal.optional(),
  fundingRate: wireDecimal.optional(),
  fundingTime: wireInt.optional(),
  nextFundingTime: wireInt.optional(),
});
export type EdgexTicker = z.infer<typeof tickerSchema>;

/** A level: `{price, size}` (current docs) or `[price, size]` (older docs). */
export const levelSchema = z.union([
  z.looseObject({ price: wireDecimal, size: wireDecimal }),
  z.tuple([wireDecimal, wireDecimal]),
]);
export type EdgexLevel = z.infer<typeof levelSchema>;

export const depthSchema = z.looseObject({
  startVersion: wireInt.optional(),
  endVersion: wireInt.optional(),
  level: z.union([z.number(), z.string()]).optional(),
  contractId: wireInt,
  contractName: z.string().optional(),
  asks: z.array(levelSchema),
  bids: z.array(levelSchema),
  depthType: z.string().optional(),
});
export type EdgexDepth = z.infer<typeof depthSchema>;

export const klineSchema = z.looseObject({
  klineId: wireInt.optional(),
  contractId: wireInt.optional(),
  klineType: z.string().optional(),
  klineTime: wireInt,
  priceType: z.string().optional(),
  trades: wireInt.optional(),
  size: wireDecimal,
  value: wireDecimal.optional(),
  high: wireDecimal,
  low: wireDecimal,
  open: wireDecimal,
  close: wireDecimal,
});
export type EdgexKline = z.infer<typeof klineSchema>;

export const fundingRateSchema = z.looseObject({
  contractId: wireInt,
  fundingTime: wireInt.optional(),
  fundingTimestamp: wireInt.optional(),
  oraclePrice: wireOptDecimal.optional(),
  /** V2 and the 2026 WS docs; V1 REST rows carry only `oraclePrice` (edgeX's mark). */
  markPrice: wireOptDecimal.optional(),
  indexPrice: wireOptDecimal.optional(),
  fundingRate: wireDecimal,
  /**
   * True on the rate a settlement used; false on the per-minute estimates (`getFundingRatePage` without
   * `filterSettlementFundingRate=true` lists both).
   */
  isSettlement: wireBool.optional(),
  forecastFundingRate: wireOptDecimal.optional(),
  previousFundingRate: wireOptDecimal.optional(),
  previousFundingTimestamp: wireInt.optional(),
  predictedFundingRate: wireOptDecimal.optional(),
  fundingRateIntervalMin: wireInt.optional(),
});
export type EdgexFundingRate = z.infer<typeof fundingRateSchema>;

/** Per-contract overrides write "" for a rate that is not set (V2 docs' getAccountAsset example). */
export const tradeSettingSchema = z.looseObject({
  takerFeeRate: wireOptDecimal.optional(),
  makerFeeRate: wireOptDecimal.optional(),
  /** Whether `maxLeverage` is set at this level (OpenAPI `TradeSetting`: contract → account default → contract config). */
  isSetMaxLeverage: wireBool.optional(),
  /** The leverage `updateLeverageSetting` sets ("0" / "" when not set at this level). */
  maxLeverage: wireOptDecimal.optional(),
});

export const accountSchema = z.looseObject({
  id: wireInt,
  ethAddress: z.string().optional(),
  l2Key: z.string().optional(),
  defaultTradeSetting: tradeSettingSchema.nullish(),
  contractIdToTradeSetting: z.record(z.string(), tradeSettingSchema).nullish(),
  status: z.string().optional(),
  isLiquidating: wireBool.optional(),
});
export type EdgexAccount = z.infer<typeof accountSchema>;

export const collateralSchema = z.looseObject({
  accountId: wireInt.optional(),
  coinId: wireInt,
  /** StarkEx-style cash: deposits − position open values ± fees and funding. */
  amount: wireDecimal,
  cumFillFeeAmount: wireDecimal.optional(),
  cumFundingFeeAmount: wireDecimal.optional(),
});
export type EdgexCollateral = z.infer<typeof collateralSchema>;

export const collateralAssetSchema = z.looseObject({
  coinId: wireInt,
  totalEquity: wireDecimal,
  totalPositionValueAbs: wireDecimal.optional(),
  initialMarginRequirement: wireDecimal.optional(),
  starkExRiskValue: wireDecimal.optional(),
  orderFrozenAmount: wireDecimal.optional(),
  availableAmount: wireDecimal,
});
export type EdgexCollateralAsset = z.infer<typeof collateralAssetSchema>;

export const positionSchema = z.looseObject({
  accountId: wireInt.optional(),
  coinId: wireInt.optional(),
  contractId: wireInt,
  /** Signed: positive long, negative short. */
  openSize: wireDecimal,
  /** Signed open cost (size × entry). */
  openValue: wireDecimal,
  openFee: wireDecimal.optional(),
  fundingFee: wireDecimal.optional(),
  createdTime: wireInt.optional(),
  updatedTime: wireInt.optional(),
});
export type EdgexPosition = z.infer<typeof positionSchema>;

export const positionAssetSchema = z.looseObject({
  contractId: wireInt,
  coinId: wireInt.optional(),
  /** Signed value at the oracle price. */
  positionValue: wireDecimal,
  maxLeverage: wireOptDecimal.optional(),
  initialMarginRequirement: wireOptDecimal.optional(),
  avgEntryPrice: wireOptDecimal,
  liquidatePrice: wireOptDecimal.optional(),
  bankruptPrice: wireOptDecimal.optional(),
  unrealizePnl: wireDecimal,
  termRealizePnl: wireOptDecimal.optional(),
  totalRealizePnl: wireOptDecimal.optional(),
});
export type EdgexPositionAsset = z.infer<typeof positionAssetSchema>;

export const accountAssetSchema = z.looseObject({
  account: accountSchema.optional(),
  collateralList: z.array(collateralSchema),
  positionList: z.array(positionSchema),
  positionAssetList: z.array(positionAssetSchema),
  collateralAssetModelList: z.array(collateralAssetSchema),
  version: wireInt.optional(),
});
export type EdgexAccountAsset = z.infer<typeof accountAssetSchema>;

export const orderSideSchema = z.enum(['BUY', 'SELL']);
export const orderStatusSchema = z.enum(['PENDING', 'OPEN', 'FILLED', 'CANCELING', 'CANCELED', 'UNTRIGGERED']);

export const orderSchema = z.looseObject({
  id: wireInt,
  accountId: wireInt.optional(),
  contractId: wireInt,
  side: orderSideSchema,
  price: wireDecimal,
  size: wireDecimal,
  clientOrderId: z.string().optional(),
  type: z.string(),
  timeInForce: z.string(),
  reduceOnly: wireBool,
  expireTime: wireInt.optional(),
  status: orderStatusSchema,
  cancelReason: z.string().optional(),
  cumFillSize: wireDecimal.optional(),
  cumFillValue: wireDecimal.optional(),
  cumFillFee: wireDecimal.optional(),
  createdTime: wireInt,
  updatedTime: wireInt,
});
export type EdgexOrder = z.infer<typeof orderSchema>;

export const fillSchema = z.looseObject({
  id: wireInt,
  accountId: wireInt.optional(),
  contractId: wireInt,
  orderId: wireInt,
  orderSide: orderSideSchema,
  fillSize: wireDecimal,
  fillValue: wireDecimal,
  fillFee: wireDecimal,
  fillPrice: wireDecimal,
  realizePnl: wireDecimal.optional(),
  /** MAKER or TAKER. */
  direction: z.string(),
  isLiquidate: wireBool.optional(),
  matchTime: wireInt,
  createdTime: wireInt.optional(),
});
export type EdgexFill = z.infer<typeof fillSchema>;

export const positionTransactionSchema = z
  .looseObject({
    id: wireInt,
    accountId: wireInt.optional(),
    contractId: wireInt,
    /** SETTLE_FUNDING_FEE, BUY_POSITION, SELL_POSITION, … */
    type: z.string(),
    deltaOpenSize: wireOptDecimal.optional(),
    deltaFundingFee: wireOptDecimal.optional(),
    fundingTime: wireInt.optional(),
    fundingRate: wireOptDecimal.optional(),
    fundingPositionSize: wireOptDecimal.optional(),
    /** Position size before the transaction (the funding frames of the 2026 WS docs carry it instead of fundingPositionSize). */
    beforeOpenSize: wireOptDecimal.optional(),
    // The 2026 WS docs' SETTLE_FUNDING_FEE rows have fundingTime but no createdTime: either dates the row.
    createdTime: wireInt.optional(),
  })
  .refine((t) => t.createdTime !== undefined || (t.fundingTime !== undefined && t.fundingTime !== '0'), {
    message: 'a position transaction needs createdTime or fundingTime',
    path: ['createdTime'],
  });
export type EdgexPositionTransaction = z.infer<typeof positionTransactionSchema>;

export const createOrderResultSchema = z.looseObject({ orderId: wireInt });
export const cancelResultSchema = z.looseObject({
  /** Per id: SUCCESS, SUCCESS_ORDER_CANCELING, SUCCESS_ORDER_CANCELED, FAILED_ORDER_NOT_FOUND, FAILED_ORDER_FILLED, … */
  cancelResultMap: z.record(z.string(), z.string()).nullish(),
});
export type EdgexCancelResult = z.infer<typeof cancelResultSchema>;

// ─────────────────────────────── WebSocket ───────────────────────────────

/** `{"type":"ping","time":"<ms>"}`; answer `{"type":"pong","time":<same>}`. */
export const wsPingSchema = z.looseObject({ type: z.literal('ping'), time: z.union([z.string(), z.number()]) });

/**
 * One print of `trades.{contractId}` (WS docs 2026-04). `isBuyerMaker` true: the buyer's order rested, so the
 * taker sold; false: the taker bought.
 */
export const wsTradeSchema = z.looseObject({
  ticketId: wireInt.optional(),
  time: wireInt,
  price: wireDecimal,
  size: wireDecimal,
  value: wireDecimal.optional(),
  contractId: wireInt.optional(),
  isBuyerMaker: wireBool,
});
export type EdgexWsTrade = z.infer<typeof wsTradeSchema>;

/** Public push: `content.dataType` is Snapshot / changed / Changed / SNAPSHOT / CHANGED (compare case-insensitively). */
export const wsQuoteEventSchema = z.looseObject({
  type: z.enum(['quote-event', 'payload']),
  channel: z.string(),
  content: z.looseObject({ channel: z.string().optional(), dataType: z.string(), data: z.array(z.unknown()) }),
});
export type EdgexWsQuoteEvent = z.infer<typeof wsQuoteEventSchema>;

export const wsErrorSchema = z.looseObject({
  type: z.literal('error'),
  content: z.looseObject({ code: z.string().optional(), msg: z.string().optional() }).optional(),
});

/** Private push: `content.event` is Snapshot or an *_UPDATE / FUNDING_SETTLEMENT event; empty arrays = unchanged. */
export const wsTradeEventSchema = z.looseObject({
  type: z.literal('trade-event'),
  content: z.looseObject({
    event: z.string(),
    // A string in the V2 docs, a number in the 2026 V1 docs.
    version: z.union([z.string(), z.number()]).optional(),
    data: z.looseObject({
      account: z.array(z.unknown()).optional(),
      collateral: z.array(z.unknown()).optional(),
      position: z.array(z.unknown()).optional(),
      positionTransaction: z.array(z.unknown()).optional(),
      order: z.array(z.unknown()).optional(),
      orderFillTransaction: z.array(z.unknown()).optional(),
    }),
    time: z.union([z.string(), z.number()]).optional(),
  }),
});
export type EdgexWsTradeEvent = z.infer<typeof wsTradeEventSchema>;
