import { Decimal, type PerpVenue } from '@dn/core';
import { EngineVenue } from '@dn/sim/engine';
import { describe, expect, it } from 'vitest';
import { marketMakerConfigSchema } from '../src/config.js';
import { createPresigner, ladderAround, ladderPrice, type PresignLadder, tickLadder } from '../src/presign.js';
import { computeQuote, type MarketGrid } from '../src/quote.js';
import { newMaker, simSession } from './sim-session.js';

type Presign = { symbol: string; side: string; type: string; size: unknown; price: unknown; timeInForce?: string };
const keyOf = (p: Presign) => `${p.side}|${String(p.price)}|${String(p.size)}|${p.timeInForce}`;

/** The simulator's venue with the presigning surface of ExtendedVenue recorded (no signing: the engine has none). */
async function session(presignTicks: number) {
  const { clock, engine } = simSession({ takerFlow: false });
  const inner = new EngineVenue(engine, 'mm');
  const enabled: unknown[] = [];
  const presigned = new Map<string, Presign>();
  let placed = 0;
  let hits = 0;
  const venue = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'enablePresigning') return (o: unknown) => enabled.push(o);
      if (prop === 'presignStats') return () => ({ hits, stale: 0, evicted: 0, size: presigned.size });
      if (prop === 'presignOrder') {
        return async (p: Presign) => {
          if (presigned.has(keyOf(p))) return false;
          presigned.set(keyOf(p), p);
          return true;
        };
      }
      if (prop === 'placeOrder') {
        return async (p: Parameters<PerpVenue['placeOrder']>[0]) => {
          placed++;
          const k = keyOf(p as Presign);
          if (presigned.delete(k)) hits++;
          return target.placeOrder(p);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const config = marketMakerConfigSchema.parse({
    replace_mode: 'back-to-back',
    replace_coalesce_ms: 0,
    dead_mans_switch_sec: 0,
    presign_ticks: presignTicks,
    risk: { max_net_position_usd: 600, max_open_orders: 10, min_balance_usd: 100 },
    markets: { 'ETH-USD': { base_spread: 0.0002, K: 0, replace_threshold_bps: 0, quote_notional_cap_usd: 200 } },
  });
  const maker = newMaker({ venue, clock, config });
  await maker.start();
  const tick = (await inner.getMarkets()).find((m) => m.symbol === 'ETH')!.tickSize;
  const snapshot: Presign[] = [];
  for (let i = 0; i < 60; i++) {
    await clock.advance(500);
    await new Promise((r) => setTimeout(r, 15));
    snapshot.push(...presigned.values());
  }
  await maker.stop({ cancelAll: true });
  engine.stop();
  return { enabled, snapshot, placed, hits, tick };
}

describe('presign_ticks (opt-in)', () => {
  it('off by default: the venue is never asked to presign', async () => {
    expect(marketMakerConfigSchema.parse({ markets: { ETH: {} } }).presign_ticks).toBe(0);
    const { enabled, snapshot, placed } = await session(0);
    expect(placed).toBeGreaterThan(5);
    expect(enabled).toEqual([]);
    expect(snapshot).toEqual([]);
  });

  it('presigns post-only limit orders on the grid around the quotes; the maker’s orders find them; stop turns it off', async () => {
    const { enabled, snapshot, placed, hits, tick } = await session(2);
    expect(enabled[0]).toMatchObject({ maxAgeMs: 5_000, maxEntries: 256, build: expect.any(Function) });
    expect(enabled.at(-1)).toBe(false);
    expect(snapshot.length).toBeGreaterThan(10);
    for (const p of snapshot) {
      expect(p).toMatchObject({ symbol: 'ETH', type: 'limit', timeInForce: 'POST_ONLY' });
      expect(['buy', 'sell']).toContain(p.side);
      expect((p.price as { mod: (t: unknown) => { isZero: () => boolean } }).mod(tick).isZero()).toBe(true);
    }
    // The orders the next passes place are among those presigned for most ticks (the simulator's mid moves by a
    // tick or two between passes).
    expect(hits).toBeGreaterThan(placed / 4);
  });

  it('candidates: each quoted side moved by 0, ±1 … ±N ticks at its size, nearest first; a zero side is left out', () => {
    const cfg = marketMakerConfigSchema.parse({ markets: { 'ETH-USD': { base_spread: 0.0002, K: 0 } } }).markets[0]!;
    const grid: MarketGrid = {
      tickSize: new Decimal('0.1'),
      lotSize: new Decimal('0.001'),
      minSize: new Decimal('0.001'),
    };
    const target = computeQuote(cfg, grid, {
      mid: new Decimal('3000.05'),
      bestBid: new Decimal('3000'),
      bestAsk: new Decimal('3000.1'),
      inventory: new Decimal(0),
      sigma: 0.0001,
      funding: 0,
      kappa: 5000,
      arrivalRate: 1,
      allowBuy: true,
      allowSell: false,
    });
    expect(target.ask.size.isZero()).toBe(true);
    // The candidates of offset i, as the presigner signs them.
    const at = (l: PresignLadder, i: number) => {
      const k = l.offsets[i];
      return k === undefined
        ? undefined
        : l.sides.map((q) => ({ side: q.side, price: ladderPrice(l, q, k), size: q.size }));
    };
    const ladder = ladderAround(target, grid, 2);
    const bid = (d: string) => [{ side: 'buy', price: target.bid.price.plus(d), size: target.bid.size }];
    expect(at(ladder, 0)).toEqual(bid('0'));
    expect(at(ladder, 1)).toEqual(bid('0.1'));
    expect(at(ladder, 2)).toEqual(bid('-0.1'));
    expect(at(ladder, 3)).toEqual(bid('0.2'));
    expect(at(ladder, 4)).toEqual(bid('-0.2'));
    expect(at(ladder, 5)).toBeUndefined();
    // Both sides when both are quoted.
    const both = ladderAround({ ...target, ask: { price: new Decimal('3000.8'), size: new Decimal('0.02') } }, grid, 1);
    expect(at(both, 1)).toEqual([
      ...bid('0.1'),
      { side: 'sell', price: new Decimal('3000.9'), size: new Decimal('0.02') },
    ]);
    expect(both.sides.map((q) => [q.key, q.ticks])).toEqual([
      [`buy|${target.bid.size.toFixed()}`, BigInt(target.bid.price.div('0.1').toFixed())],
      ['sell|0.02', 30008n],
    ]);
  });

  it('covers the quotes that would follow a fill after the current ones, each side once', () => {
    const grid: MarketGrid = { tickSize: new Decimal('0.5'), lotSize: new Decimal('1'), minSize: new Decimal('1') };
    const q = (bid: string, bidSize: string, ask: string, askSize: string) =>
      ({
        bid: { price: new Decimal(bid), size: new Decimal(bidSize) },
        ask: { price: new Decimal(ask), size: new Decimal(askSize) },
      }) as never;
    const now = q('100', '2', '101', '2');
    // After the bid fills: smaller bid, larger ask, both lower; after the ask fills: the ask side is switched off.
    const afterBid = q('99.5', '1', '100.5', '3');
    const afterAsk = q('100', '2', '101', '0');
    const ladder = ladderAround(now, grid, 1, [afterBid, afterAsk]);
    expect(ladder.sides.map((s) => `${s.key}@${s.ticks}`)).toEqual([
      'buy|2@200',
      'sell|2@202',
      'buy|1@199',
      'sell|3@201',
    ]);
    expect(ladder.offsets).toEqual([0, 1, -1]);
  });

  it('a price off the tick grid still gets its candidates, moved in decimals, with no grid position', () => {
    const grid: MarketGrid = { tickSize: new Decimal('0.1'), lotSize: new Decimal('1'), minSize: new Decimal('1') };
    const bid = { price: new Decimal('100.05'), size: new Decimal('2') };
    const ladder = ladderAround({ bid, ask: { price: new Decimal('101'), size: new Decimal(0) } } as never, grid, 1);
    expect(ladder.sides.map((q) => [q.key, q.ticks])).toEqual([['buy|2', undefined]]);
    expect(ladderPrice(ladder, ladder.sides[0]!, -1).toFixed()).toBe('99.95');
  });

  it('asks the venue only for candidates it does not know to be held: again after the store lost one, or a quarter of the age limit', async () => {
    let now = 0;
    let removals = 0;
    const asked: string[] = [];
    const venue = {
      enablePresigning: () => {},
      presignStats: () => ({ hits: removals, stale: 0, evicted: 0, size: 0 }),
      presignOrder: async (p: { side: string; price: Decimal }) => {
        asked.push(`${p.side} ${p.price.toFixed()}`);
        return true;
      },
    };
    const presigner = createPresigner(venue as unknown as PerpVenue, 4_000, () => now)!;
    const grid: MarketGrid = { tickSize: new Decimal('0.5'), lotSize: new Decimal('1'), minSize: new Decimal('1') };
    const target = {
      bid: { price: new Decimal('100'), size: new Decimal('1') },
      ask: { price: new Decimal('101'), size: new Decimal('1') },
    } as never;
    const job = async () => {
      asked.length = 0;
      presigner.schedule('X', 'GTT', ladderAround(target, grid, 1));
      // The job starts 2 ms later and yields a turn after each signature: 100 ms is plenty for six.
      await new Promise((r) => setTimeout(r, 100));
      return [...asked];
    };
    expect(await job()).toEqual(['buy 100', 'sell 101', 'buy 100.5', 'sell 101.5', 'buy 99.5', 'sell 100.5']);
    expect(await job()).toEqual([]);
    removals++;
    expect((await job()).length).toBe(6);
    now += 999;
    expect(await job()).toEqual([]);
    now += 1;
    expect((await job()).length).toBe(6);
    presigner.stop();
  });

  it('tries the nearest offsets first', () => {
    expect(tickLadder(3)).toEqual([0, 1, -1, 2, -2, 3, -3]);
    expect(tickLadder(0)).toEqual([0]);
  });
});
