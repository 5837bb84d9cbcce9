import type { PlaceOrderParameters } from '@dn/core';
import { ExtendedVenue } from '../../src/index.js';
import { API_KEY, BTC_MARKET, DOMAIN, FEES, TEST_KEY } from './btc-market.js';
import { closeAfterEach } from './close-after-each.js';
import { FixtureServer, okBody } from './fixture-server.js';

/** The traders' clock at start, ms. */
export const T0 = 1705626536860;

/** A post-only BTC bid. */
export const BTC_BID = {
  symbol: 'BTC',
  side: 'buy',
  type: 'limit',
  size: '0.01',
  price: '65000',
  timeInForce: 'POST_ONLY',
} as const satisfies PlaceOrderParameters;

export interface Trader {
  server: FixtureServer;
  venue: ExtendedVenue;
  /** The venue's clock and next nonce; tests move them. */
  state: { now: number; nonce: number };
}

/**
 * Starts venues on fresh fixture servers that serve BTC-USD, the Sepolia domain and the fees and accept every order
 * (the SDK's public test key: never funded); each is closed after its test.
 */
export function tradersClosedAfterEach(): { start(): Promise<Trader>; readonly server: FixtureServer } {
  let server: FixtureServer | undefined;
  const venues = closeAfterEach(() => server);
  const start = async (): Promise<Trader> => {
    server = await new FixtureServer().start();
    server.on('GET', '/info/markets', { body: okBody(`[${BTC_MARKET}]`) });
    server.on('GET', '/info/starknet', { body: okBody(DOMAIN) });
    server.on('GET', '/user/fees', { body: okBody(FEES) });
    server.on('POST', '/user/order', { body: okBody('{"id":"7","externalId":"x"}') });
    const state = { now: T0, nonce: 100 };
    const venue = new ExtendedVenue({
      apiKey: API_KEY,
      starkPrivateKey: TEST_KEY,
      vault: 10002,
      restUrl: server.baseUrl,
      userAgent: 'dn-test/1.0',
      nonce: () => state.nonce++,
      clock: { now: () => state.now },
    });
    venues.add(venue);
    return { server, venue, state };
  };
  return {
    start,
    /** The server of the trader the current test started. */
    get server(): FixtureServer {
      if (!server) throw new Error('no trader started');
      return server;
    },
  };
}
