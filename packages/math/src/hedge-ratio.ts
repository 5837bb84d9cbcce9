import { alignedCloses, type Candle } from './candles.js';
import { MathInputError } from './errors.js';
import { computeReturns, type ReturnKind } from './returns.js';
import { isConstant, moments } from './stats.js';
import { requireFiniteSeries, requireInteger, requireLength } from './validate.js';

/** Result of a minimum-variance hedge-ratio estimate. Statistics, so plain numbers. */
export interface HedgeRatioResult {
  /**
   * h* = Cov(exposure, hedge) / Var(hedge): units of hedge per unit of exposure that minimise the
   * variance of exposure − h·hedge. A notional ratio when estimated on returns (hedge notional =
   * h* × exposure notional), a quantity ratio when estimated on price differences.
   */
  hedgeRatio: number;
  /** ρ, Pearson correlation of the two series, in [−1, 1]. */
  correlation: number;
  /** R² = ρ² of the regression of exposure on hedge: the share of variance the hedge removes (hedge effectiveness). */
  rSquared: number;
  /** σ of the exposure series per bar (sample, n − 1), in the unit of the observations. */
  exposureVolatility: number;
  /** σ of the hedge series per bar (sample, n − 1), in the unit of the observations. */
  hedgeVolatility: number;
  /** Sample covariance (n − 1) of the two series. */
  covariance: number;
  /** Number of paired observations used. */
  n: number;
}

/** Options shared by the hedge-ratio estimators. */
export interface HedgeRatioOptions {
  /**
   * Fewest paired observations accepted (integer >= 3, default 3). Three is only the mathematical
   * floor for a regression with a residual; production bots should demand far more (e.g. 30+ bars).
   */
  minObservations?: number;
}

/** Options of {@link hedgeRatioFromCandles}. */
export interface HedgeRatioFromCandlesOptions extends HedgeRatioOptions {
  /** How closes become observations; default `'log'`. See {@link ReturnKind}. */
  returns?: ReturnKind;
}

const DEFAULT_MIN_OBSERVATIONS = 3;

/**
 * Minimum-variance hedge ratio from two aligned series of observations (returns or price changes).
 *
 * h* is the OLS slope of `exposure` on `hedge` (Johnson 1960; Ederington 1979; Hull, "Hedging
 * strategies using futures"): h* = ρ·σ_exposure/σ_hedge.
 *
 * @param exposure - per-bar observations of the position being hedged (e.g. ETH log returns)
 * @param hedge - per-bar observations of the hedging instrument over the same bars (e.g. BTC log returns)
 * @param options - see {@link HedgeRatioOptions}
 * @returns h*, ρ, R², σ of each series (per bar), covariance and n
 * @throws {MathInputError} `MATH_SERIES_MISALIGNED` when the lengths differ; `MATH_SERIES_TOO_SHORT` with
 *   fewer than `minObservations` pairs; `MATH_INVALID_PARAMETER` for a non-finite value or a bad option;
 *   `MATH_SERIES_DEGENERATE` when either series has zero variance (h* or ρ undefined)
 *
 * @example
 * ```ts
 * // Hull, Example 3.3: monthly changes in jet-fuel spot (exposure) and heating-oil futures (hedge)
 * const { hedgeRatio, correlation } = hedgeRatioFromReturns(deltaJetFuel, deltaHeatingOil);
 * // hedgeRatio ≈ 0.78, correlation ≈ 0.928
 * ```
 */
export function hedgeRatioFromReturns(
  exposure: readonly number[],
  hedge: readonly number[],
  options: HedgeRatioOptions = {},
): HedgeRatioResult {
  const minObservations = minObservationsOf(options);
  if (exposure.length !== hedge.length) {
    throw new MathInputError(
      'MATH_SERIES_MISALIGNED',
      `Return series have different lengths (${exposure.length} vs ${hedge.length}); they must cover the same bars`,
      { index: Math.min(exposure.length, hedge.length), lengthA: exposure.length, lengthB: hedge.length },
    );
  }
  requireLength('returns', exposure.length, minObservations);
  requireFiniteSeries('exposure', exposure);
  requireFiniteSeries('hedge', hedge);

  if (isConstant(hedge)) {
    throw new MathInputError('MATH_SERIES_DEGENERATE', 'The hedge series has zero variance: h* is undefined', {
      series: 'hedge',
      reason: 'zero variance',
    });
  }
  if (isConstant(exposure)) {
    throw new MathInputError('MATH_SERIES_DEGENERATE', 'The exposure series has zero variance: ρ is undefined', {
      series: 'exposure',
      reason: 'zero variance',
    });
  }
  const m = moments(hedge, exposure);
  const hedgeVolatility = Math.sqrt(m.varianceX);
  const exposureVolatility = Math.sqrt(m.varianceY);
  // Clamp: rounding can push |ρ| a hair past 1 for perfectly collinear input.
  const correlation = Math.max(-1, Math.min(1, m.covariance / (hedgeVolatility * exposureVolatility)));
  return {
    hedgeRatio: m.covariance / m.varianceX,
    correlation,
    rSquared: correlation * correlation,
    exposureVolatility,
    hedgeVolatility,
    covariance: m.covariance,
    n: exposure.length,
  };
}

/**
 * Minimum-variance hedge ratio from two candle series on the same bar times (e.g. ETH on one venue,
 * BTC on another, both 1 h bars).
 *
 * The series must be strictly increasing in time and carry exactly the same timestamps; a gap on
 * one side is an error, never silently re-paired, because pairing different periods biases ρ.
 *
 * @param exposure - candles of the position being hedged; `time` in epoch ms, `close` in quote per unit
 * @param hedge - candles of the hedging instrument, same times as `exposure`
 * @param options - `returns` (default `'log'`) and `minObservations` (returns, i.e. candles − 1; default 3)
 * @returns see {@link HedgeRatioResult}; with `'log'`/`'simple'` returns h* is a notional ratio
 * @throws {MathInputError} `MATH_SERIES_UNORDERED` when a series is not strictly increasing in time;
 *   `MATH_SERIES_MISALIGNED` when lengths or timestamps differ (context has the first bad index);
 *   `MATH_SERIES_TOO_SHORT` with fewer than `minObservations` + 1 candles; `MATH_INVALID_PARAMETER` for a
 *   bad close (non-finite, or <= 0 with log/simple returns); `MATH_SERIES_DEGENERATE` for a flat series
 *
 * @example
 * ```ts
 * const eth = [{ time: 0, close: '2000' }, { time: 3_600_000, close: '2010' }, ...];
 * const btc = [{ time: 0, close: '60000' }, { time: 3_600_000, close: '60100' }, ...];
 * const { hedgeRatio, rSquared } = hedgeRatioFromCandles(eth, btc);
 * const btcNotional = ethNotional.times(hedgeRatio); // short this much BTC per ETH notional held
 * ```
 */
export function hedgeRatioFromCandles(
  exposure: readonly Candle[],
  hedge: readonly Candle[],
  options: HedgeRatioFromCandlesOptions = {},
): HedgeRatioResult {
  const minObservations = minObservationsOf(options);
  const { closesA, closesB } = alignedCloses(exposure, hedge);
  requireLength('candles', closesA.length, minObservations + 1);
  const kind = options.returns ?? 'log';
  return hedgeRatioFromReturns(computeReturns(closesA, kind), computeReturns(closesB, kind), { minObservations });
}

/** The `minObservations` option: a whole number, at least the default (the regression's floor). */
function minObservationsOf(options: HedgeRatioOptions): number {
  return requireInteger(
    'minObservations',
    options.minObservations ?? DEFAULT_MIN_OBSERVATIONS,
    DEFAULT_MIN_OBSERVATIONS,
  );
}
