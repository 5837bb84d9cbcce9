/**
 * The official signer's pre-signing checks (lighter-go `types/txtypes/*.go` `Validate()` and
 * `tx_attributes.go`), so that we refuse exactly what it refuses instead of sending a tx the
 * sequencer rejects.
 */

import { InvalidInputError } from '@dn/core';
import {
  CANCEL_ALL_TIME_IN_FORCE,
  LIMITS,
  MARGIN_MODE,
  ORDER_TYPE,
  SELF_TRADE_BEHAVIOR,
  SELF_TRADE_EQUALITY,
  TIME_IN_FORCE,
  TX_ATTRIBUTE,
  TX_TYPE,
} from './constants.js';
import type { ParsedTx } from './tx-fields.js';
import { ATTRIBUTE_NIL_VALUE } from './tx-hash.js';

function fail(field: string, value: bigint, expected: string, message?: string): never {
  throw new InvalidInputError(message ?? `Invalid Lighter ${field}`, {
    field,
    value: value.toString(),
    expected,
    venue: 'lighter',
  });
}

const ATTRIBUTE_RANGES: Record<number, readonly [bigint, bigint]> = {
  [TX_ATTRIBUTE.INTEGRATOR_ACCOUNT_INDEX]: [0n, LIMITS.MAX_ACCOUNT_INDEX],
  [TX_ATTRIBUTE.INTEGRATOR_TAKER_FEE]: [0n, BigInt(LIMITS.MAX_INTEGRATOR_FEE)],
  [TX_ATTRIBUTE.INTEGRATOR_MAKER_FEE]: [0n, BigInt(LIMITS.MAX_INTEGRATOR_FEE)],
  [TX_ATTRIBUTE.SKIP_TX_NONCE]: [1n, 1n],
  [TX_ATTRIBUTE.CANCEL_ALL_MARKET_INDEX]: [0n, BigInt(LIMITS.NIL_MARKET_INDEX)],
  [TX_ATTRIBUTE.SELF_TRADE_BEHAVIOR_MODE]: [
    BigInt(SELF_TRADE_BEHAVIOR.EXPIRE_MAKER),
    BigInt(SELF_TRADE_BEHAVIOR.REDUCE),
  ],
  [TX_ATTRIBUTE.SELF_TRADE_EQUALITY_MODE]: [
    BigInt(SELF_TRADE_EQUALITY.ACCOUNT_INDEX),
    BigInt(SELF_TRADE_EQUALITY.MASTER_ACCOUNT_INDEX),
  ],
};

function validateAttributes(attrs: Map<number, bigint> | null): void {
  if (attrs === null) return;
  if (attrs.size > LIMITS.MAX_ATTRIBUTES_PER_TX) {
    fail('L2TxAttributes', BigInt(attrs.size), `at most ${LIMITS.MAX_ATTRIBUTES_PER_TX} attributes`);
  }
  for (const [type, value] of attrs) {
    const [min, max] = ATTRIBUTE_RANGES[type]!;
    if (value < min || value > max) fail(`L2TxAttributes.${type}`, value, `${min} … ${max}`);
  }
  const isSet = (type: number): boolean => {
    const v = attrs.get(type);
    return v !== undefined && v !== ATTRIBUTE_NIL_VALUE[type];
  };
  const hasFees = isSet(TX_ATTRIBUTE.INTEGRATOR_TAKER_FEE) || isSet(TX_ATTRIBUTE.INTEGRATOR_MAKER_FEE);
  if (hasFees && !isSet(TX_ATTRIBUTE.INTEGRATOR_ACCOUNT_INDEX)) {
    fail('L2TxAttributes.1', 0n, 'an integrator account index when integrator fees are set');
  }
  const hasSelfTrade = isSet(TX_ATTRIBUTE.SELF_TRADE_BEHAVIOR_MODE) || isSet(TX_ATTRIBUTE.SELF_TRADE_EQUALITY_MODE);
  if (hasSelfTrade && hasFees) {
    fail('L2TxAttributes.6', 0n, 'no self-trade mode together with integrator fees');
  }
  if (
    attrs.get(TX_ATTRIBUTE.SELF_TRADE_BEHAVIOR_MODE) === BigInt(SELF_TRADE_BEHAVIOR.REDUCE) &&
    attrs.get(TX_ATTRIBUTE.SELF_TRADE_EQUALITY_MODE) === BigInt(SELF_TRADE_EQUALITY.MASTER_ACCOUNT_INDEX)
  ) {
    fail('L2TxAttributes.6', BigInt(SELF_TRADE_BEHAVIOR.REDUCE), 'not REDUCE with MASTER_ACCOUNT_INDEX equality');
  }
}

function validateAccount(tx: ParsedTx, allowNilApiKey: boolean): void {
  const account = tx.get('AccountIndex');
  if (account < LIMITS.MIN_ACCOUNT_INDEX || account > LIMITS.MAX_ACCOUNT_INDEX) {
    fail('AccountIndex', account, `${LIMITS.MIN_ACCOUNT_INDEX} … ${LIMITS.MAX_ACCOUNT_INDEX}`);
  }
  const apiKey = tx.get('ApiKeyIndex');
  if (apiKey > BigInt(LIMITS.MAX_API_KEY_INDEX) && !(allowNilApiKey && apiKey === BigInt(LIMITS.NIL_API_KEY_INDEX))) {
    fail('ApiKeyIndex', apiKey, `0 … ${LIMITS.MAX_API_KEY_INDEX}`);
  }
}

function validateNonceAndExpiry(tx: ParsedTx): void {
  const nonce = tx.get('Nonce');
  if (nonce < 0n) fail('Nonce', nonce, '≥ 0');
  const expiredAt = tx.get('ExpiredAt');
  if (expiredAt < 0n || expiredAt > LIMITS.MAX_TIMESTAMP)
    fail('ExpiredAt', expiredAt, `0 … ${LIMITS.MAX_TIMESTAMP} (ms)`);
}

/** Market kind, or fails for an index that is neither perps nor spot. */
function marketKind(tx: ParsedTx): 'perps' | 'spot' {
  const market = tx.get('MarketIndex');
  if (market >= 0n && market <= BigInt(LIMITS.MAX_PERPS_MARKET_INDEX)) return 'perps';
  if (market >= BigInt(LIMITS.MIN_SPOT_MARKET_INDEX) && market <= BigInt(LIMITS.MAX_SPOT_MARKET_INDEX)) return 'spot';
  return fail('MarketIndex', market, 'perps 0 … 254 or spot 2048 … 4094');
}

function validateOrderIndex(tx: ParsedTx): void {
  const index = tx.get('Index');
  if (index < 1n || index > LIMITS.MAX_ORDER_INDEX) {
    fail('Index', index, `a client order index 1 … 2^48 − 1 or an order index 2^48 … ${LIMITS.MAX_ORDER_INDEX}`);
  }
}

function validatePrices(tx: ParsedTx): void {
  const price = tx.get('Price');
  if (price < 1n) fail('Price', price, `1 … ${LIMITS.MAX_ORDER_PRICE}`);
  // TriggerPrice: 0 (none) or 1 … 2^32 − 1 — the uint32 type already guarantees it.
}

function validateCreateOrder(tx: ParsedTx): void {
  const kind = marketKind(tx);
  const clientOrderIndex = tx.get('ClientOrderIndex');
  if (clientOrderIndex !== 0n && (clientOrderIndex < 1n || clientOrderIndex > LIMITS.MAX_CLIENT_ORDER_INDEX)) {
    fail('ClientOrderIndex', clientOrderIndex, `0 (none) or 1 … ${LIMITS.MAX_CLIENT_ORDER_INDEX}`);
  }
  const reduceOnly = tx.get('ReduceOnly');
  const baseAmount = tx.get('BaseAmount');
  if (reduceOnly !== 1n && baseAmount === 0n) fail('BaseAmount', baseAmount, '≥ 1 (0 only with ReduceOnly = 1)');
  if (baseAmount < 0n || baseAmount > LIMITS.MAX_ORDER_BASE_AMOUNT) {
    fail('BaseAmount', baseAmount, `0 … ${LIMITS.MAX_ORDER_BASE_AMOUNT}`);
  }
  validatePrices(tx);
  const isAsk = tx.get('IsAsk');
  if (isAsk !== 0n && isAsk !== 1n) fail('IsAsk', isAsk, '0 (buy) or 1 (sell)');
  const tif = Number(tx.get('TimeInForce'));
  if (
    tif !== TIME_IN_FORCE.IMMEDIATE_OR_CANCEL &&
    tif !== TIME_IN_FORCE.GOOD_TILL_TIME &&
    tif !== TIME_IN_FORCE.POST_ONLY
  ) {
    fail('TimeInForce', BigInt(tif), 'TIME_IN_FORCE: 0 IOC, 1 GTT, 2 post-only');
  }
  if ((reduceOnly !== 0n && reduceOnly !== 1n) || (kind === 'spot' && reduceOnly === 1n)) {
    fail('ReduceOnly', reduceOnly, '0 or 1 (spot markets: 0)');
  }
  const expiry = tx.get('OrderExpiry');
  if (expiry < 0n) fail('OrderExpiry', expiry, '0 or a ms timestamp');
  const trigger = tx.get('TriggerPrice');
  const type = Number(tx.get('Type'));
  const ioc = tif === TIME_IN_FORCE.IMMEDIATE_OR_CANCEL;
  switch (type) {
    case ORDER_TYPE.MARKET:
      if (!ioc) fail('TimeInForce', BigInt(tif), 'IOC (0) for a market order');
      if (expiry !== 0n) fail('OrderExpiry', expiry, '0 for a market order');
      if (trigger !== 0n) fail('TriggerPrice', trigger, '0 for a market order');
      break;
    case ORDER_TYPE.LIMIT:
      if (trigger !== 0n) fail('TriggerPrice', trigger, '0 for a limit order');
      if (ioc && expiry !== 0n) fail('OrderExpiry', expiry, '0 for an IOC limit order');
      if (!ioc && expiry === 0n) fail('OrderExpiry', expiry, 'a ms timestamp for a GTT / post-only order');
      break;
    case ORDER_TYPE.STOP_LOSS:
    case ORDER_TYPE.TAKE_PROFIT:
      if (kind !== 'perps') fail('Type', BigInt(type), 'stop-loss / take-profit on perps markets only');
      if (!ioc) fail('TimeInForce', BigInt(tif), 'IOC (0) for a stop-loss / take-profit market order');
      if (trigger === 0n) fail('TriggerPrice', trigger, 'a trigger price');
      if (expiry === 0n) fail('OrderExpiry', expiry, 'a ms timestamp');
      break;
    case ORDER_TYPE.STOP_LOSS_LIMIT:
    case ORDER_TYPE.TAKE_PROFIT_LIMIT:
      if (kind !== 'perps') fail('Type', BigInt(type), 'stop-loss / take-profit on perps markets only');
      if (trigger === 0n) fail('TriggerPrice', trigger, 'a trigger price');
      if (expiry === 0n) fail('OrderExpiry', expiry, 'a ms timestamp');
      break;
    case ORDER_TYPE.TWAP:
      if (tif !== TIME_IN_FORCE.GOOD_TILL_TIME) fail('TimeInForce', BigInt(tif), 'GTT (1) for a TWAP order');
      if (trigger !== 0n) fail('TriggerPrice', trigger, '0 for a TWAP order');
      if (expiry === 0n) fail('OrderExpiry', expiry, 'a ms timestamp');
      break;
    default:
      fail('Type', BigInt(type), 'ORDER_TYPE 0 … 6');
  }
}

function validateCancelAll(tx: ParsedTx): void {
  const tif = Number(tx.get('TimeInForce'));
  const market = tx.attributes?.get(TX_ATTRIBUTE.CANCEL_ALL_MARKET_INDEX);
  if (
    market !== undefined &&
    tif !== CANCEL_ALL_TIME_IN_FORCE.IMMEDIATE &&
    market !== BigInt(LIMITS.NIL_MARKET_INDEX)
  ) {
    fail('L2TxAttributes.5', market, 'a market-restricted cancel-all must be immediate');
  }
  const time = tx.get('Time');
  switch (tif) {
    case CANCEL_ALL_TIME_IN_FORCE.IMMEDIATE:
    case CANCEL_ALL_TIME_IN_FORCE.ABORT_SCHEDULED:
      if (time !== 0n) fail('Time', time, '0 for an immediate or abort cancel-all');
      break;
    case CANCEL_ALL_TIME_IN_FORCE.SCHEDULED:
      if (time < 1n) fail('Time', time, 'a ms timestamp for a scheduled cancel-all');
      break;
    default:
      fail('TimeInForce', BigInt(tif), 'CANCEL_ALL_TIME_IN_FORCE 0 … 2');
  }
}

function validateModifyOrder(tx: ParsedTx): void {
  marketKind(tx);
  validateOrderIndex(tx);
  const baseAmount = tx.get('BaseAmount');
  if (baseAmount < 0n || baseAmount > LIMITS.MAX_ORDER_BASE_AMOUNT) {
    fail('BaseAmount', baseAmount, `0 … ${LIMITS.MAX_ORDER_BASE_AMOUNT}`);
  }
  validatePrices(tx);
}

function validateUpdateLeverage(tx: ParsedTx): void {
  const market = tx.get('MarketIndex');
  if (market === BigInt(LIMITS.NIL_MARKET_INDEX)) fail('MarketIndex', market, 'a market index other than 255');
  const mode = tx.get('MarginMode');
  if (mode !== BigInt(MARGIN_MODE.CROSS) && mode !== BigInt(MARGIN_MODE.ISOLATED)) {
    fail('MarginMode', mode, '0 (cross) or 1 (isolated)');
  }
  const imf = tx.get('InitialMarginFraction');
  if (imf < 1n || imf > BigInt(LIMITS.MAX_INITIAL_MARGIN_FRACTION)) {
    fail('InitialMarginFraction', imf, `1 … ${LIMITS.MAX_INITIAL_MARGIN_FRACTION} (10000 / leverage)`);
  }
}

/** Applies the official signer's `Validate()` for the tx type; throws InvalidInputError. */
export function validateTx(tx: ParsedTx): void {
  validateAttributes(tx.attributes);
  validateAccount(tx, tx.txType === TX_TYPE.CANCEL_ALL_ORDERS);
  switch (tx.txType) {
    case TX_TYPE.CREATE_ORDER:
      validateCreateOrder(tx);
      break;
    case TX_TYPE.CANCEL_ORDER:
      marketKind(tx);
      validateOrderIndex(tx);
      break;
    case TX_TYPE.CANCEL_ALL_ORDERS:
      validateCancelAll(tx);
      break;
    case TX_TYPE.MODIFY_ORDER:
      validateModifyOrder(tx);
      break;
    case TX_TYPE.UPDATE_LEVERAGE:
      validateUpdateLeverage(tx);
      break;
  }
  validateNonceAndExpiry(tx);
}
