import { type PacificaClientOptions, PacificaVenue } from '@dn/pacifica';
import { simHarness } from './sim-harness.js';

/** PacificaVenue against the simulated Pacifica on loopback. Keys are the simulator's FAKE deterministic keys. */
export function pacificaHarness(seed = 11) {
  return simHarness<PacificaVenue, PacificaClientOptions>('pacifica', seed, (h, index, extra) => {
    const creds = h.accounts[index]?.credentials ?? {};
    return new PacificaVenue({
      restUrl: `${h.restUrl}/api/v1`,
      wsUrl: `${h.wsUrl}/ws`,
      account: creds.account,
      secretKey: creds.secretKey,
      rateLimiter: false,
      timeoutMs: 3_000,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 2_000 },
      ws: { subscribeAckTimeoutMs: 2_000, reconnect: { baseDelayMs: 20, maxDelayMs: 100 } },
      ...extra,
    });
  });
}
