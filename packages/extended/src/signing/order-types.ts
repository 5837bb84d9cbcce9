import type { OrderSide } from './amounts.js';
import type { DecimalInput } from './decimal.js';
import type { StarknetDomain } from './domain.js';
import type { StarkNoncePool } from './nonce-pool.js';

export type { OrderSide };
export type OrderType = 'LIMIT' | 'MARKET' | 'CONDITIONAL' | 'TPSL';
/** FOK is deprecated by the venue and refused. */
export type TimeInForce = 'GTT' | 'IOC';
export type SelfTradeProtectionLevel = 'DISABLED' | 'ACCOUNT' | 'CLIENT';
export type TriggerPriceType = 'LAST' | 'MARK' | 'INDEX';
export type TriggerDirection = 'UP' | 'DOWN';
export type OrderPriceType = 'LIMIT' | 'MARKET';
/** ORDER: TP/SL for this order's size; POSITION: for the entire position. */
export type TpSlType = 'ORDER' | 'POSITION';

/** `l2Config` of `GET /api/v1/info/markets`: settlement asset ids and resolutions. */
export interface ExtendedL2Config {
  type?: string;
  /** Collateral asset id, 0x-hex felt. */
  collateralId: string;
  /** Collateral units per 1 human unit (e.g. 1000000). */
  collateralResolution: number | string | bigint;
  /** Synthetic asset id, 0x-hex felt. */
  syntheticId: string;
  /** Synthetic units per 1 human unit. */
  syntheticResolution: number | string | bigint;
}

/** Subset of `tradingConfig` that order building needs. */
export interface ExtendedTradingConfig {
  minOrderSize: DecimalInput;
  /** Quantity step (lot). */
  minOrderSizeChange: DecimalInput;
  /** Price tick. */
  minPriceChange: DecimalInput;
  /** Used to size entire-position TP/SL children. */
  maxPositionValue: DecimalInput;
}

/** Market as returned by `GET /api/v1/info/markets` (extra fields are ignored). */
export interface ExtendedMarketConfig {
  /** Venue market name, e.g. "BTC-USD". */
  name: string;
  tradingConfig: ExtendedTradingConfig;
  l2Config: ExtendedL2Config;
}

/** Trading account: vault (`l2Vault`) and Stark keys. */
export interface ExtendedAccount {
  /** Collateral position id (`l2Vault` of `/user/account/info`), u32. */
  vault: number | string | bigint;
  /** Stark private key, hex. Never logged or put into errors. */
  privateKey: string;
  /**
   * Stark public key (`l2Key`), hex. Derived from the private key when omitted (one curve
   * multiplication per order: pass it, e.g. from {@link createExtendedAccount}).
   */
  publicKey?: string;
}

export interface ConditionalTriggerParameters {
  triggerPrice: DecimalInput;
  triggerPriceType: TriggerPriceType;
  direction: TriggerDirection;
  executionPriceType: OrderPriceType;
}

export interface TpSlTriggerParameters {
  triggerPrice: DecimalInput;
  triggerPriceType: TriggerPriceType;
  /** Limit price of the child order; also the price its settlement is signed at. */
  price: DecimalInput;
  priceType: OrderPriceType;
}

export interface BuildOrderParameters {
  market: ExtendedMarketConfig;
  account: ExtendedAccount;
  /** From `GET /api/v1/info/starknet`, or {@link EXTENDED_MAINNET_DOMAIN} / {@link EXTENDED_SEPOLIA_DOMAIN}. */
  domain: StarknetDomain;
  side: OrderSide;
  /** Default LIMIT. MARKET orders must be IOC and carry a worst price (see {@link priceWithSlippage}). */
  type?: OrderType;
  /** Base quantity (multiple of `minOrderSizeChange`). "0" only for an entire-position TPSL order. */
  qty: DecimalInput;
  /** Limit / worst price (multiple of `minPriceChange`). "0" for TPSL orders. */
  price: DecimalInput;
  /** Default GTT. */
  timeInForce?: TimeInForce;
  /** Order expiry in epoch ms (integer). The signed settlement expiration adds 14 days. */
  expiryEpochMillis: number | bigint;
  /** Order nonce, integer in [1, 2^31 − 1] (docs bound); also the signed salt. */
  nonce: number | bigint | string;
  /** Fee rate the user accepts (e.g. "0.0005"), from `GET /user/fees`. Sent as `fee`. */
  fee: DecimalInput;
  /** Builder fee rate; signed in addition to `fee`, sent separately. */
  builderFee?: DecimalInput;
  builderId?: number | bigint | string;
  postOnly?: boolean;
  reduceOnly?: boolean;
  /** Default ACCOUNT. */
  selfTradeProtectionLevel?: SelfTradeProtectionLevel;
  /** Client order id sent as `id`. Default: the decimal order message hash, as the SDK. */
  externalId?: string;
  /** External id of an order this one atomically replaces. */
  cancelId?: string;
  /** Required for CONDITIONAL orders, refused otherwise. */
  trigger?: ConditionalTriggerParameters;
  tpSlType?: TpSlType;
  takeProfit?: TpSlTriggerParameters;
  stopLoss?: TpSlTriggerParameters;
  /**
   * Refuse a price that is not a multiple of `minPriceChange` (venue error 1124). Default true.
   * The official SDK does not check this; its own test fixtures use off-tick prices.
   */
  validatePriceTick?: boolean;
  /**
   * OPT-IN precomputed nonces ({@link StarkNoncePool}): much faster signing, not RFC 6979 deterministic. Absent (the
   * default) or empty: the deterministic signature the official signer produces.
   */
  nonces?: StarkNoncePool;
}

export interface ExtendedSettlementSignature {
  r: string;
  s: string;
}

/** `settlement` object of the order body. */
export interface ExtendedSettlement {
  signature: ExtendedSettlementSignature;
  /** Stark public key, minimal 0x-hex. */
  starkKey: string;
  /** Vault id as a decimal string. */
  collateralPosition: string;
}

/** Signed settlement integers echoed for the venue's debugging (signed values, as the Python SDK). */
export interface ExtendedDebuggingAmounts {
  collateralAmount: string;
  feeAmount: string;
  syntheticAmount: string;
}

export interface ExtendedConditionalTrigger {
  triggerPrice: string;
  triggerPriceType: TriggerPriceType;
  direction: TriggerDirection;
  executionPriceType: OrderPriceType;
}

export interface ExtendedTpSlTrigger {
  triggerPrice: string;
  triggerPriceType: TriggerPriceType;
  price: string;
  priceType: OrderPriceType;
  settlement: ExtendedSettlement;
  debuggingAmounts: ExtendedDebuggingAmounts;
}

/** Body of `POST /api/v1/user/order`. Absent optional fields are omitted (the SDK sends `exclude_none`). */
export interface ExtendedOrderBody {
  id: string;
  market: string;
  type: OrderType;
  side: OrderSide;
  qty: string;
  price: string;
  reduceOnly: boolean;
  postOnly: boolean;
  timeInForce: TimeInForce;
  expiryEpochMillis: number;
  fee: string;
  nonce: string;
  selfTradeProtectionLevel: SelfTradeProtectionLevel;
  cancelId?: string;
  /** Absent for TPSL orders (only their children are settled). */
  settlement?: ExtendedSettlement;
  trigger?: ExtendedConditionalTrigger;
  tpSlType?: TpSlType;
  takeProfit?: ExtendedTpSlTrigger;
  stopLoss?: ExtendedTpSlTrigger;
  debuggingAmounts: ExtendedDebuggingAmounts;
  builderFee?: string;
  builderId?: string;
}

/**
 * What turns order parameters into a signed body: {@link buildOrder} itself, or something that runs it elsewhere
 * (a worker thread) and answers with its result. It must not change what is built.
 */
export type OrderBuilder = (params: BuildOrderParameters) => BuildOrderReturnType | Promise<BuildOrderReturnType>;

export interface BuildOrderReturnType {
  /** JSON body for `POST /api/v1/user/order`. */
  body: ExtendedOrderBody;
  /** Message hash of the order's settlement (0x-hex). Its decimal form is the default `id`. */
  orderHash: string;
  /** `body.id`: the id to track and cancel the order by. */
  externalId: string;
  /** Signed settlement expiration, epoch seconds. */
  settlementExpiration: bigint;
}
