import { InvalidInputError } from '@dn/core';
import { EXTENDED_ORDER_RULES } from '../config.js';
import { U32_MAX } from './constants.js';
import { Dec, toDec } from './decimal.js';
import type {
  BuildOrderParameters,
  ConditionalTriggerParameters,
  ExtendedMarketConfig,
  OrderSide,
  OrderType,
  SelfTradeProtectionLevel,
  TimeInForce,
  TpSlTriggerParameters,
  TpSlType,
} from './order-types.js';

const VENUE = 'extended';
const NONCE_MAX = 2n ** 31n - 1n;
/** Guard against a rate given in percent or bps: no venue fee comes near 10 %. */
const MAX_FEE_RATE = new Dec('0.1');

/** Parameters after validation, in exact types. */
export interface NormalizedOrder {
  side: OrderSide;
  type: OrderType;
  qty: Dec;
  price: Dec;
  timeInForce: TimeInForce;
  expiryEpochMillis: bigint;
  nonce: bigint;
  fee: Dec;
  builderFee: Dec | undefined;
  builderId: string | undefined;
  postOnly: boolean;
  reduceOnly: boolean;
  selfTradeProtectionLevel: SelfTradeProtectionLevel;
  vault: bigint;
  syntheticResolution: bigint;
  collateralResolution: bigint;
  tpSlType: TpSlType | undefined;
}

/**
 * Checks a human order before anything is signed, with the SDK's own rules (market ⇒ IOC and not
 * post-only, conditional ⇒ trigger, TPSL ⇒ reduce-only, price 0, …) plus the venue's size/tick
 * rules so an order the venue would refuse is never signed.
 * @throws InvalidInputError naming the offending field.
 */
export function validateOrder(p: BuildOrderParameters): NormalizedOrder {
  const side = oneOf(p.side, ['BUY', 'SELL'] as const, 'side');
  const type = oneOf(p.type ?? 'LIMIT', ['LIMIT', 'MARKET', 'CONDITIONAL', 'TPSL'] as const, 'type');
  const timeInForce = oneOf(p.timeInForce ?? 'GTT', ['GTT', 'IOC'] as const, 'timeInForce');
  const selfTradeProtectionLevel = oneOf(
    p.selfTradeProtectionLevel ?? 'ACCOUNT',
    ['DISABLED', 'ACCOUNT', 'CLIENT'] as const,
    'selfTradeProtectionLevel',
  );
  const tpSlType = p.tpSlType === undefined ? undefined : oneOf(p.tpSlType, ['ORDER', 'POSITION'] as const, 'tpSlType');
  const postOnly = bool(p.postOnly, 'postOnly');
  const reduceOnly = bool(p.reduceOnly, 'reduceOnly');
  const qty = toDec(p.qty, 'qty');
  const price = toDec(p.price, 'price');
  const { market } = p;
  const trading = market.tradingConfig;
  const step = positiveDec(trading.minOrderSizeChange, 'market.tradingConfig.minOrderSizeChange');
  const tick = positiveDec(trading.minPriceChange, 'market.tradingConfig.minPriceChange');
  const minSize = toDec(trading.minOrderSize, 'market.tradingConfig.minOrderSize');

  if (type === 'MARKET') {
    if (timeInForce !== 'IOC') fail('MARKET orders must be IOC', 'timeInForce', timeInForce, 'IOC');
    if (postOnly) fail('MARKET orders cannot be post-only', 'postOnly', postOnly, 'false');
  }
  if (type === 'CONDITIONAL') {
    if (p.trigger === undefined) fail('CONDITIONAL orders need a trigger', 'trigger', undefined, 'trigger object');
    validateConditionalTrigger(p.trigger);
  } else if (p.trigger !== undefined) {
    fail('trigger is only allowed on CONDITIONAL orders', 'trigger', type, 'type CONDITIONAL');
  }
  if ((p.takeProfit !== undefined || p.stopLoss !== undefined) && tpSlType === undefined) {
    fail('tpSlType is required with takeProfit/stopLoss', 'tpSlType', undefined, 'ORDER | POSITION');
  }

  if (type === 'TPSL') {
    if (!reduceOnly) fail('TPSL orders must be reduce-only', 'reduceOnly', reduceOnly, 'true');
    if (postOnly) fail('TPSL orders cannot be post-only', 'postOnly', postOnly, 'false');
    if (tpSlType === undefined) fail('TPSL orders need tpSlType', 'tpSlType', undefined, 'ORDER | POSITION');
    if (p.takeProfit === undefined && p.stopLoss === undefined) {
      fail('TPSL orders need takeProfit and/or stopLoss', 'takeProfit', undefined, 'trigger object');
    }
    if (!price.isZero()) fail('price must be 0 for TPSL orders', 'price', price.toFixed(), '0');
    if (tpSlType === 'POSITION') {
      if (!qty.isZero()) fail('qty must be 0 for entire-position TPSL orders', 'qty', qty.toFixed(), '0');
    } else {
      checkQty(qty, step, minSize, reduceOnly);
    }
  } else {
    checkQty(qty, step, minSize, reduceOnly);
    if (!price.isPositive() || price.isZero()) fail('price must be positive', 'price', price.toFixed(), '> 0');
    if (p.validatePriceTick !== false) checkTick(price, tick, 'price');
  }
  for (const [field, child] of [
    ['takeProfit', p.takeProfit],
    ['stopLoss', p.stopLoss],
  ] as const) {
    if (child !== undefined) validateTpSlTrigger(child, field, tick, p.validatePriceTick !== false);
  }

  optionalId(p.externalId, 'externalId');
  optionalId(p.cancelId, 'cancelId');
  const fee = toDec(p.fee, 'fee');
  checkFeeRate(fee, 'fee');
  const builderFee = p.builderFee === undefined ? undefined : toDec(p.builderFee, 'builderFee');
  if (builderFee !== undefined) checkFeeRate(builderFee, 'builderFee');
  if (builderFee !== undefined && fee.plus(builderFee).greaterThan(MAX_FEE_RATE)) {
    fail('fee + builderFee too large', 'builderFee', builderFee.toFixed(), `fee + builderFee ≤ ${MAX_FEE_RATE}`);
  }

  return {
    side,
    type,
    qty,
    price,
    timeInForce,
    expiryEpochMillis: integer(p.expiryEpochMillis, 'expiryEpochMillis', 1n, BigInt(Number.MAX_SAFE_INTEGER)),
    nonce: integer(p.nonce, 'nonce', 1n, NONCE_MAX),
    fee,
    builderFee,
    builderId: p.builderId === undefined ? undefined : integer(p.builderId, 'builderId', 0n, 2n ** 63n - 1n).toString(),
    postOnly,
    reduceOnly,
    selfTradeProtectionLevel,
    vault: integer(p.account.vault, 'account.vault', 0n, U32_MAX),
    syntheticResolution: resolution(market, 'syntheticResolution'),
    collateralResolution: resolution(market, 'collateralResolution'),
    tpSlType,
  };
}

function validateConditionalTrigger(t: ConditionalTriggerParameters): void {
  positiveDec(t.triggerPrice, 'trigger.triggerPrice');
  oneOf(t.triggerPriceType, ['LAST', 'MARK', 'INDEX'] as const, 'trigger.triggerPriceType');
  oneOf(t.direction, ['UP', 'DOWN'] as const, 'trigger.direction');
  oneOf(t.executionPriceType, ['LIMIT', 'MARKET'] as const, 'trigger.executionPriceType');
}

function validateTpSlTrigger(t: TpSlTriggerParameters, field: string, tick: Dec, checkTicks: boolean): void {
  positiveDec(t.triggerPrice, `${field}.triggerPrice`);
  const price = positiveDec(t.price, `${field}.price`);
  if (checkTicks) checkTick(price, tick, `${field}.price`);
  oneOf(t.triggerPriceType, ['LAST', 'MARK', 'INDEX'] as const, `${field}.triggerPriceType`);
  oneOf(t.priceType, ['LIMIT', 'MARKET'] as const, `${field}.priceType`);
}

function checkQty(qty: Dec, step: Dec, minSize: Dec, reduceOnly: boolean): void {
  if (!qty.isPositive() || qty.isZero()) fail('qty must be positive', 'qty', qty.toFixed(), '> 0');
  if (!qty.mod(step).isZero())
    fail('qty is not a multiple of the lot size', 'qty', qty.toFixed(), `multiple of ${step}`);
  // A reduce-only close may be dust (EXTENDED_ORDER_RULES states the venue rule and its source).
  const minimumApplies = !(reduceOnly && EXTENDED_ORDER_RULES.reduceOnlyMinimums === 'waived');
  if (minimumApplies && qty.lessThan(minSize))
    fail('qty is below the minimum order size', 'qty', qty.toFixed(), `≥ ${minSize}`);
}

function checkTick(price: Dec, tick: Dec, field: string): void {
  if (!price.mod(tick).isZero())
    fail(`${field} is not on the price tick`, field, price.toFixed(), `multiple of ${tick}`);
}

function checkFeeRate(rate: Dec, field: string): void {
  if (rate.isNegative() || rate.greaterThan(MAX_FEE_RATE)) {
    fail(`${field} rate out of range`, field, rate.toFixed(), `fraction in [0, ${MAX_FEE_RATE}] (0.0005 = 5 bps)`);
  }
}

function positiveDec(value: unknown, field: string): Dec {
  const d = toDec(value, field);
  if (!d.isPositive() || d.isZero()) fail(`${field} must be positive`, field, d.toFixed(), '> 0');
  return d;
}

function resolution(market: ExtendedMarketConfig, key: 'syntheticResolution' | 'collateralResolution'): bigint {
  return integer(market.l2Config[key], `market.l2Config.${key}`, 1n, 10n ** 18n);
}

function integer(value: unknown, field: string, min: bigint, max: bigint): bigint {
  let n: bigint | undefined;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === 'string' && /^\d+$/.test(value)) n = BigInt(value);
  if (n === undefined || n < min || n > max) {
    fail(`${field} must be an integer in [${min}, ${max}]`, field, safeValue(value), `integer in [${min}, ${max}]`);
  }
  return n;
}

function oneOf<const T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(`Invalid ${field}`, field, safeValue(value), allowed.join(' | '));
}

function bool(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  return fail(`${field} must be a boolean`, field, safeValue(value), 'boolean');
}

function optionalId(value: unknown, field: string): void {
  if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
    fail(`${field} must be a non-empty string`, field, safeValue(value), 'non-empty string');
  }
}

function safeValue(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function fail(message: string, field: string, value: unknown, expected: string): never {
  throw new InvalidInputError(message, { field, value, expected, venue: VENUE });
}
