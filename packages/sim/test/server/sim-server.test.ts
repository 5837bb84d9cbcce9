import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FaultInjector } from '../../src/faults/fault-injector.js';
import { SimServer } from '../../src/server/sim-server.js';

let server: SimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(
  faults = new FaultInjector(),
): Promise<{ s: SimServer; faults: FaultInjector; accepted: string[] }> {
  const accepted: string[] = [];
  const s = new SimServer({
    faults,
    rateLimitBody: () => ({ status: 'ERROR', error: { code: 429, message: 'slow down' } }),
  });
  s.route('GET', '/markets/:symbol', (req) => ({
    status: 200,
    body: { symbol: req.params.symbol, id: 1234567890123456789n },
  }));
  s.route(
    'POST',
    '/order',
    (req) => {
      accepted.push((req.body as { id: string }).id);
      return { status: 200, body: { ok: true } };
    },
    { tag: 'order' },
  );
  s.ws('/stream', (conn) => {
    conn.onMessage((t) => {
      if (t === 'ping') conn.send('pong');
      else conn.send({ echo: t }, 'book:BTC');
    });
  });
  await s.listen();
  server = s;
  return { s, faults, accepted };
}

const post = (url: string, body: unknown, signal?: AbortSignal) =>
  fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal });

describe('SimServer', () => {
  it('serves routes on 127.0.0.1 with params, writing bigints as bare JSON numbers', async () => {
    const { s } = await start();
    expect(s.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${s.restUrl}/markets/BTC-USD`);
    expect(await res.text()).toBe('{"symbol":"BTC-USD","id":1234567890123456789}');
    expect((await fetch(`${s.restUrl}/nope`)).status).toBe(404);
  });

  it('answers 429 with Retry-After and does not process the request', async () => {
    const { s, faults, accepted } = await start();
    faults.script({ kind: 'http429', count: 2, retryAfterSeconds: 3 });
    const r1 = await post(`${s.restUrl}/order`, { id: 'a' });
    expect(r1.status).toBe(429);
    expect(r1.headers.get('retry-after')).toBe('3');
    expect(await r1.json()).toEqual({ status: 'ERROR', error: { code: 429, message: 'slow down' } });
    expect((await post(`${s.restUrl}/order`, { id: 'b' })).status).toBe(429);
    expect((await post(`${s.restUrl}/order`, { id: 'c' })).status).toBe(200);
    expect(accepted).toEqual(['c']);
    expect(faults.history.map((h) => h.kind)).toEqual(['http429', 'http429']);
  });

  it('answers 5xx to matching routes only', async () => {
    const { s, faults } = await start();
    faults.script({ kind: 'http5xx', status: 502, match: { method: 'GET', path: '/markets' } });
    expect((await post(`${s.restUrl}/order`, { id: 'x' })).status).toBe(200);
    expect((await fetch(`${s.restUrl}/markets/BTC`)).status).toBe(502);
    expect((await fetch(`${s.restUrl}/markets/BTC`)).status).toBe(200);
  });

  it('accepts the order and then never answers (timeout after accept)', async () => {
    const { s, faults, accepted } = await start();
    faults.script({ kind: 'timeoutAfterAccept' });
    // GETs are not order routes: unaffected.
    expect((await fetch(`${s.restUrl}/markets/BTC`)).status).toBe(200);
    const err = await post(`${s.restUrl}/order`, { id: 'late' }, AbortSignal.timeout(300)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(accepted).toEqual(['late']);
  });

  it('adds latency and jitter', async () => {
    const { s } = await start(new FaultInjector({ latencyMs: 60, jitterMs: 20 }));
    const t0 = Date.now();
    await fetch(`${s.restUrl}/markets/BTC`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
  });

  it('draws probabilistic faults from the seed (reproducible)', () => {
    const run = () => {
      const f = new FaultInjector({ http429Rate: 0.3, http5xxRate: 0.1 }, 42);
      return Array.from({ length: 50 }, () => f.forRequest({ method: 'GET', path: '/x' })?.kind ?? '-').join(',');
    };
    const a = run();
    expect(a).toBe(run());
    expect(a).toContain('http429');
    expect(a).toContain('-');
  });

  it('drops WebSocket connections on wsDisconnect and silences stale streams', async () => {
    const { s, faults } = await start();
    const ws = new WebSocket(`${s.wsUrl}/stream`);
    await new Promise((r) => ws.once('open', r));
    const got: string[] = [];
    ws.on('message', (d) => got.push(d.toString()));
    ws.send('hello');
    await waitFor(() => got.length === 1);
    faults.script({ kind: 'wsStale', match: { stream: 'book:' }, durationMs: 200 });
    ws.send('silenced');
    ws.send('ping'); // not a book stream: still answered
    await waitFor(() => got.includes('pong'));
    expect(got).toEqual(['{"echo":"hello"}', 'pong']);
    const closed = new Promise((r) => ws.once('close', r));
    faults.script({ kind: 'wsDisconnect' });
    await closed;
    await waitFor(() => s.wsConnectionCount === 0);
  });

  it('hands out one sequence gap per scripted fault', () => {
    const f = new FaultInjector();
    f.script({ kind: 'bookSequenceGap', match: { stream: 'BTC' } });
    expect(f.takeSequenceGap('ETH')).toBe(false);
    expect(f.takeSequenceGap('BTC')).toBe(true);
    expect(f.takeSequenceGap('BTC')).toBe(false);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 2_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
