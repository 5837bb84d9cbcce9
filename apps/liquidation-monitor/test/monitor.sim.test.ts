import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectVenues, reduceOnlyVenue, type VenueConnection, type VenueName } from '@dn/connect';
import { type Clock, createLogger, Decimal, HaltSentinel, type PerpVenue, type PlaceOrderParameters } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Thresholds } from '../src/assess.js';
import { createCloser } from '../src/closer.js';
import { Monitor } from '../src/monitor.js';

/**
 * The monitor over the real protocols: the simulator's front-ends on loopback, reached through the real connectors,
 * on a fast virtual clock (the grace period and the close's backoffs cost milliseconds).
 */
const log = createLogger({ name: 'liquidation-monitor-test', level: 'silent', console: false });
let conn: VenueConnection | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await conn?.close();
  conn = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const T: Thresholds = {
  marginThresholdPct: new Decimal(80),
  minLiquidationDistancePct: new Decimal(1),
  unhedgedGraceMs: 120_000,
  staleLimitMs: 300_000,
  hedgeTolerancePct: new Decimal(1),
};

interface Bed {
  clock: Clock;
  raw: Map<string, PerpVenue>;
  /** Every order the monitor sent, as it left. */
  sent: { venue: string; params: PlaceOrderParameters }[];
  halt: HaltSentinel;
  alerts: string[];
  monitor(thresholds?: Partial<Thresholds>, fail?: { venue: string; when: () => boolean }): Monitor;
  truth(venue: string): Record<string, string>;
}

async function bed(venues: VenueName[], collateral = 100_000): Promise<Bed> {
  // The connection's own N× clock: signed requests' validity windows are stretched to match it.
  conn = await connectVenues({
    mode: 'paper',
    venues,
    seed: 5,
    speed: 500,
    collateral: new Decimal(collateral),
    log,
    transport: 'protocol',
  });
  const c = conn;
  const clock = c.clock as Clock;
  const raw = new Map(c.venues.map((v) => [v.name as string, v.venue]));
  const sent: Bed['sent'] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-liqmon-'));
  dirs.push(dir);
  const halt = new HaltSentinel(path.join(dir, 'dn.HALT.json'));
  const alerts: string[] = [];
  return {
    clock,
    raw,
    sent,
    halt,
    alerts,
    monitor(over = {}, fail) {
      const venuesOf = new Map<string, PerpVenue>();
      for (const [name, venue] of raw) {
        const recorded = new Proxy(venue, {
          get(target, prop) {
            if (prop === 'placeOrder') {
              return (params: PlaceOrderParameters) => {
                sent.push({ venue: name, params });
                return target.placeOrder(params);
              };
            }
            if ((prop === 'getPositions' || prop === 'getBalance') && fail?.venue === name && fail.when()) {
              return () => Promise.reject(new Error(`${name} is down (test)`));
            }
            const v = Reflect.get(target, prop, target);
            return typeof v === 'function' ? v.bind(target) : v;
          },
        });
        // Guarded outside the recorder: a refused opening order would never show up in `sent`.
        venuesOf.set(name, reduceOnlyVenue(recorded, 'liquidation-monitor'));
      }
      return new Monitor({
        venues: venuesOf,
        clock,
        thresholds: { ...T, ...over },
        autoClose: true,
        close: createCloser({ venues: venuesOf, halt, clock, log }),
        alert: (e) => alerts.push(`${e.kind}: ${e.message}`),
        readTimeoutMs: 5_000,
      });
    },
    truth(venue) {
      const s = c.sims?.get(venue as VenueName);
      const account = s?.accounts[0]?.accountId ?? '';
      return Object.fromEntries(
        (s?.engine.positions(account) ?? []).filter((p) => !p.size.isZero()).map((p) => [p.symbol, p.size.toString()]),
      );
    },
  };
}

async function open(venue: PerpVenue, symbol: string, size: string): Promise<void> {
  const d = new Decimal(size);
  await venue.placeOrder({ symbol, side: d.gt(0) ? 'buy' : 'sell', type: 'market', size: d.abs(), slippage: '0.02' });
}

describe('liquidation monitor over the real protocols', () => {
  it('closes a leg left unhedged past the grace period, after writing the sentinel; never opens', async () => {
    const b = await bed(['extended', 'lighter']);
    await open(b.raw.get('extended') as PerpVenue, 'ETH', '0.5');
    await open(b.raw.get('extended') as PerpVenue, 'BTC', '0.01');
    await open(b.raw.get('lighter') as PerpVenue, 'BTC', '-0.01');
    const m = b.monitor();
    const first = await m.check();
    expect(first.assessment.hedges.map((h) => [h.symbol, h.status])).toEqual([
      ['BTC', 'hedged'],
      ['ETH', 'unhedged'],
    ]);
    expect(first.close).toBeUndefined();
    await b.clock.sleep(121_000);
    const second = await m.check();
    expect(second.assessment.triggers.map((t) => t.kind)).toEqual(['unhedged']);
    expect(second.close?.symbols).toEqual(['ETH']);
    expect(second.close?.outcome.flat).toBe(true);
    expect(b.truth('extended')).toEqual({ BTC: '0.01' });
    expect(b.truth('lighter')).toEqual({ BTC: '-0.01' });
    expect((await b.halt.read())?.by).toBe('liquidation-monitor');
    expect((await b.halt.read())?.reason).toContain('ETH unhedged');
    expect(b.sent.length).toBeGreaterThan(0);
    expect(b.sent.every((s) => s.params.reduceOnly === true && s.params.symbol === 'ETH')).toBe(true);
    const third = await m.check();
    expect(third.assessment.level).toBe('ok');
    expect(third.close).toBeUndefined();
  });

  it('closes both legs of a pair when one venue crosses the margin threshold', async () => {
    const b = await bed(['lighter', 'pacifica'], 5_000);
    await open(b.raw.get('lighter') as PerpVenue, 'BTC', '0.1');
    await open(b.raw.get('pacifica') as PerpVenue, 'BTC', '-0.1');
    const probe = await b.monitor({ marginThresholdPct: new Decimal(99) }).check();
    const ratio = probe.assessment.venues.find((v) => v.venue === 'lighter')?.marginRatioPct;
    expect(ratio?.gt(0)).toBe(true);
    expect(probe.close).toBeUndefined();
    // A threshold just under the venue's current ratio: the next check crosses it.
    const result = await b.monitor({ marginThresholdPct: (ratio as Decimal).mul('0.9') }).check();
    expect(result.assessment.triggers.find((t) => t.kind === 'margin')?.venue).toBe('lighter');
    expect(result.close?.symbols).toEqual(['BTC']);
    expect(result.close?.outcome.flat).toBe(true);
    expect(b.truth('lighter')).toEqual({});
    expect(b.truth('pacifica')).toEqual({});
    expect(b.sent.every((s) => s.params.reduceOnly === true)).toBe(true);
  });

  it('a venue unreadable past the stale limit gets its symbols closed everywhere it can reach', async () => {
    const b = await bed(['edgex', 'lighter']);
    await open(b.raw.get('edgex') as PerpVenue, 'SOL', '2');
    await open(b.raw.get('lighter') as PerpVenue, 'SOL', '-2');
    let down = false;
    const m = b.monitor({}, { venue: 'edgex', when: () => down });
    expect((await m.check()).assessment.level).toBe('ok');
    down = true;
    const failing = await m.check();
    expect(failing.assessment.venues.find((v) => v.venue === 'edgex')?.error).toContain('edgex is down');
    // The last known edgex leg still hedges the lighter one: no "unhedged" from one failed read.
    expect(failing.assessment.hedges[0]?.status).toBe('hedged');
    expect(failing.close).toBeUndefined();
    expect(b.alerts.some((a) => a.startsWith('venue_down'))).toBe(true);
    await b.clock.sleep(301_000);
    const stale = await m.check();
    expect(stale.assessment.triggers.map((t) => t.kind)).toContain('stale');
    expect(stale.close?.symbols).toEqual(['SOL']);
    expect(b.truth('lighter')).toEqual({});
  });
});
