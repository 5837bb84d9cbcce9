import Decimal from 'decimal.js';
import { InvalidInputError } from '../errors/index.js';

export { Decimal };

/** Anything a user may hand us for an amount. Numbers are accepted only when they are exact integers. */
export type DecimalInput = Decimal | string | bigint | number;

/**
 * Converts user input to a Decimal. Non-integer JS numbers are refused: `0.1 + 0.2` must never reach an order.
 * @throws InvalidInputError on NaN, infinities, non-numeric strings or fractional numbers.
 */
export function toDecimal(value: DecimalInput, field = 'value'): Decimal {
  if (value instanceof Decimal) {
    if (!value.isFinite()) throw new InvalidInputError(`${field} is not finite`, { field, value: value.toString() });
    return value;
  }
  if (typeof value === 'bigint') return new Decimal(value.toString());
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new InvalidInputError(`${field} must be a decimal string, not a fractional JS number`, {
        field,
        value,
        expected: 'decimal string such as "0.001" or a Decimal',
      });
    }
    return new Decimal(value);
  }
  const s = value.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    throw new InvalidInputError(`${field} is not a decimal number`, { field, value, expected: 'decimal string' });
  }
  return new Decimal(s);
}

/** Rounds `value` down to a multiple of `step` (toward zero). */
export function floorToStep(value: Decimal, step: Decimal): Decimal {
  return value.div(step).toDecimalPlaces(0, Decimal.ROUND_DOWN).mul(step);
}

/** Rounds `value` up to a multiple of `step` (away from zero). */
export function ceilToStep(value: Decimal, step: Decimal): Decimal {
  return value.div(step).toDecimalPlaces(0, Decimal.ROUND_UP).mul(step);
}

/** Rounds `value` to the nearest multiple of `step` (half up). */
export function roundToStep(value: Decimal, step: Decimal): Decimal {
  return value.div(step).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).mul(step);
}

/** True when `value` is an exact multiple of `step`. */
export function isMultipleOf(value: Decimal, step: Decimal): boolean {
  return value.mod(step).isZero();
}
