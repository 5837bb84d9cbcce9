import { VirtualClock } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { SimEngine, SimWorld } from '../../src/index.js';

const DAY = 86_400_000;

describe('candles and the world origin', () => {
  it('no candle ends before the origin: an estimator sees real moves, not a flat made-up past', () => {
    const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 10, 12), mode: 'stepped' });
    const world = new SimWorld({ seed: 3, clock, originMs: Date.UTC(2026, 0, 5) });
    const engine = new SimEngine({ venue: 'extended', world, clock, seed: 3 });
    const daily = engine.candles('BTC', DAY, Date.UTC(2025, 11, 1), clock.now());
    expect(daily.map((c) => new Date(c.time).toISOString().slice(0, 10))).toEqual([
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-01-10',
    ]);
    // The path moves from the origin on: the candles are not all one price.
    expect(new Set(daily.map((c) => c.close.toString())).size).toBeGreaterThan(1);
    expect(engine.candles('BTC', 60_000, Date.UTC(2025, 11, 1), Date.UTC(2026, 0, 4))).toEqual([]);
  });
});
