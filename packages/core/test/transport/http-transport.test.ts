import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpTransport,
  createTokenBucket,
  type HttpEngineName,
  type HttpRequestOptions,
  type HttpTransportOptions,
  RateLimitError,
  TransportError,
  UnknownOutcomeError,
  VenueRejectedError,
} from '../../src/index.js';
import { closedPort, startHttpServer, type TestHttpServer, waitFor } from './servers.js';

// Fake credential: it must never show up in an error, its message or its cause chain.
const FAKE_API_KEY = 'FAKE-TEST-KEY-not-a-real-secret-7f3a';

let server: TestHttpServer | undefined;
const held: { end: () => void }[] = [];

afterEach(async () => {
  for (const r of held.splice(0)) r.end();
  await server?.close();
  server = undefined;
});

describe.each<HttpEngineName>(['axios', 'node', 'socket'])('%s engine', (engine) => {
  function transport(url: string, extra: Partial<HttpTransportOptions> = {}) {
    return createHttpTransport({
      baseUrl: url,
      venue: 'testvenue',
      timeoutMs: 2_000,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
      engine,
      ...extra,
    });
  }

  /** What `request` through `transport(url, extra)` threw (or resolved with). */
  function errorOf(
    url: string,
    request: HttpRequestOptions,
    extra: Partial<HttpTransportOptions> = {},
  ): Promise<unknown> {
    return transport(url, extra)
      .request(request)
      .catch((e: unknown) => e);
  }

  /** What a plain order POST through `transport(url, extra)` threw (or resolved with). */
  const postOrderError = (url: string, extra: Partial<HttpTransportOptions> = {}) =>
    errorOf(url, { method: 'POST', path: '/orders', body: {} }, extra);

  function json(
    res: import('node:http').ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  }

  describe('HTTP transport: retries', () => {
    it('retries a GET on 500 and returns the eventual success', async () => {
      server = await startHttpServer((_r, res, i) =>
        i < 2 ? json(res, 500, '{"err":"boom"}') : json(res, 200, '{"ok":true}'),
      );
      const res = await transport(server.url).requestWithResponse<{ ok: boolean }>({ method: 'GET', path: '/x' });
      expect(res.data).toEqual({ ok: true });
      expect(res.attempts).toBe(3);
      expect(server.seen).toHaveLength(3);
    });

    it('gives up on a GET after maxAttempts with a TransportError carrying status and attempts', async () => {
      server = await startHttpServer((_r, res) => json(res, 503, '{}'));
      const err = await errorOf(server.url, { method: 'GET', path: '/x' });
      expect(err).toBeInstanceOf(TransportError);
      expect((err as TransportError).context).toMatchObject({
        httpStatus: 503,
        attempts: 3,
        method: 'GET',
        venue: 'testvenue',
      });
      expect(server.seen).toHaveLength(3);
    });

    it('never retries a POST that timed out: UnknownOutcomeError after exactly one request', async () => {
      server = await startHttpServer((_r, res) => held.push(res));
      const http = transport(server.url, { timeoutMs: 100, headers: { 'X-API-KEY': FAKE_API_KEY } });
      const err = await http
        .request({ method: 'POST', path: '/orders', body: { px: '1.5' }, clientOrderId: 'c-1' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnknownOutcomeError);
      expect((err as UnknownOutcomeError).context).toMatchObject({
        venue: 'testvenue',
        operation: 'POST /orders',
        clientOrderId: 'c-1',
        url: `${server.url}/orders`,
      });
      // The server may record the request late on a loaded machine: wait for it, then make sure no retry follows.
      await waitFor(() => server!.seen.length >= 1, 2_000, 'request to reach the server');
      await new Promise((r) => setTimeout(r, 200));
      expect(server.seen).toHaveLength(1);
      // No credential anywhere a logger could reach.
      expect(inspect(err, { depth: 20, showHidden: true })).not.toContain(FAKE_API_KEY);
      expect(JSON.stringify((err as UnknownOutcomeError).context)).not.toContain(FAKE_API_KEY);
      expect(String((err as Error).message)).not.toContain(FAKE_API_KEY);
    });

    it('treats a 5xx on a non-idempotent POST as UnknownOutcomeError without retrying', async () => {
      server = await startHttpServer((_r, res) => json(res, 502, 'bad gateway'));
      const err = await postOrderError(server.url);
      expect(err).toBeInstanceOf(UnknownOutcomeError);
      expect(server.seen).toHaveLength(1);
    });

    it('retries a POST flagged idempotent after a 5xx', async () => {
      server = await startHttpServer((_r, res, i) => (i === 0 ? json(res, 500, '{}') : json(res, 200, '{"id":"1"}')));
      const data = await transport(server.url).request({ method: 'POST', path: '/orders', body: {}, idempotent: true });
      expect(data).toEqual({ id: '1' });
      expect(server.seen).toHaveLength(2);
    });

    it('reports connection refused as TransportError (nothing sent)', async () => {
      const port = await closedPort();
      const err = await postOrderError(`http://127.0.0.1:${port}`, {
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      });
      expect(err).toBeInstanceOf(TransportError);
      expect(err).not.toBeInstanceOf(UnknownOutcomeError);
      expect((err as TransportError).context).toMatchObject({ attempts: 2, method: 'POST' });
      expect((err as TransportError).walk((e) => (e as { code?: string }).code === 'ECONNREFUSED')).toBeDefined();
    });

    it('throws TransportError without sending when the signal is already aborted', async () => {
      server = await startHttpServer((_r, res) => json(res, 200, '{}'));
      const ac = new AbortController();
      ac.abort();
      await expect(
        transport(server.url).request({ method: 'POST', path: '/o', signal: ac.signal }),
      ).rejects.toBeInstanceOf(TransportError);
      expect(server.seen).toHaveLength(0);
    });
  });

  describe('HTTP transport: 429', () => {
    it('honours Retry-After in seconds before retrying a GET', async () => {
      server = await startHttpServer((_r, res, i) =>
        i === 0 ? json(res, 429, '{}', { 'retry-after': '1' }) : json(res, 200, '{"ok":1}'),
      );
      const data = await transport(server.url).request({ method: 'GET', path: '/x' });
      expect(data).toEqual({ ok: 1 });
      const [first, second] = server.seen;
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    });

    it('retries a POST after a 429 (429 means not processed)', async () => {
      server = await startHttpServer((_r, res, i) =>
        i === 0 ? json(res, 429, '{}', { 'retry-after': '0.2' }) : json(res, 200, '{"placed":true}'),
      );
      const data = await transport(server.url).request({ method: 'POST', path: '/orders', body: { a: 1 } });
      expect(data).toEqual({ placed: true });
      expect(server.seen).toHaveLength(2);
      expect(server.seen[1]!.at - server.seen[0]!.at).toBeGreaterThanOrEqual(190);
    });

    it('accepts an HTTP-date Retry-After', async () => {
      server = await startHttpServer((_r, res, i) =>
        i === 0
          ? json(res, 429, '{}', { 'retry-after': new Date(Date.now() - 5_000).toUTCString() })
          : json(res, 200, '{"ok":2}'),
      );
      await expect(transport(server.url).request({ method: 'GET', path: '/x' })).resolves.toEqual({ ok: 2 });
    });

    it('throws RateLimitError with retryAfterMs when Retry-After exceeds maxRetryAfterMs', async () => {
      server = await startHttpServer((_r, res) => json(res, 429, '{}', { 'retry-after': '30' }));
      const err = await errorOf(server.url, { method: 'GET', path: '/x' });
      expect(err).toBeInstanceOf(RateLimitError);
      expect((err as RateLimitError).context).toMatchObject({ retryAfterMs: 30_000, httpStatus: 429, attempts: 1 });
      expect(server.seen).toHaveLength(1);
    });

    it('throws RateLimitError once attempts are exhausted', async () => {
      server = await startHttpServer((_r, res) => json(res, 429, '{}', { 'retry-after': '0' }));
      const err = await errorOf(server.url, { method: 'GET', path: '/x' });
      expect(err).toBeInstanceOf(RateLimitError);
      expect(server.seen).toHaveLength(3);
    });
  });

  describe('HTTP transport: rate limiter', () => {
    it('spaces requests by their weight', async () => {
      server = await startHttpServer((_r, res) => json(res, 200, '{}'));
      // 4 tokens, refilled at 4 per 200 ms: two weight-2 requests pass, the third waits ~100 ms.
      // Times are taken when the transport is let through, not when the server sees the request: on a loaded machine
      // the first request's delivery can lag by more than the spacing under test.
      const bucket = createTokenBucket({ capacity: 4, refillPerInterval: 4, intervalMs: 200 });
      const passedAt: number[] = [];
      const rateLimiter = {
        acquire: async (weight: number, signal?: AbortSignal) => {
          await bucket.acquire(weight, signal);
          passedAt.push(performance.now());
        },
      };
      const http = transport(server.url, { rateLimiter });
      const start = performance.now();
      await Promise.all([0, 1, 2].map(() => http.request({ method: 'GET', path: '/x', weight: 2 })));
      expect(server.seen).toHaveLength(3);
      expect(passedAt[2]! - start).toBeGreaterThanOrEqual(85);
    });
  });

  describe('HTTP transport: parsing', () => {
    const body =
      '{"orderId":1234567890123456789012,"id19":9223372036854775807,"px":0.1,"n":42,"long":0.12345678901234567890123}';

    it("keeps unsafe numbers exact as strings with 'string-unsafe' (default)", async () => {
      server = await startHttpServer((_r, res) => json(res, 200, body));
      const data = await transport(server.url).request({ method: 'GET', path: '/x' });
      expect(data).toEqual({
        orderId: '1234567890123456789012',
        id19: '9223372036854775807',
        px: 0.1,
        n: 42,
        long: '0.12345678901234567890123',
      });
    });

    it("returns every numeral as text with 'string-all'", async () => {
      server = await startHttpServer((_r, res) => json(res, 200, body));
      const data = await transport(server.url, { numbers: 'string-all' }).request({ method: 'GET', path: '/x' });
      expect(data).toEqual({
        orderId: '1234567890123456789012',
        id19: '9223372036854775807',
        px: '0.1',
        n: '42',
        long: '0.12345678901234567890123',
      });
    });

    it("rounds with 'number' (documented lossy mode)", async () => {
      server = await startHttpServer((_r, res) => json(res, 200, body));
      const data = (await transport(server.url, { numbers: 'number' }).request({ method: 'GET', path: '/x' })) as {
        id19: unknown;
      };
      expect(typeof data.id19).toBe('number');
      expect(String(data.id19)).not.toBe('9223372036854775807');
    });

    it('serialises bigint bodies as bare integers and sends query strings in order', async () => {
      server = await startHttpServer((_r, res) => json(res, 200, '{}'));
      await transport(server.url).request({
        method: 'POST',
        path: '/o',
        query: { b: 2, a: 'x y', skip: undefined, l: [1, 2] },
        body: { id: 12345678901234567890n },
      });
      expect(server.seen[0]!.url).toBe('/o?b=2&a=x%20y&l=1&l=2');
      expect(server.seen[0]!.body).toBe('{"id":12345678901234567890}');
      expect(server.seen[0]!.headers['content-type']).toBe('application/json');
    });

    it('makes an unreadable 2xx body on a POST an UnknownOutcomeError', async () => {
      server = await startHttpServer((_r, res) => json(res, 200, '<html>oops'));
      await expect(transport(server.url).request({ method: 'POST', path: '/o', body: {} })).rejects.toBeInstanceOf(
        UnknownOutcomeError,
      );
    });
  });

  describe('HTTP transport: hooks', () => {
    it('calls onRequest before every attempt so each retry carries a fresh signature', async () => {
      server = await startHttpServer((_r, res, i) => (i === 0 ? json(res, 500, '{}') : json(res, 200, '{}')));
      const http = transport(server.url, {
        onRequest: (ctx) => {
          const payload = JSON.stringify({ ...(ctx.body as object), nonce: ctx.attempt });
          return { ...ctx, body: payload, headers: { ...ctx.headers, 'X-Sig': `sig(${payload})` } };
        },
      });
      await http.request({ method: 'GET', path: '/x', body: { a: 1 } });
      expect(server.seen.map((s) => s.headers['x-sig'])).toEqual(['sig({"a":1,"nonce":1})', 'sig({"a":1,"nonce":2})']);
      expect(server.seen.map((s) => s.body)).toEqual(['{"a":1,"nonce":1}', '{"a":1,"nonce":2}']);
    });

    it('lets mapError turn a venue envelope into VenueRejectedError with the venue code', async () => {
      server = await startHttpServer((_r, res) =>
        json(res, 200, '{"status":"ERROR","error":{"code":1140,"message":"Insufficient margin"}}'),
      );
      const http = transport(server.url, {
        mapError: (res) => {
          const d = res.data as { status?: string; error?: { code: number; message: string } } | undefined;
          if (d?.status !== 'ERROR' || !d.error) return undefined;
          return new VenueRejectedError(d.error.message, {
            venue: res.venue,
            venueCode: d.error.code,
            venueMessage: d.error.message,
            httpStatus: res.status,
          });
        },
      });
      const err = await http.request({ method: 'POST', path: '/orders', body: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VenueRejectedError);
      expect((err as VenueRejectedError).context).toMatchObject({
        venueCode: 1140,
        httpStatus: 200,
        venue: 'testvenue',
      });
      expect(server.seen).toHaveLength(1);
    });

    it('maps a plain 4xx to VenueRejectedError with the body excerpt', async () => {
      server = await startHttpServer((_r, res) => json(res, 400, '{"code":"INVALID_PRICE"}'));
      const err = await postOrderError(server.url);
      expect(err).toBeInstanceOf(VenueRejectedError);
      expect((err as VenueRejectedError).context).toMatchObject({
        httpStatus: 400,
        venueMessage: '{"code":"INVALID_PRICE"}',
      });
    });

    it('passes every response to onResponse', async () => {
      server = await startHttpServer((_r, res) => json(res, 200, '{"a":1}', { 'x-ratelimit-remaining': '7' }));
      const seen: string[] = [];
      await transport(server.url, {
        onResponse: (r) => seen.push(`${r.status}:${r.headers['x-ratelimit-remaining']}`),
      }).request({
        method: 'GET',
        path: '/x',
      });
      expect(seen).toEqual(['200:7']);
    });
  });

  describe('HTTP transport: deadlines, aborts, redirects', () => {
    /** Sends the status line and the first bytes of the body, then stalls (the deadline must cover the body). */
    const stallInBody = (_r: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
      held.push(res);
    };

    it('times out a POST whose body stalls after the headers: UnknownOutcomeError, one request', async () => {
      server = await startHttpServer(stallInBody);
      const started = performance.now();
      const err = await postOrderError(server.url, { timeoutMs: 150 });
      expect(err).toBeInstanceOf(UnknownOutcomeError);
      expect((err as Error).message).toContain('timed out after 150 ms');
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(server.seen).toHaveLength(1);
    });

    it('retries a GET whose body stalls, then fails with TransportError', async () => {
      server = await startHttpServer(stallInBody);
      const err = await errorOf(server.url, { method: 'GET', path: '/x' }, { timeoutMs: 100 });
      expect(err).toBeInstanceOf(TransportError);
      expect((err as TransportError).context).toMatchObject({ attempts: 3 });
      expect(server.seen).toHaveLength(3);
    });

    it('makes a caller abort in flight an UnknownOutcomeError for a POST and never retries', async () => {
      server = await startHttpServer((_r, res) => held.push(res));
      const ac = new AbortController();
      const p = transport(server.url)
        .request({ method: 'POST', path: '/orders', body: {}, signal: ac.signal })
        .catch((e: unknown) => e);
      await waitFor(() => server!.seen.length === 1, 2_000, 'request to reach the server');
      ac.abort();
      const err = await p;
      expect(err).toBeInstanceOf(UnknownOutcomeError);
      expect((err as Error).message).toContain('aborted by the caller in flight');
      expect(server.seen).toHaveLength(1);
    });

    it('stops a GET on caller abort with TransportError, without retrying', async () => {
      server = await startHttpServer((_r, res) => held.push(res));
      const ac = new AbortController();
      const p = transport(server.url)
        .request({ method: 'GET', path: '/x', signal: ac.signal })
        .catch((e: unknown) => e);
      await waitFor(() => server!.seen.length === 1, 2_000, 'request to reach the server');
      ac.abort();
      const err = await p;
      expect(err).toBeInstanceOf(TransportError);
      expect(err).not.toBeInstanceOf(UnknownOutcomeError);
      await new Promise((r) => setTimeout(r, 50));
      expect(server.seen).toHaveLength(1);
    });

    it('does not follow a redirect: TransportError naming the status, the target never called', async () => {
      server = await startHttpServer((r, res) =>
        r.url === '/elsewhere' ? json(res, 200, '{}') : json(res, 307, '{}', { location: '/elsewhere' }),
      );
      const err = await postOrderError(server.url);
      expect(err).toBeInstanceOf(TransportError);
      expect((err as Error).message).toContain('Unexpected HTTP 307');
      expect(server.seen.map((s) => s.url)).toEqual(['/orders']);
    });

    it('returns response headers lower-cased and the raw text', async () => {
      server = await startHttpServer((_r, res) => json(res, 200, '{"a":1}', { 'X-Mixed-Case': 'v' }));
      const res = await transport(server.url).requestWithResponse({ method: 'GET', path: '/x' });
      expect(res.headers['x-mixed-case']).toBe('v');
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.text).toBe('{"a":1}');
    });
  });
});
