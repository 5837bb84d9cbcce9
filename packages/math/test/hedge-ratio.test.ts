import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { type Candle, type HedgeRatioResult, hedgeRatioFromCandles, hedgeRatioFromReturns } from '../src/index.js';
import { catchMathError, errorCode } from './helpers.js';

// J. Hull, Options, Futures, and Other Derivatives, ch. 3 "Hedging strategies using futures",
// Example 3.3 / Table 3.3 (Table 3.2 in some editions): an airline hedges jet fuel with heating-oil
// futures; 15 months of changes per gallon. Hull's sums: ΣΔF = −0.013, ΣΔF² = 0.0138, ΣΔS = 0.003,
// ΣΔS² = 0.0097, ΣΔFΔS = 0.0107; σ_F = 0.0313, σ_S = 0.0263, ρ = 0.928, h* = 0.928 × 0.0263/0.0313 = 0.78.
const heatingOilFutures = [
  0.021, 0.035, -0.046, 0.001, 0.044, -0.029, -0.026, -0.029, 0.048, -0.006, -0.036, -0.011, 0.019, -0.027, 0.029,
];
const jetFuelSpot = [
  0.029, 0.02, -0.044, 0.008, 0.026, -0.019, -0.01, -0.007, 0.043, 0.011, -0.036, -0.018, 0.009, -0.032, 0.023,
];

const HOUR = 3_600_000;

function candles(closes: readonly Decimal.Value[], start = 1_700_000_000_000): Candle[] {
  return closes.map((close, i) => ({ time: start + i * HOUR, close }));
}

/** Each named field of `result` equal to its value to that many decimal digits: `{ field: [value, digits] }`. */
function expectCloseTo(result: HedgeRatioResult, want: Partial<Record<keyof HedgeRatioResult, [number, number]>>) {
  for (const [field, [value, digits]] of Object.entries(want) as [keyof HedgeRatioResult, [number, number]][]) {
    expect(result[field], field).toBeCloseTo(value, digits);
  }
}

/** Price levels whose successive differences are `changes` exactly (decimal accumulation). */
function levelsFromChanges(start: string, changes: readonly number[]): string[] {
  const levels = [new Decimal(start)];
  for (const change of changes) levels.push(levels[levels.length - 1]!.plus(change));
  return levels.map((d) => d.toString());
}

describe('hedgeRatioFromReturns', () => {
  it('reproduces Hull Example 3.3 (h* = 0.78, ρ = 0.928, σ_F = 0.0313, σ_S = 0.0263)', () => {
    const result = hedgeRatioFromReturns(jetFuelSpot, heatingOilFutures);
    expect(result.n).toBe(15);
    expectCloseTo(result, {
      hedgeRatio: [0.78, 2],
      correlation: [0.928, 3],
      hedgeVolatility: [0.0313, 4],
      exposureVolatility: [0.0263, 4],
    });
    // Hedge effectiveness ρ² ≈ 0.86: the hedge removes 86 % of the variance.
    expect(result.rSquared).toBeCloseTo(result.correlation ** 2, 15);
    expect(result.rSquared).toBeCloseTo(0.862, 3);
  });

  it('matches the exact OLS slope from the unrounded sums', () => {
    // h* = (nΣxy − ΣxΣy)/(nΣx² − (Σx)²) with ΣΔFΔS = 0.010693, ΣΔF = −0.013, ΣΔS = 0.003, ΣΔF² = 0.013765:
    // (15·0.010693 + 0.013·0.003) / (15·0.013765 − 0.013²) = 0.160434 / 0.206306
    const result = hedgeRatioFromReturns(jetFuelSpot, heatingOilFutures);
    expect(result.hedgeRatio).toBeCloseTo(0.160434 / 0.206306, 12);
    // Sample covariance = (Σxy − ΣxΣy/n)/(n − 1) = (0.010693 + 0.000039/15)/14
    expect(result.covariance).toBeCloseTo((0.010693 + 0.000039 / 15) / 14, 14);
  });

  it('is not symmetric: regressing the other way gives Cov/Var(S), not 1/h*', () => {
    const reverse = hedgeRatioFromReturns(heatingOilFutures, jetFuelSpot);
    // ρ·σ_F/σ_S ≈ 0.928 × 0.0313/0.0263 ≈ 1.105
    expect(reverse.hedgeRatio).toBeCloseTo(1.1083, 3);
    expect(reverse.correlation).toBeCloseTo(0.928, 3);
  });

  it('gives h* = −1 and ρ = −1 for a perfectly offsetting series', () => {
    const x = [0.01, -0.02, 0.005, 0.03];
    const result = hedgeRatioFromReturns(
      x.map((v) => -v),
      x,
    );
    expect(result.hedgeRatio).toBeCloseTo(-1, 12);
    expect(result.correlation).toBe(-1);
    expect(result.rSquared).toBe(1);
  });

  it('rejects misaligned, short, non-finite and flat input', () => {
    const misaligned = catchMathError(() => hedgeRatioFromReturns([0.1, 0.2, 0.3], [0.1, 0.2]));
    expect(misaligned.code).toBe('MATH_SERIES_MISALIGNED');
    expect(misaligned.context).toMatchObject({ lengthA: 3, lengthB: 2 });
    expect(errorCode(() => hedgeRatioFromReturns([0.1, 0.2], [0.3, 0.1]))).toBe('MATH_SERIES_TOO_SHORT');
    expect(errorCode(() => hedgeRatioFromReturns(jetFuelSpot, heatingOilFutures, { minObservations: 16 }))).toBe(
      'MATH_SERIES_TOO_SHORT',
    );
    expect(errorCode(() => hedgeRatioFromReturns([0.1, Number.NaN, 0.3], [0.1, 0.2, 0.3]))).toBe(
      'MATH_INVALID_PARAMETER',
    );
    const flatHedge = catchMathError(() => hedgeRatioFromReturns([0.1, 0.2, 0.3], [0.05, 0.05, 0.05]));
    expect(flatHedge.code).toBe('MATH_SERIES_DEGENERATE');
    expect(flatHedge.context).toMatchObject({ series: 'hedge' });
    expect(errorCode(() => hedgeRatioFromReturns([0, 0, 0], [0.1, 0.2, 0.3]))).toBe('MATH_SERIES_DEGENERATE');
    expect(errorCode(() => hedgeRatioFromReturns([0.1, 0.2, 0.3], [0.3, 0.1, 0.2], { minObservations: 2 }))).toBe(
      'MATH_INVALID_PARAMETER',
    );
  });
});

describe('hedgeRatioFromCandles', () => {
  // BTC log returns ln 1.1, ln 0.9, ln 1.2; ETH closes are 100·(BTC/100)², so its log returns are exactly 2×.
  const btc = candles(['100', '110', '99', '118.8']);
  const eth = candles(['100', '121', '98.01', '141.1344']);

  it('log returns: h* = 2, ρ = 1 when one asset moves exactly twice the other in log terms', () => {
    const result = hedgeRatioFromCandles(eth, btc);
    expect(result.n).toBe(3);
    expectCloseTo(result, { hedgeRatio: [2, 12], correlation: [1, 12], rSquared: [1, 12] });
    expect(result.exposureVolatility / result.hedgeVolatility).toBeCloseTo(2, 12);
  });

  it('simple returns differ: y = 2x + x² gives h* = 2 + Cov(x², x)/Var(x) = 73/35', () => {
    // x = (0.1, −0.1, 0.2): Σ(x−x̄)(x²−mean x²) = 0.008 − 3·(1/15)·0.02 = 0.004; Σ(x−x̄)² = 0.06 − 3/225 = 7/150.
    const result = hedgeRatioFromCandles(eth, btc, { returns: 'simple' });
    expect(result.hedgeRatio).toBeCloseTo(73 / 35, 12);
    expect(result.correlation).toBeLessThan(1);
  });

  it('price differences reproduce Hull Example 3.3 from price levels', () => {
    const jet = candles(levelsFromChanges('1.5', jetFuelSpot));
    const heatingOil = candles(levelsFromChanges('1.7', heatingOilFutures));
    const result = hedgeRatioFromCandles(jet, heatingOil, { returns: 'difference' });
    expect(result.n).toBe(15);
    expect(result.hedgeRatio).toBeCloseTo(0.160434 / 0.206306, 12);
    expect(result.correlation).toBeCloseTo(0.928, 3);
  });

  it('rejects a timestamp mismatch and names the first bad bar', () => {
    const shifted = eth.map((c, i) => (i === 2 ? { ...c, time: c.time + 60_000 } : c));
    const error = catchMathError(() => hedgeRatioFromCandles(shifted, btc));
    expect(error.code).toBe('MATH_SERIES_MISALIGNED');
    expect(error.context).toMatchObject({ index: 2, timeA: btc[2]!.time + 60_000, timeB: btc[2]!.time });
  });

  it('rejects series of different lengths even when the shared prefix matches', () => {
    const error = catchMathError(() => hedgeRatioFromCandles(eth.slice(0, 3), btc));
    expect(error.code).toBe('MATH_SERIES_MISALIGNED');
    expect(error.context).toMatchObject({ index: 3, lengthA: 3, lengthB: 4 });
  });

  it('rejects series that are not strictly increasing in time', () => {
    const swapped = [btc[0]!, btc[2]!, btc[1]!, btc[3]!];
    const error = catchMathError(() => hedgeRatioFromCandles(swapped, swapped));
    expect(error.code).toBe('MATH_SERIES_UNORDERED');
    expect(error.context).toMatchObject({ series: 'candlesA', index: 2 });
    const duplicate = [btc[0]!, btc[0]!, btc[1]!, btc[2]!];
    expect(errorCode(() => hedgeRatioFromCandles(eth, duplicate))).toBe('MATH_SERIES_UNORDERED');
  });

  it('rejects too few candles: n returns need n + 1 candles', () => {
    const error = catchMathError(() => hedgeRatioFromCandles(eth.slice(0, 3), btc.slice(0, 3)));
    expect(error.code).toBe('MATH_SERIES_TOO_SHORT');
    expect(error.context).toMatchObject({ length: 3, minimum: 4 });
    expect(errorCode(() => hedgeRatioFromCandles([], []))).toBe('MATH_SERIES_TOO_SHORT');
  });

  it('rejects a bad close and a flat hedge series', () => {
    const badClose = candles(['100', '110', '0', '118.8']);
    expect(errorCode(() => hedgeRatioFromCandles(eth, badClose))).toBe('MATH_INVALID_PARAMETER');
    const flat = candles(['50', '50', '50', '50']);
    expect(errorCode(() => hedgeRatioFromCandles(eth, flat))).toBe('MATH_SERIES_DEGENERATE');
  });
});
