import { type CandleQuery, Decimal } from '@dn/core';
import { hedgeRatioFromCandles } from '@dn/math';
import { afterEach, describe, expect, it } from 'vitest';
import { alignCandles, fetchDailyCandles } from '../src/candles.js';
import { HedgeEstimator } from '../src/hedge.js';
import { closeHarnesses, DAY, harness, SIM_BETA, T0 } from './harness.js';

afterEach(closeHarnesses);

const candle = (time: number, close: string) => ({
  time,
  open: new Decimal(close),
  high: new Decimal(close),
  low: new Decimal(close),
  close: new Decimal(close),
  volume: new Decimal(1),
});

describe('hedge ratio', () => {
  it('recovers the simulator β of BTC on ETH from a year of daily candles', async () => {
    const h = await harness({}, { historyDays: 400 });
    const est = new HedgeEstimator({ venue: h.venue, long: 'BTC', short: 'ETH', lookbackDays: 365, minSamples: 30 });
    const r = await est.refresh(T0);
    expect(r.kind).toBe('estimated');
    if (r.kind !== 'estimated') return;
    console.log(`estimated h* ${r.estimate.ratio} ρ ${r.estimate.correlation} vs simulated β ${SIM_BETA}`);
    expect(r.estimate.samples).toBe(364);
    expect(r.estimate.gaps).toBe(0);
    // Standard error of an OLS slope with ρ ≈ 0.81 over 364 returns ≈ 0.032: within 3 σ.
    expect(Math.abs(r.estimate.ratio - SIM_BETA)).toBeLessThan(0.1);
    expect(Math.abs(r.estimate.correlation - 0.92 * 0.88)).toBeLessThan(0.07);
  });

  it('recovers β across seeds (mean of 4 estimates within 0.05)', async () => {
    const ratios: number[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const h = await harness({}, { seed, historyDays: 400 });
      const est = new HedgeEstimator({ venue: h.venue, long: 'BTC', short: 'ETH', lookbackDays: 365, minSamples: 30 });
      const r = await est.refresh(T0);
      if (r.kind === 'estimated') ratios.push(r.estimate.ratio);
      await h.close();
    }
    expect(ratios).toHaveLength(4);
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(Math.abs(mean - SIM_BETA)).toBeLessThan(0.05);
  });

  it('a textbook case: exposure = 0.5 × hedge return exactly gives h* = 0.5, ρ = 1', () => {
    const hedge = [100, 110, 99, 105.6, 102, 108];
    const exposure = [100];
    for (let i = 1; i < hedge.length; i++) {
      const r = Math.log((hedge[i] as number) / (hedge[i - 1] as number));
      exposure.push((exposure[i - 1] as number) * Math.exp(0.5 * r));
    }
    const r = hedgeRatioFromCandles(
      exposure.map((c, i) => ({ time: i * DAY, close: c })),
      hedge.map((c, i) => ({ time: i * DAY, close: c })),
    );
    expect(r.hedgeRatio).toBeCloseTo(0.5, 10);
    expect(r.rSquared).toBeCloseTo(1, 10);
  });

  it('too few samples: the refresh fails and says how many it had', async () => {
    const h = await harness();
    const real = h.venue;
    // A venue that only has the last 10 days of history.
    const venue = new Proxy(real, {
      get(t, p, r) {
        const v = Reflect.get(t, p, r);
        if (p !== 'getCandles') return typeof v === 'function' ? v.bind(t) : v;
        return async (q: { since?: number }) =>
          (await t.getCandles({ ...q, since: Math.max(q.since ?? 0, T0 - 10 * DAY) } as never)).filter(
            (c) => c.time >= T0 - 10 * DAY,
          );
      },
    });
    const est = new HedgeEstimator({ venue, long: 'BTC', short: 'ETH', lookbackDays: 365, minSamples: 30 });
    const r = await est.refresh(T0);
    expect(r).toEqual({ kind: 'failed', reason: expect.stringContaining('fewer than the 30 required') });
  });
});

describe('candle paging and alignment', () => {
  it('walks back in pages the venue can serve and returns each complete day once, oldest first', async () => {
    const h = await harness({}, { historyDays: 400 });
    const calls: number[] = [];
    const venue = new Proxy(h.venue, {
      get(t, p, r) {
        const v = Reflect.get(t, p, r);
        if (p !== 'getCandles') return typeof v === 'function' ? v.bind(t) : v;
        return async (q: CandleQuery) => {
          calls.push(q.limit ?? 0);
          // A venue that serves at most 50 bars per request.
          return (await t.getCandles(q)).slice(-50);
        };
      },
    });
    const out = await fetchDailyCandles(venue, 'BTC', T0 - 120 * DAY, T0 + 5 * 3_600_000, 50);
    expect(out).toHaveLength(120);
    expect(out[0]?.time).toBe(T0 - 120 * DAY);
    expect(out[out.length - 1]?.time).toBe(T0 - DAY);
    expect(calls.length).toBe(3);
    for (let i = 1; i < out.length; i++) expect((out[i]?.time ?? 0) - (out[i - 1]?.time ?? 0)).toBe(DAY);
  });

  it('drops a bar missing on one side and reports it; never pairs different days', () => {
    const long = [candle(0, '100'), candle(DAY, '101'), candle(2 * DAY, '102'), candle(3 * DAY, '103')];
    const short = [candle(0, '10'), candle(2 * DAY, '10.2'), candle(3 * DAY, '10.3'), candle(4 * DAY, '10.4')];
    const a = alignCandles(long, short);
    expect(a.long.map((c) => c.time)).toEqual([0, 2 * DAY, 3 * DAY]);
    expect(a.short.map((c) => c.time)).toEqual([0, 2 * DAY, 3 * DAY]);
    expect(a.missingShort).toEqual([DAY]);
    expect(a.missingLong).toEqual([4 * DAY]);
  });
});
