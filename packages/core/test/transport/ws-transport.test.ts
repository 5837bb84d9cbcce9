import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createWsTransport,
  InvalidInputError,
  type ReconnectingWebSocket,
  TransportError,
  UnknownOutcomeError,
  type WsMessage,
  type WsTransportOptions,
} from '../../src/index.js';
import { closedPort, startWsServer, type TestWsServer, waitFor } from './servers.js';

let server: TestWsServer | undefined;
let client: ReconnectingWebSocket | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await server?.close();
  server = undefined;
});

function make(url: string, extra: Partial<WsTransportOptions> = {}): ReconnectingWebSocket {
  client = createWsTransport({
    url,
    venue: 'testvenue',
    reconnect: { baseDelayMs: 10, maxDelayMs: 40 },
    parse: (d) => JSON.parse(d),
    ...extra,
  });
  return client;
}

const channelOf = (m: { parsed: unknown }): string | undefined => (m.parsed as { channel?: string }).channel;

describe('WS transport: reconnect', () => {
  it('reconnects after the server kills the socket and resubscribes in order', async () => {
    server = await startWsServer();
    const ws = make(server.url);
    const reconnecting: string[] = [];
    ws.on('reconnecting', (e) => reconnecting.push(e.reason));
    ws.subscribe({ key: 'book:BTC', subscribeMessage: () => '{"sub":"book:BTC"}' });
    ws.subscribe({ key: 'trades:ETH', subscribeMessage: () => '{"sub":"trades:ETH"}' });
    await ws.connect();
    expect(ws.generation).toBe(1);
    await waitFor(() => server!.connections[0]!.received.length === 2, 10_000, 'first subscriptions');

    server.connections[0]!.ws.terminate();
    await waitFor(() => server!.connections[1]?.received.length === 2, 10_000, 'resubscription');
    expect(server.connections[1]!.received).toEqual(['{"sub":"book:BTC"}', '{"sub":"trades:ETH"}']);
    expect(ws.generation).toBe(2);
    expect(ws.state).toBe('open');
    expect(reconnecting).toHaveLength(1);
  });

  it('runs onOpen (auth) before resubscribing', async () => {
    server = await startWsServer();
    const ws = make(server.url, { onOpen: (ctx) => ctx.send(`{"auth":${ctx.generation}}`) });
    ws.subscribe({ key: 'acct', subscribeMessage: () => '{"sub":"acct"}' });
    await ws.connect();
    await waitFor(() => server!.connections[0]!.received.length === 2);
    expect(server.connections[0]!.received).toEqual(['{"auth":1}', '{"sub":"acct"}']);
  });

  it('gives up after reconnect.maxAttempts and rejects connect()', async () => {
    const port = await closedPort();
    const ws = make(`ws://127.0.0.1:${port}`, { reconnect: { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 2 } });
    const closes: boolean[] = [];
    ws.on('close', (e) => closes.push(e.willReconnect));
    await expect(ws.connect()).rejects.toBeInstanceOf(TransportError);
    expect(ws.state).toBe('closed');
    expect(closes).toEqual([false]);
  });
});

/** A server that sends a frame of channel `a` every 15 ms on each connection (stream `b` stays silent). */
function startTickingServer(): Promise<TestWsServer> {
  return startWsServer((c) => {
    const t = setInterval(() => c.ws.readyState === 1 && c.ws.send('{"channel":"a"}'), 15);
    c.ws.on('close', () => clearInterval(t));
  });
}

describe('WS transport: staleness and generations', () => {
  it('forces a reconnect when one stream goes silent', async () => {
    server = await startTickingServer();
    const ws = make(server.url, { staleAfterMs: 80, streamKey: channelOf });
    const stale: string[] = [];
    ws.on('stale', (e) => stale.push(e.key));
    // The ticking stream gets its own generous limit: on a loaded machine a 15 ms tick can stall past 80 ms.
    ws.subscribe({ key: 'a', subscribeMessage: () => '{"sub":"a"}', staleAfterMs: 5_000 });
    ws.subscribe({ key: 'b', subscribeMessage: () => '{"sub":"b"}' });
    await ws.connect();
    await waitFor(() => server!.connections.length >= 2, 10_000, 'reconnect after stale');
    expect(stale[0]).toBe('b');
  });

  it('does not flag a stream that keeps receiving', async () => {
    server = await startTickingServer();
    // Generous limit: the stream ticks every 15 ms, so only a stalled machine could leave a 1 s gap.
    const ws = make(server.url, { staleAfterMs: 1_000, streamKey: channelOf });
    const stale: string[] = [];
    ws.on('stale', (e) => stale.push(e.key));
    ws.subscribe({ key: 'a', subscribeMessage: () => '{"sub":"a"}' });
    ws.subscribe({ key: 'quiet', staleAfterMs: false });
    await ws.connect();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(stale).toEqual([]);
    expect(server.connections).toHaveLength(1);
  });

  it('drops a frame that the old connection delivers after a reconnect', async () => {
    server = await startWsServer((c, i) => {
      // The first connection stops reading, so the client's close frame stays unanswered and the
      // old socket lingers in CLOSING while the new one opens.
      if (i === 0) c.pauseReading();
    });
    const ws = make(server.url, { closeTimeoutMs: 2_000 });
    const got: WsMessage[] = [];
    ws.on('message', (m) => got.push(m));
    await ws.connect();
    ws.reconnect('test');
    await waitFor(() => ws.state === 'open' && ws.generation === 2, 10_000, 'second connection');
    server.connections[0]!.ws.send('{"late":true}');
    await waitFor(() => ws.droppedMessages === 1, 10_000, 'late frame to reach the old socket');
    server.connections[1]!.ws.send('{"fresh":true}');
    await waitFor(() => got.length === 1, 10_000, 'fresh frame');
    expect(got.map((m) => [m.data, m.generation])).toEqual([['{"fresh":true}', 2]]);
    server.connections[0]!.resumeReading();
  });
});

describe('WS transport: heartbeat', () => {
  it('sends app-level and protocol pings and answers venue pings via onMessage', async () => {
    server = await startWsServer((c) => c.ws.send('{"ping":1700000000123}'));
    const ws = make(server.url, {
      heartbeat: { intervalMs: 20, message: () => '{"method":"ping"}', protocolPing: true, timeoutMs: 1_000 },
      onMessage: (m, ctx) => {
        const p = m.parsed as { ping?: number };
        if (p.ping === undefined) return false;
        ctx.send(JSON.stringify({ pong: p.ping }));
        return true;
      },
    });
    const emitted: string[] = [];
    ws.on('message', (m) => emitted.push(m.data));
    await ws.connect();
    const conn = server.connections[0]!;
    await waitFor(() => conn.received.filter((r) => r === '{"method":"ping"}').length >= 2 && conn.pings >= 2);
    expect(conn.received).toContain('{"pong":1700000000123}');
    expect(emitted).toEqual([]);
  });

  it('reconnects when nothing answers a ping within timeoutMs', async () => {
    server = await startWsServer((c, i) => {
      if (i === 0) c.pauseReading(); // no pong will come back
    });
    const ws = make(server.url, { heartbeat: { intervalMs: 20, timeoutMs: 60 } });
    const reasons: string[] = [];
    ws.on('reconnecting', (e) => reasons.push(e.reason));
    await ws.connect();
    await waitFor(() => server!.connections.length >= 2 && ws.generation >= 2, 10_000, 'reconnect');
    expect(reasons[0]).toBe('heartbeat-timeout');
    server.connections[0]!.resumeReading();
  });
});

describe('WS transport: requests and sending', () => {
  const correlationId = (m: { parsed: unknown }): string | undefined => (m.parsed as { id?: string }).id;

  it('correlates a reply and does not emit it as a message', async () => {
    server = await startWsServer((c) =>
      c.ws.on('message', (d) => {
        const req = JSON.parse(d.toString()) as { id: string };
        c.ws.send(JSON.stringify({ id: req.id, result: 'ok' }));
      }),
    );
    const ws = make(server.url, { correlationId });
    const emitted: string[] = [];
    ws.on('message', (m) => emitted.push(m.data));
    await ws.connect();
    const reply = await ws.request({ id: 'r1', message: '{"id":"r1","method":"order"}' });
    expect(reply.parsed).toEqual({ id: 'r1', result: 'ok' });
    expect(emitted).toEqual([]);
  });

  it('times out a trading request as UnknownOutcomeError and an idempotent one as TransportError', async () => {
    server = await startWsServer();
    const ws = make(server.url, { correlationId });
    await ws.connect();
    const trade = await ws
      .request({ id: 't', message: '{"id":"t"}', timeoutMs: 50, operation: 'create_order', clientOrderId: 'c9' })
      .catch((e: unknown) => e);
    expect(trade).toBeInstanceOf(UnknownOutcomeError);
    expect((trade as UnknownOutcomeError).context).toMatchObject({ operation: 'create_order', clientOrderId: 'c9' });
    const query = await ws
      .request({ id: 'q', message: '{"id":"q"}', timeoutMs: 50, idempotent: true })
      .catch((e: unknown) => e);
    expect(query).toBeInstanceOf(TransportError);
  });

  it('fails a pending trading request at once when the connection drops', async () => {
    server = await startWsServer();
    const ws = make(server.url, { correlationId });
    await ws.connect();
    const started = performance.now();
    const pending = ws.request({ id: 'x', message: '{"id":"x"}', timeoutMs: 5_000 }).catch((e: unknown) => e);
    await waitFor(() => server!.connections[0]!.received.length === 1);
    server.connections[0]!.ws.terminate();
    expect(await pending).toBeInstanceOf(UnknownOutcomeError);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('throws TransportError from send() when not connected, and refuses duplicate keys', async () => {
    const port = await closedPort();
    const ws = make(`ws://127.0.0.1:${port}`);
    expect(() => ws.send('x')).toThrow(TransportError);
    ws.subscribe({ key: 'k' });
    expect(() => ws.subscribe({ key: 'k' })).toThrow(InvalidInputError);
  });
});

describe('WS transport: close', () => {
  // Timers and intervals created from now on and still pending: other tests' timers (from the same worker) that fire
  // or get cleared meanwhile cannot skew the count, as a process-wide count of active handles could.
  let pendingTimers = new Set<unknown>();
  const real = { setTimeout, clearTimeout, setInterval, clearInterval };
  beforeEach(() => {
    pendingTimers = new Set();
    const track =
      (create: typeof setTimeout | typeof setInterval, once: boolean) =>
      (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
        const handle: unknown = (create as (...a: unknown[]) => unknown)(
          (...a: unknown[]) => {
            if (once) pendingTimers.delete(handle);
            fn(...a);
          },
          ms,
          ...args,
        );
        pendingTimers.add(handle);
        return handle;
      };
    globalThis.setTimeout = track(real.setTimeout, true) as unknown as typeof setTimeout;
    globalThis.setInterval = track(real.setInterval, false) as unknown as typeof setInterval;
    globalThis.clearTimeout = ((h: unknown) => {
      pendingTimers.delete(h);
      real.clearTimeout(h as NodeJS.Timeout);
    }) as typeof clearTimeout;
    globalThis.clearInterval = ((h: unknown) => {
      pendingTimers.delete(h);
      real.clearInterval(h as NodeJS.Timeout);
    }) as typeof clearInterval;
  });
  afterEach(() => {
    Object.assign(globalThis, real);
  });
  function activeTimers(): number {
    return pendingTimers.size;
  }

  it('stops every timer and socket on close()', async () => {
    server = await startWsServer();
    const before = activeTimers();
    const ws = make(server.url, {
      heartbeat: { intervalMs: 20, message: () => 'ping', timeoutMs: 500 },
      staleAfterMs: 10_000,
      maxConnectionAgeMs: 60_000,
      requestTimeoutMs: 60_000,
      correlationId: () => undefined,
    });
    ws.subscribe({ key: 's', subscribeMessage: () => 'sub' });
    await ws.connect();
    const pending = ws.request({ id: 'p', message: 'req' }).catch((e: unknown) => e);
    expect(activeTimers()).toBeGreaterThan(before);
    await ws.close();
    expect(await pending).toBeInstanceOf(UnknownOutcomeError);
    expect(ws.state).toBe('closed');
    expect(activeTimers()).toBe(before);
    await waitFor(() => server!.connections[0]!.ws.readyState === 3, 10_000, 'server side closed');
  });

  it('cancels a scheduled reconnect on close()', async () => {
    const port = await closedPort();
    const before = activeTimers();
    const ws = make(`ws://127.0.0.1:${port}`, { reconnect: { baseDelayMs: 5_000, maxDelayMs: 5_000 } });
    const connecting = ws.connect().catch((e: unknown) => e);
    await new Promise<void>((r) => ws.once('reconnecting', () => r()));
    await ws.close();
    expect(await connecting).toBeInstanceOf(TransportError);
    expect(activeTimers()).toBe(before);
  });
});
