import { sampleVariance } from './stats.js';
import { invalidParameter, requireFiniteSeries, requireInteger, requireLength, requireNumber } from './validate.js';

/**
 * Sample standard deviation (n − 1, mean removed) of the last `window` returns: the classic
 * historical-volatility estimator (Hull, "Estimating volatility from historical data").
 *
 * @param returns - per-bar returns, oldest first (usually log returns from `computeReturns(closes, 'log')`)
 * @param window - how many of the most recent returns to use (integer >= 2); default all of them
 * @returns σ per bar, in the unit of `returns` (dimensionless for returns). Rescale with {@link rescaleVolatility};
 *   multiply by the mid price for the price-unit σ that Avellaneda–Stoikov and GLFT expect
 * @throws {MathInputError} `MATH_SERIES_TOO_SHORT` with fewer than `window` (or 2) returns;
 *   `MATH_INVALID_PARAMETER` for a non-finite return or a bad window
 *
 * @example
 * ```ts
 * const sigmaDaily = sampleVolatility(computeReturns(dailyCloses, 'log'));
 * const sigmaAnnual = rescaleVolatility(sigmaDaily, 1, 252);
 * ```
 */
export function sampleVolatility(returns: readonly number[], window: number = returns.length): number {
  requireLength('returns', returns.length, 2);
  requireInteger('window', window, 2);
  requireLength('returns', returns.length, window);
  requireFiniteSeries('returns', returns);
  return Math.sqrt(sampleVariance(returns, returns.length - window, returns.length));
}

/**
 * Rolling sample volatility: {@link sampleVolatility} over every trailing window.
 *
 * @param returns - per-bar returns, oldest first
 * @param window - returns per window (integer >= 2)
 * @returns `returns.length − window + 1` values of σ per bar; element i covers returns[i … i + window − 1]
 * @throws {MathInputError} `MATH_SERIES_TOO_SHORT` with fewer than `window` returns;
 *   `MATH_INVALID_PARAMETER` for a non-finite return or a bad window
 */
export function rollingVolatility(returns: readonly number[], window: number): number[] {
  requireInteger('window', window, 2);
  requireLength('returns', returns.length, window);
  requireFiniteSeries('returns', returns);
  const out: number[] = [];
  for (let end = window; end <= returns.length; end++) {
    out.push(Math.sqrt(sampleVariance(returns, end - window, end)));
  }
  return out;
}

function requireDecay(lambda: number): number {
  if (!(typeof lambda === 'number' && lambda > 0 && lambda < 1)) {
    throw invalidParameter('lambda', lambda, 'a number in (0, 1)');
  }
  return lambda;
}

/**
 * One step of the EWMA (RiskMetrics) variance recursion: σ²ₙ = λ·σ²ₙ₋₁ + (1 − λ)·u²ₙ₋₁.
 *
 * Zero-mean by design, as in RiskMetrics and Hull ("Volatility and correlations"): over short bars
 * the mean return is noise, and removing it would make the update depend on the whole history.
 *
 * @param previousVariance - σ²ₙ₋₁, variance per bar (>= 0)
 * @param latestReturn - uₙ₋₁, the return of the bar that just closed
 * @param lambda - decay λ in (0, 1); RiskMetrics uses 0.94 for daily data
 * @returns σ²ₙ, the variance estimate for the next bar
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a negative/non-finite variance or return, or λ outside (0, 1)
 *
 * @example
 * ```ts
 * // Hull: λ = 0.90, σ = 1 % per day, the market moved 2 %: σ² = 0.00013, σ ≈ 1.14 %
 * Math.sqrt(updateEwmaVariance(0.01 ** 2, 0.02, 0.9)); // 0.0114
 * ```
 */
export function updateEwmaVariance(previousVariance: number, latestReturn: number, lambda: number): number {
  requireNumber('previousVariance', previousVariance, 'nonNegative');
  requireNumber('latestReturn', latestReturn);
  requireDecay(lambda);
  return lambda * previousVariance + (1 - lambda) * latestReturn * latestReturn;
}

/** Options of {@link ewmaVolatility}. */
export interface EwmaVolatilityOptions {
  /** Decay λ in (0, 1); default 0.94 (RiskMetrics daily). Higher means a longer memory. */
  lambda?: number;
  /**
   * Variance per bar to start from (>= 0). Default: the first return squared, after which the
   * remaining returns are applied; its weight decays as λ^(n−1), so pass a warm-up estimate
   * (e.g. `sampleVolatility(warmup) ** 2`) when the series is short.
   */
  initialVariance?: number;
}

/**
 * EWMA volatility after consuming a whole return series (zero-mean, see {@link updateEwmaVariance}).
 *
 * @param returns - per-bar returns, oldest first (at least 1)
 * @param options - `lambda` (default 0.94) and `initialVariance`
 * @returns σ per bar for the bar after the last return, in the unit of `returns`
 * @throws {MathInputError} `MATH_SERIES_TOO_SHORT` for an empty series; `MATH_INVALID_PARAMETER` for a
 *   non-finite return, λ outside (0, 1) or a negative `initialVariance`
 */
export function ewmaVolatility(returns: readonly number[], options: EwmaVolatilityOptions = {}): number {
  const lambda = requireDecay(options.lambda ?? 0.94);
  requireLength('returns', returns.length, 1);
  requireFiniteSeries('returns', returns);
  let variance: number;
  let start: number;
  if (options.initialVariance === undefined) {
    variance = returns[0]! * returns[0]!;
    start = 1;
  } else {
    variance = requireNumber('initialVariance', options.initialVariance, 'nonNegative');
    start = 0;
  }
  for (let i = start; i < returns.length; i++) {
    const r = returns[i]!;
    variance = lambda * variance + (1 - lambda) * r * r;
  }
  return Math.sqrt(variance);
}

/**
 * Rescales a volatility between time units under the random-walk assumption σ ∝ √time.
 *
 * @param sigma - volatility per `fromPeriod` (>= 0)
 * @param fromPeriod - length of the period `sigma` is quoted per (> 0, any unit)
 * @param toPeriod - length of the target period (> 0, same unit as `fromPeriod`)
 * @returns σ · √(toPeriod / fromPeriod)
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a negative σ or a non-positive period
 *
 * @example
 * ```ts
 * rescaleVolatility(0.01216, 1, 252);       // daily → annual (252 trading days): 0.193
 * rescaleVolatility(sigma1m, 60_000, 1_000); // per 1-minute bar → per second
 * ```
 */
export function rescaleVolatility(sigma: number, fromPeriod: number, toPeriod: number): number {
  requireNumber('sigma', sigma, 'nonNegative');
  requireNumber('fromPeriod', fromPeriod, 'positive');
  requireNumber('toPeriod', toPeriod, 'positive');
  return sigma * Math.sqrt(toPeriod / fromPeriod);
}
