import { connectVenues } from '@dn/connect';
import { createLogger, Decimal, VirtualClock } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { marketMakerConfigSchema } from '../src/config.js';
import type { SigningThread } from '../src/signing-thread.js';
import { newMaker } from './sim-session.js';

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
      const config = marketMakerConfigSchema.parse({
        replace_mode: 'back-to-back',
        replace_coalesce_ms: 0,
        dead_mans_switch_sec: 0,
        presign_ticks: 2,
        // Ten simulated seconds are one real second here: the age limit in real time is the default's.
        presign_max_age_ms: 50_000,
        risk: { max_net_position_usd: 100_000, max_open_orders: 100, min_balance_usd: 0 },
        markets: { 'ETH-USD': { base_spread: 0.0002, K: 0, replace_threshold_bps: 0, quote_notional_cap_usd: 100 } },
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
