import { type ReplayServer, type ReplaySocket, startReplayServer } from '@dn/core/testing';
import { EXTENDED_MAINNET_DOMAIN, type ExtendedClientOptions, ExtendedVenue } from '../../src/index.js';
import { API, FAKE_API_KEY, fixture, TEST_KEY } from './real-fixtures.js';

/** The v1 stream base under the replay server. */
export const WS = '/stream.extended.exchange/v1';

/**
 * A venue (fake key, mainnet domain, fast reconnects) on a replay server that answers the real markets list and
 * serves `sockets`; `connects()` counts connections to them. The caller closes both.
 */
export async function streamVenue(
  sockets: ReplaySocket[],
  options: Partial<ExtendedClientOptions> = {},
): Promise<{ venue: ExtendedVenue; server: ReplayServer; connects: () => number }> {
  let connects = 0;
  const server = await startReplayServer({
    routes: [{ path: `${API}/info/markets`, body: fixture('ccxt-markets.json') }],
    sockets: sockets.map((s) => ({
      ...s,
      onConnect: (send, req) => {
        connects++;
        s.onConnect?.(send, req);
      },
    })),
  });
  const venue = new ExtendedVenue({
    apiKey: FAKE_API_KEY,
    starkPrivateKey: TEST_KEY,
    vault: 10002,
    restUrl: `${server.url}${API}`,
    wsUrl: `${server.wsUrl}${WS}`,
    domain: EXTENDED_MAINNET_DOMAIN,
    reconnect: { baseDelayMs: 20, maxDelayMs: 50 },
    ...options,
  });
  return { venue, server, connects: () => connects };
}
