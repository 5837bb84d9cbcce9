import Decimal from 'decimal.js';
import { invalidInput } from './errors.js';

/** A decimal amount: a decimal.js value or a plain decimal string ("97393.8"). Never a JS number. */
export type DecimalInput = Decimal | string;

/**
 * Exact arithmetic for order amounts. 100 significant digits is far beyond any price × size ×
 * resolution product, so nothing is rounded implicitly; every rounding below is explicit.
 */
export const Exact = Decimal.clone({
  precision: 100,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -100,
  toExpPos: 100,
});

const PLAIN_DECIMAL_RE = /^(0|[1-9]\d*)(\.\d+)?$/;

/**
 * The text that goes on the wire for a decimal input. Strings are kept verbatim (the SDK sends the
 * caller's string, and trailing zeros change `l2Value`'s text); Decimals use `toFixed()`.
 * @throws InvalidInputError for numbers, negatives, exponents and malformed strings.
 */
export function decimalText(value: DecimalInput, field: string): string {
  if (typeof value === 'string') {
    if (!PLAIN_DECIMAL_RE.test(value))
      throw invalidInput(field, 'a plain non-negative decimal string like "97393.8"', value);
    return value;
  }
  if (Decimal.isDecimal(value)) {
    if (!value.isFinite() || value.isNegative())
      throw invalidInput(field, 'a finite non-negative decimal', value.toString());
    return value.toFixed();
  }
  throw invalidInput(field, 'a decimal.js Decimal or a decimal string (never a JS number)', typeof value);
}

/** Digits after the point in a plain decimal text: python `-Decimal(text).as_tuple().exponent`. */
export function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

export function exact(text: string): Decimal {
  return new Exact(text);
}

/** Exact integer value of `d` as bigint; caller has checked `d.isInteger()`. */
export function toBigInt(d: Decimal): bigint {
  return BigInt(d.toFixed(0));
}
