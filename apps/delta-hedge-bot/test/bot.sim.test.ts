import { Decimal, isDnError } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHarnesses, DAY, type Harness, harness } from './harness.js';

afterEach(closeHarnesses);

async function sizes(x: Harness) {
  const ps = await x.venue.getPositions();
  const of = (s: string) => ps.find((p) => p.symbol === s)?.size ?? new Decimal(0);
  return { btc: of('BTC'), eth: of('ETH') };
}

describe('the loop on the simulator', () => {
  it('opens long BTC and short ETH × h*, keeps the ETH leg within a lot-rounded tolerance of its target', async () => {
    const h = await harness();
    await h.drive(h.bot.init());
    await h.drive(h.bot.run(h.clock.now() + DAY / 2), h.clock.now() + DAY / 2);
    const s = h.bot.currentState;
    expect(s.hedge?.samples).toBe(59);
    const { btc, eth } = await sizes(h);
    expect(btc.toString()).toBe('0.01');
    const view = h.bot.last;
    const target = view?.targets?.short ?? new Decimal(0);
    // Off by less than the venue's minimum ETH order (0.01): the rebalance cannot do better.
    expect(eth.minus(target).abs().lt('0.01')).toBe(true);
    expect(eth.isNegative()).toBe(true);
    expect(s.accounting.rebalances).toBeGreaterThanOrEqual(1);
    expect(s.positions).toMatchObject({ long: btc.toString(), short: eth.toString() });
    expect(h.printed.some((t) => t.startsWith('hedge ratio h* = '))).toBe(true);
  });

  it('stop-loss: a leg past the limit closes both legs reduce-only, writes the halt sentinel, and the bot stays halted', async () => {
    const h = await harness();
    await h.drive(h.bot.init());
    await h.drive(h.bot.run(h.clock.now() + 3_600_000), h.clock.now() + 3_600_000);
    expect((await sizes(h)).btc.gt(0)).toBe(true);
    const engine = h.conn.engines?.get('extended');
    engine?.world.shock('BTC', 0.85);
    const outcome = await h.drive(h.bot.cycle());
    expect(outcome).toBe('stopped');
    const after = await sizes(h);
    expect(after.btc.isZero()).toBe(true);
    expect(after.eth.isZero()).toBe(true);
    const record = await h.halt.read();
    expect(record?.reason).toContain('stop-loss');
    expect(h.bot.currentState.stopped?.reason).toContain('long leg loss');
    // The next cycle and a new process both see the sentinel: nothing is sent.
    expect(await h.drive(h.bot.cycle())).toBe('halted');
    const again = h.newBot();
    await h.drive(again.init());
    expect(await h.drive(again.run(h.clock.now() + DAY), h.clock.now() + DAY)).toBe('halted');
    expect((await sizes(h)).btc.isZero()).toBe(true);
  });

  it('restart keeps the hedge ratio when the refresh fails', async () => {
    const h = await harness();
    await h.drive(h.bot.init());
    await h.drive(h.bot.run(h.clock.now() + 3_600_000), h.clock.now() + 3_600_000);
    const ratio = h.bot.currentState.hedge?.ratio;
    expect(ratio).toBeGreaterThan(0);
    const broken = new Proxy(h.venue, {
      get(t, p, r) {
        if (p === 'getCandles') return async () => Promise.reject(new Error('candles unavailable'));
        const v = Reflect.get(t, p, r);
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
    const next = h.newBot({ venue: broken });
    await h.drive(next.init());
    expect(next.currentState.hedge?.ratio).toBe(ratio);
    await h.drive(next.cycle());
    expect(next.currentState.hedge?.ratio).toBe(ratio);
    expect(h.printed.some((t) => /refresh failed \(.*candles unavailable\); keeping h\* = /.test(t))).toBe(true);
  });
});

/** Starts the bot, runs it an hour of simulated time, then trades `size` of `symbol` on the venue behind its back. */
async function runAnHourThenTradeByHand(x: Harness, symbol: string, side: 'buy' | 'sell', size: string): Promise<void> {
  await x.drive(x.bot.init());
  await x.drive(x.bot.run(x.clock.now() + 3_600_000), x.clock.now() + 3_600_000);
  await x.venue.placeOrder({ symbol, side, type: 'market', size: new Decimal(size), timeInForce: 'IOC' });
}

describe('startup reconciliation', () => {
  it('within tolerance: the venue sizes are adopted with a warning', async () => {
    const h = await harness({ POSITION_TOLERANCE: '0.001' });
    await runAnHourThenTradeByHand(h, 'BTC', 'buy', '0.0005');
    const before = new Decimal(h.bot.currentState.positions.long);
    const next = h.newBot();
    const notes = await h.drive(next.init());
    expect(notes.join('\n')).toContain('within tolerance, adopted');
    expect(next.currentState.positions.long).toBe(before.plus('0.0005').toString());
  });

  it('beyond tolerance: the start is refused with both sizes and nothing is sent', async () => {
    const h = await harness();
    await runAnHourThenTradeByHand(h, 'ETH', 'sell', '0.05');
    const fillsBefore = (await h.venue.getFills({})).length;
    const next = h.newBot();
    const err = await h.drive(next.init()).catch((e: unknown) => e);
    expect(isDnError(err, 'STATE')).toBe(true);
    expect((err as Error).message).toMatch(/ETH: saved -0\.\d+, venue -0\.\d+/);
    expect((await h.venue.getFills({})).length).toBe(fillsBefore);
  });

  it('a rebalance order left pending by a crash is looked up by client id and counted, not re-sent', async () => {
    const h = await harness();
    await h.drive(h.bot.init());
    const state = h.bot.currentState;
    // The process died right after sending: the order filled, the state only knows it was pending.
    const cid = '0e9a3c2e-1111-8222-9333-444455556666';
    await h.venue.placeOrder({
      symbol: 'BTC',
      side: 'buy',
      type: 'market',
      size: new Decimal('0.01'),
      timeInForce: 'IOC',
      clientOrderId: cid,
    });
    await h.bot.save();
    const store = (await import('../src/state.js')).createStateStore(h.statePath);
    await store.save({
      ...state,
      pending: { leg: 'long', symbol: 'BTC', side: 'buy', size: '0.01', clientOrderId: cid, sentAt: h.clock.now() },
    });
    const next = h.newBot();
    const notes = await h.drive(next.init());
    expect(notes.join('\n')).toContain('0.01 filled (counted)');
    expect(next.currentState.positions.long).toBe('0.01');
    expect(next.currentState.pending).toBeNull();
  });
});

describe('halt sentinel', () => {
  it('a sentinel appearing while the bot sleeps wakes it: it stops without waiting for the next rebalance', async () => {
    const h = await harness({ REBALANCE_INTERVAL: 86_400 });
    // The home's watch as the bot sees it.
    let halted = false;
    let wake: (() => void) | undefined;
    const halt = Object.assign(Object.create(h.halt) as typeof h.halt, {
      isHalted: () => halted,
      onHalt: (l: () => void) => {
        wake = l;
        return () => {
          wake = undefined;
        };
      },
    });
    // The sentinel "appears" one hour into the day-long sleep that follows the first cycle.
    let haltAt = 0;
    const bot = h.newBot({
      halt,
      onCycle: () => {
        if (haltAt) return;
        haltAt = (h as Harness).clock.now() + 3_600_000;
        void (h as Harness).clock.sleep(3_600_000).then(() => {
          halted = true;
          wake?.();
        });
      },
    });
    await h.drive(bot.init());
    const end = h.clock.now() + 3 * DAY;
    expect(await h.drive(bot.run(end), end)).toBe('halted');
    expect(h.clock.now()).toBe(haltAt);
  }, 180_000);
});
