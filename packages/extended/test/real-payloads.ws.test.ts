import {
  type AccountEvent,
  type DnError,
  type OrderBookSnapshot,
  type PublicTrade,
  TransportError,
  VenueRejectedError,
} from '@dn/core';
import type { ReplayServer, ReplaySocket } from '@dn/core/testing';
import { describe, expect, it } from 'vitest';
import type { ExtendedCandle, ExtendedVenue } from '../src/index.js';
import { closeAfterEach } from './support/close-after-each.js';
import { fixture } from './support/real-fixtures.js';
import { streamVenue, WS } from './support/stream-venue.js';

let server: ReplayServer | undefined;
const clients = closeAfterEach(() => server);

async function client(
  sockets: ReplaySocket[],
  errors: DnError<object>[] = [],
): Promise<{ c: ExtendedVenue; connects: () => number }> {
  const r = await streamVenue(sockets, { onStreamError: (e) => errors.push(e) });
  server = r.server;
  clients.add(r.venue);
  return { c: r.venue, connects: r.connects };
}

async function until(predicate: () => boolean, what: string, ms = 3_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Extended real payloads: streams', () => {
  it("book: the SDK test's snapshot frame (error: null) is applied; levels and time from the envelope", async () => {
    const { c } = await client([
      { path: `${WS}/orderbooks/BTC-USD`, onConnect: (send) => send(fixture('sdk-stream-orderbook-snapshot.json')) },
    ]);
    const books: OrderBookSnapshot[] = [];
    await c.subscribeOrderBook('BTC', (b) => books.push(b));
    await until(() => books.length > 0, 'book');
    const b = books[0]!;
    expect(b.timestamp).toBe(1704798222748);
    expect(b.sequence).toBe(570);
    expect(b.bids.map((l) => [l.price.toFixed(), l.size.toFixed()])).toEqual([
      ['43548', '0.007'],
      ['43547', '0.008'],
    ]);
    expect(b.asks.map((l) => [l.price.toFixed(), l.size.toFixed()])).toEqual([['43546', '0.008']]);
  });

  it('E6: an error frame is reported as VenueRejectedError with its code, not as a sequence gap; no reconnect', async () => {
    const errors: DnError<object>[] = [];
    const { c, connects } = await client(
      [{ path: `${WS}/orderbooks/BTC-USD`, onConnect: (send) => send(fixture('constructed-stream-error.json')) }],
      errors,
    );
    await c.subscribeOrderBook('BTC', () => {});
    await until(() => errors.length > 0, 'error report');
    await new Promise((r) => setTimeout(r, 200));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(VenueRejectedError);
    expect((errors[0] as VenueRejectedError).context).toMatchObject({
      venueCode: 1001,
      venueMessage: 'Market not found',
      operation: 'stream /orderbooks/BTC-USD',
    });
    expect(connects()).toBe(1);
  });

  it("account: the SDK test's TRADE frame (null lists) gives one fill with exact 19-digit ids", async () => {
    const { c } = await client([
      {
        path: `${WS}/account`,
        onConnect: (send) => {
          send(fixture('sdk-stream-account-unknown.json'));
          send(fixture('sdk-stream-account-trade.json'));
        },
      },
    ]);
    const events: AccountEvent[] = [];
    await c.subscribeAccount((e) => events.push(e));
    await until(() => events.length > 0, 'fill');
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.type).toBe('fill');
    if (e.type !== 'fill') return;
    expect(e.fill).toMatchObject({
      id: '1811328331296018432',
      orderId: '1811328331287359488',
      side: 'buy',
      liquidity: 'taker',
      timestamp: 1720689301691,
    });
    expect([e.fill.price.toFixed(), e.fill.size.toFixed(), e.fill.fee.toFixed()]).toEqual([
      '58249.8',
      '0.001',
      '0.029124',
    ]);
  });

  it('E6: one unreadable row is reported by field and the other rows of the message are still delivered', async () => {
    const frame = JSON.parse(fixture('sdk-stream-account-trade.json'));
    const good = frame.data.trades[0];
    frame.data.trades = [{ ...good, id: '1', price: 'n/a' }, good];
    const errors: DnError<object>[] = [];
    const { c } = await client([{ path: `${WS}/account`, onConnect: (send) => send(JSON.stringify(frame)) }], errors);
    const events: AccountEvent[] = [];
    await c.subscribeAccount((e) => events.push(e));
    await until(() => events.length > 0 && errors.length > 0, 'fill and report');
    expect(events.map((e) => e.type === 'fill' && e.fill.id)).toEqual([String(good.id)]);
    expect(errors[0]).toBeInstanceOf(TransportError);
    expect(errors[0]!.details).toContain('trades.0: price');
  });

  it('E2: mark price time comes from the envelope when data.ts is 0', async () => {
    const { c } = await client([
      { path: `${WS}/prices/mark/BTC-USD`, onConnect: (send) => send(fixture('constructed-stream-mark-price.json')) },
    ]);
    const prices: { price: string; timestamp: number }[] = [];
    await c.client.subscribePrice('BTC-USD', 'mark', (p) =>
      prices.push({ price: p.price.toFixed(), timestamp: p.timestamp }),
    );
    await until(() => prices.length > 0, 'mark price');
    expect(prices[0]).toEqual({ price: '77006.091897999984', timestamp: 1777516030193 });
  });

  it('trades: the docs frame quoted by CCXT — S is the taker side, q base units, T ms, id kept as a string', async () => {
    const apiKeys: unknown[] = [];
    const { c } = await client([
      {
        path: `${WS}/publicTrades/BTC-USD`,
        onConnect: (send, req) => {
          apiKeys.push(req.headers['x-api-key']);
          send(fixture('ccxt-pro-stream-public-trades.json'));
        },
      },
    ]);
    const trades: PublicTrade[] = [];
    await c.subscribeTrades('BTC', (t) => trades.push(t));
    await until(() => trades.length > 0, 'trade');
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ id: '25124', symbol: 'BTC', side: 'buy', timestamp: 1701563440000 });
    expect([trades[0]!.price.toFixed(), trades[0]!.size.toFixed()]).toEqual(['25670', '0.1']);
    // A public topic: no API key on the socket, even from a client that has one.
    expect(apiKeys).toEqual([undefined]);
  });

  it('trades: the REST capture row on the stream; a frame is delivered oldest first and ADL prints are left out', async () => {
    const row = JSON.parse(fixture('ccxt-public-trades.json')).data[0];
    const frame = {
      ts: row.T + 5,
      seq: 1,
      data: [
        { ...row, i: 3, T: row.T + 2, S: 'BUY' },
        { ...row, i: 2, T: row.T + 1, tT: 'DELEVERAGE' },
        { ...row, i: 1, tT: 'LIQUIDATION' },
      ],
    };
    const { c } = await client([
      { path: `${WS}/publicTrades/BTC-USD`, onConnect: (send) => send(JSON.stringify(frame)) },
    ]);
    const trades: PublicTrade[] = [];
    await c.subscribeTrades('BTC', (t) => trades.push(t));
    await until(() => trades.length >= 2, 'trades');
    expect(trades.map((t) => [t.id, t.side, t.timestamp])).toEqual([
      ['1', 'sell', row.T],
      ['3', 'buy', row.T + 2],
    ]);
    expect([trades[0]!.price.toFixed(), trades[0]!.size.toFixed()]).toEqual(['76140', '0.00165']);
  });

  it('account: after the venue drops the socket, `reconnected` once, then the full state again; none on connect', async () => {
    let n = 0;
    const { c, connects } = await client([
      {
        path: `${WS}/account`,
        onConnect: (send, req) => {
          n++;
          send(fixture('sdk-stream-account-trade.json'));
          // The first connection is cut under the client (no close frame), as a network drop.
          if (n === 1) setTimeout(() => req.socket.destroy(), 30);
        },
      },
    ]);
    const events: AccountEvent[] = [];
    const t0 = Date.now();
    await c.subscribeAccount((e) => events.push(e));
    await until(() => events.filter((e) => e.type === 'fill').length >= 2, 'fill after the reconnect');
    expect(connects()).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['fill', 'reconnected', 'fill']);
    const r = events[1]!;
    expect(r.type === 'reconnected' && r.at >= t0 && r.at <= Date.now()).toBe(true);
  });

  it("candles: the SDK test's candle frame", async () => {
    const { c } = await client([
      {
        path: `${WS}/candles/BTC-USD/trades`,
        onConnect: (send) => send(fixture('sdk-stream-candles.json')),
      },
    ]);
    const got: ExtendedCandle[][] = [];
    await c.client.subscribeCandles('BTC-USD', 'trades', 'PT1M', (cs) => got.push(cs));
    await until(() => got.length > 0, 'candles');
    expect(got[0]!.map((k) => [k.T, k.o.toFixed(), k.c.toFixed(), k.v?.toFixed()])).toEqual([
      [1721106000000, '3458.64', '3414.85', '3.938'],
    ]);
  });
});
