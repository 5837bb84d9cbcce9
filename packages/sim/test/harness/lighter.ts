import { type LighterClientOptions, LighterVenue } from '@dn/lighter';
import { simHarness } from './sim-harness.js';

/** LighterVenue against the simulated Lighter over its real REST and WebSocket protocol. Keys are FAKE. */
export function lighterHarness(seed = 7) {
  return simHarness<LighterVenue, LighterClientOptions>('lighter', seed, (h, index, extra) => {
    const cred = h.accounts[index]?.credentials as { accountIndex: string; apiKeyIndex: string; privateKey: string };
    return new LighterVenue({
      ...cred,
      restUrl: h.restUrl,
      wsUrl: `${h.wsUrl}/stream`,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 2_000 },
      ...extra,
    });
  });
}
