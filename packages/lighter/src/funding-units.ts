import { Decimal } from '@dn/core';

/*
 * Every Lighter funding unit and sign, in ONE place: a mistake here is 8× or 100× or the wrong sign.
 * Core convention (every venue): a funding RATE is a fraction per settlement interval, positive = longs pay shorts;
 * a funding PAYMENT is signed from the account's view (negative = paid). Lighter settles every hour.
 *
 * Sources (README "Verified against"):
 * - `/fundings` rows: `rate` is an UNSIGNED percent per hour and `direction` says which side pays. Percent: the live
 *   nautilus capture has `value` = rate/100 × mark (0.0012 % × 2256.56 = 0.02707872 USDC per ETH). Sign: nautilus
 *   maps `long` → +rate, `short` → −rate (longs pay on `long`).
 * - WS `market_stats` `current_funding_rate` / `funding_rate`: signed percent per hour ("-0.0028", clamps "0.0500" /
 *   "4.0000").
 * - REST `/funding-rates` `rate`: a fraction normalised to 8 h, like the other exchanges in the same list — CCXT's
 *   comments show `rate` 0.000096 beside `market_stats` "0.0012" (% per hour): 0.0012 / 100 × 8 = 0.000096.
 * - `/positionFunding` rows: `rate` percent like `/fundings` [UNCERTAIN: no capture]; `change` is the cash the account
 *   received (negative = paid) [UNCERTAIN: no capture]. The rate's sign is derived from who paid, so it is right
 *   whether the venue signs `rate` or not.
 */

const HUNDRED = new Decimal(100);

/** REST `funding-rates` rate (fraction per 8 h) → fraction per hour. */
export function hourlyRateFromRest(rate: Decimal): Decimal {
  return rate.div(8);
}

/** WS `market_stats` funding rate (signed percent per hour) → fraction per hour. */
export function hourlyRateFromWs(percentPerHour: Decimal): Decimal {
  return percentPerHour.div(HUNDRED);
}

/** `/fundings` row (unsigned percent, `direction` = the paying side) → signed fraction per hour. */
export function hourlyRateFromFundingRow(row: { rate: Decimal; direction: string }): Decimal {
  const fraction = row.rate.abs().div(HUNDRED);
  return row.direction === 'short' ? fraction.neg() : fraction;
}

/**
 * A settled payment of the account (`/positionFunding`) → core's signed amount and signed rate.
 * `change` < 0 means the account paid; the payer was long when (long and paid) or (short and received).
 */
export function accountFunding(row: { change: Decimal; rate: Decimal; position_side: string }): {
  amount: Decimal;
  rate: Decimal;
} {
  const long = row.position_side !== 'short';
  const fraction = row.rate.abs().div(HUNDRED);
  if (row.change.isZero()) return { amount: row.change, rate: row.rate.div(HUNDRED) };
  const longsPaid = long === row.change.lt(0);
  return { amount: row.change, rate: longsPaid ? fraction : fraction.neg() };
}

/** APR of an hourly rate: rate × 8760. */
export function aprOfHourly(rate: Decimal): Decimal {
  return rate.mul(8760);
}

/** Next hourly settlement after `now` (ms). */
export function nextHourMs(now: number): number {
  return (Math.floor(now / 3_600_000) + 1) * 3_600_000;
}
