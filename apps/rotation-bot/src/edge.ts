import { Decimal } from '@dn/core';
import type { BotConfig } from './config.js';
import type { Opportunity } from './scanner.js';
import type { CycleState } from './state.js';

const HOURS_PER_YEAR = 8760;

/**
 * Share of today's funding spread a position held `hours` is expected to collect on average when the spread decays
 * toward zero with `funding_half_life_hours`: (1 − e^(−kT)) / kT with k = ln 2 / half-life. Spreads between venues
 * mean-revert within hours; valuing a 48 h hold at today's spread over-promised the funding of every cycle.
 */
export function decayFactor(hours: Decimal, config: BotConfig): Decimal {
  if (!config.funding_half_life_hours) return new Decimal(1);
  const kt = (Math.LN2 / config.funding_half_life_hours.toNumber()) * Math.max(hours.toNumber(), 1e-9);
  // A model factor, not an amount: rounded to 12 places before it meets the decimals.
  return new Decimal(((1 - Math.exp(-kt)) / kt).toFixed(12));
}

/**
 * APR (fraction) a funding spread of `grossApr` is expected to pay over `hours`: decayed, then the haircut for what
 * the model does not know. Entry, the flip exit and the expected-vs-realised record all use this one estimate.
 */
export function expectedApr(grossApr: Decimal, hours: Decimal, config: BotConfig): Decimal {
  return grossApr.mul(decayFactor(hours, config)).mul(new Decimal(100).minus(config.funding_haircut_pct)).div(100);
}

/** Funding the opportunity is expected to earn over the hold, in percent of notional. */
export function expectedFundingPct(opp: Pick<Opportunity, 'grossApr'>, config: BotConfig): Decimal {
  return expectedApr(opp.grossApr, config.hold_duration_hours, config)
    .mul(100)
    .mul(config.hold_duration_hours)
    .div(HOURS_PER_YEAR);
}

/**
 * Widest band (percent) a hedge retry of this opportunity may use: the expected funding edge, at least the base band
 * (the first order's), at most `max_slippage_pct`.
 */
export function bandCapPct(opp: Pick<Opportunity, 'grossApr'>, config: BotConfig): Decimal {
  const edge = Decimal.max(expectedFundingPct(opp, config), 0);
  return Decimal.max(config.price_band_pct, Decimal.min(config.max_slippage_pct, edge));
}

/**
 * Band caps for a cycle's orders: while opening, hedge retries stop at the edge the cycle was opened for (and at
 * `max_slippage_pct`); reduce-only orders (unwinds, trims, closes) and everything after opening at `max_slippage_pct`.
 */
export function bandCaps(
  config: BotConfig,
  cycle: CycleState | undefined,
): { bandCap: Decimal; reduceBandCap: Decimal } {
  const maxSlippage = config.max_slippage_pct.div(100);
  const bandCap =
    cycle?.phase === 'opening' && cycle.bandCapPct
      ? Decimal.min(new Decimal(cycle.bandCapPct).div(100), maxSlippage)
      : maxSlippage;
  return { bandCap, reduceBandCap: maxSlippage };
}
