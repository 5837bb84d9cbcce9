import type { PaperSim, VenueName } from '@dn/connect';
import { Decimal, VirtualClock } from '@dn/core';
import { type FlattenEvent, type FlattenTarget, flatten } from '@dn/execution';
import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectedVenues, connectAll } from '../src/connect.js';
import { exitCodeFor, toJsonReport } from '../src/report.js';
import { type Call, drive, fastOptions, guardOrders, open, rest, silentLog } from './helpers.js';

/**
 * The flatten over every venue's real protocol: the simulator's front-ends on loopback, reached through the real
 * connectors (signing, REST, WebSocket), on a stepped clock so backoffs cost no wall time.
 */
const ALL: VenueName[] = ['extended', 'pacifica', 'edgex', 'lighter'];

let conn: ConnectedVenues | undefined;
afterEach(async () => {
  await conn?.close();
  conn = undefined;
});

async function paper(venues: VenueName[], seed = 11): Promise<{ c: ConnectedVenues; clock: VirtualClock }> {
  const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 5), mode: 'stepped' });
  conn = await connectAll({
    mode: 'paper',
    venues,
    seed,
    collateral: new Decimal(100_000),
    log: silentLog,
    timeoutMs: 10_000,
    clock,
    transport: 'protocol',
  });
  expect([...(conn.sims?.keys() ?? [])]).toEqual(venues);
  return { c: conn, clock };
}

const target = (c: ConnectedVenues, name: VenueName): FlattenTarget => {
  const t = c.targets.find((x) => x.name === name);
  if (!t) throw new Error(`no target ${name}`);
  return t;
};

const sim = (c: ConnectedVenues, name: VenueName): PaperSim => {
  const s = c.sims?.get(name);
  if (!s) throw new Error(`no simulator for ${name}`);
  return s;
};

/** The simulator's own books, not the connector's view: positions of the paper account, non-zero only. */
function truth(s: PaperSim): Record<string, string> {
  const account = s.accounts[0]?.accountId ?? '';
  return Object.fromEntries(
    s.engine
      .positions(account)
      .filter((p) => !p.size.isZero())
      .map((p) => [p.symbol, p.size.toString()]),
  );
}

/**
 * Replays the account's fills per symbol from `opened` and returns every moment the position changed sign without
 * passing through zero, or grew: what an emergency exit must never do.
 */
function flips(s: PaperSim, opened: Record<string, string>, since: number): string[] {
  const account = s.accounts[0]?.accountId ?? '';
  const out: string[] = [];
  for (const [symbol, size] of Object.entries(opened)) {
    let pos = new Decimal(size);
    for (const f of s.engine.fills(account, { symbol, since })) {
      const next = f.side === 'buy' ? pos.plus(f.size) : pos.minus(f.size);
      if (next.abs().gt(pos.abs()) || next.mul(pos).lt(0)) out.push(`${s.venue} ${symbol}: ${pos} → ${next}`);
      pos = next;
    }
  }
  return out;
}

const deps = (clock: VirtualClock, events?: FlattenEvent[]) => ({
  clock,
  log: silentLog,
  random: () => 0.5,
  onEvent: events ? (e: FlattenEvent) => events.push(e) : undefined,
});

/**
 * Flattens `c` through the order guard, after moving the clock on: opening fills carry the current time, and the
 * replay of fills (`flips`) must start after them. Returns the result, the replay start and the guard's findings.
 */
async function guardedFlatten(
  c: ConnectedVenues,
  clock: VirtualClock,
  o: { calls?: Call[]; events?: FlattenEvent[]; options?: Parameters<typeof fastOptions>[0]; realMs?: number } = {},
) {
  await clock.advance(1_000);
  const since = clock.now();
  const violations: string[] = [];
  const targets = guardOrders(c.targets, o.calls ?? [], violations);
  const result = await drive(clock, flatten(targets, deps(clock, o.events), fastOptions(o.options)), o.realMs);
  return { result, since, violations };
}

describe('flatten over the real protocols', () => {
  it('flattens positions and cancels resting orders on four venues at once', async () => {
    const { c, clock } = await paper(ALL);
    for (const [i, t] of c.targets.entries()) {
      await drive(clock, open(t.venue, 'BTC', i % 2 === 0 ? '0.02' : '-0.03'));
      await drive(clock, open(t.venue, 'ETH', i % 2 === 0 ? '-0.7' : '0.4'));
      await drive(clock, rest(t.venue, 'SOL', '1'));
    }
    for (const name of ALL) expect(Object.keys(truth(sim(c, name))).sort()).toEqual(['BTC', 'ETH']);

    const result = await drive(clock, flatten(c.targets, deps(clock), fastOptions()));
    expect(result.flat).toBe(true);
    expect(exitCodeFor(result)).toBe(0);
    for (const name of ALL) {
      const s = sim(c, name);
      expect(truth(s)).toEqual({});
      expect(s.engine.openOrders(s.accounts[0]?.accountId ?? '')).toEqual([]);
    }
    expect(result.venues.map((v) => [v.venue, v.ordersCancelled])).toEqual(ALL.map((v) => [v, 1]));
    for (const v of result.venues) {
      for (const p of v.positions) {
        expect(p.after?.isZero()).toBe(true);
        expect(p.attempts).toBeGreaterThanOrEqual(1);
        // Fills are matched to our close orders through the venue's own fill history.
        expect(p.fills).toBeGreaterThanOrEqual(1);
      }
    }
    const json = toJsonReport(result);
    expect(json.positions.find((p) => p.venue === 'pacifica' && p.symbol === 'BTC')).toEqual({
      venue: 'pacifica',
      symbol: 'BTC',
      before: '-0.03',
      after: '0',
    });
  }, 180_000);

  it('ends flat through a 429 storm on one venue, placements included', async () => {
    const { c, clock } = await paper(['lighter', 'extended']);
    await drive(clock, open(target(c, 'lighter').venue, 'ETH', '-0.8'));
    await drive(clock, open(target(c, 'lighter').venue, 'BTC', '0.01'));
    await drive(clock, rest(target(c, 'lighter').venue, 'SOL', '2'));
    await drive(clock, open(target(c, 'extended').venue, 'BTC', '0.02'));
    const faults = sim(c, 'lighter').faults;
    // Every request answers 429 for a while, then order placements answer 429 a few more times each.
    faults.script({ kind: 'http429', count: 12, retryAfterSeconds: 0 });
    faults.script({ kind: 'http429', count: 6, retryAfterSeconds: 0, match: { tag: 'order' } });

    const result = await drive(clock, flatten(c.targets, deps(clock), fastOptions()));
    const storm = faults.history.filter((f) => f.kind === 'http429');
    expect(storm.length).toBe(18);
    expect(storm.some((f) => f.detail.startsWith('GET'))).toBe(true);
    expect(storm.some((f) => f.detail.startsWith('POST'))).toBe(true);
    expect(result.flat).toBe(true);
    expect(truth(sim(c, 'lighter'))).toEqual({});
    expect(truth(sim(c, 'extended'))).toEqual({});
    expect(sim(c, 'lighter').engine.openOrders(sim(c, 'lighter').accounts[0]?.accountId ?? '')).toEqual([]);
  }, 180_000);

  it('reports a venue whose server is gone and flattens the others (exit 1)', async () => {
    const { c, clock } = await paper(ALL);
    for (const t of c.targets) await drive(clock, open(t.venue, 'BTC', '-0.01'));
    await sim(c, 'edgex').close();
    const calls: Call[] = [];
    const targets = guardOrders(c.targets, calls, []);
    const result = await drive(
      clock,
      flatten(targets, deps(clock), fastOptions({ retry: { ...fastOptions().retry, retries: 2 } })),
    );
    expect(result.flat).toBe(false);
    expect(exitCodeFor(result)).toBe(1);
    const edgex = result.venues.find((v) => v.venue === 'edgex');
    expect(edgex?.reachable).toBe(false);
    expect(edgex?.error).toMatch(/^TRANSPORT: /);
    expect(calls.filter((x) => x.venue === 'edgex' && x.method === 'placeOrder')).toEqual([]);
    expect(toJsonReport(result).unreachable.map((u) => u.venue)).toEqual(['edgex']);
    // The engine outlives its server: the position is still there, untouched.
    expect(truth(sim(c, 'edgex'))).toEqual({ BTC: '-0.01' });
    for (const name of ['extended', 'pacifica', 'lighter'] as const) {
      expect(result.venues.find((v) => v.venue === name)?.reachable).toBe(true);
      expect(truth(sim(c, name))).toEqual({});
    }
  }, 180_000);

  it('retries rejected first attempts and partial fills until flat, within |position| on the closing side', async () => {
    const { c, clock } = await paper(['pacifica', 'edgex']);
    await drive(clock, open(target(c, 'pacifica').venue, 'ETH', '2'));
    await drive(clock, open(target(c, 'edgex').venue, 'BTC', '-0.1'));
    sim(c, 'pacifica').engine.faults.partialFillOnly('0.5', 2);
    sim(c, 'edgex').engine.faults.rejectNext(2);
    sim(c, 'edgex').engine.faults.partialFillOnly('0.3', 1);
    const events: FlattenEvent[] = [];
    const { result, since, violations } = await guardedFlatten(c, clock, { events });
    expect(violations).toEqual([]);
    expect(result.flat).toBe(true);
    const results = (venue: string) =>
      events.flatMap((e) => (e.type === 'order' && e.venue === venue ? [e.result] : []));
    expect(results('pacifica')).toEqual(['partial', 'partial', 'filled']);
    expect(results('edgex')).toEqual(['rejected', 'rejected', 'partial', 'filled']);
    const sizes = events.flatMap((e) => (e.type === 'order' && e.venue === 'pacifica' ? [e.size.toString()] : []));
    expect(sizes).toEqual(['2', '1', '0.5']);
    expect(result.venues.find((v) => v.venue === 'pacifica')?.positions[0]?.fills).toBe(3);
    expect(flips(sim(c, 'pacifica'), { ETH: '2' }, since)).toEqual([]);
    expect(flips(sim(c, 'edgex'), { BTC: '-0.1' }, since)).toEqual([]);
    expect(truth(sim(c, 'pacifica'))).toEqual({});
    expect(truth(sim(c, 'edgex'))).toEqual({});
  }, 180_000);

  it('never flips a sign or grows a position under random rejections and partial fills on four venues', async () => {
    const { c, clock } = await paper(ALL, 5);
    const opened: Record<string, Record<string, string>> = {
      extended: { BTC: '0.031', SOL: '-12' },
      pacifica: { ETH: '-1.37' },
      edgex: { BTC: '0.052', ETH: '0.9' },
      lighter: { SOL: '7.5' },
    };
    for (const t of c.targets) {
      for (const [symbol, size] of Object.entries(opened[t.name] ?? {}))
        await drive(clock, open(t.venue, symbol, size));
    }
    for (const name of ALL) expect(truth(sim(c, name))).toEqual(opened[name]);
    for (const name of ALL) {
      sim(c, name).engine.faults.setPartialFillProbability(0.6, '0.4');
      sim(c, name).engine.faults.setRejectProbability(0.2);
    }
    const calls: Call[] = [];
    const { result, since, violations } = await guardedFlatten(c, clock, {
      calls,
      options: { maxAttempts: 25 },
      realMs: 45_000,
    });
    expect(calls.filter((x) => x.method === 'placeOrder').length).toBeGreaterThan(6);
    expect(violations).toEqual([]);
    for (const name of ALL) expect(flips(sim(c, name), opened[name] ?? {}, since)).toEqual([]);
    expect(result.flat).toBe(true);
    for (const name of ALL) expect(truth(sim(c, name))).toEqual({});
  }, 180_000);
});
