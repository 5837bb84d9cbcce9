import type { PerpVenue } from '@dn/core';
import { EngineVenue } from '@dn/sim/engine';
import { describe, expect, it } from 'vitest';
import { marketMakerConfigSchema } from '../src/config.js';
import { newMaker, simSession } from './sim-session.js';

/** Records, for each placeOrder, whether a cancel of the same side was still unanswered when it was sent. */
async function session(mode: 'back-to-back' | 'cancel-then-place') {
  const { clock, engine } = simSession({ takerFlow: false });
  const inner = new EngineVenue(engine, 'mm');
  const pendingCancels = new Set<string>();
  const sides = new Map<string, string>();
  const placedWhileCancelPending: boolean[] = [];
  const venue = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'cancelOrder') {
        return async (p: Parameters<PerpVenue['cancelOrder']>[0]) => {
          const side = sides.get(p.clientOrderId ?? '') ?? '?';
          pendingCancels.add(side);
          // The cancel's answer takes a while (a round trip).
          await new Promise((r) => setTimeout(r, 5));
          try {
            return await target.cancelOrder(p);
          } finally {
            pendingCancels.delete(side);
          }
        };
      }
      if (prop === 'placeOrder') {
        return async (p: Parameters<PerpVenue['placeOrder']>[0]) => {
          sides.set(p.clientOrderId ?? '', p.side);
          placedWhileCancelPending.push(pendingCancels.has(p.side));
          return target.placeOrder(p);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const config = marketMakerConfigSchema.parse({
    replace_mode: mode,
    replace_coalesce_ms: 0,
    dead_mans_switch_sec: 0,
    risk: { max_net_position_usd: 600, max_open_orders: 10, min_balance_usd: 100 },
    markets: { 'ETH-USD': { base_spread: 0.0002, K: 0, replace_threshold_bps: 0, quote_notional_cap_usd: 200 } },
  });
  const maker = newMaker({ venue, clock, config });
  await maker.start();
  for (let i = 0; i < 60; i++) {
    await clock.advance(500);
    await new Promise((r) => setTimeout(r, 12));
  }
  await maker.stop({ cancelAll: true });
  engine.stop();
  return { placedWhileCancelPending, maker };
}

describe('replace_mode', () => {
  it('back-to-back (opt-in): the new order leaves without waiting for the cancel’s answer', async () => {
    const { placedWhileCancelPending, maker } = await session('back-to-back');
    expect(maker.counts.cancelled).toBeGreaterThan(3);
    expect(placedWhileCancelPending.filter(Boolean).length).toBeGreaterThan(3);
  });

  it('cancel-then-place: never while a cancel of that side is unanswered', async () => {
    const { placedWhileCancelPending, maker } = await session('cancel-then-place');
    expect(maker.counts.cancelled).toBeGreaterThan(3);
    expect(placedWhileCancelPending.some(Boolean)).toBe(false);
  });
});
