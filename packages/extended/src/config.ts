import type { OrderRules } from '@dn/core';
import { EXTENDED_MAINNET_DOMAIN, EXTENDED_SEPOLIA_DOMAIN, type StarknetDomain } from './signing/domain.js';

/** Hosts of one Extended (Starknet) network. Source: python_sdk x10/config.py @ 17e61ae1 (extended.md §2.1). */
export interface ExtendedNetworkConfig {
  /** REST base including `/api/v1`. */
  baseUrl: string;
  /** WebSocket v1 base; one socket per topic is opened under it (`/orderbooks/BTC-USD`, `/account`, …). */
  wsUrl: string;
  /** SNIP-12 domain orders are signed under (also served by `GET /info/starknet`). */
  domain: Readonly<StarknetDomain>;
}

export const EXTENDED_MAINNET: Readonly<ExtendedNetworkConfig> = Object.freeze({
  baseUrl: 'https://api.starknet.extended.exchange/api/v1',
  wsUrl: 'wss://api.starknet.extended.exchange/stream.extended.exchange/v1',
  domain: EXTENDED_MAINNET_DOMAIN,
});

/** Starknet Sepolia testnet. The WS host is the SDK's (the docs show another one; extended.md §7.3). */
export const EXTENDED_TESTNET: Readonly<ExtendedNetworkConfig> = Object.freeze({
  baseUrl: 'https://api.starknet.sepolia.extended.exchange/api/v1',
  wsUrl: 'wss://api.starknet.sepolia.extended.exchange/stream.extended.exchange/v1',
  domain: EXTENDED_SEPOLIA_DOMAIN,
});

export const EXTENDED_VENUE = 'extended';

/**
 * Default REST budget: the venue allows 1,000 requests per minute per IP (docs "Rate Limits"). A bucket of 50
 * refilled at 950/min never exceeds 1,000 in any rolling minute.
 */
export const DEFAULT_RATE_LIMIT = Object.freeze({ capacity: 50, refillPerInterval: 950, intervalMs: 60_000 });

/** Funding is paid every hour and `fundingRate` is the 1-hour rate (docs "Funding payments"). */
export const FUNDING_INTERVAL_HOURS = 1;

/** Market-order band: the official SDK's and UI's 0.75 % (extended.md §2.5); the venue caps it at mark ± 5 %. */
export const DEFAULT_MARKET_SLIPPAGE = '0.0075';
export const MAX_MARKET_SLIPPAGE = '0.05';

/** Orders without an explicit expiry live one hour, as in both official SDKs. */
export const DEFAULT_ORDER_TTL_MS = 60 * 60 * 1000;

export const DEFAULT_USER_AGENT = 'dn-extended/0.1.0';

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
