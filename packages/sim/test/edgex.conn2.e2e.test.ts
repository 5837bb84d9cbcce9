import { type AccountEvent, type PublicTrade, VirtualClock } from '@dn/core';
import { EdgexVenue } from '@dn/edgex';
import { describe, expect, it } from 'vitest';
import { edgexHarness } from './harness/edgex.js';
import { waitFor } from './harness/sim-harness.js';

/*
 * EdgexVenue's funding history, public trades, leverage read-back and account `reconnected` against the simulated
 * edgeX over its real protocol (REST getFundingRatePage / getAccountAsset, WS trades.{id} and the private stream).
 * Every credential is a FAKE one derived by the simulator.
 */

const { start, track, startConnected } = edgexHarness(11);

describe('edgeX e2e: funding history', () => {
  it('pages the settled rates of a range exactly as the engine settled them, oldest first, without credentials', async () => {
    const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 1, 0, 30), mode: 'stepped' });
    const h = await start({ clock });
    const since = clock.now();
    await clock.advance(2 * 24 * 3_600_000);
    const engine = h.engine.fundingHistory('BTC', { since, until: clock.now() });
    const iv = h.engine.market('BTC').fundingIntervalHours;
    expect(engine.length).toBe(48 / iv);

    // Public: a client without any credentials.
    const c = new EdgexVenue({ restUrl: h.restUrl, wsUrl: h.wsUrl, clock, syncServerTime: false });
    track(c);
    const got = [];
    let from = since;
    for (let i = 0; i < 20; i++) {
      const page = await c.getFundingHistory({ symbol: 'BTC', since: from, until: clock.now(), limit: 5 });
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(5);
      got.push(...page);
      from = (page.at(-1)?.time ?? from) + 1;
    }
    expect(got.map((r) => r.time)).toEqual(engine.map((r) => r.time));
    expect(got.map((r) => r.rate.toFixed())).toEqual(engine.map((r) => r.rate.toFixed()));
    expect(got.map((r) => r.markPrice?.toFixed())).toEqual(engine.map((r) => r.markPrice.toFixed()));
    expect(got.every((r) => r.symbol === 'BTC' && r.intervalHours === iv)).toBe(true);

    // The whole range in one call, and a range that ends before the first settlement.
    const all = await c.getFundingHistory({ symbol: 'BTC', since, until: clock.now(), limit: 1000 });
    expect(all.map((r) => r.time)).toEqual(engine.map((r) => r.time));
    expect(await c.getFundingHistory({ symbol: 'BTC', since, until: (engine[0]?.time ?? since) - 1 })).toEqual([]);
  });
});

describe('edgeX e2e: public trades', () => {
  it("delivers the print of our own market buy with the taker's side, price and size", async () => {
    const { h, c } = await startConnected();
    const prints: PublicTrade[] = [];
    await c.subscribeTrades('BTC', (t) => prints.push(t));
    await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.05' });
    const fills = h.engine.fills(h.accounts[0]!.accountId, { symbol: 'BTC' });
    expect(fills.length).toBeGreaterThan(0);
    for (const f of fills) {
      const p = await waitFor(() => prints.find((t) => t.id === f.tradeId));
      expect(p.side).toBe('buy');
      expect(p.symbol).toBe('BTC');
      expect(p.price.eq(f.price)).toBe(true);
      expect(p.size.eq(f.size)).toBe(true);
      expect(p.timestamp).toBe(f.timestamp);
    }
  });

  it('a market sell prints as a taker sell', async () => {
    const { h, c } = await startConnected();
    const prints: PublicTrade[] = [];
    await c.subscribeTrades('ETH', (t) => prints.push(t));
    await c.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '0.5' });
    const [f] = h.engine.fills(h.accounts[0]!.accountId, { symbol: 'ETH' });
    const p = await waitFor(() => prints.find((t) => t.id === f?.tradeId));
    expect(p.side).toBe('sell');
  });
});

describe('edgeX e2e: leverage read-back', () => {
  it('getLeverage reports what the engine applies, before and after setLeverage', async () => {
    const { h, c } = await startConnected();
    const id = h.accounts[0]!.accountId;
    expect((await c.getLeverage('BTC'))?.eq(h.engine.leverage(id, 'BTC'))).toBe(true);
    await c.setLeverage('BTC', '5');
    expect(h.engine.leverage(id, 'BTC').eq(5)).toBe(true);
    expect((await c.getLeverage('BTC'))?.toString()).toBe('5');
    // Another contract keeps its own.
    expect((await c.getLeverage('ETH'))?.eq(h.engine.leverage(id, 'ETH'))).toBe(true);
  });
});

describe('edgeX e2e: account stream reconnect', () => {
  it('emits reconnected after the simulator drops the private socket, once, and the stream works again', async () => {
    const { h, c } = await startConnected();
    const events: AccountEvent[] = [];
    await c.subscribeAccount((e) => events.push(e));
    const transport = c.client.accountStream()?.transport;
    const gen = transport?.generation ?? 0;
    await new Promise((r) => setTimeout(r, 100));
    expect(events.some((e) => e.type === 'reconnected')).toBe(false);

    h.faults.script({ kind: 'wsDisconnect', match: { path: '/api/v1/private/ws' } });
    await waitFor(() => events.some((e) => e.type === 'reconnected'));
    expect(transport?.generation).toBeGreaterThan(gen);
    expect(events.filter((e) => e.type === 'reconnected')).toHaveLength(1);

    const placed = await c.placeOrder({ symbol: 'SOL', side: 'buy', type: 'market', size: '1' });
    await waitFor(() => events.some((e) => e.type === 'fill'));
    const i = events.findIndex((e) => e.type === 'reconnected');
    const order = events.findIndex((e) => e.type === 'order' && e.order.clientOrderId === placed.clientOrderId);
    expect(order).toBeGreaterThan(i);
  });
});
