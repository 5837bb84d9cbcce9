import { createClient, UsageError, type VenueHandle, type VenueName } from '@dn/connect';
import type { PerpVenue } from '@dn/core';

/**
 * Lighter's client refuses to be built without an account and an API key, even for public reads. The read-only
 * commands give it this placeholder (account 0, key index 3, private key = scalar 1): it signs nothing, the read-only
 * guard refuses every sending method, and no private endpoint is called.
 */
const LIGHTER_PUBLIC_PLACEHOLDER: Record<string, string> = {
  accountIndex: '0',
  apiKeyIndex: '3',
  privateKey: `01${'00'.repeat(39)}`,
};

/** What a read-only scan may call on a venue. */
export const SCAN_READS: ReadonlySet<string> = new Set([
  'id',
  'getMarkets',
  'getAllStats',
  'getOrderBook',
  'getFunding',
  'subscribeOrderBook',
  'close',
]);

/** What a live history download may call on a venue: public data only. */
export const HISTORY_READS: ReadonlySet<string> = new Set([
  'id',
  'getMarkets',
  'getFundingHistory',
  'getCandles',
  'close',
]);

/** `venue` with only the methods in `reads` callable; anything else throws before reaching the connector. */
export function readOnly(venue: PerpVenue, reads: ReadonlySet<string>, command: string): PerpVenue {
  return new Proxy(venue, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      if (!reads.has(prop)) {
        return () => {
          throw new UsageError(`${command} is read-only: ${prop} refused`);
        };
      }
      return value.bind(target);
    },
  });
}

/**
 * The real venues' public endpoints, without credentials (none is read from the environment), each behind the
 * read-only guard: what `scan` and `history` read in live mode.
 */
export function publicVenues(names: readonly VenueName[], reads: ReadonlySet<string>, command: string): VenueHandle[] {
  return names.map((name) => ({
    name,
    venue: readOnly(
      createClient(name, { credentials: name === 'lighter' ? LIGHTER_PUBLIC_PLACEHOLDER : {} }),
      reads,
      command,
    ),
  }));
}
