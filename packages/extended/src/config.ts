import type { CandleInterval, OrderRules } from '@dn/core';
import { Decimal } from '@dn/core';
import { EXTENDED_MAINNET_DOMAIN, EXTENDED_SEPOLIA_DOMAIN, type StarknetDomain } from './signing/domain.js';

/** Hosts of one Extended (Starknet) network. Source: python_sdk x10/config.py @ 17e61ae1 (extended.md §2.1). */
export interface ExtendedNetworkConfig {
  /** REST base including `/api/v1`. */
  restUrl: string;
  /** WebSocket v1 base; one socket per topic is opened under it (`/orderbooks/BTC-USD`, `/account`, …). */
  wsUrl: string;
  /** SNIP-12 domain orders are signed under (also served by `GET /info/starknet`). */
  domain: Readonly<StarknetDomain>;
}

export const EXTENDED_MAINNET: Readonly<ExtendedNetworkConfig> = Object.freeze({
  restUrl: 'https://api.starknet.extended.exchange/api/v1',
  wsUrl: 'wss://api.starknet.extended.exchange/stream.extended.exchange/v1',
  domain: EXTENDED_MAINNET_DOMAIN,
});

/** Starknet Sepolia testnet. The WS host is the SDK's (the docs show another one; extended.md §7.3). */
export const EXTENDED_TESTNET: Readonly<ExtendedNetworkConfig> = Object.freeze({
  restUrl: 'https://api.starknet.sepolia.extended.exchange/api/v1',
  wsUrl: 'wss://api.starknet.sepolia.extended.exchange/stream.extended.exchange/v1',
  domain: EXTENDED_SEPOLIA_DOMAIN,
});

/** Venue id in errors, rate limiters and `PerpVenue.id`. */
export const EXTENDED_VENUE = 'extended';

/**
 * Default REST budget: the venue allows 1,000 requests per minute per IP (docs "Rate Limits"). A bucket of 50
 * refilled at 950/min never exceeds 1,000 in any rolling minute.
 */
export const EXTENDED_DEFAULT_RATE_LIMIT = Object.freeze({ capacity: 50, refillPerInterval: 950, intervalMs: 60_000 });

/** REST retry policy of the official SDK's spirit: few attempts, capped backoff, a bounded `Retry-After`. */
export const EXTENDED_DEFAULT_RETRY = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 10_000,
});

/** Funding is paid every hour and `fundingRate` is the 1-hour rate (docs "Funding payments"). */
export const EXTENDED_FUNDING_INTERVAL_HOURS = 1;

/** Market-order band: the official SDK's and UI's 0.75 % (extended.md §2.5); the venue caps it at mark ± 5 %. */
export const EXTENDED_DEFAULT_MARKET_SLIPPAGE = '0.0075';
export const EXTENDED_MAX_MARKET_SLIPPAGE = '0.05';

/** Orders without an explicit expiry live one hour, as in both official SDKs. */
export const EXTENDED_DEFAULT_ORDER_TTL_MS = 60 * 60 * 1000;

/** Mandatory on Extended (requests without one are refused). */
export const EXTENDED_DEFAULT_USER_AGENT = 'dn-extended/0.1.0';

/** Public fee tier (docs: taker 0.025 %, maker 0 %), used when no API key can read the account's own. */
export const EXTENDED_PUBLIC_FEES: Readonly<{ maker: Decimal; taker: Decimal }> = Object.freeze({
  maker: new Decimal(0),
  taker: new Decimal('0.00025'),
});

/** How long the market list and the account's fee table are reused before a refetch. */
export const EXTENDED_MARKETS_TTL_MS = 5 * 60_000;
export const EXTENDED_FEES_TTL_MS = 10 * 60_000;

/** Rates per `/info/{market}/funding` page; a year of hourly rates is 9 pages. */
export const EXTENDED_FUNDING_PAGE_SIZE = 1_000;

/** Pages `client.getFundingHistory` follows at most (100,000 hourly rates, ≈ 11 years). */
export const EXTENDED_FUNDING_MAX_PAGES = 100;

/** Rows per page of the account's history lists (`/user/trades`, `/user/funding/history`, `/user/orders/history`). */
export const EXTENDED_HISTORY_PAGE_SIZE = 1_000;

/** Pages one history call follows at most: a venue that never ends a cursor walk costs a bounded number of requests. */
export const EXTENDED_HISTORY_MAX_PAGES = 10;

/** Core candle intervals as the venue names them (ISO-8601 durations). */
export const EXTENDED_CANDLE_INTERVALS: Readonly<Record<Exclude<CandleInterval, '1d'>, { wire: string; ms: number }>> =
  Object.freeze({
    '1m': { wire: 'PT1M', ms: 60_000 },
    '5m': { wire: 'PT5M', ms: 300_000 },
    '15m': { wire: 'PT15M', ms: 900_000 },
    '30m': { wire: 'PT30M', ms: 1_800_000 },
    '1h': { wire: 'PT1H', ms: 3_600_000 },
    '4h': { wire: 'PT4H', ms: 14_400_000 },
  });

/** The daily interval's name is unverified (extended.md §7.2): tried in this order, the first accepted is kept. */
export const EXTENDED_DAILY_INTERVALS: readonly string[] = Object.freeze(['PT24H', 'P1D']);

/**
 * Order rules shared with the simulator. Reduce-only minimums are waived: Extended documents that a market reduce-only
 * order is executed even when it fails the Order Cost or Max Position Value checks (docs.x10.exchange
 * "x10-resources/trading/order-types", Reduce Only), and its UI closes a whole position of any size. The minimum-size
 * waiver itself is not spelled out there: if the venue refuses a dust close it answers 1120, a VenueRejectedError the
 * caller sees — a local refusal would make the close impossible for certain.
 */
export const EXTENDED_ORDER_RULES: Readonly<OrderRules> = Object.freeze({
  venue: EXTENDED_VENUE,
  reduceOnlyMinimums: 'waived',
});
