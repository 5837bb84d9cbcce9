import type { OrderRules } from '@dn/core';

/** Venue id in errors and logs. */
export const EDGEX_VENUE = 'edgex';

/** Mainnet hosts per API generation (edgex.md §0). */
export const EDGEX_HOSTS = {
  v2: { rest: 'https://edgex-prod-v2.edgex.exchange', ws: 'wss://edgex-quote-prod-v2.edgex.exchange' },
  v1: { rest: 'https://pro.edgex.exchange', ws: 'wss://quote.edgex.exchange' },
} as const;

/** Default band of a market order around the best price: 0.5 %. */
export const EDGEX_DEFAULT_MARKET_SLIPPAGE = '0.005';

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
