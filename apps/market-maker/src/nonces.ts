import type { PerpVenue } from '@dn/core';
import { StarkNoncePool } from '@dn/extended';

interface NonceClient {
  useStarkNonces(pool: StarkNoncePool | undefined): void;
}

/**
 * Config `precomputed_nonces` (opt-in): gives the venue's Extended client a pool of precomputed Stark ECDSA nonces,
 * kept full in the background, so that signing an order costs a modular multiplication instead of a curve
 * multiplication. Returns the function that detaches and empties the pool, or undefined when the venue is not
 * Extended (nothing to do; the caller says so).
 */
export function attachNoncePool(venue: PerpVenue, size = 256): (() => void) | undefined {
  const client = (venue as { client?: Partial<NonceClient> }).client;
  if (!client || typeof client.useStarkNonces !== 'function') return undefined;
  const pool = new StarkNoncePool({ size });
  const stopRefill = pool.keepFull();
  client.useStarkNonces(pool);
  return () => {
    stopRefill();
    client.useStarkNonces?.(undefined);
    pool.clear();
  };
}
