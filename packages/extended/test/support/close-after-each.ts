import { Closables } from '@dn/core/testing';
import { afterEach } from 'vitest';
import type { ExtendedVenue } from '../../src/index.js';

type Server = { close(): Promise<void> } | { stop(): Promise<void> };

/**
 * Registers an `afterEach` that closes every venue added to the returned set (newest first), then the test's server
 * (`server()` reads the file's current one; a server is closed once even when the next test makes none).
 */
export function closeAfterEach(server: () => Server | undefined): Closables<ExtendedVenue> {
  const venues = new Closables<ExtendedVenue>();
  let closed: Server | undefined;
  afterEach(async () => {
    await venues.closeAll();
    const s = server();
    if (s === undefined || s === closed) return;
    closed = s;
    await ('close' in s ? s.close() : s.stop());
  });
  return venues;
}
