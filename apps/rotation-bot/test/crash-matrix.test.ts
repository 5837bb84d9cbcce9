import * as fs from 'node:fs/promises';
import type { VenueHandle } from '@dn/connect';
import { type AtomicJsonStore, createLogger, Decimal, HaltSentinel, type PerpVenue } from '@dn/core';
import { type CrashPoint, crashSwitch } from '@dn/execution/testing';
import { describe, expect, it } from 'vitest';
import { RotationBot } from '../src/bot.js';
import { type BotState, createStateStore } from '../src/state.js';
import { type Harness, harness, net } from './harness.js';

/**
 * Kill -9 at every step of opening and closing, in process: at the chosen point the old bot freezes for good (every
 * later call of it hangs, as if the process were gone), then a new bot starts from the state file and the venues.
 */
const HOLD = { hold_duration_hours: 1, wait_between_cycles_minutes: 600 };

/** The bot's store and venues behind one crash switch: frozen for good from `point` on. */
function killable(h: Harness, point: CrashPoint | undefined) {
  const sw = crashSwitch(point);
  const real = createStateStore(h.statePath);
  const store = {
    path: real.path,
    load: () => real.load(),
    loadRequired: () => real.loadRequired(),
    save: sw.save((s: BotState) => real.save(s)),
  } as unknown as AtomicJsonStore<BotState>;
  const venues: VenueHandle[] = h.conn.venues.map((v) => ({ ...v, venue: sw.venue(v.venue) }));
  return { store, venues, sw };
}

function botWith(h: Harness, store: AtomicJsonStore<BotState>, venues: VenueHandle[]): RotationBot {
  return new RotationBot({
    config: h.config,
    venues,
    clock: h.clock,
    log: createLogger({ name: 'crash', level: 'silent', console: false }),
    store,
    halt: new HaltSentinel(h.config.halt_file),
    print: () => undefined,
  });
}

async function scenario(
  point: CrashPoint | undefined,
): Promise<{ h: Harness; bot: RotationBot; counts: { saves: number; orders: number }; killed: boolean }> {
  const h = await harness(HOLD);
  const k = killable(h, point);
  const a = botWith(h, k.store, k.venues);
  await h.drive(
    Promise.race([a.init().then(() => a.run(h.clock.now() + 2.5 * 3_600_000)), k.sw.dead]),
    h.clock.now() + 2.5 * 3_600_000,
  );
  return { h, bot: a, counts: k.sw.counts(), killed: k.sw.isKilled() };
}

describe('crash at every step of open and close, then restart', () => {
  it('always ends reconciled: hedged and tracked, or flat; never doubled, never halted', async () => {
    // A clean run through one open and one close tells how many steps there are.
    const clean = await scenario(undefined);
    const { saves, orders } = clean.counts;
    expect(clean.killed).toBe(false);
    expect(clean.h.conn.venues.length).toBe(2);
    expect(clean.bot.currentState.history[0]?.reason).toBe('hold_elapsed');
    // A doubled open would show up as a leg well above one cycle's size.
    const target = new Decimal(clean.bot.currentState.history[0]?.size ?? '0').mul('1.5');
    await clean.h.close();
    expect(saves).toBeGreaterThanOrEqual(8);
    expect(orders).toBeGreaterThanOrEqual(4);

    const points: CrashPoint[] = [];
    for (let n = 1; n <= saves; n++) points.push({ kind: 'save-before', n }, { kind: 'save-after', n });
    for (let n = 1; n <= orders; n++) points.push({ kind: 'order-before', n }, { kind: 'order-sent', n });
    const results: string[] = [];
    for (const point of points) {
      const { h, killed } = await scenario(point);
      try {
        expect(killed, `${point.kind} ${point.n} was reached`).toBe(true);
        const b = h.newBot();
        await h.drive(b.init());
        // Right after reconciliation: hedged and tracked, or flat.
        const afterInit = await h.positions();
        for (const v of net(afterInit).bySymbol.values())
          expect(v.isZero(), `${point.kind} ${point.n}: naked after restart`).toBe(true);
        const reconciled = b.currentState.cycle ? 'hedged' : 'flat';
        if (!b.currentState.cycle) expect(net(afterInit).gross.isZero()).toBe(true);
        await h.runFor(4 * 3_600_000, b);
        const state = b.currentState;
        const positions = await h.positions();
        for (const [venue, ps] of positions) {
          for (const p of ps)
            expect(new Decimal(p.size).abs().lte(target), `${point.kind} ${point.n}: ${venue} ${p.size} doubled`).toBe(
              true,
            );
        }
        for (const v of net(positions).bySymbol.values())
          expect(v.isZero(), `${point.kind} ${point.n}: naked`).toBe(true);
        if (state.cycle)
          expect(new Decimal(state.cycle.first.size).abs().eq(new Decimal(state.cycle.second.size).abs())).toBe(true);
        else expect(net(positions).gross.isZero()).toBe(true);
        expect(await h.halt.read(), `${point.kind} ${point.n}: halted`).toBeUndefined();
        expect(b.currentState.stats.cycles, `${point.kind} ${point.n}: trading resumed`).toBeGreaterThanOrEqual(1);
        results.push(`${point.kind}#${point.n}:${reconciled}`);
      } finally {
        await h.close();
      }
    }
    expect(results.length).toBe(points.length);
    expect(points.length).toBeGreaterThanOrEqual(10);
    console.log(`crash matrix: ${results.length} crash points, all reconciled — ${results.join(' ')}`);
  }, 180_000);
});

describe('reconciliation on start', () => {
  it('adopts a hedged pair found on the venues when the state file is empty', async () => {
    const h = await harness(HOLD);
    try {
      const ext = h.conn.venues.find((v) => v.name === 'extended')?.venue as PerpVenue;
      const pac = h.conn.venues.find((v) => v.name === 'pacifica')?.venue as PerpVenue;
      await ext.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.5' });
      await pac.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '0.5' });
      await h.drive(h.bot.init());
      expect(h.bot.currentState.cycle?.adopted).toBe(true);
      expect(h.bot.currentState.cycle?.symbol).toBe('ETH');
      await h.runFor(2 * 3_600_000);
      expect(h.bot.currentState.history[0]?.symbol).toBe('ETH');
    } finally {
      await h.close();
    }
  });

  it('halts on an unexplained naked position', async () => {
    const h = await harness(HOLD);
    try {
      const ext = h.conn.venues.find((v) => v.name === 'extended')?.venue as PerpVenue;
      await ext.placeOrder({ symbol: 'SOL', side: 'sell', type: 'market', size: '3' });
      await expect(h.drive(h.bot.init())).rejects.toThrow(/unexplained positions: extended SOL -3/);
      expect((await h.halt.read())?.reason).toMatch(/unexplained/);
    } finally {
      await h.close();
    }
  });

  it('refuses a corrupt state file and leaves it untouched', async () => {
    const h = await harness(HOLD);
    try {
      await fs.writeFile(h.statePath, '{"schemaVersion":1,"data":{"cycle":');
      await expect(h.drive(h.bot.init())).rejects.toThrow(/corrupt/);
      expect(await fs.readFile(h.statePath, 'utf8')).toBe('{"schemaVersion":1,"data":{"cycle":');
      expect(net(await h.positions()).gross.isZero()).toBe(true);
    } finally {
      await h.close();
    }
  });
});
