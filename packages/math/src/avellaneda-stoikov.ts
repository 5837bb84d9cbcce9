import { Decimal } from 'decimal.js';
import { buildQuotes, type Quotes } from './quotes.js';
import { requireAmount, requireNumber } from './validate.js';

/**
 * Inputs of the Avellaneda–Stoikov (2008) quotes.
 *
 * Units must agree, or the quotes are nonsense (the classic A–S bug): pick a price unit and a time
 * unit, then σ is in price/√time, κ in 1/price, γ in 1/(price × inventory unit), q in inventory units
 * and T − t in time units. A σ of log returns must be multiplied by the mid to be in price units.
 *
 * Amounts (`Decimal.Value` fields) take a Decimal, a decimal string, a bigint or a safe integer;
 * a fractional JS number is refused so that no float ever becomes a price or size.
 */
export interface AvellanedaStoikovParameters {
  /** s, mid price (> 0), quote currency per unit. */
  mid: Decimal.Value;
  /**
   * q, signed inventory (long > 0), in the inventory unit γ was calibrated for. The paper's fills are
   * one unit each; we use base-asset units by convention (pass position / orderSize if γ is per order).
   */
  inventory: Decimal.Value;
  /** γ, risk aversion (> 0), 1/(price × inventory unit). */
  gamma: number;
  /** σ, volatility of the mid (>= 0), price units per √(time unit). */
  sigma: number;
  /** κ, decay of fill intensity with distance in λ(δ) = A·e^(−κδ) (> 0), 1/price. */
  kappa: number;
  /** T − t, time left to the horizon (>= 0), in the time unit of σ. */
  timeToHorizon: number;
}

/**
 * Reservation (indifference) price r = s − q·γ·σ²·(T − t) (Avellaneda & Stoikov 2008, eq. for r(s,q,t)).
 *
 * @param params - `mid`, `inventory`, `gamma`, `sigma`, `timeToHorizon`; see {@link AvellanedaStoikovParameters}
 * @returns r in quote currency per unit: below the mid when long, above when short
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a parameter outside its documented range
 *
 * @example
 * ```ts
 * avellanedaStoikovReservationPrice({ mid: '100', inventory: '2', gamma: 0.1, sigma: 2, timeToHorizon: 0.5 });
 * // 100 − 2·0.1·4·0.5 = 99.6
 * ```
 */
export function avellanedaStoikovReservationPrice(
  params: Pick<AvellanedaStoikovParameters, 'mid' | 'inventory' | 'gamma' | 'sigma' | 'timeToHorizon'>,
): Decimal {
  const mid = requireAmount('mid', params.mid, 'positive');
  const q = requireAmount('inventory', params.inventory);
  const gamma = requireNumber('gamma', params.gamma, 'positive');
  const sigma = requireNumber('sigma', params.sigma, 'nonNegative');
  const tau = requireNumber('timeToHorizon', params.timeToHorizon, 'nonNegative');
  return mid.minus(q.mul(new Decimal(gamma * sigma * sigma * tau)));
}

/**
 * Optimal total spread δᵃ + δᵇ = γ·σ²·(T − t) + (2/γ)·ln(1 + γ/κ).
 *
 * This is the paper's first-order approximation in inventory (Avellaneda & Stoikov 2008, §3.3),
 * independent of q; the quotes are placed symmetrically around the reservation price.
 *
 * @param params - `gamma`, `sigma`, `kappa`, `timeToHorizon`; see {@link AvellanedaStoikovParameters}
 * @returns the total spread (ask − bid) in price units, > 0
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a parameter outside its documented range
 */
export function avellanedaStoikovSpread(
  params: Pick<AvellanedaStoikovParameters, 'gamma' | 'sigma' | 'kappa' | 'timeToHorizon'>,
): Decimal {
  const gamma = requireNumber('gamma', params.gamma, 'positive');
  const sigma = requireNumber('sigma', params.sigma, 'nonNegative');
  const kappa = requireNumber('kappa', params.kappa, 'positive');
  const tau = requireNumber('timeToHorizon', params.timeToHorizon, 'nonNegative');
  // log1p keeps precision when γ/κ is small (low risk aversion, deep book).
  return new Decimal(gamma * sigma * sigma * tau + (2 / gamma) * Math.log1p(gamma / kappa));
}

/**
 * Avellaneda–Stoikov bid and ask: r ∓ (δᵃ + δᵇ)/2.
 *
 * Finite-horizon model: as T − t → 0 the inventory skew vanishes. For quoting that runs
 * indefinitely prefer {@link glftQuotes}. Round the result with {@link roundQuotesToTick}.
 *
 * @param params - see {@link AvellanedaStoikovParameters}
 * @returns mid, reservation price, bid, ask, distances from the mid and spread, in quote currency per unit
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a parameter outside its documented range;
 *   `MATH_QUOTE_OUT_OF_RANGE` when the bid would be <= 0 (mis-scaled inputs)
 *
 * @example
 * ```ts
 * // The paper's §4 simulation parameters: s = 100, σ = 2, γ = 0.1, κ = 1.5, T = 1, at t = 0 with q = 0
 * const quotes = avellanedaStoikovQuotes({ mid: '100', inventory: '0', gamma: 0.1, sigma: 2, kappa: 1.5, timeToHorizon: 1 });
 * quotes.spread; // 0.4 + 20·ln(1 + 0.1/1.5) ≈ 1.6908
 * ```
 */
export function avellanedaStoikovQuotes(params: AvellanedaStoikovParameters): Quotes {
  const mid = requireAmount('mid', params.mid, 'positive');
  const reservationPrice = avellanedaStoikovReservationPrice(params);
  const halfSpread = avellanedaStoikovSpread(params).div(2);
  return buildQuotes(mid, reservationPrice, reservationPrice.minus(halfSpread), reservationPrice.plus(halfSpread));
}
