import { Decimal } from '@dn/core';
import type { BandPolicy } from './types.js';

/**
 * Band for attempt `attempt` (1-based): ×1.5 per attempt, at most ×4, and never past the cap of its kind — a hedge
 * or close that would pay more slippage than the trade's expected edge is unwound (or left to the next attempt)
 * instead. A cap below the base band is raised to it: the first order always goes out at the base band.
 */
export function bandFor(policy: BandPolicy, attempt: number, kind: 'hedge' | 'reduce' = 'hedge'): Decimal {
  const widened = policy.band.mul(Decimal.min(new Decimal(1.5).pow(attempt - 1), 4));
  const cap = kind === 'hedge' ? policy.bandCap : (policy.reduceBandCap ?? policy.bandCap);
  return cap ? Decimal.min(widened, Decimal.max(cap, policy.band)) : widened;
}

/**
 * Widest band a hedge retry may pay for a trade expected to earn `edge` (fraction of notional over its hold): the
 * edge itself, at least the base band, at most `maxSlippage`. All three are fractions.
 */
export function edgeBandCap(params: { band: Decimal; maxSlippage: Decimal; edge: Decimal }): Decimal {
  return Decimal.max(params.band, Decimal.min(params.maxSlippage, Decimal.max(params.edge, 0)));
}
