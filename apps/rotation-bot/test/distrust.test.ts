import { Decimal, type PerpVenue, type Position } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { HaltError } from '../src/two-leg.js';
import { faulty, type Harness, harness, net, recordingOrders, withVenue } from './harness.js';

/**
 * The venue's answers are not trusted blindly: reads after the pilot fail, lag or lie, and the bot must neither
 * leave a leg naked nor hedge more than the pilot's own fills confirm. Extended is the pilot of an Extended +
 * Pacifica pair; Pacifica carries the hedge.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Extended whose position reads after its first order are replaced by `lie(real, n)` (n = read number after it). */
function pilotReads(
  venue: PerpVenue,
  lie: (real: Position[], n: number) => Position[] | Promise<Position[]>,
): PerpVenue {
  let ordered = false;
  let n = 0;
  return faulty(venue, {
    placeOrder: async (_args, real) => {
      ordered = true;
      return real();
    },
    getPositions: async (_args, real) => {
      const positions = (await real()) as Position[];
      if (!ordered) return positions;
      n += 1;
      return lie(positions, n);
    },
  });
}

const scale = (ps: Position[], k: number) =>
  ps.map((p) => ({ ...p, size: p.size.mul(k), notional: p.notional.mul(k) }));

async function positionsAfterOpen(x: Harness) {
  return net(await x.positions());
}

describe('distrust what a venue says', () => {
  it('B3: a position read that throws after the pilot is retried inside the deadline, not left to the next check', async () => {
    h = await harness({ single_leg_timeout_seconds: 5 });
    const venues = withVenue(h, 'extended', (v) =>
      pilotReads(v, (real, n) => {
        if (n <= 2) throw new Error('ECONNRESET reading positions');
        return real;
      }),
    );
    const bot = h.newBot(venues);
    await bot.init();
    // One minute: far less than the 300 s check interval the failed read used to leave the pilot naked for.
    await h.runFor(60_000, bot);
    expect(bot.currentState.cycle?.phase).toBe('open');
    const after = await positionsAfterOpen(h);
    expect(after.gross.gt(0)).toBe(true);
    for (const v of after.bySymbol.values()) expect(v.isZero()).toBe(true);
    expect(bot.metrics.nakedWindowsMs.length).toBeGreaterThanOrEqual(1);
    expect(bot.currentState.stats.maxNakedExposureMs).toBeGreaterThan(0);
  });

  it('one stale (flat) position read after the pilot does not turn a filled pilot into an aborted, naked cycle', async () => {
    h = await harness();
    const venues = withVenue(h, 'extended', (v) => pilotReads(v, (real, n) => (n === 1 ? [] : real)));
    const bot = h.newBot(venues);
    await bot.init();
    await h.runFor(60_000, bot);
    expect(bot.currentState.history.some((c) => c.reason === 'aborted')).toBe(false);
    expect(bot.currentState.cycle?.phase).toBe('open');
    for (const v of (await positionsAfterOpen(h)).bySymbol.values()) expect(v.isZero()).toBe(true);
    expect(await h.halt.read()).toBeUndefined();
  });

  it('one 10× position read does not send a 10× hedge', async () => {
    h = await harness();
    const hedges: Array<{ reduceOnly?: boolean; size: Decimal; side: string }> = [];
    let venues = withVenue(h, 'extended', (v) => pilotReads(v, (real, n) => (n === 1 ? scale(real, 10) : real)));
    venues = venues.map((v) => (v.name === 'pacifica' ? { ...v, venue: recordingOrders(v.venue, hedges) } : v));
    const bot = h.newBot(venues);
    await bot.init();
    await h.runFor(60_000, bot);
    const c = bot.currentState.cycle;
    expect(c?.phase).toBe('open');
    const target = new Decimal(c?.targetSize ?? 0);
    expect(hedges.length).toBeGreaterThan(0);
    for (const o of hedges) expect(o.size.lte(target)).toBe(true);
    for (const v of (await positionsAfterOpen(h)).bySymbol.values()) expect(v.isZero()).toBe(true);
  });

  it('records that keep disagreeing: no hedge, the certain fill is unwound and the bot halts', async () => {
    h = await harness({ single_leg_timeout_seconds: 2 });
    const hedges: Array<{ reduceOnly?: boolean; size: Decimal; side: string }> = [];
    let venues = withVenue(h, 'extended', (v) => pilotReads(v, (real) => scale(real, 10)));
    venues = venues.map((v) => (v.name === 'pacifica' ? { ...v, venue: recordingOrders(v.venue, hedges) } : v));
    const bot = h.newBot(venues);
    await bot.init();
    await expect(h.runFor(60_000, bot)).rejects.toBeInstanceOf(HaltError);
    expect(hedges.length).toBe(0);
    expect((await h.halt.read())?.reason).toMatch(/disagree/);
    expect(net(await h.positions()).gross.isZero()).toBe(true);
  });

  it('B9: an over-filled hedge is trimmed reduce-only right after the hedge, not at the next check', async () => {
    h = await harness();
    let doubled = false;
    const venues = withVenue(h, 'pacifica', (v) =>
      faulty(v, {
        placeOrder: async (args, real) => {
          const res = await real();
          const p = args[0] as { reduceOnly?: boolean; clientOrderId?: string };
          if (!p.reduceOnly && !doubled) {
            // A late fill of an earlier attempt lands too: the venue holds twice what was asked.
            doubled = true;
            await v.placeOrder({ ...(args[0] as object), clientOrderId: undefined } as never);
          }
          return res;
        },
      }),
    );
    const bot = h.newBot(venues);
    await bot.init();
    await h.runFor(60_000, bot);
    expect(doubled).toBe(true);
    expect(bot.currentState.cycle?.phase).toBe('open');
    const after = await positionsAfterOpen(h);
    for (const v of after.bySymbol.values()) expect(v.isZero()).toBe(true);
  });

  it('B11: while holding, a leg on the wrong side is caught even when the sizes match', async () => {
    h = await harness({ hold_duration_hours: 48 });
    await h.bot.init();
    await h.runFor(60_000);
    const c = h.bot.currentState.cycle;
    expect(c?.phase).toBe('open');
    const pac = h.conn.venues.find((v) => v.name === 'pacifica')?.venue as PerpVenue;
    const leg = c?.first.venue === 'pacifica' ? c.first : c?.second;
    // Flip the Pacifica leg to the same size on the other side: |sizes| still equal, both legs now one way.
    await pac.placeOrder({
      symbol: c?.symbol ?? 'BTC',
      side: leg?.side === 'buy' ? 'sell' : 'buy',
      type: 'market',
      size: new Decimal(c?.openedSize ?? 0).mul(2),
    });
    await expect(h.runFor(30 * 60_000)).rejects.toBeInstanceOf(HaltError);
    expect((await h.halt.read())?.reason).toMatch(/wrong side/);
  });

  it('B10: hedge retries never widen the band past the edge the cycle trades for', async () => {
    h = await harness({ price_band_pct: '0.5', max_slippage_pct: 5 });
    const hedge = h.conn.engines?.get('pacifica');
    hedge?.faults.partialFillOnly('0.3', 5);
    const sent: Array<{ reduceOnly?: boolean; size: Decimal; side: string; slippage?: Decimal }> = [];
    const bot = h.newBot(withVenue(h, 'pacifica', (v) => recordingOrders(v, sent)));
    await bot.init();
    await h.runFor(60_000, bot);
    const c = bot.currentState.cycle;
    expect(c?.phase).toBe('open');
    const cap = new Decimal(c?.bandCapPct ?? 'NaN').div(100);
    // A few hours of funding over an 8 h hold is far below the 2 % the retries used to reach: the base band holds.
    expect(cap.eq('0.005')).toBe(true);
    const opening = sent.filter((o) => !o.reduceOnly);
    expect(opening.length).toBeGreaterThanOrEqual(3);
    for (const o of opening) expect(o.slippage?.lte(cap)).toBe(true);
  });
});
