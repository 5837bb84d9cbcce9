import type { KnownVenueId } from '@dn/core';
import { VirtualClock } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { defaultMarkets, MAJOR_ASSETS, SimEngine, SimWorld } from '../../src/engine/index.js';
import { T0 } from './helpers.js';

const VENUES: KnownVenueId[] = ['extended', 'pacifica', 'lighter', 'edgex'];

function logReturns(w: SimWorld, symbol: string, n: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= n; i++)
    out.push(Math.log(w.price(symbol, T0 + i * 3_600_000) / w.price(symbol, T0 + (i - 1) * 3_600_000)));
  return out;
}

function corr(a: number[], b: number[]): number {
  const m = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = m(a);
  const mb = m(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((x, i) => {
    const y = b[i] as number;
    sab += (x - ma) * (y - mb);
    saa += (x - ma) ** 2;
    sbb += (y - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe('default universe', () => {
  it('lists ≥ 80 markets per venue, ≥ 50 shared by any two, some inactive, the majors on every venue', () => {
    const lists = new Map(VENUES.map((v) => [v, defaultMarkets(v)]));
    for (const [venue, markets] of lists) {
      expect(markets.length, venue).toBeGreaterThanOrEqual(80);
      expect(new Set(markets.map((m) => m.symbol)).size).toBe(markets.length);
      const inactive = markets.filter((m) => !m.active).map((m) => m.symbol);
      expect(inactive.length, venue).toBeGreaterThan(0);
      for (const s of MAJOR_ASSETS.map((a) => a.symbol)) expect(markets.find((m) => m.symbol === s)?.active).toBe(true);
    }
    for (const a of VENUES) {
      for (const b of VENUES) {
        if (a >= b) continue;
        const left = new Set(lists.get(a)?.map((m) => m.symbol));
        const shared = lists.get(b)?.filter((m) => left.has(m.symbol)) ?? [];
        expect(shared.length, `${a} ∩ ${b}`).toBeGreaterThanOrEqual(50);
      }
    }
    // Lighter addresses markets by number: every id distinct and numeric.
    const ids = lists.get('lighter')?.map((m) => m.venueSymbol) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^\d+$/);
  });

  it('has a thin tail: wide spreads, small volume, a lot worth a few dollars', () => {
    const markets = defaultMarkets('extended');
    const byVolume = [...markets].sort((x, y) => x.dailyVolumeUsd - y.dailyVolumeUsd);
    const thin = byVolume.slice(0, 10);
    const liquid = byVolume.slice(-10);
    for (const m of thin) expect(m.spreadBps).toBeGreaterThan(Math.max(...liquid.map((l) => l.spreadBps)));
    expect(Math.max(...thin.map((m) => m.dailyVolumeUsd))).toBeLessThan(1_000_000);
    const world = new SimWorld({ seed: 1, clock: new VirtualClock({ startMs: T0, mode: 'stepped' }) });
    for (const m of markets) {
      const lotUsd = m.lotSize.mul(world.spec(m.symbol).startPrice).toNumber();
      expect(lotUsd, m.symbol).toBeLessThan(20);
      expect(m.minSize.gte(m.lotSize)).toBe(true);
    }
  });

  it('keeps the majors’ price paths of a majors-only world, and ties the tail to BTC', () => {
    const clock = new VirtualClock({ startMs: T0, mode: 'stepped' });
    const full = new SimWorld({ seed: 7, clock });
    const small = new SimWorld({ seed: 7, clock, symbols: MAJOR_ASSETS });
    expect(small.symbols()).toHaveLength(8);
    expect(full.symbols().length).toBeGreaterThan(100);
    for (const s of small.symbols()) {
      for (const t of [T0, T0 + 61_234, T0 + 86_400_000 * 3 + 17_000]) expect(full.price(s, t)).toBe(small.price(s, t));
    }
    const btc = logReturns(full, 'BTC', 2_000);
    const sui = logReturns(full, 'SUI', 2_000);
    const loading = full.spec('SUI').factor?.loading ?? 0;
    expect(Math.abs(corr(btc, sui) - loading)).toBeLessThan(0.06);
  });

  it('an engine on the default world lists only what its venue lists', () => {
    const clock = new VirtualClock({ startMs: T0, mode: 'stepped' });
    const world = new SimWorld({ seed: 1, clock });
    const extended = new SimEngine({ venue: 'extended', world, clock, seed: 1 }).markets().map((m) => m.symbol);
    const pacifica = new SimEngine({ venue: 'pacifica', world, clock, seed: 1 }).markets().map((m) => m.symbol);
    expect(extended).toEqual(defaultMarkets('extended').map((m) => m.symbol));
    expect(extended.length).toBeLessThan(world.symbols().length);
    expect(pacifica.some((s) => !extended.includes(s))).toBe(true);
  });
});
