import { InvalidInputError } from '@dn/core';
import { I64_MAX, SETTLEMENT_EXPIRATION_BUFFER_SECONDS, U64_MAX } from './constants.js';
import { Dec, type DecimalInput, toDec } from './decimal.js';
import type { IntegerLike } from './felt.js';
import type { StarkOrder } from './order-hash.js';
import type { ExtendedL2Config } from './order-types.js';

export type OrderSide = 'BUY' | 'SELL';

/** Signed settlement integers of one order, as hashed (and echoed in `debuggingAmounts`). */
export interface SettlementAmounts {
  /** Synthetic (base) amount: > 0 for BUY, < 0 for SELL. */
  synthetic: bigint;
  /** Collateral (quote) amount: < 0 for BUY, > 0 for SELL. */
  collateral: bigint;
  /** Maximum fee in collateral units, always ≥ 0. */
  fee: bigint;
}

/** The `Order` a settlement signs: the synthetic is the base asset, the collateral the quote and the fee asset. */
export function settlementOrder(
  l2: Pick<ExtendedL2Config, 'syntheticId' | 'collateralId'>,
  amounts: SettlementAmounts,
  signed: { positionId: IntegerLike; expiration: IntegerLike; salt: IntegerLike },
): StarkOrder {
  return {
    positionId: signed.positionId,
    baseAssetId: l2.syntheticId,
    baseAmount: amounts.synthetic,
    quoteAssetId: l2.collateralId,
    quoteAmount: amounts.collateral,
    feeAssetId: l2.collateralId,
    feeAmount: amounts.fee,
    expiration: signed.expiration,
    salt: signed.salt,
  };
}

export interface SettlementAmountsParameters {
  side: OrderSide;
  qty: DecimalInput;
  price: DecimalInput;
  /** Total fee rate that is signed: the `fee` field plus the builder fee, if any. */
  feeRate: DecimalInput;
  syntheticResolution: bigint;
  collateralResolution: bigint;
}

/**
 * Human order → signed settlement integers, as the official Python SDK
 * (`create_order_settlement_data` + `x10/core/amount.py`):
 * collateral = qty × price (exact), both scaled by their resolution and rounded UP for BUY,
 * DOWN for SELL; fee = ceil(feeRate × collateral × collateralResolution); then the side's
 * outgoing leg is negated.
 * @throws InvalidInputError when an amount does not fit the contract's i64/u64 fields.
 */
export function settlementAmounts(p: SettlementAmountsParameters): SettlementAmounts {
  const qty = toDec(p.qty, 'qty');
  const price = toDec(p.price, 'price');
  const feeRate = toDec(p.feeRate, 'fee');
  const rounding = p.side === 'BUY' ? Dec.ROUND_UP : Dec.ROUND_DOWN;
  const collateralHuman = qty.times(price);
  const synthetic = toBigInt(qty.times(p.syntheticResolution.toString()).toDecimalPlaces(0, rounding));
  const collateral = toBigInt(collateralHuman.times(p.collateralResolution.toString()).toDecimalPlaces(0, rounding));
  const fee = toBigInt(
    feeRate.times(collateralHuman).times(p.collateralResolution.toString()).toDecimalPlaces(0, Dec.ROUND_UP),
  );
  checkRange(synthetic, I64_MAX, 'qty');
  checkRange(collateral, I64_MAX, 'price');
  checkRange(fee, U64_MAX, 'fee');
  return p.side === 'BUY' ? { synthetic, collateral: -collateral, fee } : { synthetic: -synthetic, collateral, fee };
}

/**
 * Settlement expiration in epoch seconds: ceil(expiry / 1000) + 14 days, as the SDK's
 * `calc_settlement_expiration` (the signed expiration outlives the order's own expiry).
 */
export function settlementExpirationSeconds(expiryEpochMillis: bigint): bigint {
  return (expiryEpochMillis + 999n) / 1000n + SETTLEMENT_EXPIRATION_BUFFER_SECONDS;
}

/**
 * Worst acceptable price of a market order, as the SDK's `get_price_with_slippage`:
 * reference × (1 ± slippage), rounded to the tick away from the book (CEILING for BUY, FLOOR for
 * SELL), and never below one tick.
 * @param referencePrice - best ask for a BUY, best bid for a SELL.
 * @param slippage - fraction; the SDK default is 0.0075.
 */
export function priceWithSlippage(
  side: OrderSide,
  referencePrice: DecimalInput,
  minPriceChange: DecimalInput,
  slippage: DecimalInput = '0.0075',
): Dec {
  const ref = toDec(referencePrice, 'referencePrice');
  const tick = toDec(minPriceChange, 'minPriceChange');
  const slip = toDec(slippage, 'slippage');
  if (!ref.isPositive() || ref.isZero()) throw positive('referencePrice', ref);
  if (!tick.isPositive() || tick.isZero()) throw positive('minPriceChange', tick);
  const raw = side === 'BUY' ? ref.times(slip.plus(1)) : ref.times(new Dec(1).minus(slip));
  const rounded = raw.toNearest(tick, side === 'BUY' ? Dec.ROUND_CEIL : Dec.ROUND_FLOOR);
  return Dec.max(tick, rounded);
}

/**
 * Number of decimals of a quantity step as the SDK computes it: −ceil(log10(step))
 * (5 for 0.00001, 0 for 0.5 or 1).
 */
export function quantityPrecision(minOrderSizeChange: DecimalInput): number {
  const step = toDec(minOrderSizeChange, 'minOrderSizeChange');
  // `|| 0` turns −0 (from negating a zero ceiling) into 0.
  return -Dec.log10(step).ceil().toNumber() || 0;
}

/**
 * Size signed into an entire-position (tpSlType POSITION) TP/SL child, as the SDK's
 * `calc_entire_position_size`: maxPositionValue × 50 / price, floored to the quantity precision, so
 * the signed size always exceeds the position at trigger time. The division is rounded to 28
 * significant digits first, like Python's default decimal context.
 */
export function entirePositionSize(
  price: DecimalInput,
  maxPositionValue: DecimalInput,
  minOrderSizeChange: DecimalInput,
): Dec {
  const p = toDec(price, 'price');
  if (!p.isPositive() || p.isZero()) throw positive('price', p);
  const quotient = toDec(maxPositionValue, 'maxPositionValue')
    .times(50)
    .div(p)
    .toSignificantDigits(28, Dec.ROUND_HALF_EVEN);
  return quotient.toNearest(new Dec(10).pow(-quantityPrecision(minOrderSizeChange)), Dec.ROUND_FLOOR);
}

function toBigInt(integral: Dec): bigint {
  return BigInt(integral.toFixed(0));
}

function checkRange(value: bigint, max: bigint, field: string): void {
  if (value > max) {
    throw new InvalidInputError(`${field} too large: the settlement amount does not fit the contract field`, {
      field,
      expected: `scaled amount ≤ ${max}`,
      venue: 'extended',
    });
  }
}

function positive(field: string, value: Dec): InvalidInputError {
  return new InvalidInputError(`${field} must be positive`, {
    field,
    value: value.toFixed(),
    expected: '> 0',
    venue: 'extended',
  });
}
