import type { OrderRules } from '@dn/core';

/** Mainnet and testnet hosts (venues/pacifica.md §0). */
export const PACIFICA_URLS = {
  mainnet: { rest: 'https://api.pacifica.fi/api/v1', ws: 'wss://ws.pacifica.fi/ws' },
  testnet: { rest: 'https://test-api.pacifica.fi/api/v1', ws: 'wss://test-ws.pacifica.fi/ws' },
} as const;

export type PacificaNetwork = keyof typeof PACIFICA_URLS;

/**
 * Funding is settled every hour and every rate field is an hourly fraction (venue doc §6). The venue
 * publishes no interval field, so this is the documented fixed interval, not a default.
 */
export const PACIFICA_FUNDING_INTERVAL_HOURS = 1;

/**
 * Signed requests expire `expiry_window` ms after their timestamp. Short on purpose: a request held
 * up in the network must not execute long after the caller gave up on it (the SDK examples use 5 s).
 */
export const DEFAULT_EXPIRY_WINDOW_MS = 5_000;

/** The venue closes a WS connection after 60 s without a client message; ping well inside that. */
export const DEFAULT_WS_PING_INTERVAL_MS = 20_000;

/** Connections are cut at 24 h; reconnect on our own terms before that. */
export const DEFAULT_WS_MAX_AGE_MS = 23 * 60 * 60 * 1000;

/** An invalid subscription gets neither an error nor an ack (venue doc §5.2): a missing ack is the failure signal. */
export const DEFAULT_SUBSCRIBE_ACK_TIMEOUT_MS = 5_000;

/** Default band of a market order: 0.5 % (sent as `slippage_percent: "0.5"`). */
export const DEFAULT_MARKET_SLIPPAGE = '0.005';

/**
 * Order rules shared with the simulator. Reduce-only minimums are waived, as this connector has always sent them: the
 * venue's minimum is a USD notional (`min_order_size`) and its order-size rule counts existing opposite positions
 * towards what may be placed ("Order Rules & Constraints", docs.pacifica.fi), so a dust close is a reduce-only order
 * the venue judges. No docs page states the notional waiver itself; a refusal comes back as a VenueRejectedError.
 */
export const PACIFICA_ORDER_RULES: Readonly<OrderRules> = Object.freeze({
  venue: 'pacifica',
  reduceOnlyMinimums: 'waived',
});
