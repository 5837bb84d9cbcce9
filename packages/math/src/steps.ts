import { Decimal } from 'decimal.js';
import { requireAmount } from './validate.js';

/**
 * Rounds down to a multiple of `step` (toward −∞).
 *
 * @param value - amount to round (price or size, any sign)
 * @param step - tick or lot size (> 0), same unit as `value`
 * @returns the largest multiple of `step` that is <= `value`
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a non-finite value or a step <= 0
 *
 * @example
 * ```ts
 * floorToStep('1.2345', '0.01'); // 1.23
 * ```
 */
export function floorToStep(value: Decimal.Value, step: Decimal.Value): Decimal {
  const s = requireAmount('step', step, 'positive');
  return requireAmount('value', value).div(s).floor().mul(s);
}

/**
 * Rounds up to a multiple of `step` (toward +∞).
 *
 * @param value - amount to round (price or size, any sign)
 * @param step - tick or lot size (> 0), same unit as `value`
 * @returns the smallest multiple of `step` that is >= `value`
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a non-finite value or a step <= 0
 */
export function ceilToStep(value: Decimal.Value, step: Decimal.Value): Decimal {
  const s = requireAmount('step', step, 'positive');
  return requireAmount('value', value).div(s).ceil().mul(s);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * Least common multiple of two decimal steps: the finest step that is a multiple of both, so a size
 * rounded to it is valid on both venues even when neither lot divides the other (0.001 and 0.0025 → 0.005).
 *
 * Computed exactly on scaled integers; never with floats.
 *
 * @param stepA - lot (or tick) size on venue A (> 0)
 * @param stepB - lot (or tick) size on venue B (> 0), same unit
 * @returns lcm(stepA, stepB) in the same unit
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a step <= 0 or non-finite
 *
 * @example
 * ```ts
 * commonStep('0.001', '0.0025'); // 0.005
 * commonStep('0.01', '0.001');   // 0.01
 * ```
 */
export function commonStep(stepA: Decimal.Value, stepB: Decimal.Value): Decimal {
  const a = requireAmount('stepA', stepA, 'positive');
  const b = requireAmount('stepB', stepB, 'positive');
  const places = Math.max(a.decimalPlaces(), b.decimalPlaces());
  const scale = new Decimal(10).pow(places);
  const intA = BigInt(a.mul(scale).toFixed(0));
  const intB = BigInt(b.mul(scale).toFixed(0));
  const lcm = (intA / gcd(intA, intB)) * intB;
  return new Decimal(lcm.toString()).div(scale);
}
