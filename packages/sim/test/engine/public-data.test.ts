import { Decimal, isDnError, type PublicTrade, VenueRejectedError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { EngineVenue } from '../../src/engine/index.js';
import { setup, T0 } from './helpers.js';

const HOUR = 3_600_000;

describe('EngineVenue.getFundingHistory', () => {
  it("returns the engine's settled rates oldest first with the market's interval, paged by since and limit", async () => {
    const { engine, clock } = setup('edgex');
    const venue = new EngineVenue(engine, 'a');
    await clock.advance(24 * HOUR);
    const all = await venue.getFundingHistory({ symbol: 'BTC' });
    // edgeX settles every 4 h: 04:00 … 24:00.
    expect(all.map((r) => r.time)).toEqual([4, 8, 12, 16, 20, 24].map((h) => T0 + h * HOUR));
    expect(all.every((r) => r.intervalHours === 4 && r.symbol === 'BTC')).toBe(true);
    const engineRecords = engine.fundingHistory('BTC');
    expect(all.map((r) => r.rate.toString())).toEqual(engineRecords.map((r) => r.rate.toString()));
    expect(all.map((r) => r.markPrice?.toString())).toEqual(engineRecords.map((r) => r.markPrice.toString()));

    // The oldest `limit` of the range (the engine's own query keeps the newest), then the next page from `since`.
    const first = await venue.getFundingHistory({ symbol: 'BTC', since: T0 + 5 * HOUR, limit: 2 });
    expect(first.map((r) => r.time)).toEqual([T0 + 8 * HOUR, T0 + 12 * HOUR]);
    const next = await venue.getFundingHistory({ symbol: 'BTC', since: (first.at(-1)?.time ?? 0) + 1, limit: 2 });
    expect(next.map((r) => r.time)).toEqual([T0 + 16 * HOUR, T0 + 20 * HOUR]);
    const bounded = await venue.getFundingHistory({ symbol: 'BTC', since: T0 + 8 * HOUR, until: T0 + 16 * HOUR });
    expect(bounded.map((r) => r.time)).toEqual([8, 12, 16].map((h) => T0 + h * HOUR));
  });

  it("carries the sign the account's funding payments settle with (positive: longs pay)", async () => {
    const { engine, clock } = setup('extended');
    const venue = new EngineVenue(engine, 'a');
    await venue.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.1' });
    await clock.advance(3 * HOUR);
    const records = await venue.getFundingHistory({ symbol: 'BTC' });
    const payments = await venue.getFundingPayments({ symbol: 'BTC' });
    expect(records.length).toBe(3);
    expect(payments.length).toBe(3);
    for (const [i, p] of payments.entries()) {
      const r = records[i];
      expect(r?.time).toBe(p.timestamp);
      expect(r?.intervalHours).toBe(1);
      // A long receives −rate × notional.
      if (!p.amount.isZero()) expect(p.amount.isNegative()).toBe(r?.rate.isPositive());
    }
  });

  it('refuses a bad limit before reading and rejects an unknown market as the venue', async () => {
    const { engine } = setup();
    const venue = new EngineVenue(engine, 'a');
    const bad = await venue.getFundingHistory({ symbol: 'BTC', limit: 0 }).catch((e: unknown) => e);
    expect(isDnError(bad, 'INVALID_INPUT')).toBe(true);
    const unknown = await venue.getFundingHistory({ symbol: 'NOPE' }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(VenueRejectedError);
    expect((unknown as VenueRejectedError).context.venueCode).toBe('UNKNOWN_SYMBOL');
  });
});

describe('EngineVenue.subscribeTrades', () => {
  it("delivers every print of the market's tape, oldest first, even when one advance covers an hour", async () => {
    const { engine, clock } = setup();
    const venue = new EngineVenue(engine, 'a');
    const got: PublicTrade[] = [];
    const eth: PublicTrade[] = [];
    await venue.subscribeTrades('BTC', (t) => got.push(t));
    const start = clock.now();
    // One advance of an hour: a fast clock's driver sees time move like this between two ticks.
    await clock.advance(HOUR);
    engine.advance();
    const tape = engine
      .trades('BTC', 10_000)
      .filter((t) => t.time > start)
      .reverse();
    expect(tape.length).toBeGreaterThan(1_000);
    expect(got.map((t) => t.id)).toEqual(tape.map((t) => t.id));
    expect(got.every((t) => t.symbol === 'BTC')).toBe(true);
    const [a, b] = [got[0], tape[0]];
    expect(a?.price.eq(b?.price ?? 0) && a.size.eq(b?.size ?? 0) && a.side === b?.side && a.timestamp === b.time).toBe(
      true,
    );
    // A market nobody watches gets no events for so long a jump (front-ends listen to every market).
    const off = engine.events.on('trade', ({ trade }) => trade.symbol === 'ETH' && eth.push(trade as never));
    await clock.advance(60_000);
    engine.advance();
    expect(eth).toEqual([]);
    off();
  });

  it("includes users' trades and the taker flow's fills of resting orders, in time order", async () => {
    const { engine, clock } = setup();
    engine.setTakerFlow({ seed: 1, default: { arrivalRate: 3, kappaPerBp: 0.3, meanSizeUsd: 300 } });
    const venue = new EngineVenue(engine, 'a');
    const got: PublicTrade[] = [];
    await venue.subscribeTrades('ETH', (t) => got.push(t));
    const since = clock.now();
    const mine = await venue.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.5' });
    for (let i = 0; i < 10; i++) {
      const mid = engine.midPrice('ETH');
      const off = mid.mul(2).div(10_000);
      for (const [side, price] of [
        ['buy', mid.minus(off).toDecimalPlaces(1, Decimal.ROUND_DOWN)],
        ['sell', mid.plus(off).toDecimalPlaces(1, Decimal.ROUND_UP)],
      ] as const) {
        await venue.placeOrder({ symbol: 'ETH', side, type: 'limit', size: '5', price, timeInForce: 'POST_ONLY' });
      }
      // 2 min per advance: longer than any market's window, so only the watch brings the background prints.
      await clock.advance(120_000);
      engine.advance();
      await venue.cancelAllOrders('ETH');
    }
    const fills = engine.fills('a', { symbol: 'ETH', since });
    const makerFills = fills.filter((f) => f.liquidity === 'maker');
    expect(makerFills.length).toBeGreaterThan(3);
    const byId = new Map(got.map((t) => [t.id, t]));
    for (const f of fills) {
      const t = byId.get(f.tradeId);
      expect(t?.price.eq(f.price)).toBe(true);
      // The taker's side: the taker flow sold into our bid, we bought the market order.
      expect(t?.side).toBe(f.liquidity === 'maker' ? (f.side === 'buy' ? 'sell' : 'buy') : f.side);
    }
    expect(fills.some((f) => f.orderId === mine.orderId)).toBe(true);
    const times = got.map((t) => t.timestamp);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(got.length).toBeGreaterThan(makerFills.length + 300);
  });

  it('stops at unsubscribe and at close, and rejects an unknown market', async () => {
    const { engine, clock } = setup();
    const venue = new EngineVenue(engine, 'a');
    const got: PublicTrade[] = [];
    const sub = await venue.subscribeTrades('BTC', (t) => got.push(t));
    await clock.advance(60_000);
    engine.advance();
    const n = got.length;
    expect(n).toBeGreaterThan(0);
    await sub.unsubscribe();
    await clock.advance(60_000);
    engine.advance();
    expect(got.length).toBe(n);
    await venue.subscribeTrades('BTC', (t) => got.push(t));
    await venue.close();
    await clock.advance(60_000);
    engine.advance();
    expect(got.length).toBe(n);
    const other = new EngineVenue(engine, 'b');
    await expect(other.subscribeTrades('NOPE', () => undefined)).rejects.toBeInstanceOf(VenueRejectedError);
  });
});

describe('EngineVenue.getAllStats', () => {
  it('reports open interest as USD notional (base units × mark), as every connector does', async () => {
    const { engine } = setup();
    const venue = new EngineVenue(engine, 'a');
    for (const s of await venue.getAllStats()) {
      const base = engine.stats(s.symbol);
      expect(s.openInterest?.toString()).toBe(base.openInterest.mul(base.markPrice).toDecimalPlaces(8).toString());
      // The generated open interest is the market's USD figure ±20 %: a base-unit count of BTC would be far off.
      const usd = engine.market(s.symbol).openInterestUsd;
      expect(s.openInterest?.toNumber()).toBeGreaterThan(usd * 0.75);
      expect(s.openInterest?.toNumber()).toBeLessThan(usd * 1.25);
    }
  });
});
