import type { OrderRules } from '@dn/core';

/**
 * Order rules shared with the simulator. Reduce-only minimums are waived, as this connector has always sent them: the
 * official signer treats a reduce-only CreateOrder apart from the size rules (its BaseAmount may even be 0 when
 * ReduceOnly = 1; lighter-go order validation, venues/lighter.md "CreateOrder"), so the venue's `min_base_amount` /
 * `min_quote_amount` are the venue's to apply to a close. A refusal comes back as a VenueRejectedError.
 */
export const LIGHTER_ORDER_RULES: Readonly<OrderRules> = Object.freeze({
  venue: 'lighter',
  reduceOnlyMinimums: 'waived',
});
