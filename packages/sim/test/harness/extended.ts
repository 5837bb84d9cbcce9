import { type ExtendedClientOptions, ExtendedVenue } from '@dn/extended';
import { simHarness } from './sim-harness.js';

/**
 * ExtendedVenue against the simulated Extended: the real connector, only the base URLs differ. Every key is a FAKE
 * simulator key derived from "dn-sim-fake-extended-<seed>-<index>".
 */
export function extendedHarness(seed = 7) {
  return simHarness<ExtendedVenue, ExtendedClientOptions>('extended', seed, (h, index, extra) => {
    const creds = h.accounts[index]!.credentials;
    return new ExtendedVenue({
      apiKey: creds.apiKey!,
      starkPrivateKey: creds.starkPrivateKey!,
      vault: creds.vault!,
      restUrl: `${h.restUrl}/api/v1`,
      wsUrl: `${h.wsUrl}/stream.extended.exchange/v1`,
      reconnect: { baseDelayMs: 50, maxDelayMs: 200 },
      ...extra,
    });
  });
}
