import type { OrderRules } from '@dn/core';

/**
 * Order rules shared with the simulator. Reduce-only minimums are waived here: a reduce-only order can only shrink a
 * position, edgeX trims a reduce-only order to the position ("Reduce-Only: dynamically reduces or adjusts your limit
 * order's contract quantity", edgex-1.gitbook.io "Trading / Order Types"), and a position below `minOrderSize` can only
 * be closed by such an order. No edgeX page states whether `minOrderSize` applies to it: if the venue refuses, the
 * refusal comes back as a VenueRejectedError — a local refusal would make the close impossible for certain.
 * Limit prices off the tick are rounded to the passive side (buy down, sell up), as this connector always did.
 */
export const EDGEX_ORDER_RULES: Readonly<OrderRules> = Object.freeze({
  venue: 'edgex',
  reduceOnlyMinimums: 'waived',
  limitOffTick: 'rounded',
});
