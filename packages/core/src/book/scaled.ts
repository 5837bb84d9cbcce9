import Decimal from 'decimal.js';
import { InvalidInputError } from '../errors/index.js';

/** Largest number of decimals a book scale accepts; beyond this no realistic price fits in 2^53 units. */
export const MAX_BOOK_DECIMALS = 18;

const PLAIN_DECIMAL = /^(\d*)(?:\.(\d*))?$/;
const ANY_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Context for the errors thrown while scaling a value. */
export interface ScaleErrorContext {
  /** `price`, `size`, `tickSize`, … */
  field: string;
  symbol: string | undefined;
  /** When parsing a level of a list: the list (`bids`, `asks`) and the level's index, for `bids[3].price`. */
  list?: string | undefined;
  index?: number | undefined;
}

function fieldName(ctx: ScaleErrorContext): string {
  return ctx.list === undefined ? ctx.field : `${ctx.list}[${ctx.index ?? '?'}].${ctx.field}`;
}

function label(ctx: ScaleErrorContext): string {
  return ctx.symbol ? `${ctx.symbol}: ${fieldName(ctx)}` : fieldName(ctx);
}

/**
 * Normalises a string or Decimal to a plain decimal string (no exponent, no '+'; '-' kept).
 * Plain strings skip decimal.js entirely (hot path); exponents ("1e-5", "0E-8") go through it.
 */
function toPlain(value: string | Decimal, ctx: ScaleErrorContext): string {
  if (typeof value === 'string') {
    if (PLAIN_DECIMAL.test(value) && value !== '' && value !== '.') return value;
    if (!ANY_DECIMAL.test(value)) {
      throw new InvalidInputError(`${label(ctx)} is not a decimal number`, {
        field: fieldName(ctx),
        value,
        expected: 'decimal string such as "0.001"',
      });
    }
    return new Decimal(value).toFixed();
  }
  if (Decimal.isDecimal(value)) {
    if (!value.isFinite()) {
      throw new InvalidInputError(`${label(ctx)} is not finite`, { field: fieldName(ctx), value: value.toString() });
    }
    return value.toFixed();
  }
  throw new InvalidInputError(`${label(ctx)} must be a decimal string or a Decimal`, {
    field: fieldName(ctx),
    value: String(value),
    expected: 'decimal string or Decimal (never a JS float)',
  });
}

/**
 * Parses a decimal into an integer count of `step` units, where one unit is `stepUnits / 10^decimals`.
 * Exact: refuses values off the step, negative values, and results beyond 2^53.
 *
 * @param stepLabel human form of the step for error messages, e.g. "0.1".
 */
export function parseSteps(
  value: string | Decimal,
  decimals: number,
  stepUnits: number,
  stepLabel: string,
  ctx: ScaleErrorContext,
): number {
  const plain = toPlain(value, ctx);
  if (plain.charCodeAt(0) === 45 /* - */) {
    // "-0" and "-0.000" are zero written oddly; anything else is a negative amount.
    if (!/^-0*\.?0*$/.test(plain)) {
      throw new InvalidInputError(`${label(ctx)} must not be negative`, {
        field: fieldName(ctx),
        value: typeof value === 'string' ? value : plain,
        expected: '>= 0',
      });
    }
    return 0;
  }
  const dot = plain.indexOf('.');
  const intPart = dot === -1 ? plain : plain.slice(0, dot);
  let frac = dot === -1 ? '' : plain.slice(dot + 1);
  if (frac.length > decimals) {
    // Digits beyond the scale are allowed only when they are zeros ("0.10" at 1 decimal).
    for (let i = decimals; i < frac.length; i++) {
      if (frac.charCodeAt(i) !== 48) throw offStep(value, stepLabel, ctx);
    }
    frac = frac.slice(0, decimals);
  }
  // Number() of an integer string is correctly rounded, so anything it returns as a safe integer is exact.
  const units = Number(intPart + frac.padEnd(decimals, '0'));
  if (!Number.isSafeInteger(units)) {
    throw new InvalidInputError(`${label(ctx)} is too large for this book's scale`, {
      field: fieldName(ctx),
      value: typeof value === 'string' ? value : plain,
      expected: `at most ${formatUnits(Number.MAX_SAFE_INTEGER, decimals)}`,
    });
  }
  if (stepUnits === 1) return units;
  if (units % stepUnits !== 0) throw offStep(value, stepLabel, ctx);
  return units / stepUnits;
}

function offStep(value: string | Decimal, stepLabel: string, ctx: ScaleErrorContext): InvalidInputError {
  return new InvalidInputError(`${label(ctx)} is not a multiple of ${stepLabel}`, {
    field: fieldName(ctx),
    value: typeof value === 'string' ? value : value.toString(),
    expected: `a multiple of ${stepLabel}`,
  });
}

/** Formats an integer count of 10^-decimals units as a minimal decimal string ("100000.1", "0.00001", "5"). */
export function formatUnits(units: number | bigint, decimals: number): string {
  const negative = units < 0;
  let digits = (negative ? -units : units).toString();
  if (decimals === 0) return negative ? `-${digits}` : digits;
  if (digits.length <= decimals) digits = digits.padStart(decimals + 1, '0');
  const cut = digits.length - decimals;
  let end = digits.length;
  while (end > cut && digits.charCodeAt(end - 1) === 48) end--;
  const out = end === cut ? digits.slice(0, cut) : `${digits.slice(0, cut)}.${digits.slice(cut, end)}`;
  return negative && out !== '0' ? `-${out}` : out;
}

/** Scale of one axis (price or size): decimals, and the step as a multiple of 10^-decimals. */
export interface AxisScale {
  decimals: number;
  /** The step (tick or lot) in units of 10^-decimals. */
  stepUnits: number;
  /** The step as a decimal string, e.g. "0.1". */
  step: string;
  /** Largest step count whose units still fit in 2^53. */
  maxSteps: number;
}

/**
 * Resolves `decimals` and/or `step` (a decimal string) into an AxisScale.
 * With only a step, decimals are the step's own decimals; with both, the step must sit on the decimals grid.
 */
export function resolveAxis(
  name: 'price' | 'size',
  decimals: number | undefined,
  step: string | Decimal | undefined,
  symbol: string | undefined,
): AxisScale {
  const decField = name === 'price' ? 'priceDecimals' : 'sizeDecimals';
  const stepField = name === 'price' ? 'tickSize' : 'lotSize';
  if (decimals === undefined && step === undefined) {
    throw new InvalidInputError(`Order book needs ${decField} or ${stepField}`, {
      field: decField,
      expected: `${decField} (integer 0..${MAX_BOOK_DECIMALS}) or ${stepField} (decimal string)`,
    });
  }
  if (decimals !== undefined && (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_BOOK_DECIMALS)) {
    throw new InvalidInputError(`${decField} must be an integer between 0 and ${MAX_BOOK_DECIMALS}`, {
      field: decField,
      value: decimals,
    });
  }
  if (step === undefined) {
    const d = decimals as number;
    return { decimals: d, stepUnits: 1, step: formatUnits(1, d), maxSteps: Number.MAX_SAFE_INTEGER };
  }
  const ctx = { field: stepField, symbol };
  const plain = toPlain(step, ctx);
  const stepDecimals = new Decimal(plain).decimalPlaces();
  const d = decimals ?? stepDecimals;
  if (stepDecimals > MAX_BOOK_DECIMALS) {
    throw new InvalidInputError(`${stepField} has more than ${MAX_BOOK_DECIMALS} decimals`, {
      field: stepField,
      value: plain,
    });
  }
  if (stepDecimals > d) {
    throw new InvalidInputError(`${stepField} ${plain} is finer than ${decField} ${d}`, {
      field: stepField,
      value: plain,
      expected: `a multiple of ${formatUnits(1, d)}`,
    });
  }
  const stepUnits = parseSteps(plain, d, 1, formatUnits(1, d), ctx);
  if (stepUnits <= 0) {
    throw new InvalidInputError(`${stepField} must be positive`, { field: stepField, value: plain, expected: '> 0' });
  }
  return {
    decimals: d,
    stepUnits,
    step: formatUnits(stepUnits, d),
    maxSteps: Math.floor(Number.MAX_SAFE_INTEGER / stepUnits),
  };
}

/**
 * Parses a non-negative decimal into a bigint count of 10^-decimals units, truncating extra digits.
 * For amounts that are not on a step and may exceed 2^53 units (a quote notional at price × size scale).
 */
export function parseUnitsFloorBig(value: string | Decimal, decimals: number, ctx: ScaleErrorContext): bigint {
  const plain = toPlain(value, ctx);
  if (plain.charCodeAt(0) === 45 /* - */) {
    if (/^-0*\.?0*$/.test(plain)) return 0n;
    throw new InvalidInputError(`${label(ctx)} must not be negative`, {
      field: fieldName(ctx),
      value: typeof value === 'string' ? value : plain,
      expected: '>= 0',
    });
  }
  const dot = plain.indexOf('.');
  const intPart = dot === -1 ? plain : plain.slice(0, dot);
  const frac = dot === -1 ? '' : plain.slice(dot + 1);
  return BigInt(intPart + frac.slice(0, decimals).padEnd(decimals, '0') || '0');
}
