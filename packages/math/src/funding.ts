import type { Decimal } from 'decimal.js';
import { requireAmount, requireDecimal } from './validate.js';

// Sign convention everywhere: a positive funding rate means longs pay shorts. Rates and costs are
// fractions of notional (0.0001 = 1 bp = 0.01 %); APRs are simple annual fractions (0.5 = 50 %).
// Funding is paid into margin and does not compound into position size, hence simple APR.
// Rates, fees, costs and APRs are amounts: a fractional JS number is refused (pass strings or Decimals);
// hours are durations and may be plain numbers.

/** Hours in a (365-day) year: the annualisation factor for hourly funding. */
export const HOURS_PER_YEAR = 8760;

/**
 * Normalises a per-interval funding rate to one hour.
 *
 * @param rate - funding rate per interval, fraction of notional (positive = longs pay shorts)
 * @param intervalHours - the venue's funding interval in hours (> 0). Required on purpose: venues pay
 *   every 1 h, 4 h or 8 h, and a silently assumed interval misstates APR by up to 8×
 * @returns rate per hour, fraction of notional
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a non-finite rate or intervalHours <= 0
 */
export function hourlyFundingRate(rate: Decimal.Value, intervalHours: Decimal.Value): Decimal {
  return requireAmount('rate', rate).div(requireDecimal('intervalHours', intervalHours, 'positive'));
}

/**
 * Annualises a per-interval funding rate: APR = rate × 8760 / intervalHours (×8760 for 1 h, ×2190 for 4 h,
 * ×1095 for 8 h). This is the APR a short receives (a long pays it) when the rate is positive.
 *
 * @param rate - funding rate per interval, fraction of notional (positive = longs pay shorts)
 * @param intervalHours - the venue's funding interval in hours (> 0), never defaulted
 * @returns simple APR, fraction per year
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a non-finite rate or intervalHours <= 0
 *
 * @example
 * ```ts
 * fundingApr('0.0001', 8); // 0.1095 (10.95 %)
 * fundingApr('0.0001', 1); // 0.876  (87.6 %)
 * ```
 */
export function fundingApr(rate: Decimal.Value, intervalHours: Decimal.Value): Decimal {
  return hourlyFundingRate(rate, intervalHours).mul(HOURS_PER_YEAR);
}

/** A venue's current funding rate and its interval. */
export interface FundingLeg {
  /** Funding rate per interval, fraction of notional (positive = longs pay shorts). */
  rate: Decimal.Value;
  /** Funding interval in hours (> 0), required. */
  intervalHours: Decimal.Value;
}

/** Funding APRs of a long/short pair, each from the point of view of our position. */
export interface PairFundingApr {
  /** What the long leg earns per year: −APR of the long venue. */
  longLegApr: Decimal;
  /** What the short leg earns per year: +APR of the short venue. */
  shortLegApr: Decimal;
  /** Gross pair APR = longLegApr + shortLegApr = (r₁ₕ,short − r₁ₕ,long) × 8760. */
  apr: Decimal;
}

/**
 * Gross funding APR of holding a long on one venue and an equal-notional short on another.
 *
 * With positive = longs pay shorts, the long leg earns −rate_long and the short leg earns +rate_short,
 * each normalised by its own interval before annualising.
 *
 * @param legs - `long`: funding of the venue where we are long; `short`: funding of the venue where we are short
 * @returns each leg's APR and their sum, simple annual fractions of notional
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a non-finite rate or an interval <= 0
 *
 * @example
 * ```ts
 * // long on an 8 h venue paying −0.01 %, short on a 1 h venue at +0.005 %
 * pairFundingApr({ long: { rate: '-0.0001', intervalHours: 8 }, short: { rate: '0.00005', intervalHours: 1 } });
 * // longLegApr 0.1095 + shortLegApr 0.438 = apr 0.5475
 * ```
 */
export function pairFundingApr(legs: { long: FundingLeg; short: FundingLeg }): PairFundingApr {
  const longLegApr = fundingApr(legs.long.rate, legs.long.intervalHours).neg();
  const shortLegApr = fundingApr(legs.short.rate, legs.short.intervalHours);
  return { longLegApr, shortLegApr, apr: longLegApr.plus(shortLegApr) };
}

/** Costs of opening and closing a two-venue position, each a fraction of notional (>= 0). */
export interface RoundTripCostParameters {
  /** Taker fee per fill on the long venue; paid twice (entry and exit). */
  longTakerFee: Decimal.Value;
  /** Taker fee per fill on the short venue; paid twice (entry and exit). */
  shortTakerFee: Decimal.Value;
  /** Spread crossed and slippage on entry, both legs together; default 0. */
  entrySlippage?: Decimal.Value;
  /** Spread, slippage and any other exit cost, both legs together; default 0. */
  exitCost?: Decimal.Value;
}

/**
 * Total round-trip cost c of a pair trade: 2 × (long taker fee + short taker fee) + entry slippage + exit cost.
 *
 * @param costs - see {@link RoundTripCostParameters}; all fractions of notional, >= 0
 * @returns c, fraction of notional
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a negative or non-finite cost
 *
 * @example
 * ```ts
 * roundTripCost({ longTakerFee: '0.00045', shortTakerFee: '0.0004' }); // 0.0017 (0.17 %)
 * ```
 */
export function roundTripCost(costs: RoundTripCostParameters): Decimal {
  const fees = requireAmount('longTakerFee', costs.longTakerFee, 'nonNegative').plus(
    requireAmount('shortTakerFee', costs.shortTakerFee, 'nonNegative'),
  );
  return fees
    .mul(2)
    .plus(requireAmount('entrySlippage', costs.entrySlippage ?? 0, 'nonNegative'))
    .plus(requireAmount('exitCost', costs.exitCost ?? 0, 'nonNegative'));
}

/** Inputs of {@link netFundingApr}. */
export interface NetFundingAprParameters {
  /** Gross pair APR (e.g. `pairFundingApr(...).apr`), simple annual fraction. */
  apr: Decimal.Value;
  /** Planned holding time in hours (> 0). */
  holdHours: Decimal.Value;
  /** Round-trip cost c, fraction of notional (>= 0), e.g. from {@link roundTripCost}. */
  roundTripCost: Decimal.Value;
  /** Position notional per leg in quote currency (>= 0); when given, `netPnl` is filled in. */
  notional?: Decimal.Value;
}

/** Funding economics of a hold, net of costs. */
export interface NetFundingApr {
  /** Gross APR as passed in. */
  grossApr: Decimal;
  /** Round-trip cost amortised over the hold and annualised: c × 8760 / H. */
  costApr: Decimal;
  /** grossApr − costApr. */
  netApr: Decimal;
  /** Expected net return over the hold, fraction of notional: APR × H / 8760 − c. */
  netReturn: Decimal;
  /** netReturn × notional in quote currency, when a notional was given. */
  netPnl?: Decimal;
}

/**
 * Funding APR net of round-trip costs amortised over a hold of H hours, assuming the gross APR holds
 * for the whole period (it rarely does: haircut it before gating entries on this).
 *
 * @param params - see {@link NetFundingAprParameters}
 * @returns gross, cost and net APR, net return over the hold, and net PnL when `notional` is given
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a non-finite APR, holdHours <= 0, or a negative cost or notional
 *
 * @example
 * ```ts
 * netFundingApr({ apr: '0.5', holdHours: 24, roundTripCost: '0.0017', notional: '10000' });
 * // costApr 0.6205, netApr −0.1205, netReturn −0.000330…, netPnl −3.30…
 * ```
 */
export function netFundingApr(params: NetFundingAprParameters): NetFundingApr {
  const grossApr = requireAmount('apr', params.apr);
  const holdHours = requireDecimal('holdHours', params.holdHours, 'positive');
  const cost = requireAmount('roundTripCost', params.roundTripCost, 'nonNegative');
  const costApr = cost.mul(HOURS_PER_YEAR).div(holdHours);
  const netReturn = grossApr.mul(holdHours).div(HOURS_PER_YEAR).minus(cost);
  const result: NetFundingApr = { grossApr, costApr, netApr: grossApr.minus(costApr), netReturn };
  if (params.notional !== undefined) {
    result.netPnl = netReturn.mul(requireAmount('notional', params.notional, 'nonNegative'));
  }
  return result;
}

/**
 * APR needed to recover the round-trip cost over a hold: c × 8760 / H.
 *
 * @param roundTripCostFraction - c, fraction of notional (>= 0)
 * @param holdHours - H, planned holding time in hours (> 0)
 * @returns break-even APR, simple annual fraction
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a negative cost or holdHours <= 0
 *
 * @example
 * ```ts
 * breakEvenApr('0.0017', 8);  // 1.86150 (186 %)
 * breakEvenApr('0.0017', 48); // 0.31025 (31 %)
 * ```
 */
export function breakEvenApr(roundTripCostFraction: Decimal.Value, holdHours: Decimal.Value): Decimal {
  const cost = requireAmount('roundTripCost', roundTripCostFraction, 'nonNegative');
  return cost.mul(HOURS_PER_YEAR).div(requireDecimal('holdHours', holdHours, 'positive'));
}

/**
 * Hours a position must be held at a given APR to recover its round-trip cost: c × 8760 / APR.
 *
 * @param roundTripCostFraction - c, fraction of notional (>= 0)
 * @param apr - expected gross APR, simple annual fraction
 * @returns break-even hold in hours, or `null` when `apr` <= 0 (the cost is never recovered)
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a negative cost or a non-finite APR
 *
 * @example
 * ```ts
 * breakEvenHoldHours('0.0005', '0.5475'); // 8
 * ```
 */
export function breakEvenHoldHours(roundTripCostFraction: Decimal.Value, apr: Decimal.Value): Decimal | null {
  const cost = requireAmount('roundTripCost', roundTripCostFraction, 'nonNegative');
  const a = requireAmount('apr', apr);
  if (a.lte(0)) return null;
  return cost.mul(HOURS_PER_YEAR).div(a);
}
