import { Decimal } from '@dn/core';
import type { BotConfig } from './config.js';
import type { Opportunity } from './scanner.js';

const HOURS_PER_YEAR = 8760;

/** Funding the opportunity is expected to earn over the hold, after the haircut, in percent of notional. */
export function expectedFundingPct(opp: Pick<Opportunity, 'grossApr'>, config: BotConfig): Decimal {
  return opp.grossApr
    .mul(new Decimal(100).minus(config.funding_haircut_pct))
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
