import type { PerpVenue } from '@dn/core';

/**
 * A fake venue that records the orders it is sent (each answered `filled`), has no positions, and a method `other()`
 * that says whether it was called on the venue itself (a wrapper must keep `this`).
 */
export function recordingVenue(): { venue: PerpVenue & { other(): boolean }; sent: unknown[] } {
  const sent: unknown[] = [];
  const venue = {
    id: 'fake',
    placeOrder: async (p: unknown) => {
      sent.push(p);
      return { orderId: '1', status: 'filled' };
    },
    getPositions: async () => [],
    other() {
      return this === venue;
    },
  } as unknown as PerpVenue & { other(): boolean };
  return { venue, sent };
}
