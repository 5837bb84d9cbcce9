import { describe, expect, it } from 'vitest';
import {
  computeReturns,
  ewmaVolatility,
  rescaleVolatility,
  rollingVolatility,
  sampleVolatility,
  updateEwmaVariance,
} from '../src/index.js';
import { errorCode } from './helpers.js';

// J. Hull, Options, Futures, and Other Derivatives, "Estimating volatility from historical data",
// table "Computation of volatility": 21 consecutive daily closes. Hull reports Σu = 0.09531,
// Σu² = 0.00326, s = √(0.00326/19 − 0.09531²/380) = 0.01216 per day and σ = 0.01216·√252 = 0.193 (19.3 %).
const hullCloses = [
  '20.00',
  '20.10',
  '19.90',
  '20.00',
  '20.50',
  '20.25',
  '20.90',
  '20.90',
  '20.90',
  '20.75',
  '20.75',
  '21.00',
  '21.10',
  '20.90',
  '20.90',
  '21.25',
  '21.40',
  '21.40',
  '21.25',
  '21.75',
  '22.00',
];

describe('sampleVolatility', () => {
  it('reproduces Hull’s historical-volatility example (0.01216 per day, 19.3 % per year)', () => {
    const u = computeReturns(hullCloses, 'log');
    expect(u).toHaveLength(20);
    expect(u.reduce((a, b) => a + b, 0)).toBeCloseTo(0.09531, 5);
    expect(u.reduce((a, b) => a + b * b, 0)).toBeCloseTo(0.00326, 5);
    const daily = sampleVolatility(u);
    expect(daily).toBeCloseTo(0.01216, 5);
    expect(rescaleVolatility(daily, 1, 252)).toBeCloseTo(0.193, 3);
  });

  it('uses the n − 1 denominator and only the last `window` returns', () => {
    // [1, 2, 3]: mean 2, squared deviations 1 + 0 + 1 = 2, /(3 − 1) = 1
    expect(sampleVolatility([5, 1, 2, 3], 3)).toBe(1);
    // all four: mean 2.75, squared deviations 5.0625 + 3.0625 + 0.5625 + 0.0625 = 8.75, /3
    expect(sampleVolatility([5, 1, 2, 3])).toBeCloseTo(Math.sqrt(8.75 / 3), 15);
  });

  it('rejects short input, bad windows and non-finite returns', () => {
    expect(errorCode(() => sampleVolatility([0.01]))).toBe('MATH_SERIES_TOO_SHORT');
    expect(errorCode(() => sampleVolatility([0.01, 0.02], 3))).toBe('MATH_SERIES_TOO_SHORT');
    expect(errorCode(() => sampleVolatility([0.01, 0.02, 0.03], 1))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => sampleVolatility([0.01, 0.02, 0.03], 2.5))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => sampleVolatility([0.01, Number.POSITIVE_INFINITY]))).toBe('MATH_INVALID_PARAMETER');
  });
});

describe('rollingVolatility', () => {
  it('returns one σ per trailing window: |Δ|/√2 for windows of two', () => {
    const result = rollingVolatility([1, 2, 3, 5], 2);
    expect(result).toHaveLength(3);
    expect(result[0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(result[1]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(result[2]).toBeCloseTo(Math.SQRT2, 15);
  });

  it('its last element equals sampleVolatility over the same window', () => {
    const u = computeReturns(hullCloses, 'log');
    const rolling = rollingVolatility(u, 10);
    expect(rolling).toHaveLength(11);
    expect(rolling[10]).toBe(sampleVolatility(u, 10));
  });

  it('rejects a window longer than the series', () => {
    expect(errorCode(() => rollingVolatility([0.01, 0.02], 3))).toBe('MATH_SERIES_TOO_SHORT');
    expect(errorCode(() => rollingVolatility([0.01, 0.02], 0))).toBe('MATH_INVALID_PARAMETER');
  });
});

describe('updateEwmaVariance', () => {
  it('reproduces Hull’s EWMA example: λ = 0.90, σ = 1 %, move 2 % → σ² = 0.00013, σ = 1.14 %', () => {
    // J. Hull, "Volatility and correlations", EWMA model: 0.9 × 0.01² + 0.1 × 0.02² = 0.00013
    const variance = updateEwmaVariance(0.01 ** 2, 0.02, 0.9);
    expect(variance).toBeCloseTo(0.00013, 15);
    expect(Math.sqrt(variance)).toBeCloseTo(0.0114, 4);
  });

  it('treats up and down moves alike (zero-mean)', () => {
    expect(updateEwmaVariance(0.0001, -0.02, 0.9)).toBe(updateEwmaVariance(0.0001, 0.02, 0.9));
  });

  it('rejects λ outside (0, 1) and a negative variance', () => {
    expect(errorCode(() => updateEwmaVariance(0.0001, 0.02, 1))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => updateEwmaVariance(0.0001, 0.02, 0))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => updateEwmaVariance(-0.0001, 0.02, 0.9))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => updateEwmaVariance(0.0001, Number.NaN, 0.9))).toBe('MATH_INVALID_PARAMETER');
  });
});

describe('ewmaVolatility', () => {
  it('with an initial variance applies every return (Hull example again)', () => {
    expect(ewmaVolatility([0.02], { lambda: 0.9, initialVariance: 0.0001 })).toBeCloseTo(Math.sqrt(0.00013), 15);
  });

  it('seeds with the first squared return by default', () => {
    // λ = 0.5: seed 0.01² = 0.0001; 0.5·0.0001 + 0.5·0.02² = 0.00025; 0.5·0.00025 + 0.5·0.03² = 0.000575
    expect(ewmaVolatility([0.01, 0.02, -0.03], { lambda: 0.5 })).toBeCloseTo(Math.sqrt(0.000575), 15);
  });

  it('defaults to the RiskMetrics λ = 0.94', () => {
    // 0.94·0.0001 + 0.06·0.0004 = 0.000118
    expect(ewmaVolatility([0.01, 0.02])).toBeCloseTo(Math.sqrt(0.000118), 15);
  });

  it('rejects an empty series, bad λ and a negative initial variance', () => {
    expect(errorCode(() => ewmaVolatility([]))).toBe('MATH_SERIES_TOO_SHORT');
    expect(errorCode(() => ewmaVolatility([0.01], { lambda: 1.5 }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => ewmaVolatility([0.01], { initialVariance: -1 }))).toBe('MATH_INVALID_PARAMETER');
  });
});

describe('rescaleVolatility', () => {
  it('scales with the square root of time', () => {
    expect(rescaleVolatility(0.02, 60_000, 3_600_000)).toBeCloseTo(0.02 * Math.sqrt(60), 15);
    expect(rescaleVolatility(0.5, 4, 1)).toBeCloseTo(0.25, 15);
  });

  it('rejects non-positive periods and negative σ', () => {
    expect(errorCode(() => rescaleVolatility(0.02, 0, 1))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => rescaleVolatility(0.02, 1, -1))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => rescaleVolatility(-0.02, 1, 1))).toBe('MATH_INVALID_PARAMETER');
  });
});
