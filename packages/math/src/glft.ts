import { Decimal } from 'decimal.js';
import { buildQuotes, type Quotes } from './quotes.js';
import { requireAmount, requireNumber } from './validate.js';

/**
 * Inputs of the Guéant–Lehalle–Fernandez-Tapia asymptotic quotes. Same unit rules as
 * {@link AvellanedaStoikovParameters}; there is no horizon, and the arrival scale A matters.
 *
 * Amounts (`Decimal.Value` fields) take a Decimal, a decimal string, a bigint or a safe integer;
 * a fractional JS number is refused so that no float ever becomes a price or size.
 */
export interface GlftParameters {
  /** s, mid price (> 0), quote currency per unit. */
  mid: Decimal.Value;
  /**
   * q, signed inventory (long > 0), in units of the model's unit trade. The paper's fills are one
   * unit each, so pass position / orderSize when quoting a fixed order size.
   */
  inventory: Decimal.Value;
  /** γ, risk aversion (> 0), 1/(price × inventory unit). */
  gamma: number;
  /** σ, volatility of the mid (>= 0), price units per √(time unit). */
  sigma: number;
  /** κ, decay of fill intensity with distance (> 0), 1/price. */
  kappa: number;
  /** A, fill intensity at zero distance in λ(δ) = A·e^(−κδ) (> 0), per time unit of σ. */
  arrivalRate: number;
}

/** The two constants of the GLFT closed form. */
export interface GlftCoefficients {
  /** c₁ = (1/γ)·ln(1 + γ/κ): the inventory-independent half-spread, price units. */
  c1: number;
  /** c₂ = √((γ/(2κA))·(1 + γ/κ)^(1 + κ/γ)): c₂·σ is the skew per unit of inventory, in √(time unit). */
  c2: number;
}

/**
 * Constants c₁ and c₂ of the GLFT asymptotic quotes (Guéant, Lehalle & Fernandez-Tapia 2013,
 * closed-form approximation as T → ∞).
 *
 * @param params - `gamma` (> 0, 1/(price × inventory unit)), `kappa` (> 0, 1/price), `arrivalRate` A (> 0, 1/time)
 * @returns c₁ in price units and c₂ in √(time unit)
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a parameter outside its documented range
 */
export function glftCoefficients(params: Pick<GlftParameters, 'gamma' | 'kappa' | 'arrivalRate'>): GlftCoefficients {
  const gamma = requireNumber('gamma', params.gamma, 'positive');
  const kappa = requireNumber('kappa', params.kappa, 'positive');
  const a = requireNumber('arrivalRate', params.arrivalRate, 'positive');
  const ratio = gamma / kappa;
  // (1 + γ/κ)^(1 + κ/γ) through exp/log1p: stays accurate when γ/κ is tiny and the base is ≈ 1.
  const power = Math.exp((1 + 1 / ratio) * Math.log1p(ratio));
  return {
    c1: Math.log1p(ratio) / gamma,
    c2: Math.sqrt((gamma / (2 * kappa * a)) * power),
  };
}

/**
 * GLFT asymptotic (infinite-horizon) quotes, the closed form most implementations use
 * (Guéant, Lehalle & Fernandez-Tapia 2013; Guéant 2016, ch. on market making):
 *
 * - δᵇ = c₁ + ((2q + 1)/2)·c₂·σ, bid = s − δᵇ
 * - δᵃ = c₁ − ((2q − 1)/2)·c₂·σ, ask = s + δᵃ
 *
 * so the half-spread is c₁ + c₂σ/2 and the quotes are centred on s − q·c₂·σ. This is an
 * approximation of the exact solution with an inventory bound |q| <= Q; it does not enforce the bound,
 * so stop quoting the side that would exceed your limit yourself. Round with {@link roundQuotesToTick}.
 *
 * @param params - see {@link GlftParameters}
 * @returns mid, reservation (centre) price, bid, ask, distances from the mid and spread, in quote currency per unit
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a parameter outside its documented range;
 *   `MATH_QUOTE_OUT_OF_RANGE` when the bid would be <= 0 (mis-scaled inputs)
 *
 * @example
 * ```ts
 * // γ = κ = 1 /$, A = 2 /s, σ = 0.5 $/√s: c₁ = ln 2, c₂ = 1
 * const q = glftQuotes({ mid: '100', inventory: '2', gamma: 1, sigma: 0.5, kappa: 1, arrivalRate: 2 });
 * q.reservationPrice; // 100 − 2·1·0.5 = 99
 * q.spread;           // 2·ln 2 + 0.5 ≈ 1.8863
 * ```
 */
export function glftQuotes(params: GlftParameters): Quotes {
  const mid = requireAmount('mid', params.mid, 'positive');
  const q = requireAmount('inventory', params.inventory);
  const sigma = requireNumber('sigma', params.sigma, 'nonNegative');
  const { c1, c2 } = glftCoefficients(params);
  const skewPerUnit = new Decimal(c2 * sigma);
  const base = new Decimal(c1);
  const bidDistance = base.plus(q.mul(2).plus(1).div(2).mul(skewPerUnit));
  const askDistance = base.minus(q.mul(2).minus(1).div(2).mul(skewPerUnit));
  return buildQuotes(mid, mid.minus(q.mul(skewPerUnit)), mid.minus(bidDistance), mid.plus(askDistance));
}
