import { readFileSync } from 'node:fs';
import * as nodeHttp from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import * as net from 'node:net';
import { inspect } from 'node:util';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createHttpTransport,
  type HttpEngineName,
  type HttpTransportOptions,
  InvalidInputError,
  PayloadTooLargeError,
  TransportError,
  UnknownOutcomeError,
} from '../../src/index.js';
import { listenOnLoopback } from '../../src/testing/index.js';
import { closedPort, startHttpServer, type TestHttpServer } from './servers.js';
import { engineTransport, FAKE_API_KEY, leaksKey } from './test-transport.js';

let server: TestHttpServer | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

/** The engines that talk to node's sockets themselves (axios is covered by the transport suite). */
const DIRECT_ENGINES: HttpEngineName[] = ['node', 'socket'];

const transportOn = engineTransport;

describe.each(DIRECT_ENGINES)('%s engine: sending', (engine) => {
  const transport = (url: string, extra: Partial<HttpTransportOptions> = {}) => transportOn(engine, url, extra);

  it('retries a connection refused (nothing sent) and ends in TransportError with the code in its causes', async () => {
    const port = await closedPort();
    const attempts: number[] = [];
    const err = await transport(`http://127.0.0.1:${port}`, {
      onRequest: (ctx) => {
        attempts.push(ctx.attempt);
        return ctx;
      },
    })
      .request({ method: 'POST', path: '/orders', body: { a: 1 } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).not.toBeInstanceOf(UnknownOutcomeError);
    expect(attempts).toEqual([1, 2, 3]);
    expect((err as TransportError).context).toMatchObject({ attempts: 3, method: 'POST' });
    expect((err as TransportError).walk((e) => (e as { code?: string }).code === 'ECONNREFUSED')).toBeDefined();
    expect(leaksKey(err)).toBe(false);
  });

  it('counts a rejected TLS certificate as not sent: TransportError, retried, no request reached the server', async () => {
    const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
    let requests = 0;
    const tls = createTlsServer(
      { cert: fixture('self-signed-127.0.0.1.crt'), key: fixture('self-signed-127.0.0.1.key') },
      (_req, res) => {
        requests++;
        res.end('{}');
      },
    );
    tls.on('tlsClientError', () => {});
    const { url, close } = await listenOnLoopback(tls);
    try {
      const err = await transport(url.replace(/^http:/, 'https:'))
        .request({ method: 'POST', path: '/orders', body: {} })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect(err).not.toBeInstanceOf(UnknownOutcomeError);
      expect((err as TransportError).context).toMatchObject({ attempts: 3 });
      expect(
        (err as TransportError).walk((e) => (e as { code?: string }).code === 'DEPTH_ZERO_SELF_SIGNED_CERT'),
      ).toBeDefined();
      expect(requests).toBe(0);
      expect(leaksKey(err)).toBe(false);
    } finally {
      await close();
    }
  });

  it('makes a connection reset after the POST was sent an UnknownOutcomeError, never retried, no key in it', async () => {
    server = await startHttpServer((_r, res) => res.socket?.destroy());
    const err = await transport(server.url)
      .request({ method: 'POST', path: '/orders', body: { px: '1' }, clientOrderId: 'c-9' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect((err as UnknownOutcomeError).context).toMatchObject({ operation: 'POST /orders', clientOrderId: 'c-9' });
    expect((err as Error).message).toMatch(/failed in flight \((ECONNRESET|EPIPE)\)/);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.seen).toHaveLength(1);
    expect(leaksKey(err)).toBe(false);
  });

  it('sends the body in one call (ClientRequest#end(body) / socket.write), an exact Content-Length and Accept-Encoding: identity', async () => {
    server = await startHttpServer((_r, res) => res.writeHead(200).end('{}'));
    const end = vi.spyOn(nodeHttp.ClientRequest.prototype, 'end');
    const write = vi.spyOn(net.Socket.prototype, 'write');
    const body = '{"id":"ordér-1","px":"1.5"}';
    await transport(server.url).request({ method: 'POST', path: '/orders', body });
    if (engine === 'node') {
      expect(end).toHaveBeenCalledTimes(1);
      expect(end.mock.calls[0]![0]).toBe(body);
    } else {
      // The server's answer goes through the same prototype: only the client's writes carry the request line.
      const requestWrites = write.mock.calls.map((c) => String(c[0])).filter((d) => d.includes('/orders HTTP/1.1'));
      expect(requestWrites).toHaveLength(1);
      expect(requestWrites[0]!.startsWith('POST /orders HTTP/1.1\r\n')).toBe(true);
      expect(requestWrites[0]!.endsWith(`\r\n\r\n${body}`)).toBe(true);
      expect(end).not.toHaveBeenCalled();
    }
    const seen = server.seen[0]!;
    expect(seen.body).toBe(body);
    expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(seen.headers['accept-encoding']).toBe('identity');
    expect(seen.headers['x-api-key']).toBe(FAKE_API_KEY);
  });

  it("keeps the caller's Accept-Encoding", async () => {
    server = await startHttpServer((_r, res) => res.writeHead(200).end('{}'));
    await transport(server.url, { headers: { 'accept-encoding': 'gzip' } }).request({ method: 'GET', path: '/x' });
    expect(server.seen[0]!.headers['accept-encoding']).toBe('gzip');
  });

  it('reuses its keep-alive socket for consecutive requests', async () => {
    server = await startHttpServer((_r, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    const http = transport(server.url);
    await http.request({ method: 'POST', path: '/orders', body: { n: 1 } });
    await http.request({ method: 'GET', path: '/x' });
    await http.request({ method: 'POST', path: '/orders', body: { n: 2 } });
    const ports = server.seen.map((s) => s.remotePort);
    expect(ports).toHaveLength(3);
    expect(new Set(ports).size).toBe(1);
  });

  it('refuses a header value with CR/LF before sending anything: TransportError (not unknown), no key in it', async () => {
    server = await startHttpServer((_r, res) => res.writeHead(200).end('{}'));
    const err = await transport(server.url)
      .request({ method: 'POST', path: '/orders', body: {}, headers: { 'X-Note': 'a\r\nX-Injected: 1' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).not.toBeInstanceOf(UnknownOutcomeError);
    expect(server.seen).toHaveLength(0);
    expect(leaksKey(err)).toBe(false);
    expect(inspect(err, { depth: 20, showHidden: true })).not.toContain('X-Injected');
  });
});

describe('engine selection', () => {
  it('refuses an unknown engine name', () => {
    expect(() =>
      createHttpTransport({ baseUrl: 'http://127.0.0.1:1', venue: 'v', engine: 'fetch' as unknown as 'node' }),
    ).toThrow(InvalidInputError);
  });
});

describe.each(DIRECT_ENGINES)('%s engine: compressed answers', (engine) => {
  const transport = (url: string, extra: Partial<HttpTransportOptions> = {}) => transportOn(engine, url, extra);
  const payload = '{"status":"OK","data":{"id":"1234567890123456789"}}';
  const codings: [string, (b: string) => Buffer][] = [
    ['gzip', (b) => gzipSync(b)],
    ['deflate', (b) => deflateSync(b)],
    ['deflate (raw, as some servers send it)', (b) => deflateRawSync(b)],
    ['br', (b) => brotliCompressSync(b)],
  ];

  it.each(codings)('decodes a %s answer it did not ask for', async (name, encode) => {
    const coding = name.split(' ')[0]!;
    server = await startHttpServer((_r, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding }).end(encode(payload)),
    );
    const res = await transport(server.url).requestWithResponse({ method: 'GET', path: '/x' });
    expect(res.text).toBe(payload);
    expect(res.data).toEqual({ status: 'OK', data: { id: '1234567890123456789' } });
  });

  it('reads an empty 204 that claims gzip as an empty body', async () => {
    server = await startHttpServer((_r, res) => res.writeHead(204, { 'content-encoding': 'gzip' }).end());
    const res = await transport(server.url).requestWithResponse({ method: 'DELETE', path: '/o' });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  it('applies the size limit to the decoded bytes of a gzip answer (a small compressed body, a large decoded one)', async () => {
    const limit = 64 * 1024;
    const big = `[${'1,'.repeat(512 * 1024)}1]`;
    const compressed = gzipSync(big);
    expect(compressed.length).toBeLessThan(limit);
    server = await startHttpServer((_r, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(compressed),
    );
    const get = await transport(server.url, { maxResponseBytes: limit })
      .request({ method: 'GET', path: '/big' })
      .catch((e: unknown) => e);
    expect(get).toBeInstanceOf(PayloadTooLargeError);
    expect((get as PayloadTooLargeError).context.limitBytes).toBe(limit);
    const post = await transport(server.url, { maxResponseBytes: limit })
      .request({ method: 'POST', path: '/order', body: {} })
      .catch((e: unknown) => e);
    expect(post).toBeInstanceOf(UnknownOutcomeError);
    expect((post as UnknownOutcomeError).cause).toBeInstanceOf(PayloadTooLargeError);
    expect(server.seen).toHaveLength(2);
  });

  it('treats a corrupt gzip answer to a POST as an unknown outcome', async () => {
    server = await startHttpServer((_r, res) =>
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(Buffer.from('definitely not gzip')),
    );
    const err = await transport(server.url)
      .request({ method: 'POST', path: '/order', body: {} })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect(leaksKey(err)).toBe(false);
  });
});

describe.each(DIRECT_ENGINES)('%s engine: request targets', (engine) => {
  const transport = (url: string, extra: Partial<HttpTransportOptions> = {}) => transportOn(engine, url, extra);
  // The origin is parsed once; a path the URL parser would rewrite must still go through it.
  const paths = [
    '/orders',
    '/orders/12345?market=BTC-USD&limit=5',
    '/orders/BTC%2DUSD',
    '/a/../b',
    '/a/%2e%2E/b',
    '/a/./b',
    '/a b',
    '/q?x=[1]&y="z"',
    '/x?a=1#fragment',
  ];
  it.each(paths)('sends %s as the URL parser reads it', async (path) => {
    server = await startHttpServer((_r, res) => res.writeHead(200).end('{}'));
    const t = transport(server.url);
    // The first parses the origin, the second may take the fast path.
    await t.request({ method: 'GET', path: '/warm' });
    await t.request({ method: 'GET', path });
    // Again: the same URL reuses the last split as is.
    await t.request({ method: 'GET', path });
    const u = new URL(`${server.url}${path}`);
    expect(server.seen[1]!.url).toBe(`${u.pathname}${u.search}`);
    expect(server.seen[2]!.url).toBe(`${u.pathname}${u.search}`);
  });
});
