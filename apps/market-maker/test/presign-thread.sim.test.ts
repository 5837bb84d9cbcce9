import { connectVenues } from '@dn/connect';
import { createLogger, Decimal, VirtualClock } from '@dn/core';
import { describe, expect, it } from 'vitest';
import type { SigningThread } from '../src/signing-thread.js';
import { busyQuotingConfig, newMaker } from './sim-session.js';

describe('presign_thread on the simulator, through the real Extended connector', () => {
  it('presigned orders come from the signing thread, are sent, and the simulator (which verifies every Stark signature) accepts them', async () => {
    const clock = new VirtualClock({ startMs: Date.now(), realStartMs: Date.now(), mode: { speed: 10 } });
    const conn = await connectVenues({
      mode: 'paper',
      venues: ['extended'],
      seed: 3,
      speed: 10,
      collateral: new Decimal(100_000),
      log: createLogger({ name: 'test', level: 'silent', console: false }),
      clock,
    });
    try {
      const venue = conn.venues[0]!.venue;
      const config = busyQuotingConfig({
        presign_ticks: 2,
        // Ten simulated seconds are one real second here: the age limit in real time is the default's.
        presign_max_age_ms: 50_000,
      });
      expect(config.presign_thread).toBe(true);
      const maker = newMaker({ venue, clock, config });
      await maker.start();
      const stats = () => (venue as unknown as { presignStats(): { hits: number } | undefined }).presignStats();
      const t0 = Date.now();
      // Until some presigned orders were sent (the thread's first start compiles its code: allow for it).
      while ((stats()?.hits ?? 0) < 5 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 200));
      const hits = stats()?.hits ?? 0;
      const thread = (maker as unknown as { signingThread?: SigningThread }).signingThread;
      const signedOnThread = thread?.signed ?? 0;
      await maker.stop({ cancelAll: true });
      expect(signedOnThread).toBeGreaterThanOrEqual(hits);
      expect(hits).toBeGreaterThanOrEqual(5);
      expect(maker.counts.placed).toBeGreaterThanOrEqual(hits);
      expect(maker.counts.rejected).toBe(0);
      // Stopped: the store is off and the thread closed.
      expect(stats()).toBeUndefined();
    } finally {
      await conn.close();
    }
  });
});
