import { Decimal, type OrderRules } from '@dn/core';

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
export const PACIFICA_DEFAULT_EXPIRY_WINDOW_MS = 5_000;

/** The venue closes a WS connection after 60 s without a client message; ping well inside that. */
export const PACIFICA_WS_PING_INTERVAL_MS = 20_000;

/** Connections are cut at 24 h; reconnect on our own terms before that. */
export const PACIFICA_WS_MAX_AGE_MS = 23 * 60 * 60 * 1000;

/** An invalid subscription gets neither an error nor an ack (venue doc §5.2): a missing ack is the failure signal. */
export const PACIFICA_SUBSCRIBE_ACK_TIMEOUT_MS = 5_000;

/** Default band of a market order: 0.5 % (sent as `slippage_percent: "0.5"`). */
export const PACIFICA_DEFAULT_MARKET_SLIPPAGE = '0.005';

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

/**
 * Credit budget of the 60 s rolling window (venue doc §7 and errata): 100 credits without an API
 * config key, 300 with one. Higher fee tiers get more; pass `rateLimitBudget.credits` to use them.
 */
export const PACIFICA_CREDITS_PER_MINUTE = { ip: 100, apiConfigKey: 300 } as const;

/**
 * Credits per request. A cancel costs 0.5; "heavy" GETs (candles and history endpoints) cost 3–12
 * by IP and 1–3 with a key [UNCERTAIN which endpoint costs what]: the lower bounds are used, and a
 * 429 the venue still returns is retried after its Retry-After.
 */
export interface PacificaRateLimitWeights {
  standard: number;
  cancel: number;
  heavy: number;
}

export const PACIFICA_DEFAULT_WEIGHTS: Readonly<Record<'ip' | 'apiConfigKey', PacificaRateLimitWeights>> = {
  ip: { standard: 1, cancel: 0.5, heavy: 3 },
  apiConfigKey: { standard: 1, cancel: 0.5, heavy: 1 },
};

/** Candles per `/kline` request: the venue caps near 4,000 and errors above ~3,960 (CCXT uses 3,950). */
export const PACIFICA_KLINE_PAGE = 3_950;

/** Rows per `/funding_rate/history` request: the venue's maximum (default 100, max 4000; docs "Get historical funding"). */
export const PACIFICA_FUNDING_HISTORY_PAGE = 4_000;

/**
 * Pages one `getFundingHistory` walk may request (20 × 4,000 hourly rows ≈ 9 years, longer than the venue has
 * existed): the bound that keeps a misbehaving cursor from looping forever.
 */
export const PACIFICA_FUNDING_HISTORY_MAX_PAGES = 20;

/** Tier-0 rates as `/account` reports them in CCXT's capture (maker 0.015 %, taker 0.04 %). */
export const PACIFICA_BASE_TIER_FEES: Readonly<{ makerFee: Decimal; takerFee: Decimal }> = Object.freeze({
  makerFee: new Decimal('0.00015'),
  takerFee: new Decimal('0.0004'),
});
