import { type AccountEvent, Decimal, type PublicTrade, VirtualClock } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { lighterHarness } from './harness/lighter.js';
import { waitFor as waitUntil } from './harness/sim-harness.js';

/*
 * LighterVenue's funding history, public trades, reconnect event, leverage read-back and order lookup against the
 * simulated Lighter, over its real REST and WebSocket protocol.
 */

const HOUR = 3_600_000;
const lighter = lighterHarness(7);
// Reconnects and second pages take a while on a loaded machine.
const waitFor = <T>(probe: () => T | undefined | false): Promise<T> => waitUntil(probe, 8_000);

describe('LighterVenue.getFundingHistory against the simulated Lighter (virtual time)', () => {
  it('reads back exactly what the engine settled, over several 99-hour windows and when paged by the caller', async () => {
    const start = Date.UTC(2026, 0, 1, 0, 30);
    const clock = new VirtualClock({ startMs: start, mode: 'stepped' });
    const venue = await lighter.start({ seed: 11, clock });
    const c = lighter.client(venue, { clock });
    await clock.advance(230 * HOUR);
    const since = start;
    const until = clock.now();
    const settled = venue.engine.fundingHistory('BTC', { since, until });
    expect(settled).toHaveLength(230);

    const all = await c.getFundingHistory({ symbol: 'BTC', since, until, limit: 1000 });
    expect(all.map((r) => [r.time, r.rate.toFixed(), r.intervalHours])).toEqual(
      settled.map((r) => [r.time, r.rate.toFixed(), 1]),
    );
    expect(all.some((r) => r.rate.isNegative()) || all.some((r) => r.rate.isPositive())).toBe(true);

    // A caller paging with since = last.time + 1 gets the same list.
    const paged = [];
    for (let from = since, n = 0; n < 20; n++) {
      const page = await c.getFundingHistory({ symbol: 'BTC', since: from, until, limit: 70 });
      if (page.length === 0) break;
      paged.push(...page);
      from = (page.at(-1)?.time as number) + 1;
    }
    expect(paged.map((r) => r.time)).toEqual(settled.map((r) => r.time));
    expect(paged.every((r, i) => r.rate.eq(settled[i]?.rate as Decimal))).toBe(true);
  });
});

describe('LighterVenue streams against the simulated Lighter', () => {
  it('subscribeTrades receives the print of a trade we make, with the taker side', async () => {
    const venue = await lighter.start();
    const c = lighter.client(venue);
    const prints: PublicTrade[] = [];
    const sub = await c.subscribeTrades('ETH', (t) => prints.push(t));
    const before = prints.length;
    await c.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.25' });
    const [fill] = venue.engine.fills(venue.accounts[0]?.accountId as string, { symbol: 'ETH' });
    const mine = await waitFor(() => prints.slice(before).find((t) => t.id === fill?.tradeId));
    expect(mine).toMatchObject({ symbol: 'ETH', side: 'buy' });
    expect(mine.size.toFixed()).toBe('0.25');
    expect(mine.price.eq(fill?.price as Decimal)).toBe(true);
    expect(Math.abs(mine.timestamp - (fill?.timestamp as number))).toBe(0);
    await sub.unsubscribe();
    // A sell the other way round: the taker sold.
    const sub2 = await c.subscribeTrades('ETH', (t) => prints.push(t));
    await c.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '0.25', reduceOnly: true });
    const fills = venue.engine.fills(venue.accounts[0]?.accountId as string, { symbol: 'ETH' });
    const sold = await waitFor(() => prints.find((t) => t.id === fills.at(-1)?.tradeId));
    expect(sold.side).toBe('sell');
    await sub2.unsubscribe();
  });

  it('emits reconnected after the simulator drops the socket, once the account channels are live again', async () => {
    const venue = await lighter.start();
    const c = lighter.client(venue);
    const events: AccountEvent[] = [];
    await c.subscribeAccount((e) => events.push(e));
    await waitFor(() => events.some((e) => e.type === 'balance'));
    expect(events.some((e) => e.type === 'reconnected')).toBe(false);

    const gen = c.client.ws.ws.generation;
    venue.faults.script({ kind: 'wsDisconnect' });
    const reconnected = await waitFor(() => events.find((e) => e.type === 'reconnected'));
    expect(c.client.ws.ws.generation).toBeGreaterThan(gen);
    expect(reconnected.type === 'reconnected' && reconnected.at > 0).toBe(true);
    // Once it fires, the stream is live: a fill right after it arrives on the stream, and REST agrees.
    const i = events.length;
    const r = await c.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '0.1' });
    const fill = await waitFor(() => events.slice(i).find((e) => e.type === 'fill'));
    expect(fill.type === 'fill' && fill.fill.clientOrderId).toBe(r.clientOrderId);
    expect((await c.getFills({ symbol: 'ETH' })).map((f) => f.clientOrderId)).toContain(r.clientOrderId);
    expect(events.filter((e) => e.type === 'reconnected')).toHaveLength(1);
  });
});

describe('LighterVenue.getLeverage against the simulated Lighter', () => {
  it('reads back the leverage the engine applies after setLeverage, flat and with a position', async () => {
    const venue = await lighter.start();
    const c = lighter.client(venue);
    const account = venue.accounts[0]?.accountId as string;
    expect(await c.getLeverage('BTC')).toBeUndefined(); // never set, no position: the account has no BTC row
    await c.setLeverage('BTC', 5);
    expect((await c.getLeverage('BTC'))?.toFixed()).toBe('5');
    expect(venue.engine.leverage(account, 'BTC').toFixed()).toBe('5');
    // 3×: InitialMarginFraction ceil(10000 / 3) = 3334, i.e. 33.34 %, so the venue applies 2.9994…×.
    await c.setLeverage('BTC', 3);
    const lev = (await c.getLeverage('BTC')) as Decimal;
    expect(lev.toDecimalPlaces(4).toFixed()).toBe('2.9994');
    expect(lev.sub(venue.engine.leverage(account, 'BTC')).abs().lt('0.0001')).toBe(true);
    await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
    expect((await c.getLeverage('BTC'))?.toDecimalPlaces(4).toFixed()).toBe('2.9994');
    // A market with a position but never set: the engine's default applies and is reported.
    await c.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.1' });
    expect((await c.getLeverage('ETH'))?.eq(venue.engine.leverage(account, 'ETH'))).toBe(true);
  });
});

describe('LighterVenue.getOrder against the simulated Lighter', () => {
  it('finds an order behind more than 100 newer inactive orders (a second page)', async () => {
    const venue = await lighter.start();
    const c = lighter.client(venue);
    const book = await c.getOrderBook('ETH', 1);
    const bid = book.bids[0]?.price;
    if (!bid) throw new Error('empty book');
    const px = bid.mul('0.8').toDecimalPlaces(2, Decimal.ROUND_DOWN);
    const ids: string[] = [];
    for (let batch = 0; batch < 8; batch++) {
      const orders = Array.from({ length: 15 }, () => ({
        symbol: 'ETH',
        side: 'buy' as const,
        type: 'limit' as const,
        size: '0.01',
        price: px,
      }));
      for (const r of await c.placeOrders(orders)) ids.push(r.clientOrderId);
      await c.cancelAllOrders('ETH');
    }
    expect(ids).toHaveLength(120);
    const first = ids[0] as string;
    expect(await c.getOrder({ symbol: 'ETH', clientOrderId: first })).toMatchObject({
      clientOrderId: first,
      status: 'cancelled',
    });
    // A fresh process (no memory of when it was signed) pages the same way.
    const other = lighter.client(venue);
    expect((await other.getOrder({ symbol: 'ETH', clientOrderId: first }))?.status).toBe('cancelled');
    expect(await other.getOrder({ symbol: 'ETH', clientOrderId: '123456789' })).toBeNull();
  });
});
