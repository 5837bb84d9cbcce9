/** PacificaWs against a scripted local WebSocket server. Keys are the public FAKE vector keys. */
import type { AddressInfo } from 'node:net';
import { type AccountEvent, isDnError } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { buildCancelOrder, buildLimitOrder, PacificaSigner, PacificaVenue, PacificaWs } from '../src/index.js';
import { keys } from './vectors.js';

type Frame = Record<string, unknown>;
let wss: WebSocketServer | undefined;
const socks: PacificaWs[] = [];
afterEach(async () => {
  await Promise.all(socks.splice(0).map((s) => s.close()));
  await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
  wss = undefined;
});

async function serve(
  onFrame: (ws: WebSocket, f: Frame, conn: number) => void,
): Promise<{ url: string; received: Frame[]; conns: () => number; sockets: WebSocket[] }> {
  const received: Frame[] = [];
  const sockets: WebSocket[] = [];
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss?.once('listening', () => r()));
  wss.on('connection', (ws) => {
    sockets.push(ws);
    const n = sockets.length;
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as Frame;
      received.push(f);
      onFrame(ws, f, n);
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    received,
    conns: () => sockets.length,
    sockets,
  };
}

const ackAll = (ws: WebSocket, f: Frame): void => {
  if (f.method === 'subscribe') ws.send(JSON.stringify({ channel: 'subscribe', data: f.params }));
  if (f.method === 'ping') ws.send(JSON.stringify({ channel: 'pong' }));
};

function client(url: string, extra: Partial<ConstructorParameters<typeof PacificaWs>[0]> = {}): PacificaWs {
  const s = new PacificaWs({
    url,
    signer: new PacificaSigner({ account: keys.main.public_key_base58, secretKey: keys.main.secret_key_64_base58 }),
    subscribeAckTimeoutMs: 300,
    requestTimeoutMs: 300,
    reconnect: { baseDelayMs: 10, maxDelayMs: 20 },
    ...extra,
  });
  socks.push(s);
  return s;
}

const until = async (cond: () => boolean, ms = 2_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const order = () =>
  buildLimitOrder({
    symbol: 'BTC',
    side: 'bid',
    price: '1000',
    amount: '0.1',
    tif: 'GTC',
    clientOrderId: '79f948fd-7556-4066-a128-083f3ea49322',
  });

describe('PacificaWs subscriptions', () => {
  it('waits for the ack, routes data by symbol, and pings with {"method":"ping"}', async () => {
    const srv = await serve((ws, f) => {
      ackAll(ws, f);
      if (f.method === 'subscribe') {
        ws.send(JSON.stringify({ channel: 'book', data: { s: 'ETH', l: [[], []], t: 1 } }));
        ws.send(JSON.stringify({ channel: 'book', data: { s: 'BTC', l: [[], []], t: 2 } }));
      }
    });
    const s = client(srv.url, { pingIntervalMs: 40 });
    const got: unknown[] = [];
    await s.subscribe({ source: 'book', symbol: 'BTC', agg_level: 1 }, (d) => got.push(d));
    expect(srv.received[0]).toEqual({ method: 'subscribe', params: { source: 'book', symbol: 'BTC', agg_level: 1 } });
    await until(() => got.length === 1 && srv.received.some((f) => f.method === 'ping'));
    expect(got[0]).toMatchObject({ s: 'BTC', t: 2 });
  });

  it('rejects a subscription that is never acked (the venue ignores invalid ones)', async () => {
    const srv = await serve(() => undefined);
    const s = client(srv.url);
    await expect(s.subscribe({ source: 'book', symbol: 'NOPE' }, () => undefined)).rejects.toMatchObject({
      code: 'TRANSPORT',
    });
  });

  it('reconnects and resubscribes when the server drops the connection, and at the max connection age', async () => {
    const srv = await serve(ackAll);
    const s = client(srv.url);
    await s.subscribe({ source: 'prices' }, () => undefined);
    await s.subscribe({ source: 'account_positions', account: 'A' }, () => undefined);
    srv.sockets[0]?.terminate();
    await until(() => srv.received.filter((f) => f.method === 'subscribe').length === 4);
    expect(srv.conns()).toBe(2);

    const aged = client(srv.url, { maxConnectionAgeMs: 150 });
    await aged.subscribe({ source: 'prices' }, () => undefined);
    await until(() => srv.conns() >= 4);
  });
});

describe('re-established connections', () => {
  it('onRestored fires after a reconnect once every resubscription is acked, never for the first connection', async () => {
    let holdAcks = false;
    const held: (() => void)[] = [];
    const srv = await serve((ws, f) => {
      if (f.method === 'subscribe' && holdAcks) held.push(() => ackAll(ws, f));
      else ackAll(ws, f);
    });
    const s = client(srv.url);
    const restored: number[] = [];
    s.onRestored((g) => restored.push(g));
    await s.subscribe({ source: 'prices' }, () => undefined);
    await s.subscribe({ source: 'account_trades', account: 'A' }, () => undefined);
    expect(restored).toEqual([]);
    holdAcks = true;
    srv.sockets[0]?.terminate();
    await until(() => held.length === 2);
    held.shift()?.();
    await new Promise((r) => setTimeout(r, 50));
    expect(restored).toEqual([]); // one of two resubscriptions acked: not yet
    held.shift()?.();
    await until(() => restored.length === 1);
    expect(restored).toEqual([s.transport.generation]);
  });

  it("subscribeAccount sends { type: 'reconnected' } after each drop, once its streams are back", async () => {
    const srv = await serve(ackAll);
    const v = new PacificaVenue({
      wsUrl: srv.url,
      account: keys.main.public_key_base58,
      rateLimiter: false,
      clock: { now: () => 1_700_000_000_000 },
      ws: { subscribeAckTimeoutMs: 300, reconnect: { baseDelayMs: 10, maxDelayMs: 20 } },
    });
    const events: AccountEvent[] = [];
    const sub = await v.subscribeAccount((e) => events.push(e));
    await new Promise((r) => setTimeout(r, 50));
    expect(events.filter((e) => e.type === 'reconnected')).toEqual([]);
    srv.sockets[0]?.terminate();
    await until(() => events.some((e) => e.type === 'reconnected'));
    expect(events.filter((e) => e.type === 'reconnected')).toEqual([{ type: 'reconnected', at: 1_700_000_000_000 }]);
    // Every account stream had been resubscribed on the new connection before the event.
    expect(srv.received.filter((f) => f.method === 'subscribe')).toHaveLength(10);
    srv.sockets[1]?.terminate();
    await until(() => events.filter((e) => e.type === 'reconnected').length === 2);
    await sub.unsubscribe();
    srv.sockets[2]?.terminate();
    await until(() => srv.conns() === 4);
    await new Promise((r) => setTimeout(r, 50));
    expect(events.filter((e) => e.type === 'reconnected')).toHaveLength(2); // none after unsubscribe
    await v.close();
  });
});

describe('PacificaWs trading', () => {
  it('sends {id, params: {create_order: signedBody}} and returns data of the correlated reply', async () => {
    const srv = await serve((ws, f) => {
      if (!f.id) return;
      const body = (f.params as Frame).create_order as Frame;
      ws.send(
        JSON.stringify({
          code: 200,
          data: { I: body.client_order_id, i: 645953, s: 'BTC' },
          id: f.id,
          t: 1,
          type: 'create_order',
        }),
      );
    });
    const s = client(srv.url);
    await s.connect();
    const data = await s.trade(order(), { clientOrderId: '79f948fd-7556-4066-a128-083f3ea49322' });
    expect(data).toEqual({ I: '79f948fd-7556-4066-a128-083f3ea49322', i: 645953, s: 'BTC' });
    const sent = srv.received[0] as { id: string; params: { create_order: Frame } };
    expect(sent.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.params.create_order).toMatchObject({ account: keys.main.public_key_base58, symbol: 'BTC', tif: 'GTC' });
    expect(typeof sent.params.create_order.signature).toBe('string');
  });

  it('maps error replies, including one without id (matched to the oldest request of that type)', async () => {
    const srv = await serve((ws, f) => {
      if (!f.id) return;
      const type = Object.keys(f.params as Frame)[0];
      if (type === 'cancel_order') ws.send(JSON.stringify({ type, code: 420, err: 'Failed to cancel order', t: 1 }));
      else ws.send(JSON.stringify({ id: f.id, type, code: 401, err: 'Verification failed', t: 1 }));
    });
    const s = client(srv.url);
    await s.connect();
    const e1 = await s.trade(buildCancelOrder({ symbol: 'BTC', orderId: 1 })).catch((e: unknown) => e);
    expect(isDnError(e1, 'VENUE_REJECTED') && e1.context).toMatchObject({
      venueCode: 420,
      venueMessage: 'Failed to cancel order',
    });
    const e2 = await s.trade(order()).catch((e: unknown) => e);
    expect(isDnError(e2, 'VENUE_REJECTED') && e2.context).toMatchObject({ venueMessage: 'Verification failed' });
  });

  it('a sent request without a reply is UnknownOutcomeError; not connected is TransportError (nothing sent)', async () => {
    const srv = await serve(() => undefined);
    const s = client(srv.url);
    await expect(s.trade(order())).rejects.toMatchObject({ code: 'TRANSPORT' });
    expect(srv.received).toHaveLength(0);
    await s.connect();
    await expect(s.trade(order(), { clientOrderId: '79f948fd-7556-4066-a128-083f3ea49322' })).rejects.toMatchObject({
      code: 'UNKNOWN_OUTCOME',
      context: { clientOrderId: '79f948fd-7556-4066-a128-083f3ea49322' },
    });
  });

  it('refuses operations the WS endpoint does not serve', async () => {
    const srv = await serve(() => undefined);
    const s = client(srv.url);
    await s.connect();
    await expect(s.trade({ type: 'update_leverage', payload: { symbol: 'BTC', leverage: 2 } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
