import { type AccountEvent, Decimal, type PerpVenue } from '@dn/core';
import { EngineVenue } from '@dn/sim/engine';
import { describe, expect, it } from 'vitest';
import { marketMakerConfigSchema } from '../src/config.js';
import { newMaker, simSession } from './sim-session.js';

/**
 * A venue whose account stream can drop: while `down`, its events are lost (as a dead socket loses them); `reconnect`
 * then sends `reconnected`, as a connector does after re-subscribing.
 */
function flakyAccount(inner: PerpVenue) {
  let down = false;
  let listener: ((e: AccountEvent) => void) | undefined;
  let lost = 0;
  const venue = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'subscribeAccount') {
        return (onEvent: (e: AccountEvent) => void) => {
          listener = onEvent;
          return target.subscribeAccount((e) => {
            if (down) lost++;
            else onEvent(e);
          });
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return {
    venue,
    drop: () => {
      down = true;
    },
    lost: () => lost,
    reconnect: (at: number) => {
      down = false;
      listener?.({ type: 'reconnected', at });
    },
  };
}

/** Lets promise chains and immediates run without moving the clock (no timer of the maker can fire). */
async function drain(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
}

describe('account stream reconnect', () => {
  it('a fill missed while the stream was down is booked right after `reconnected`, with the open orders', async () => {
    const { clock, engine } = simSession();
    const config = marketMakerConfigSchema.parse({
      dead_mans_switch_sec: 0,
      risk: { max_net_position_usd: 600, max_open_orders: 10, min_balance_usd: 100 },
      markets: { 'ETH-USD': { base_spread: 0.0002, K: 0, quote_notional_cap_usd: 200, min_order_size: 0.01 } },
    });
    const flaky = flakyAccount(new EngineVenue(engine, 'mm'));
    const maker = newMaker({
      venue: flaky.venue,
      clock,
      config,
    });
    await maker.start();
    for (let i = 0; i < 40; i++) await clock.advance(250);
    const run = maker.runs.get('ETH')!;
    const fillsBefore = engine.fills('mm', { symbol: 'ETH' }).length;

    // The stream drops; advance in small steps until a fill lands unseen, then freeze the clock.
    flaky.drop();
    let steps = 0;
    while (engine.fills('mm', { symbol: 'ETH' }).length === fillsBefore && steps++ < 4 * 600) {
      await clock.advance(50);
    }
    const venuePosition = () => engine.positions('mm').find((p) => p.symbol === 'ETH')?.size ?? new Decimal(0);
    const fills = engine.fills('mm', { symbol: 'ETH' });
    expect(fills.length).toBeGreaterThan(fillsBefore);
    expect(flaky.lost()).toBeGreaterThan(0);
    // Precondition: the maker's state is stale (it did not see the fill).
    expect(run.pnl.fills).toBe(fillsBefore);
    expect(run.pnl.positionSize.eq(venuePosition())).toBe(false);

    flaky.reconnect(clock.now());
    await drain();

    // Right after, with the clock where it was (the 30 s reconcile timer cannot have fired).
    expect(run.pnl.fills).toBe(fills.length);
    expect(run.pnl.positionSize.eq(venuePosition())).toBe(true);
    const open = engine.openOrders('mm', 'ETH');
    const tracked = [run.orders.buy, run.orders.sell].filter((o) => o !== undefined);
    expect(new Set(open.map((o) => o.clientOrderId))).toEqual(new Set(tracked.map((o) => o.clientOrderId)));
    for (const o of tracked) {
      const live = open.find((x) => x.clientOrderId === o.clientOrderId)!;
      expect(o.size.eq(live.size.minus(live.filledSize))).toBe(true);
    }
    // The fill the stream missed is in the PnL split with its edge (booked once, the stream later repeats nothing).
    const split = run.pnl.split();
    expect(split.total.eq(split.spread.plus(split.inventory).plus(split.fees).plus(split.funding))).toBe(true);
    for (let i = 0; i < 8; i++) await clock.advance(250);
    expect(run.pnl.fills).toBe(engine.fills('mm', { symbol: 'ETH' }).length);
    expect(run.pnl.positionSize.eq(venuePosition())).toBe(true);
    await maker.stop({ cancelAll: true });
    engine.stop();
  });
});
