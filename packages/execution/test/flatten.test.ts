import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  Decimal,
  HaltSentinel,
  type PerpVenue,
  type PlaceOrderParameters,
  RateLimitError,
  TransportError,
  UnknownOutcomeError,
} from '@dn/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FlattenEvent, type FlattenTarget, flatten, type HaltWriter } from '../src/index.js';
import {
  bed,
  type Call,
  fastOptions,
  guardOrders,
  instrument,
  MUTATING,
  open,
  positionsOf,
  rest,
  silentLog,
} from './flatten-helpers.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-flatten-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const deps = (b: { clock: import('@dn/core').Clock }, extra: { halt?: HaltWriter; events?: FlattenEvent[] } = {}) => ({
  clock: b.clock,
  log: silentLog,
  halt: extra.halt,
  haltBy: 'emergency-exit',
  random: () => 0.5,
  onEvent: extra.events ? (e: FlattenEvent) => extra.events?.push(e) : undefined,
});

describe('flatten', () => {
  it('flattens positions and cancels orders on two venues', async () => {
    const b = bed(['extended', 'pacifica']);
    await open(b.venue('extended'), 'BTC', '0.05');
    await open(b.venue('pacifica'), 'BTC', '-0.05');
    await open(b.venue('pacifica'), 'ETH', '1.5');
    await rest(b.venue('extended'), 'ETH', '0.5');
    const result = await flatten(b.targets, deps(b), fastOptions());
    expect(result.flat).toBe(true);
    for (const t of b.targets) {
      expect(await positionsOf(t.venue)).toEqual({});
      expect(await t.venue.getOpenOrders()).toEqual([]);
    }
    const ext = result.venues.find((v) => v.venue === 'extended');
    expect(ext?.ordersCancelled).toBe(1);
    expect(
      ext?.positions.map((p) => [p.symbol, p.before.toString(), p.after?.toString(), p.closed.toString()]),
    ).toEqual([['BTC', '0.05', '0', '0.05']]);
    const pac = result.venues.find((v) => v.venue === 'pacifica');
    expect(pac?.positions.map((p) => [p.symbol, p.before.toString(), p.fills]).sort()).toEqual([
      ['BTC', '-0.05', 1],
      ['ETH', '1.5', 1],
    ]);
    expect(pac?.positions.every((p) => p.fees?.gt(0))).toBe(true);
  });

  it('flattens four venues at once', async () => {
    const b = bed(['extended', 'pacifica', 'edgex', 'lighter']);
    for (const [i, t] of b.targets.entries()) {
      await open(t.venue, 'BTC', i % 2 === 0 ? '0.02' : '-0.02');
      await open(t.venue, 'SOL', i % 2 === 0 ? '-10' : '10');
    }
    const result = await flatten(b.targets, deps(b), fastOptions());
    expect(result.flat).toBe(true);
    expect(result.venues.map((v) => v.positions.length)).toEqual([2, 2, 2, 2]);
    for (const t of b.targets) expect(await positionsOf(t.venue)).toEqual({});
  });

  it('retries partial fills and rejected first attempts until flat, never sending more than the position', async () => {
    const b = bed(['extended', 'lighter']);
    await open(b.venue('extended'), 'ETH', '3');
    await open(b.venue('lighter'), 'BTC', '-0.1');
    b.engines.get('extended')?.faults.partialFillOnly('0.5', 3);
    b.engines.get('lighter')?.faults.rejectNext(2);
    b.engines.get('lighter')?.faults.partialFillOnly('0.3', 1);
    const calls: Call[] = [];
    const violations: string[] = [];
    const events: FlattenEvent[] = [];
    const result = await flatten(guardOrders(b.targets, calls, violations), deps(b, { events }), fastOptions());
    expect(violations).toEqual([]);
    expect(result.flat).toBe(true);
    const eth = result.venues[0]?.positions[0];
    expect(eth?.attempts).toBe(4); // three halves, then the rest
    expect(eth?.fills).toBe(4);
    const btc = result.venues[1]?.positions[0];
    expect(btc?.attempts).toBe(4); // two rejections, one partial, one full
    const results = events.flatMap((e) => (e.type === 'order' && e.venue === 'lighter' ? [e.result] : []));
    expect(results).toEqual(['rejected', 'rejected', 'partial', 'filled']);
    // The band widens per attempt.
    const bands = events.flatMap((e) => (e.type === 'order' && e.venue === 'lighter' ? [e.band.toString()] : []));
    expect(bands).toEqual(['0.005', '0.01', '0.02', '0.04']);
    for (const t of b.targets) expect(await positionsOf(t.venue)).toEqual({});
  });

  it('never flips a position: every order is reduce-only and at most |position| across faults', async () => {
    const b = bed(['extended', 'pacifica', 'edgex']);
    await open(b.venue('extended'), 'BTC', '0.031');
    await open(b.venue('extended'), 'DOGE', '-5000');
    await open(b.venue('pacifica'), 'SOL', '-7.3');
    await open(b.venue('edgex'), 'ETH', '2.25');
    for (const e of b.engines.values()) {
      e.faults.setPartialFillProbability(0.6, '0.4');
      e.faults.setRejectProbability(0.2);
    }
    const calls: Call[] = [];
    const violations: string[] = [];
    const result = await flatten(guardOrders(b.targets, calls, violations), deps(b), fastOptions({ maxAttempts: 20 }));
    expect(calls.filter((c) => c.method === 'placeOrder').length).toBeGreaterThan(4);
    expect(violations).toEqual([]);
    expect(result.flat).toBe(true);
    for (const v of result.venues) for (const p of v.positions) expect(p.after?.isZero()).toBe(true);
  });

  it('reports a venue that is down and still flattens the others (not flat)', async () => {
    const b = bed(['extended', 'pacifica', 'lighter']);
    for (const t of b.targets) await open(t.venue, 'BTC', '0.01');
    const calls: Call[] = [];
    const down = (venue: string) => () => {
      throw new TransportError('connect ECONNREFUSED', { venue });
    };
    const targets: FlattenTarget[] = [
      { name: 'extended', venue: instrument('extended', b.venue('extended'), calls, down('extended')) },
      {
        name: 'pacifica',
        venue: instrument('pacifica', b.venue('pacifica'), calls, (m) => {
          if (m === 'getPositions') throw new TransportError('HTTP 503', { venue: 'pacifica', httpStatus: 503 });
        }),
      },
      b.targets[2] as FlattenTarget,
    ];
    const result = await flatten(targets, deps(b), fastOptions({ retry: { ...fastOptions().retry, retries: 2 } }));
    expect(result.flat).toBe(false);
    expect(result.venues.map((v) => [v.venue, v.reachable])).toEqual([
      ['extended', false],
      ['pacifica', false],
      ['lighter', true],
    ]);
    expect(result.venues[0]?.error).toContain('TRANSPORT');
    expect(await positionsOf(b.venue('lighter'))).toEqual({});
    expect(await positionsOf(b.venue('extended'))).toEqual({ BTC: '0.01' });
    expect(calls.filter((c) => MUTATING.has(c.method) && c.venue !== 'lighter')).toEqual([]);
  });

  it('ends flat through a 429 storm', async () => {
    const b = bed(['extended', 'edgex']);
    await open(b.venue('extended'), 'ETH', '-2');
    await open(b.venue('edgex'), 'BTC', '0.04');
    await rest(b.venue('edgex'), 'SOL', '1');
    const calls: Call[] = [];
    const storm = new Map<string, number>();
    const limited: string[] = [];
    const targets = b.targets.map((t) => ({
      name: t.name,
      venue: instrument(t.name, t.venue, calls, (method) => {
        // Per venue, two calls in three answer 429 for the first 30 calls, placement and cancels included.
        const n = (storm.get(t.name) ?? 0) + 1;
        storm.set(t.name, n);
        if (n <= 30 && n % 3 !== 0) {
          limited.push(`${t.name}:${method}`);
          throw new RateLimitError('HTTP 429', { venue: t.name, httpStatus: 429, retryAfterMs: 1_000 });
        }
      }),
    }));
    const result = await flatten(targets, deps(b), fastOptions());
    expect(limited.filter((m) => m.startsWith('extended:')).length).toBeGreaterThanOrEqual(10);
    expect(limited).toEqual(
      expect.arrayContaining([
        'extended:placeOrder',
        'edgex:placeOrder',
        'edgex:cancelAllOrders',
        'edgex:getPositions',
      ]),
    );
    expect(result.flat).toBe(true);
    for (const t of b.targets) {
      expect(await positionsOf(t.venue)).toEqual({});
      expect(await t.venue.getOpenOrders()).toEqual([]);
    }
  });

  it('does not double a close whose outcome is unknown (the order executed, the answer was lost)', async () => {
    const b = bed(['pacifica']);
    await open(b.venue('pacifica'), 'BTC', '0.2');
    const inner = b.venue('pacifica');
    const violations: string[] = [];
    let lost = 0;
    const lossy: PerpVenue = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'placeOrder') {
          return async (p: PlaceOrderParameters) => {
            await target.placeOrder(p);
            if (lost++ === 0) throw new UnknownOutcomeError('timeout', { venue: 'pacifica', operation: 'placeOrder' });
            return { clientOrderId: p.clientOrderId ?? '', status: 'accepted' as const };
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    const result = await flatten(
      guardOrders([{ name: 'pacifica', venue: lossy }], [], violations),
      deps(b),
      fastOptions(),
    );
    expect(violations).toEqual([]);
    expect(result.flat).toBe(true);
    expect(result.venues[0]?.positions[0]?.attempts).toBe(1);
    expect(await positionsOf(inner)).toEqual({});
  });

  it('gives up after max attempts and says what is left', async () => {
    const b = bed(['edgex']);
    await open(b.venue('edgex'), 'BTC', '-0.03');
    b.engines.get('edgex')?.faults.rejectNext(50);
    const result = await flatten(b.targets, deps(b), fastOptions({ maxAttempts: 3 }));
    expect(result.flat).toBe(false);
    const p = result.venues[0]?.positions[0];
    expect(p?.attempts).toBe(3);
    expect(p?.after?.toString()).toBe('-0.03');
    expect(p?.error).toContain('INJECTED_REJECT');
    expect(result.venues[0]?.positions.map((x) => [x.symbol, x.before.toString(), x.after?.toString()])).toEqual([
      ['BTC', '-0.03', '-0.03'],
    ]);
  });

  it('dry run sends nothing, writes no sentinel and reports after = before', async () => {
    const b = bed(['extended', 'lighter']);
    await open(b.venue('extended'), 'BTC', '0.01');
    await open(b.venue('lighter'), 'ETH', '-0.5');
    const orderId = await rest(b.venue('lighter'), 'SOL', '2');
    const calls: Call[] = [];
    const targets = b.targets.map((t) => ({ name: t.name, venue: instrument(t.name, t.venue, calls) }));
    const halt = new HaltSentinel(path.join(dir, 'HALT.json'));
    const result = await flatten(targets, deps(b, { halt }), fastOptions({ dryRun: true }));
    expect(calls.filter((c) => MUTATING.has(c.method))).toEqual([]);
    expect(fs.existsSync(halt.path)).toBe(false);
    expect(result.flat).toBe(false);
    expect(result.halt).toEqual({ state: 'skipped-dry-run' });
    expect(result.dryRun).toBe(true);
    expect(
      result.venues.flatMap((v) =>
        v.positions.map((p) => [v.venue, p.symbol, p.before.toString(), p.after?.toString()]),
      ),
    ).toEqual([
      ['extended', 'BTC', '0.01', '0.01'],
      ['lighter', 'ETH', '-0.5', '-0.5'],
    ]);
    expect(result.venues.flatMap((v) => v.openOrders.map((o) => [v.venue, o.symbol, o.id]))).toEqual([
      ['lighter', 'SOL', orderId],
    ]);
    expect(await positionsOf(b.venue('extended'))).toEqual({ BTC: '0.01' });
  });

  it('is a no-op when everything is already flat', async () => {
    const b = bed(['extended', 'pacifica']);
    const calls: Call[] = [];
    const targets = b.targets.map((t) => ({ name: t.name, venue: instrument(t.name, t.venue, calls) }));
    const result = await flatten(targets, deps(b), fastOptions());
    expect(result.flat).toBe(true);
    expect(calls.filter((c) => MUTATING.has(c.method))).toEqual([]);
    expect(result.dryRun).toBe(false);
    expect(result.halt).toEqual({ state: 'disabled' });
    expect(result.venues.map((v) => [v.venue, v.reachable, v.positions, v.openOrders])).toEqual([
      ['extended', true, [], []],
      ['pacifica', true, [], []],
    ]);
  });

  it('writes the halt sentinel before any cancel or order, and keeps one already present', async () => {
    const b = bed(['extended', 'pacifica']);
    await open(b.venue('extended'), 'BTC', '0.01');
    await rest(b.venue('pacifica'), 'ETH', '0.5');
    const halt = new HaltSentinel(path.join(dir, 'HALT.json'));
    const calls: Call[] = [];
    const presentAtMutation: boolean[] = [];
    const targets = b.targets.map((t) => ({
      name: t.name,
      venue: instrument(t.name, t.venue, calls, (m) => {
        if (MUTATING.has(m)) presentAtMutation.push(fs.existsSync(halt.path));
      }),
    }));
    const result = await flatten(targets, deps(b, { halt }), fastOptions());
    expect(result.flat).toBe(true);
    expect(result.halt).toEqual({ state: 'written', path: halt.path });
    expect(presentAtMutation.length).toBeGreaterThanOrEqual(2);
    expect(presentAtMutation.every(Boolean)).toBe(true);
    expect((await halt.read())?.by).toBe('emergency-exit');

    await halt.write({ reason: 'rotation-bot: unwind failed', by: 'rotation-bot' });
    await open(b.venue('pacifica'), 'SOL', '3');
    const again = await flatten(b.targets, deps(b, { halt }), fastOptions());
    expect(again.flat).toBe(true);
    expect(again.halt).toMatchObject({ state: 'already-present', reason: 'rotation-bot: unwind failed' });
    expect((await halt.read())?.reason).toBe('rotation-bot: unwind failed');
  });

  it('goes on flattening when the sentinel cannot be written, and reports it', async () => {
    const b = bed(['lighter']);
    await open(b.venue('lighter'), 'BTC', '0.01');
    // A file where the sentinel's folder should be: the folder cannot be created, the write fails.
    fs.writeFileSync(path.join(dir, 'not-a-dir'), '');
    const halt = new HaltSentinel(path.join(dir, 'not-a-dir', 'HALT.json'));
    const result = await flatten(b.targets, deps(b, { halt }), fastOptions());
    expect(result.halt.state).toBe('failed');
    expect(result.flat).toBe(true);
  });

  it('touches only the symbols asked for', async () => {
    const b = bed(['extended']);
    await open(b.venue('extended'), 'BTC', '0.01');
    await open(b.venue('extended'), 'ETH', '0.3');
    const ethOrder = await rest(b.venue('extended'), 'ETH', '0.1');
    await rest(b.venue('extended'), 'BTC', '0.001');
    const result = await flatten(b.targets, deps(b), fastOptions({ symbols: ['BTC'] }));
    expect(result.flat).toBe(true);
    expect(result.venues[0]?.positions.map((p) => p.symbol)).toEqual(['BTC']);
    expect(await positionsOf(b.venue('extended'))).toEqual({ ETH: '0.3' });
    expect((await b.venue('extended').getOpenOrders()).map((o) => o.id)).toEqual([ethOrder]);
  });

  it('refuses options that could not work', async () => {
    const b = bed(['extended']);
    await expect(flatten(b.targets, deps(b), fastOptions({ maxAttempts: 0 }))).rejects.toThrow(RangeError);
    await expect(
      flatten(b.targets, deps(b), fastOptions({ initialBand: new Decimal('0.1'), maxBand: new Decimal('0.05') })),
    ).rejects.toThrow(RangeError);
  });
});
