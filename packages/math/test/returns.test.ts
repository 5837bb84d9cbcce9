import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { computeReturns, type ReturnKind } from '../src/index.js';
import { errorCode } from './helpers.js';

describe('computeReturns', () => {
  it('simple returns: 100 → 110 → 99 is +10 % then −10 %', () => {
    const [up, down] = computeReturns(['100', '110', '99'], 'simple');
    expect(up).toBeCloseTo(0.1, 15);
    expect(down).toBeCloseTo(-0.1, 15);
  });

  it('log returns by default: ln(110/100) = 0.0953101798043249', () => {
    const [r] = computeReturns([100, new Decimal('110')]);
    expect(r).toBeCloseTo(0.0953101798043249, 15);
  });

  it('differences are in price units', () => {
    const [a, b] = computeReturns(['20.5', '20.25', '20.9'], 'difference');
    expect(a).toBeCloseTo(-0.25, 15);
    expect(b).toBeCloseTo(0.65, 15);
  });

  it('differences accept zero and negative prices (spreads, basis)', () => {
    expect(computeReturns(['-1', '0', '2'], 'difference')).toEqual([1, 2]);
  });

  it('keeps tiny returns exact by dividing in decimal before converting', () => {
    // 1e-7 / 1.0000001 = 9.9999990000001e-8; in binary floats 1.0000002 − 1.0000001 is off by ~3e-17.
    const [r] = computeReturns(['1.0000001', '1.0000002'], 'simple');
    expect(r).toBeCloseTo(9.9999990000001e-8, 21);
  });

  it('rejects too short, non-positive, malformed and unknown-kind input', () => {
    expect(errorCode(() => computeReturns(['100']))).toBe('MATH_SERIES_TOO_SHORT');
    expect(errorCode(() => computeReturns(['100', '0'], 'log'))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => computeReturns(['-100', '100'], 'simple'))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => computeReturns(['100', 'abc']))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => computeReturns([100, Number.NaN], 'difference'))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => computeReturns(['1', '2'], 'pct' as ReturnKind))).toBe('MATH_INVALID_PARAMETER');
  });
});
