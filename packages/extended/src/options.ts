import type { Clock, DecimalInput, DnError, HttpRetryOptions, RateLimiter, WsReconnectOptions } from '@dn/core';
import type { StarknetDomain } from './signing/domain.js';
import type { StarkNoncePool } from './signing/nonce-pool.js';

/** Options of `ExtendedClient` (and of `ExtendedVenue`, which builds its client from them). */
export interface ExtendedClientOptions {
  /** API key (read + trading endpoints, private stream). Never logged. */
  apiKey?: string;
  /** Stark private key of the trading account (hex). Needed to place orders. Never logged. */
  starkPrivateKey?: string;
  /** Collateral position id (`l2Vault` of `GET /user/account/info`). Needed to place orders. */
  vault?: number | string | bigint;
  /** Default `mainnet`. Ignored for the hosts given explicitly. */
  network?: 'mainnet' | 'testnet';
  /** REST base including `/api/v1`. */
  restUrl?: string;
  /** WebSocket v1 base (`…/stream.extended.exchange/v1`). */
  wsUrl?: string;
  /** SNIP-12 domain orders are signed under. Default: fetched once from `GET /info/starknet`. */
  domain?: StarknetDomain;
  /** Mandatory on Extended; default `dn-extended/<version>`. */
  userAgent?: string;
  /** Per-attempt REST deadline, ms (default 10 000). */
  timeoutMs?: number;
  /** Deadline of an order POST, ms (default `timeoutMs`). After it the outcome is unknown. */
  orderTimeoutMs?: number;
  /** REST retry policy of safe requests (default `EXTENDED_DEFAULT_RETRY`; an order POST is never retried). */
  retry?: HttpRetryOptions;
  /**
   * Shared REST budget (the venue limits per IP). Default: 1,000 requests per rolling minute. `false`: no
   * client-side limiting (a simulator running faster than real time).
   */
  rateLimiter?: RateLimiter | false;
  /** Market-order band around the best price, as a fraction (default 0.0075, at most 0.05). Used by ExtendedVenue. */
  marketSlippage?: DecimalInput;
  /** Lifetime of orders placed without `expiresAt`, ms (default 1 h, as the official SDKs). */
  orderTtlMs?: number;
  /**
   * OPT-IN, off by default: sign orders with precomputed nonces from this pool (not RFC 6979 deterministic; see
   * {@link StarkNoncePool} for the security argument). Also settable later with `ExtendedClient.useStarkNonces`.
   */
  starkNonces?: StarkNoncePool;
  /** Fee rate cap signed into orders. Default: max(maker, taker) of `GET /user/fees` for the market. */
  feeRate?: DecimalInput;
  /** Source of time for order expiries (the simulator's virtual clock). Transport timeouts stay real. */
  clock?: Pick<Clock, 'now'>;
  /** Levels per side handed to `subscribeOrderBook` listeners (default 50; a positive integer, checked on subscribe). */
  bookDepth?: number;
  /** Reconnect a book stream silent this long, ms (default 30 000; the venue pushes every 100 ms). */
  bookStaleAfterMs?: number;
  reconnect?: WsReconnectOptions;
  /** Stream problems that do not end a subscription (reconnects, gaps, error frames, unreadable rows, listener errors). */
  onStreamError?: (error: DnError<object>) => void;
  /** A REST row left out because it could not be read (a malformed market in `/info/markets`), the field named. */
  onIssue?: (issue: DnError<object>) => void;
  /** Largest REST answer read, bytes (default 16 MiB); a larger one fails the call. */
  maxResponseBytes?: number;
  /**
   * HTTP client of order placement and cancellation (`placeOrder`, `cancelOrder`, `cancelOrderByExternalId`,
   * `massCancel`). Default `'socket'`: each request written in one call on a kept-alive socket of its own, the
   * least CPU per order. `'node'`: `node:http` with its own keep-alive agent. `'axios'`: the client every other
   * endpoint uses. Either way the same rate limiter, retry policy, timeouts, headers and error mapping apply.
   */
  orderHttpEngine?: 'socket' | 'node' | 'axios';
  /** Order nonce source; default a random integer in [1, 2^31 − 1] (the docs' bound). */
  nonce?: () => number;
}
