import { Decimal, type VirtualClock } from '@dn/core';
import { EngineVenue } from '@dn/sim/engine';
import { describe, expect, it } from 'vitest';
import { type MarketMakerConfig, marketMakerConfigSchema } from '../src/config.js';
import { newMaker, simSession } from './sim-session.js';

function world(over: Record<string, unknown> = {}, market: Record<string, unknown> = {}) {
  const { clock, engine } = simSession();
  const config: MarketMakerConfig = marketMakerConfigSchema.parse({
    quote_loop_ms: 250,
    replace_coalesce_ms: 400,
    dead_mans_switch_sec: 0,
    risk: { max_net_position_usd: 600, max_open_orders: 10, min_balance_usd: 100 },
    markets: {
      'ETH-USD': {
        base_spread: 0.0002,
        alpha: 0.5,
        K: 0,
        quote_notional_cap_usd: 200,
        min_order_size: 0.01,
        replace_threshold_bps: 1,
        ...market,
      },
    },
    ...over,
  });
  const venue = new EngineVenue(engine, 'mm');
  return { clock, engine, config, venue };
}

async function run(clock: VirtualClock, seconds: number): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) await clock.advance(250);
}

describe('market maker on the simulator with taker flow', () => {
  it('quotes both sides post-only, gets filled, tracks inventory from the account stream, stays within limits', async () => {
    const { clock, engine, config, venue } = world();
    let halted = false;
    const maker = newMaker({ venue, clock, config, isHalted: () => halted });
    await maker.start();
    let maxNet = new Decimal(0);
    for (let s = 0; s < 900; s++) {
      await run(clock, 1);
      maxNet = Decimal.max(maxNet, maker.netPositionUsd().abs());
      const open = engine.openOrders('mm', 'ETH');
      expect(open.length).toBeLessThanOrEqual(2);
      const bid = open.find((o) => o.side === 'buy');
      const ask = open.find((o) => o.side === 'sell');
      if (bid && ask) expect(bid.price!.lt(ask.price!)).toBe(true);
      for (const o of open) expect(o.timeInForce).toBe('POST_ONLY');
    }
    const fills = engine.fills('mm', { symbol: 'ETH' });
    expect(fills.length).toBeGreaterThan(10);
    expect(fills.every((f) => f.liquidity === 'maker')).toBe(true);
    // Inventory from the stream equals the venue's position.
    const pos = engine.positions('mm').find((p) => p.symbol === 'ETH')?.size ?? new Decimal(0);
    const run0 = maker.runs.get('ETH')!;
    expect(run0.pnl.positionSize.toString()).toBe(pos.toString());
    expect(run0.pnl.fills).toBe(fills.length);
    // Past the net limit only the reducing side quotes: at most one quote of overshoot (200 USD + a move).
    expect(maxNet.lte(600 + 200 * 1.05)).toBe(true);
    // The PnL split adds up: fees are the simulator's maker fees.
    const split = run0.pnl.split();
    const fees = fills.reduce((a, f) => a.plus(f.fee), new Decimal(0));
    expect(split.fees.eq(fees.neg())).toBe(true);
    expect(split.total.eq(split.spread.plus(split.inventory).plus(split.fees).plus(split.funding))).toBe(true);
    expect(split.spread.gt(0)).toBe(true);
    // …and equals the simulator's equity change, up to marking at the book mid vs the venue's mark (≤ a tick).
    const equityChange = engine.account('mm').equity.minus(10_000);
    expect(equityChange.minus(split.total).abs().lte(pos.abs().mul('0.1').plus('0.01'))).toBe(true);

    // The halt sentinel: everything cancelled, nothing placed afterwards.
    halted = true;
    await run(clock, 2);
    expect(engine.openOrders('mm')).toHaveLength(0);
    expect(maker.halted).toBe(true);
    const placed = maker.counts.placed;
    await run(clock, 30);
    expect(engine.openOrders('mm')).toHaveLength(0);
    expect(maker.counts.placed).toBe(placed);
    await maker.stop({ cancelAll: true });
    engine.stop();
  });

  it('a failed dead man’s switch refresh cancels everything', async () => {
    const { clock, engine, config, venue } = world({ dead_mans_switch_sec: 10 });
    let calls = 0;
    const maker = newMaker({
      venue,
      clock,
      config,
      venueSwitch: {
        async setDeadManSwitch(sec) {
          calls++;
          expect(sec === 10 || sec === 0).toBe(true);
          if (calls >= 3) throw new Error('switch endpoint down');
        },
      },
    });
    await maker.start();
    expect(maker.dms.kind).toBe('venue');
    // Armed at start (1), refreshed at 5 s (2), fails at 10 s (3) → cancel all.
    await run(clock, 9);
    expect(engine.openOrders('mm').length).toBeGreaterThan(0);
    expect(maker.dms.refreshes).toBe(2);
    let sawCancel = false;
    const off = engine.events.on('order', (e) => {
      if (e.order.status === 'cancelled' && e.order.cancelReason === 'cancel_all') sawCancel = true;
    });
    await clock.advance(1_000);
    off();
    expect(maker.dms.failures).toBe(1);
    expect(sawCancel).toBe(true);
    await maker.stop({ cancelAll: true });
    engine.stop();
  });

  it('a stalled quote loop is caught by the local switch (no venue switch)', async () => {
    const { clock, engine, config, venue } = world({ dead_mans_switch_sec: 4 });
    const maker = newMaker({ venue, clock, config });
    await maker.start();
    expect(maker.dms.kind).toBe('local');
    await run(clock, 3);
    expect(engine.openOrders('mm').length).toBeGreaterThan(0);
    // Freeze the loop's heartbeat: the switch fires within one half-countdown past the countdown.
    maker.dms.beat = () => undefined;
    await run(clock, 8);
    expect(maker.dms.failures).toBeGreaterThan(0);
    await maker.stop({ cancelAll: true });
    engine.stop();
  });

  it('a halt while an order is in flight: the mass cancel waits for it, so nothing is left resting', async () => {
    const { clock, engine, config, venue } = world();
    let hold: Promise<void> | undefined;
    let release = () => {};
    let held = 0;
    const slow = new Proxy(venue, {
      get(target, prop, receiver) {
        if (prop === 'placeOrder') {
          return async (p: Parameters<typeof venue.placeOrder>[0]) => {
            if (hold) {
              held++;
              await hold;
            }
            return target.placeOrder(p);
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    let halted = false;
    const maker = newMaker({
      venue: slow,
      clock,
      config,
      isHalted: () => halted,
    });
    await maker.start();
    await run(clock, 5);
    hold = new Promise<void>((r) => {
      release = r;
    });
    for (let i = 0; i < 120 && held === 0; i++) await run(clock, 1);
    expect(held).toBeGreaterThan(0);
    halted = true;
    await run(clock, 1);
    release();
    hold = undefined;
    await run(clock, 2);
    expect(maker.halted).toBe(true);
    expect(engine.openOrders('mm')).toHaveLength(0);
    await maker.stop({ cancelAll: true });
    engine.stop();
  });

  it('the REST reconcile cancels open orders it does not track and takes the venue position', async () => {
    const { clock, engine, config, venue } = world();
    const maker = newMaker({ venue, clock, config });
    await maker.start();
    await run(clock, 3);
    const mid = engine.midPrice('ETH');
    // An order the maker never placed (an unknown outcome that did land, or another session's).
    const stray = engine.placeOrder('mm', {
      symbol: 'ETH',
      side: 'buy',
      type: 'limit',
      size: '0.01',
      price: mid.mul('0.9').toDecimalPlaces(1),
      timeInForce: 'GTT',
      clientOrderId: 'stray-1',
    });
    expect(engine.openOrders('mm').some((o) => o.id === stray.order.id)).toBe(true);
    await maker.reconcile();
    expect(engine.openOrders('mm').some((o) => o.id === stray.order.id)).toBe(false);
    const pos = engine.positions('mm').find((p) => p.symbol === 'ETH')?.size ?? new Decimal(0);
    expect(maker.runs.get('ETH')!.pnl.positionSize.eq(pos)).toBe(true);
    await maker.stop({ cancelAll: true });
    engine.stop();
  });
});
