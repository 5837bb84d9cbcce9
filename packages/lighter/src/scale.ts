import { Decimal, InvalidInputError } from '@dn/core';

/**
 * Exact conversion between human decimals and Lighter's integer units
 * (price × 10^price_decimals, size × 10^size_decimals). Never rounds: a value off the grid is an input error,
 * so rounding stays an explicit, visible decision of the caller (floorToStep / ceilToStep first).
 */
export function toScaledInt(value: Decimal, decimals: number, field: string): bigint {
  const scaled = value.mul(new Decimal(10).pow(decimals));
  if (!scaled.isInteger()) {
    throw new InvalidInputError(`${field} has more than ${decimals} decimals`, {
      field,
      value: value.toString(),
      expected: `a multiple of ${new Decimal(10).pow(-decimals).toFixed(decimals)}`,
      venue: 'lighter',
    });
  }
  return BigInt(scaled.toFixed(0));
}

/** `units × 10^-decimals` as an exact Decimal. */
export function fromScaledInt(units: bigint | number | string, decimals: number): Decimal {
  return new Decimal(units.toString()).div(new Decimal(10).pow(decimals));
}

/** 10^-decimals as a Decimal (one tick or one lot). */
export function stepOf(decimals: number): Decimal {
  return new Decimal(10).pow(-decimals);
}

/**
 * Lighter mixes seconds, milliseconds and microseconds per endpoint (lighter.md errata). Normalises any of them to
 * ms by magnitude: a ms timestamp is > 1e12 from Sept 2001 on, a seconds one < 1e11 until year 5138, a µs one > 1e15.
 */
export function toMs(value: number | bigint | string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) return 0;
  if (n >= 1e15) return Math.floor(n / 1000);
  if (n < 1e11) return n * 1000;
  return n;
}

/** An integer id or index (account, order) from a number, bigint or decimal string. @throws InvalidInputError */
export function parseIndex(v: number | bigint | string, field: string): bigint {
  const s = String(v);
  if (!/^-?\d+$/.test(s)) {
    throw new InvalidInputError(`${field} must be an integer`, { field, value: s, venue: 'lighter' });
  }
  return BigInt(s);
}
