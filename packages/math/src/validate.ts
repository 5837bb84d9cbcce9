import { Decimal } from 'decimal.js';
import { MathInputError } from './errors.js';

// Internal guards shared by the public functions. Not exported from the package: each public
// function documents its own ranges, these only enforce them with one error shape.

type Range = 'finite' | 'positive' | 'nonNegative';

const expectedText: Record<Range, string> = {
  finite: 'a finite number',
  positive: 'a finite number > 0',
  nonNegative: 'a finite number >= 0',
};

export function invalidParameter(parameter: string, value: unknown, expected: string): MathInputError {
  return new MathInputError(
    'MATH_INVALID_PARAMETER',
    `Invalid ${parameter}: expected ${expected}, got ${String(value)}`,
    {
      parameter,
      value,
      expected,
    },
  );
}

function inRange(sign: number, range: Range): boolean {
  if (range === 'positive') return sign > 0;
  if (range === 'nonNegative') return sign >= 0;
  return true;
}

export function requireNumber(parameter: string, value: number, range: Range = 'finite'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(Math.sign(value), range)) {
    throw invalidParameter(parameter, value, expectedText[range]);
  }
  return value;
}

export function requireInteger(parameter: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw invalidParameter(parameter, value, `an integer >= ${minimum}`);
  }
  return value;
}

/** Parses a decimal input; a malformed string or a non-finite value is an input error, not a DecimalError. */
export function requireDecimal(parameter: string, value: Decimal.Value, range: Range = 'finite'): Decimal {
  let parsed: Decimal;
  try {
    parsed = new Decimal(value);
  } catch {
    throw invalidParameter(parameter, value, expectedText[range]);
  }
  if (!parsed.isFinite() || !inRange(parsed.isZero() ? 0 : parsed.s, range)) {
    throw invalidParameter(parameter, value, expectedText[range]);
  }
  return parsed;
}

export function requireFiniteSeries(series: string, values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw invalidParameter(`${series}[${i}]`, value, 'a finite number');
    }
  }
}

export function requireLength(series: string, length: number, minimum: number): void {
  if (length < minimum) {
    throw new MathInputError(
      'MATH_SERIES_TOO_SHORT',
      `${series} has ${length} observations; at least ${minimum} are needed`,
      { series, length, minimum },
    );
  }
}

/**
 * Like {@link requireDecimal} for money (prices, sizes, fees, rates, margin): a fractional JS number is
 * refused, as in @dn/core's toDecimal, because a float such as 0.1 + 0.2 must never become an amount.
 * Safe integers are exact and allowed.
 */
export function requireAmount(parameter: string, value: Decimal.Value, range: Range = 'finite'): Decimal {
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isSafeInteger(value)) {
    throw invalidParameter(
      parameter,
      value,
      'a decimal string or Decimal (fractional JS numbers are refused for amounts)',
    );
  }
  return requireDecimal(parameter, value, range);
}
