/**
 * PacificaVenue against the simulated Pacifica over the real protocol: the market's funding-rate history, the public
 * trades stream and the account stream's `reconnected` event. Keys are the simulator's FAKE deterministic keys.
 */
import { type AccountEvent, Decimal, type PublicTrade, VirtualClock } from '@dn/core';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pacificaHarness } from './harness/pacifica.js';
import { waitFor } from './harness/sim-harness.js';

const HOUR = 3_600_000;
const { start, client, startConnected } = pacificaHarness(17);

describe('simulated Pacifica: getFundingHistory', () => {
  it('pages by since = last.time + 1 through exactly what the engine settled: hourly, at the hour, same rates', async () => {
    const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 1, 0, 30), mode: 'stepped' });
    const h = await start({ clock });
    const c = client(h, { clock });
    await clock.advance(30 * HOUR);
    h.engine.advance();
    const settled = h.engine.fundingHistory('BTC');
    expect(settled.length).toBeGreaterThanOrEqual(30);
    const got: { time: number; rate: string; intervalHours: number }[] = [];
    let since = settled[0]?.time as number;
    let calls = 0;
    for (;;) {
      const page = await c.getFundingHistory({ symbol: 'BTC', since, until: clock.now(), limit: 7 });
      calls++;
      for (const r of page) got.push({ time: r.time, rate: r.rate.toString(), intervalHours: r.intervalHours });
      if (page.length < 7) break;
      since = (page.at(-1)?.time as number) + 1;
    }
    expect(calls).toBe(Math.floor(settled.length / 7) + 1);
    expect(got).toEqual(settled.map((r) => ({ time: r.time, rate: r.rate.toString(), intervalHours: 1 })));
    for (const r of got) expect(r.time % HOUR).toBe(0);
    // A bounded window answers only its hours, oldest first.
    const t = settled[10]?.time as number;
    const window = await c.getFundingHistory({ symbol: 'BTC', since: t, until: t + 2 * HOUR });
    expect(window.map((r) => r.time)).toEqual([t, t + HOUR, t + 2 * HOUR]);
  });
});

describe('simulated Pacifica: subscribeTrades', () => {
  it("delivers our own market order's prints with the taker side, and the frame has the venue's keys", async () => {
    const { h, c } = await startConnected();
    const prints: PublicTrade[] = [];
    await c.subscribeTrades('ETH', (t) => prints.push(t));
    // The raw frame, next to the connector's view of it.
    const raw = new WebSocket(`${h.wsUrl}/ws`);
    const frames: { channel?: string; data?: Record<string, unknown>[] }[] = [];
    raw.on('message', (d) => frames.push(JSON.parse(String(d))));
    await new Promise((r) => raw.once('open', r));
    raw.send(JSON.stringify({ method: 'subscribe', params: { source: 'trades', symbol: 'ETH' } }));
    await waitFor(() => frames.find((f) => f.channel === 'subscribe'));

    await c.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.3' });
    const fills = await c.getFills({ symbol: 'ETH' });
    expect(fills.length).toBeGreaterThan(0);
    const ours = (p: PublicTrade) =>
      fills.some((f) => f.timestamp === p.timestamp && f.price.eq(p.price) && f.size.eq(p.size));
    await waitFor(() => (prints.filter(ours).length === fills.length ? true : undefined));
    const mine = prints.filter(ours);
    expect(mine.every((p) => p.side === 'buy' && p.symbol === 'ETH' && p.size.isPositive())).toBe(true);
    expect(mine.reduce((s, p) => s.add(p.size), new Decimal(0)).toFixed()).toBe('0.3');
    const row = await waitFor(() => frames.find((f) => f.channel === 'trades')?.data?.[0]);
    expect(Object.keys(row).sort()).toEqual(['a', 'd', 'h', 'li', 'p', 's', 't', 'tc']);
    expect(['open_long', 'open_short', 'close_long', 'close_short']).toContain(row.d);
    raw.close();
  });
});

describe('simulated Pacifica: account stream reconnects', () => {
  it("sends { type: 'reconnected' } after an injected drop, once resubscribed, and the stream works again", async () => {
    const { h, c } = await startConnected();
    const events: AccountEvent[] = [];
    await c.subscribeAccount((e) => events.push(e));
    await new Promise((r) => setTimeout(r, 100));
    expect(events.some((e) => e.type === 'reconnected')).toBe(false);
    const gen = c.client.ws.transport.generation;
    const before = Date.now();
    h.faults.script({ kind: 'wsDisconnect' });
    const ev = await waitFor(() => events.find((e) => e.type === 'reconnected'));
    expect(c.client.ws.transport.generation).toBeGreaterThan(gen);
    expect(ev.type === 'reconnected' && ev.at).toBeGreaterThanOrEqual(before);
    // The event came after the resubscriptions: a fill made now arrives on the stream.
    const { clientOrderId } = await c.placeOrder({ symbol: 'SOL', side: 'buy', type: 'market', size: '1' });
    await waitFor(() => events.find((e) => e.type === 'fill' && e.fill.clientOrderId === clientOrderId));
    expect(events.filter((e) => e.type === 'reconnected')).toHaveLength(1);
  });
});
