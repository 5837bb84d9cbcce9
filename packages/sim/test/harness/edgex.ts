import { type EdgexClientOptions, EdgexVenue } from '@dn/edgex';
import { simHarness } from './sim-harness.js';

/** EdgexVenue against the simulated edgeX on loopback. Every credential is a FAKE one derived by the simulator. */
export function edgexHarness(seed = 7) {
  return simHarness<EdgexVenue, EdgexClientOptions>(
    'edgex',
    seed,
    (h, index, extra) =>
      new EdgexVenue({
        ...(h.accounts[index]?.credentials ?? {}),
        restUrl: h.restUrl,
        wsUrl: h.wsUrl,
        retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 2_000 },
        timeoutMs: 2_000,
        wsReconnect: { baseDelayMs: 20, maxDelayMs: 200 },
        ...extra,
      }),
  );
}
