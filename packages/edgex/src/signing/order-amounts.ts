import type Decimal from 'decimal.js';
import { U64_MAX } from './constants.js';
import { type DecimalInput, decimalPlaces, decimalText, Exact, exact, toBigInt } from './decimal.js';
import { type IntegerLike, parseUint } from './encoding.js';
import { invalidInput } from './errors.js';
import type { EdgexOrderParams, TimeInForce } from './types.js';

const TIME_IN_FORCE: readonly TimeInForce[] = ['GOOD_TIL_CANCEL', 'FILL_OR_KILL', 'IMMEDIATE_OR_CANCEL', 'POST_ONLY'];

/** Contract grid and scaling shared by V1 and V2. */
export interface AmountScale {
  tickSize: DecimalInput;
  stepSize?: DecimalInput;
  feeRate: DecimalInput;
  syntheticResolution: IntegerLike;
  collateralResolution: IntegerLike;
}

/** Body strings and the scaled integers that are signed. */
export interface L2Amounts {
  /** Body `price`: the limit price text, "0" for MARKET. */
  price: string;
  size: string;
  timeInForce: TimeInForce;
  reduceOnly: boolean;
  l2Value: string;
  l2Size: string;
  l2LimitFee: string;
  amountSynthetic: bigint;
  amountCollateral: bigint;
  amountFee: bigint;
}

function positive(text: string, field: string): Decimal {
  const d = exact(text);
  if (d.lte(0)) throw invalidInput(field, 'a positive decimal', text);
  return d;
}

function resolution(value: IntegerLike, field: string): bigint {
  const r = parseUint(value, field, U64_MAX);
  if (r === 0n) throw invalidInput(field, 'a positive resolution', value);
  return r;
}

/**
 * Turns a human order into the L2 amounts the official SDKs sign:
 * - amountSynthetic = size × syntheticResolution (must be exact: a size off that grid is refused
 *   rather than truncated, so l2Size always equals what is signed);
 * - l2Value = l2Price × size, written with as many decimals as price and size together (python
 *   Decimal product text, e.g. "864.1950"); amountCollateral = l2Value × collateralResolution;
 * - l2LimitFee = ceil(l2Price × size × feeRate) in whole collateral units; amountFee = l2LimitFee ×
 *   collateralResolution.
 * When l2Value × resolution is not an integer (more decimals than the collateral has), the value is
 * rounded up for BUY and down for SELL, the direction that keeps the signed price at least as good
 * as the order price, and the rounded text is what goes in l2Value.
 * @throws InvalidInputError for any malformed, off-grid or out-of-range input.
 */
export function computeL2Amounts(order: EdgexOrderParams, scale: AmountScale): L2Amounts {
  if (order.side !== 'BUY' && order.side !== 'SELL') throw invalidInput('side', 'BUY or SELL', order.side);
  if (order.type !== 'LIMIT' && order.type !== 'MARKET') throw invalidInput('type', 'LIMIT or MARKET', order.type);
  const reduceOnly = order.reduceOnly ?? false;
  if (typeof reduceOnly !== 'boolean') throw invalidInput('reduceOnly', 'a boolean', reduceOnly);

  const sizeText = decimalText(order.size, 'size');
  const size = positive(sizeText, 'size');
  const tickText = decimalText(scale.tickSize, 'tickSize');
  const tick = positive(tickText, 'tickSize');
  if (scale.stepSize !== undefined) {
    const step = positive(decimalText(scale.stepSize, 'stepSize'), 'stepSize');
    if (!size.mod(step).isZero()) throw invalidInput('size', `a multiple of stepSize ${step.toFixed()}`, sizeText);
  }

  let timeInForce: TimeInForce;
  let bodyPrice: string;
  let l2PriceText: string;
  if (order.type === 'LIMIT') {
    timeInForce = order.timeInForce ?? 'GOOD_TIL_CANCEL';
    if (!TIME_IN_FORCE.includes(timeInForce)) throw invalidInput('timeInForce', TIME_IN_FORCE.join(' | '), timeInForce);
    if (order.price === undefined) throw invalidInput('price', 'a limit price for a LIMIT order');
    bodyPrice = decimalText(order.price, 'price');
    if (!positive(bodyPrice, 'price').mod(tick).isZero()) {
      throw invalidInput('price', `a multiple of tickSize ${tickText}`, bodyPrice);
    }
    l2PriceText = bodyPrice;
  } else {
    timeInForce = order.timeInForce ?? 'IMMEDIATE_OR_CANCEL';
    if (timeInForce !== 'IMMEDIATE_OR_CANCEL') {
      throw invalidInput('timeInForce', 'IMMEDIATE_OR_CANCEL for a MARKET order', timeInForce);
    }
    if (order.price !== undefined) {
      throw invalidInput('price', 'no price for a MARKET order (use a LIMIT IOC order to bound the price)');
    }
    bodyPrice = '0';
    if (order.side === 'BUY') {
      if (order.oraclePrice === undefined) throw invalidInput('oraclePrice', 'the oracle price for a MARKET BUY');
      const oracle = positive(decimalText(order.oraclePrice, 'oraclePrice'), 'oraclePrice');
      const dp = decimalPlaces(tickText);
      l2PriceText = oracle.times(10).toDecimalPlaces(dp, Exact.ROUND_HALF_EVEN).toFixed(dp);
    } else {
      l2PriceText = tickText;
    }
  }

  const synthRes = resolution(scale.syntheticResolution, 'syntheticResolution');
  const collRes = resolution(scale.collateralResolution, 'collateralResolution');

  const scaledSize = size.times(synthRes.toString());
  if (!scaledSize.isInteger()) {
    throw invalidInput('size', `a multiple of 1/${synthRes} (the contract's L2 resolution)`, sizeText);
  }

  const value = exact(l2PriceText).times(size);
  let l2Value = value.toFixed(decimalPlaces(l2PriceText) + decimalPlaces(sizeText));
  let scaledValue = value.times(collRes.toString());
  if (!scaledValue.isInteger()) {
    scaledValue = scaledValue.toDecimalPlaces(0, order.side === 'BUY' ? Exact.ROUND_CEIL : Exact.ROUND_FLOOR);
    const rounded = scaledValue.div(collRes.toString());
    if (!rounded.times(collRes.toString()).eq(scaledValue)) {
      throw invalidInput('collateralResolution', 'a power of ten', scale.collateralResolution);
    }
    l2Value = rounded.toFixed();
  }
  const amountCollateral = toBigInt(scaledValue);
  if (amountCollateral === 0n) throw invalidInput('size', 'an order worth at least one collateral unit', sizeText);

  const feeRateText = decimalText(scale.feeRate, 'feeRate');
  const limitFee = value.times(feeRateText).toDecimalPlaces(0, Exact.ROUND_CEIL);

  return {
    price: bodyPrice,
    size: sizeText,
    timeInForce,
    reduceOnly,
    l2Value,
    l2Size: sizeText,
    l2LimitFee: limitFee.toFixed(0),
    amountSynthetic: toBigInt(scaledSize),
    amountCollateral,
    amountFee: toBigInt(limitFee.times(collRes.toString())),
  };
}

/** Parses a positive account id into its decimal text. */
export function accountIdText(accountId: IntegerLike): string {
  const id = parseUint(accountId, 'accountId', U64_MAX);
  if (id === 0n) throw invalidInput('accountId', 'a positive account id', accountId);
  return id.toString();
}

export function clientOrderIdText(clientOrderId: string): string {
  if (typeof clientOrderId !== 'string' || clientOrderId.length === 0) {
    throw invalidInput('clientOrderId', 'a non-empty string (unique per order)', clientOrderId);
  }
  return clientOrderId;
}
