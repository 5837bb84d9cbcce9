import { VirtualClock } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { cholesky, SimWorld } from '../../src/engine/index.js';
import { T0 } from './helpers.js';

function world(seed = 42): { w: SimWorld; clock: VirtualClock } {
  const clock = new VirtualClock({ startMs: T0, mode: 'stepped' });
  return { w: new SimWorld({ seed, clock }), clock };
}

function logReturns(w: SimWorld, symbol: string, stepMs: number, n: number): number[] {
  const out: number[] = [];
  let prev = w.price(symbol, T0);
  for (let i = 1; i <= n; i++) {
    const p = w.price(symbol, T0 + i * stepMs);
    out.push(Math.log(p / prev));
    prev = p;
  }
  return out;
}

function corr(a: number[], b: number[]): number {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('SimWorld', () => {
  it('starts at the configured prices', () => {
    const { w } = world();
    expect(w.price('BTC', T0)).toBe(95_000);
    expect(w.price('ETH', T0)).toBe(3_300);
    expect(w.priceDecimal('SOL', T0).toString()).toBe('180');
  });

  it('gives the same prices for the same seed whatever the query order and cadence', () => {
    const { w: dense } = world();
    const { w: sparse } = world();
    const times = [5_000, 61_000, 3_599_000, 3_600_000, 7_777_000, 86_400_000 * 3 + 12_345];
    // dense walks every second of the first two hours, sparse jumps straight to each time in reverse order
    for (let t = 0; t <= 7_200_000; t += 1_000) dense.price('ETH', T0 + t);
    const a = times.map((t) => dense.price('ETH', T0 + t));
    const b = [...times].reverse().map((t) => sparse.price('ETH', T0 + t));
    expect(b.reverse()).toEqual(a);
    // between grid points the price holds
    expect(dense.price('BTC', T0 + 5_999)).toBe(dense.price('BTC', T0 + 5_000));
  });

  it('differs with the seed', () => {
    expect(world(1).w.price('BTC', T0 + 3_600_000)).not.toBe(world(2).w.price('BTC', T0 + 3_600_000));
  });

  it('has realistic volatility and correlation', () => {
    const { w } = world(9);
    const n = 2_000;
    const btc = logReturns(w, 'BTC', 3_600_000, n);
    const eth = logReturns(w, 'ETH', 3_600_000, n);
    const sol = logReturns(w, 'SOL', 3_600_000, n);
    const annualVol = (xs: number[]): number => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return Math.sqrt((xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)) * 8760);
    };
    expect(annualVol(btc)).toBeGreaterThan(0.44);
    expect(annualVol(btc)).toBeLessThan(0.56);
    expect(annualVol(sol)).toBeGreaterThan(0.75);
    expect(annualVol(sol)).toBeLessThan(0.95);
    expect(corr(btc, eth)).toBeGreaterThan(0.72);
    expect(corr(btc, eth)).toBeLessThan(0.88);
    // second-level returns inside the hour carry the same correlation (bridges share the Cholesky factor)
    expect(corr(logReturns(w, 'BTC', 1_000, 1_500), logReturns(w, 'ETH', 1_000, 1_500))).toBeGreaterThan(0.65);
  });

  it('jumps far ahead without walking every second', () => {
    const { w } = world();
    const p = w.price('DOGE', T0 + 30 * 86_400_000 + 1_234);
    expect(p).toBeGreaterThan(0);
    expect(Number.isFinite(p)).toBe(true);
  });

  it('applies shocks from their time on and describes itself for rebuilding', () => {
    const { w, clock } = world();
    const before = w.price('BTC', T0 + 10_000);
    const earlier = w.price('BTC', T0 + 9_000);
    w.shock('BTC', 0.5, T0 + 10_000);
    expect(w.price('BTC', T0 + 9_000)).toBe(earlier);
    expect(w.price('BTC', T0 + 10_000)).toBeCloseTo(before * 0.5, 6);
    const again = SimWorld.fromDescriptor(JSON.parse(JSON.stringify(w.describe())), clock);
    expect(again.price('BTC', T0 + 50_000)).toBe(w.price('BTC', T0 + 50_000));
    expect(() => w.shock('NOPE', 2)).toThrow(/unknown symbol/);
  });

  it('refuses a matrix that is not a correlation matrix', () => {
    expect(() =>
      cholesky([
        [1, 2],
        [2, 1],
      ]),
    ).toThrow(/positive definite/);
    expect(() =>
      cholesky([
        [1, 0.5],
        [0.4, 1],
      ]),
    ).toThrow(/symmetric/);
  });
});
