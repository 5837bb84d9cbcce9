import { type AccountEvent, type FundingRecord, type PublicTrade, VirtualClock } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { extendedHarness } from './harness/extended.js';
import { waitFor } from './harness/sim-harness.js';

/*
 * The three PerpVenue additions of this round over Extended's real protocol, against the simulator: the market's
 * funding history (REST, cursor-paged), public prints (`/publicTrades`) and `reconnected` on the `/account` stream.
 * Every key here is a FAKE simulator key.
 */

const H = 3_600_000;
const { start: startSim, client } = extendedHarness(7);

describe('ExtendedVenue against the simulated Extended venue: funding history, trades, reconnects', () => {
  it('getFundingHistory, paged forward, returns exactly the rates the engine settled (values, times, interval)', async () => {
    const start = Date.UTC(2026, 0, 1, 0, 30);
    const clock = new VirtualClock({ startMs: start, mode: 'stepped' });
    const sim = await startSim({ clock });
    const ext = client(sim, { clock, rateLimiter: false });
    await clock.advance(30 * H);
    const settled = sim.engine.fundingHistory('BTC');
    expect(settled.length).toBeGreaterThanOrEqual(29);

    const got: FundingRecord[] = [];
    let since = start - 2 * H;
    for (let page = 0; page < 20; page++) {
      const rows = await ext.getFundingHistory({ symbol: 'BTC', since, until: clock.now(), limit: 7 });
      if (rows.length === 0) break;
      expect(rows.length).toBeLessThanOrEqual(7);
      got.push(...rows);
      since = rows.at(-1)!.time + 1;
    }
    expect(got.map((r) => r.time)).toEqual(settled.map((r) => r.time));
    expect(got.map((r) => r.rate.toFixed())).toEqual(settled.map((r) => r.rate.toFixed()));
    expect(got.every((r) => r.symbol === 'BTC' && r.intervalHours === 1)).toBe(true);
    // Hourly settlements, so comparable with getFunding's 1-hour rate.
    expect(got.every((r, i) => i === 0 || r.time - got[i - 1]!.time === H)).toBe(true);

    // Without since: the last `limit` up to until.
    const last = await ext.getFundingHistory({ symbol: 'BTC', limit: 3 });
    expect(last.map((r) => r.time)).toEqual(settled.slice(-3).map((r) => r.time));
    // A window with nothing settled in it.
    await expect(
      ext.getFundingHistory({ symbol: 'BTC', since: start - 10 * H, until: start - 5 * H }),
    ).resolves.toEqual([]);
  });

  it('subscribeTrades receives the print of our own market buy: taker side buy, our size and price', async () => {
    const sim = await startSim();
    const ext = client(sim);
    const trades: PublicTrade[] = [];
    await ext.subscribeTrades('BTC', (t) => trades.push(t));
    const { clientOrderId } = await ext.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001' });
    const mine = await waitFor(() => {
      const f = trades.filter((t) => t.side === 'buy');
      return f.length > 0 ? f : undefined;
    });
    const own = (await ext.getFills({ symbol: 'BTC' })).filter((f) => f.clientOrderId === clientOrderId);
    expect(own.length).toBeGreaterThan(0);
    const print = mine.find((t) => t.price.eq(own[0]!.price) && t.size.eq(own[0]!.size));
    expect(print).toBeDefined();
    expect(print).toMatchObject({ symbol: 'BTC', side: 'buy' });
    expect(print!.id).toMatch(/^\d+$/);
    expect(trades.every((t) => t.size.gt(0) && t.price.gt(0))).toBe(true);
  });

  it('subscribeTrades carries the background tape too, oldest first, while the market is watched', async () => {
    const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 1), mode: 'stepped' });
    const sim = await startSim({ clock });
    const ext = client(sim, { clock, rateLimiter: false });
    const trades: PublicTrade[] = [];
    await ext.subscribeTrades('BTC', (t) => trades.push(t));
    await clock.advance(120_000);
    await ext.getOrderBook('BTC', 1);
    await waitFor(() => (trades.length >= 2 ? true : undefined));
    expect(trades.every((t) => t.symbol === 'BTC' && t.size.gt(0))).toBe(true);
    expect(trades.every((t, i) => i === 0 || t.timestamp >= trades[i - 1]!.timestamp)).toBe(true);
    expect(new Set(trades.map((t) => t.side)).size).toBe(2);
  });

  it("subscribeAccount emits 'reconnected' after the simulator drops the account socket, never on the first connect", async () => {
    const sim = await startSim();
    const ext = client(sim);
    const events: AccountEvent[] = [];
    await ext.subscribeAccount((e) => events.push(e));
    await waitFor(() => (events.some((e) => e.type === 'balance') ? true : undefined));
    expect(events.some((e) => e.type === 'reconnected')).toBe(false);

    const before = events.length;
    sim.faults.script({ kind: 'wsDisconnect', match: { path: '/stream.extended.exchange/v1/account' } });
    await waitFor(() => (events.slice(before).some((e) => e.type === 'balance') ? true : undefined));
    const after = events.slice(before);
    expect(after.filter((e) => e.type === 'reconnected')).toHaveLength(1);
    // `reconnected` comes before the venue's full state of the new connection, so a reconciliation started on it
    // sees that state arrive after.
    expect(after[0]!.type).toBe('reconnected');

    // The stream works after it: an order shows up.
    await ext.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001' });
    await waitFor(() => (events.slice(before).some((e) => e.type === 'fill') ? true : undefined));
  });
});
