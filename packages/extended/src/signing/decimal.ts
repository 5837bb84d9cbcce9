import { InvalidInputError } from '@dn/core';
import Decimal from 'decimal.js';

/**
 * Decimal constructor used for every human amount. 100 significant digits keeps qty × price ×
 * resolution exact for any realistic order (the default 20 would round silently). Inputs created
 * with another Decimal clone are copied digit for digit.
 */
export const Dec = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -100, toExpPos: 100 });
export type Dec = InstanceType<typeof Dec>;

/** Human amount input: a decimal string or a decimal.js instance. JS numbers are refused (floats). */
export type DecimalInput = string | Decimal;

const DECIMAL_STRING_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a human amount.
 * @throws InvalidInputError for numbers, NaN/Infinity, hex or anything not a plain decimal.
 */
export function toDec(value: unknown, field: string): Dec {
  if (typeof value === 'string' && DECIMAL_STRING_RE.test(value.trim())) return new Dec(value.trim());
  if (Decimal.isDecimal(value) && value.isFinite()) return new Dec(value);
  throw new InvalidInputError(`${field} must be a decimal string or Decimal`, {
    field,
    value: typeof value === 'number' ? value : String(value),
    expected: 'decimal string (e.g. "0.001") or Decimal; JS numbers are refused to avoid float rounding',
    venue: 'extended',
  });
}

/** Plain decimal notation without exponent or trailing zeros ("0.001", "50375"). */
export function formatDec(value: Dec): string {
  return value.toFixed();
}
