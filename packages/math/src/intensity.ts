import { MathInputError } from './errors.js';
import { isConstant, moments } from './stats.js';
import { requireLength, requireNumber } from './validate.js';

/** How many market orders reached a given distance from the mid during the observation window. */
export interface ArrivalObservation {
  /** δ, distance from the mid in price units (>= 0). */
  distance: number;
  /** Number of arrivals that reached (crossed) δ during the window (>= 0); a count, not a volume. */
  count: number;
}

/** Fitted order-arrival intensity λ(δ) = A·e^(−κδ). */
export interface IntensityFit {
  /** A, arrival rate at the mid, per unit of the `duration` passed to {@link fitIntensity} (e.g. per second). */
  arrivalRate: number;
  /** κ, decay of the arrival rate with distance, in 1/price (> 0). */
  kappa: number;
  /** R² of the regression of ln λ on δ (goodness of the exponential shape, not of the counts). */
  rSquared: number;
  /** Observations used: those with a positive count (ln 0 is undefined). */
  pointsUsed: number;
}

/**
 * Fits λ(δ) = A·e^(−κδ) to arrival counts at several distances by least squares on
 * ln λ(δ) = ln A − κ·δ, as in Avellaneda–Stoikov §2 and Guéant–Lehalle–Fernandez-Tapia.
 *
 * λᵢ = countᵢ / duration. Observations with a zero count are skipped (their log is −∞); this is the
 * usual log-linear fit and it weights every distance equally, so sparse far distances carry as much
 * weight as busy near ones: collect enough arrivals at each distance.
 *
 * @param observations - counts at distances; at least 2 distinct distances with a positive count
 * @param duration - length of the observation window (> 0), in the time unit A should be per (e.g. seconds)
 * @returns A (per time unit of `duration`), κ (1/price), R² and the number of points used
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a negative/non-finite distance or count or a bad
 *   duration; `MATH_SERIES_TOO_SHORT` with fewer than 2 positive counts; `MATH_SERIES_DEGENERATE` when all
 *   distances are equal or the fitted κ is not positive (intensity not decaying with distance)
 *
 * @example
 * ```ts
 * // 10 minutes of trades: how many reached 0, 1, 2, 3 ticks ($0.5 each) from the mid
 * const { arrivalRate, kappa } = fitIntensity(
 *   [{ distance: 0, count: 600 }, { distance: 0.5, count: 300 }, { distance: 1, count: 140 }, { distance: 1.5, count: 75 }],
 *   600,
 * ); // A per second, κ per dollar
 * ```
 */
export function fitIntensity(observations: readonly ArrivalObservation[], duration: number): IntensityFit {
  requireNumber('duration', duration, 'positive');
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i]!;
    const distance = requireNumber(`observations[${i}].distance`, o.distance, 'nonNegative');
    const count = requireNumber(`observations[${i}].count`, o.count, 'nonNegative');
    if (count > 0) {
      x.push(distance);
      y.push(Math.log(count / duration));
    }
  }
  requireLength('observations with a positive count', x.length, 2);
  if (isConstant(x)) {
    throw new MathInputError('MATH_SERIES_DEGENERATE', 'All observations are at the same distance: κ is undefined', {
      series: 'observations',
      reason: 'no spread in distance',
    });
  }
  const m = moments(x, y);
  const slope = m.covariance / m.varianceX;
  if (!(slope < 0)) {
    throw new MathInputError(
      'MATH_SERIES_DEGENERATE',
      `Fitted κ = ${-slope} is not positive: arrivals do not decay with distance, the exponential model does not apply`,
      { series: 'observations', reason: 'non-decaying intensity' },
    );
  }
  const intercept = m.meanY - slope * m.meanX;
  return {
    arrivalRate: Math.exp(intercept),
    kappa: -slope,
    // slope < 0 implies a non-zero covariance, hence varianceY > 0.
    rSquared: (m.covariance * m.covariance) / (m.varianceX * m.varianceY),
    pointsUsed: x.length,
  };
}

/**
 * Evaluates λ(δ) = A·e^(−κδ).
 *
 * @param fit - `arrivalRate` A (per time unit, >= 0) and `kappa` κ (1/price, >= 0)
 * @param distance - δ, distance from the mid in price units (>= 0)
 * @returns expected arrivals per time unit that reach δ
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for negative or non-finite inputs
 */
export function intensityAt(fit: Pick<IntensityFit, 'arrivalRate' | 'kappa'>, distance: number): number {
  const a = requireNumber('arrivalRate', fit.arrivalRate, 'nonNegative');
  const kappa = requireNumber('kappa', fit.kappa, 'nonNegative');
  return a * Math.exp(-kappa * requireNumber('distance', distance, 'nonNegative'));
}
