import { Decimal } from '@dn/core';

/*
 * Funding-rate units, in ONE place because a mistake here is 8× or 100× (lighter.md errata) [UNCERTAIN, unconfirmed
 * on live data]:
 * - REST `/api/v1/funding-rates` `rate` (e.g. 0.000096) reads as a fraction normalised to 8 hours, like the other
 *   exchanges' rows in the same list;
 * - WS `market_stats.current_funding_rate` / `funding_rate` (e.g. "0.0012", clamps "0.0500" / "4.0000") read as
 *   percent per hour.
 * Lighter settles hourly, so both are turned into a fraction per 1-hour interval. Cross-check against settled
 * `positionFunding` payments before trusting a funding bot with size.
 */

/** REST `funding-rates` rate (fraction per 8 h) → fraction per hour. */
export function hourlyRateFromRest(rate: Decimal): Decimal {
  return rate.div(8);
}

/** WS `market_stats` funding rate (percent per hour) → fraction per hour. */
export function hourlyRateFromWs(percentPerHour: Decimal): Decimal {
  return percentPerHour.div(100);
}

/** APR of an hourly rate: rate × 8760. */
export function aprOfHourly(rate: Decimal): Decimal {
  return rate.mul(8760);
}

/** Next hourly settlement after `now` (ms). */
export function nextHourMs(now: number): number {
  return (Math.floor(now / 3_600_000) + 1) * 3_600_000;
}

export const ZERO = new Decimal(0);
