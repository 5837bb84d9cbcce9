import { Decimal, HaltedError, type PerpVenue } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHarnesses, faulty, type Harness, harness, net, reduceOnlyFails, withVenue } from './harness.js';

afterEach(closeHarnesses);

/** Extended is the pilot of an Extended + Pacifica pair; Pacifica carries the hedge. */
const engine = (x: Harness, venue: 'extended' | 'pacifica') => {
  const e = x.conn.engines?.get(venue);
  if (!e) throw new Error('no engine');
  return e;
};

/**
 * The bot around @dn/execution's leg-risk primitives (their own fault tests live in packages/execution/test): a
 * failed unwind halts the bot for good, drift while holding is re-hedged, scans survive bad venue data, stop and
 * close_on_exit.
 */
describe('leg risk', () => {
  it('writes the halt sentinel when the unwind fails too, and refuses to start again', async () => {
    const h = await harness({ single_leg_timeout_seconds: 3 });
    engine(h, 'pacifica').faults.rejectNext(50);
    const ext = h.conn.venues.find((v) => v.name === 'extended');
    if (!ext) throw new Error('no extended');
    const venues = withVenue(h, 'extended', reduceOnlyFails);
    const bot = h.newBot(venues);
    await bot.init();
    await expect(h.runFor(30 * 60_000, bot)).rejects.toBeInstanceOf(HaltedError);
    expect((await h.halt.read())?.reason).toMatch(/unwind/);
    await expect(h.newBot().init()).rejects.toBeInstanceOf(HaltedError);
  });

  it('re-hedges a leg that drifted beyond the tolerance while holding, and tolerates smaller drift', async () => {
    const h = await harness({ hedge_tolerance_pct: 5, hold_duration_hours: 48, symbols_to_monitor: ['ETH'] });
    await h.bot.init();
    await h.runFor(10 * 60_000);
    const c = h.bot.currentState.cycle;
    expect(c?.phase).toBe('open');
    const size = new Decimal(c?.openedSize ?? 0);
    const pacifica = h.conn.venues.find((v) => v.name === 'pacifica')?.venue as PerpVenue;
    const pacSide = c?.first.venue === 'pacifica' ? c.first.side : c?.second.side;
    const reduce = (fraction: string) =>
      pacifica.placeOrder({
        symbol: 'ETH',
        side: pacSide === 'buy' ? 'sell' : 'buy',
        type: 'market',
        size: size.mul(fraction).toDecimalPlaces(2, Decimal.ROUND_DOWN),
        reduceOnly: true,
      });
    // 2 % off one leg: inside the 5 % tolerance, left alone.
    await reduce('0.02');
    await h.runFor(30 * 60_000);
    const sizes = () => h.positions();
    let bySymbol = net((await sizes()) ?? new Map()).bySymbol.get('ETH');
    expect(bySymbol?.isZero()).toBe(false);
    // 20 % off: beyond tolerance, the larger leg is reduced to match.
    await reduce('0.2');
    await h.runFor(30 * 60_000);
    bySymbol = net((await sizes()) ?? new Map()).bySymbol.get('ETH');
    expect(bySymbol === undefined || bySymbol.isZero()).toBe(true);
    expect(h.bot.currentState.cycle?.phase).toBe('open');
  });

  it('skips a venue whose data fails during a scan, and trades on the others', async () => {
    const h = await harness({}, ['extended', 'pacifica', 'lighter']);
    const venues = h.conn.venues.map((v) =>
      v.name === 'lighter'
        ? { ...v, venue: faulty(v.venue, { getAllStats: async () => Promise.reject(new Error('503 from lighter')) }) }
        : v,
    );
    const bot = h.newBot(venues);
    await bot.init();
    await h.runFor(30 * 60_000, bot);
    expect(h.printed.some((t) => t.includes('skipped lighter: 503 from lighter'))).toBe(true);
    const c = bot.currentState.cycle;
    expect(c?.phase).toBe('open');
    expect([c?.first.venue, c?.second.venue].sort()).toEqual(['extended', 'pacifica']);
  });

  for (const fault of ['stale', 'crossed'] as const) {
    it(`does not price a ${fault} book`, async () => {
      const h = await harness({ symbols_to_monitor: ['BTC'] });
      const venues = h.conn.venues.map((v) =>
        v.name !== 'pacifica'
          ? v
          : {
              ...v,
              venue: faulty(v.venue, {
                getOrderBook: async (_args, real) => {
                  const book = (await real()) as {
                    timestamp: number;
                    bids: Array<{ price: Decimal }>;
                    asks: Array<{ price: Decimal }>;
                  };
                  if (fault === 'stale') return { ...book, timestamp: book.timestamp - 120_000 };
                  const top = book.asks[0];
                  // Crossed: a best bid above the best ask.
                  return top ? { ...book, bids: [{ ...top, price: top.price.plus(1) }, ...book.bids] } : book;
                },
              }),
            },
      );
      const bot = h.newBot(venues);
      await bot.init();
      await h.runFor(30 * 60_000, bot);
      expect(bot.currentState.cycle).toBeNull();
      expect(bot.currentState.stats.cycles).toBe(0);
      expect(h.printed.some((t) => /scan: 0 pairs/.test(t))).toBe(true);
    });
  }

  it('leaves positions open on stop(), and closes them with close_on_exit', async () => {
    const h = await harness();
    await h.bot.init();
    await h.runFor(30 * 60_000);
    await h.bot.stop();
    expect(net(await h.positions()).gross.gt(0)).toBe(true);
    const closer = await harness({ close_on_exit: true });
    try {
      await closer.bot.init();
      await closer.runFor(30 * 60_000);
      await closer.drive(closer.bot.stop());
      expect(net(await closer.positions()).gross.isZero()).toBe(true);
      expect(closer.bot.currentState.history.at(-1)?.reason).toBe('close_on_exit');
    } finally {
      await closer.close();
    }
  });
});
