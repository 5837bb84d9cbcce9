import type { OrderRules } from '@dn/core';

/** REST hosts (`/api/v1/…` paths are appended per endpoint); the WebSocket is `wss://<host>/stream`. */
export const LIGHTER_MAINNET_URL = 'https://mainnet.zklighter.elliot.ai';
export const LIGHTER_TESTNET_URL = 'https://testnet.zklighter.elliot.ai';

/** Lighter settles funding every hour on every perp market (docs.lighter.xyz/trading/funding). */
export const LIGHTER_FUNDING_INTERVAL_HOURS = 1;

/**
 * Request weights per rolling minute (apidocs rate-limits): sendTx / sendTxBatch / nextNonce 6, apikeys 150,
 * accountInactiveOrders 100, trades / recentTrades 600, everything else 300. Pass a token bucket of 24 000 per minute
 * (premium) to the client to stay inside the budget.
 */
export const LIGHTER_WEIGHT = {
  tx: 6,
  nonce: 6,
  apikeys: 150,
  inactiveOrders: 100,
  trades: 600,
  default: 300,
} as const;

/** At most this many txs per `sendTxBatch` (asyncapi says 15, apidocs 50: the smaller is used). */
export const LIGHTER_MAX_BATCH_TXS = 15;

/** A tx must reach the sequencer within this (lighter-go default: now + 10 min − 1 s). */
export const LIGHTER_TX_TTL_MS = 10 * 60_000 - 1_000;

/** GTT orders without `expiresAt` live 28 days (the SDKs' `-1` default). */
export const LIGHTER_DEFAULT_ORDER_TTL_MS = 28 * 24 * 3_600_000;

/** Market-order band around the best price when the options give none (0.5 %). */
export const LIGHTER_DEFAULT_MARKET_SLIPPAGE = '0.005';

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
