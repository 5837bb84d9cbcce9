import * as fs from 'node:fs';
import { createServer as createTlsServer } from 'node:https';
import * as net from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createTokenBucket,
  type HttpTransportOptions,
  PayloadTooLargeError,
  TransportError,
  UnknownOutcomeError,
} from '../../src/index.js';
import { listenOnLoopback, TestProcesses } from '../../src/testing/index.js';
import { type RawConnection, type RawHttpServer, startRawHttpServer } from './raw-server.js';
import { waitFor } from './servers.js';
import { engineTransport, FAKE_API_KEY } from './test-transport.js';

let server: RawHttpServer | undefined;
const procs = new TestProcesses();

afterEach(async () => {
  procs.cleanup();
  await server?.close();
  server = undefined;
});

const transport = (url: string, extra: Partial<HttpTransportOptions> = {}) => engineTransport('socket', url, extra);

const ok = (body: string, extra = ''): string =>
  `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `bytes` one byte per TCP segment (a pause between each, so the client reads them one by one). */
async function dribble(c: RawConnection, bytes: string): Promise<void> {
  c.socket.setNoDelay(true);
  for (let i = 0; i < bytes.length; i++) {
    if (c.socket.destroyed) return;
    c.socket.write(bytes[i]!, 'latin1');
    await sleep(1);
  }
}

const postOrder = (url: string, extra: Partial<HttpTransportOptions> = {}) =>
  transport(url, extra)
    .request({ method: 'POST', path: '/orders', body: { px: '1' }, clientOrderId: 'c-1' })
    .catch((e: unknown) => e);

describe('socket engine: response framing', () => {
  it('reads an answer that arrives one byte at a time (splits inside CRLF included)', async () => {
    server = await startRawHttpServer((c) => void dribble(c, ok('{"id":"7"}', 'X-Multi: a\r\nX-Multi: b\r\n')));
    const res = await transport(server.url).requestWithResponse({ method: 'GET', path: '/x' });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ id: '7' });
    expect(res.headers['x-multi']).toBe('a, b');
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('decodes a chunked body, ignoring chunk extensions and trailers', async () => {
    server = await startRawHttpServer((c) =>
      c.socket.write(
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
          '5;name=value\r\n{"a":\r\n' +
          'A;x="q;uoted"\r\n"bcdefghi"\r\n' +
          '1\r\n}\r\n' +
          '0;last\r\nX-Trailer: t\r\nX-Other: o\r\n\r\n',
      ),
    );
    const res = await transport(server.url).requestWithResponse({ method: 'GET', path: '/x' });
    expect(res.text).toBe('{"a":"bcdefghi"}');
    expect(res.headers['x-trailer']).toBeUndefined();
    // A clean chunked answer leaves the connection reusable.
    await transport(server.url).request({ method: 'GET', path: '/x' });
  });

  it('skips a 100 Continue before the real answer', async () => {
    server = await startRawHttpServer((c) => c.socket.write(`HTTP/1.1 100 Continue\r\n\r\n${ok('{"ok":true}')}`));
    const res = await transport(server.url).requestWithResponse({ method: 'POST', path: '/orders', body: {} });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ok: true });
  });

  it('makes conflicting Content-Length values on a POST answer an unknown outcome', async () => {
    server = await startRawHttpServer((c) =>
      c.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}'),
    );
    const err = await postOrder(server.url);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a folded header line (obs-fold)', async () => {
    server = await startRawHttpServer((c) =>
      c.socket.write('HTTP/1.1 200 OK\r\nX-A: 1\r\n  folded\r\nContent-Length: 2\r\n\r\n{}'),
    );
    const err = await postOrder(server.url);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
  });

  it('makes a POST whose answer is cut mid-body an UnknownOutcomeError, sent once, no key in it', async () => {
    server = await startRawHttpServer((c) => {
      c.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial":');
      setTimeout(() => c.socket.end(), 20);
    });
    const err = await postOrder(server.url);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect((err as UnknownOutcomeError).context).toMatchObject({ clientOrderId: 'c-1' });
    expect((err as Error).message).toMatch(/ECONNRESET/);
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(err)).not.toContain(FAKE_API_KEY);
  });

  it('reads a close-delimited body (no length, not chunked) and does not reuse that connection', async () => {
    server = await startRawHttpServer((c) => {
      c.socket.write('HTTP/1.1 200 OK\r\n\r\n{"done":');
      setTimeout(() => c.socket.end('1}'), 10);
    });
    const http = transport(server.url);
    expect(await http.request({ method: 'GET', path: '/a' })).toEqual({ done: 1 });
    expect(await http.request({ method: 'GET', path: '/b' })).toEqual({ done: 1 });
    expect(server.connections).toHaveLength(2);
  });

  it('caps the bytes read on the wire: endless chunk framing under the decoded limit fails too-large', async () => {
    const limit = 4 * 1024;
    server = await startRawHttpServer((c) => {
      c.socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      // One decoded byte per 1 KiB of extension: 200 decoded bytes, 200 KiB on the wire, and never an end.
      const piece = `1;x=${'a'.repeat(1024)}\r\n1\r\n`;
      const timer = setInterval(() => {
        if (c.socket.destroyed) clearInterval(timer);
        else c.socket.write(piece.repeat(20));
      }, 2);
      c.socket.on('close', () => clearInterval(timer));
    });
    const err = await transport(server.url, { maxResponseBytes: limit })
      .request({ method: 'GET', path: '/x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    await waitFor(() => server!.connections[0]!.closedAt !== undefined, 2_000, 'the client to drop the connection');
  });

  it('caps the header block', async () => {
    server = await startRawHttpServer((c) => {
      c.socket.write('HTTP/1.1 200 OK\r\n');
      for (let i = 0; i < 2_000; i++) c.socket.write(`X-Filler-${i}: ${'b'.repeat(100)}\r\n`);
    });
    const err = await postOrder(server.url);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect((err as Error).message).toMatch(/HPE_HEADER_OVERFLOW|header block/);
  });
});

describe('socket engine: connections', () => {
  it('opens a new connection after an answer with Connection: close', async () => {
    server = await startRawHttpServer((c) => c.socket.write(ok('{}', 'Connection: close\r\n')));
    const http = transport(server.url);
    await http.request({ method: 'GET', path: '/a' });
    await http.request({ method: 'GET', path: '/b' });
    expect(server.connections).toHaveLength(2);
    await waitFor(() => server!.connections[0]!.closedAt !== undefined, 2_000, 'the first connection to close');
  });

  it('does not reuse an HTTP/1.0 answer without keep-alive', async () => {
    server = await startRawHttpServer((c) => c.socket.write('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}'));
    const http = transport(server.url);
    await http.request({ method: 'GET', path: '/a' });
    await http.request({ method: 'GET', path: '/b' });
    expect(server.connections).toHaveLength(2);
  });

  it('reuses one connection for consecutive requests, one exchange at a time, and parallel requests get their own', async () => {
    server = await startRawHttpServer((c) => setTimeout(() => c.socket.write(ok('{}')), 20));
    const http = transport(server.url);
    await http.request({ method: 'GET', path: '/a' });
    await http.request({ method: 'POST', path: '/b', body: {} });
    expect(server.connections).toHaveLength(1);
    await Promise.all([1, 2, 3].map((n) => http.request({ method: 'GET', path: `/p${n}` })));
    expect(server.connections).toHaveLength(3);
    // No pipelining: no connection ever held two requests at once.
    expect(server.requests).toHaveLength(5);
  });

  it('sees a server closing an idle connection and sends the next POST on a new one (not a false unknown)', async () => {
    server = await startRawHttpServer((c) => {
      c.socket.write(ok('{"n":1}'));
      setTimeout(() => c.socket.end(), 30);
    });
    const http = transport(server.url);
    await http.request({ method: 'POST', path: '/orders', body: {} });
    await waitFor(() => server!.connections[0]!.closedAt !== undefined, 2_000, 'the server to close');
    await sleep(20);
    expect(await http.request({ method: 'POST', path: '/orders', body: {} })).toEqual({ n: 1 });
    expect(server.connections).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  it('never reuses a connection that carried bytes after the answer', async () => {
    server = await startRawHttpServer((c) => c.socket.write(`${ok('{}')}HTTP/1.1 200 OK\r\n`));
    const http = transport(server.url);
    await http.request({ method: 'GET', path: '/a' });
    await http.request({ method: 'GET', path: '/b' });
    expect(server.connections).toHaveLength(2);
    await waitFor(() => server!.connections[0]!.closedAt !== undefined, 2_000, 'the first connection to close');
  });

  it('drops an idle connection that receives unsolicited bytes', async () => {
    server = await startRawHttpServer((c) => {
      c.socket.write(ok('{}'));
      setTimeout(() => c.socket.write('garbage'), 30);
    });
    const http = transport(server.url);
    await http.request({ method: 'GET', path: '/a' });
    await waitFor(() => server!.connections[0]!.closedAt !== undefined, 2_000, 'the client to drop it');
    await http.request({ method: 'GET', path: '/b' });
    expect(server.connections).toHaveLength(2);
  });

  it("honours the server's shorter Keep-Alive timeout (a second under it): reused before, closed after", async () => {
    server = await startRawHttpServer((c) => c.socket.write(ok('{}', 'Keep-Alive: timeout=2\r\n')));
    const http = transport(server.url);
    await http.request({ method: 'GET', path: '/a' });
    const idleFrom = performance.now();
    await sleep(50);
    await http.request({ method: 'GET', path: '/b' });
    expect(server.connections).toHaveLength(1);
    await waitFor(() => server!.connections[0]!.closedAt !== undefined, 3_000, 'the idle connection to close');
    const idleMs = server.connections[0]!.closedAt! - idleFrom;
    // Closed by the client about 1 s after the last answer (2 s hint − 1 s), well before its own 5 s default.
    expect(idleMs).toBeGreaterThan(900);
    expect(idleMs).toBeLessThan(2_500);
  });

  it('lets the process exit with an idle pooled connection open', async () => {
    server = await startRawHttpServer((c) => c.socket.write(ok('{"ok":true}')));
    const dir = procs.tempDir('dn-core-socket-engine-');
    const script = path.join(dir, 'one-request.mts');
    const core = pathToFileURL(path.resolve(__dirname, '../../src/index.ts')).href;
    fs.writeFileSync(
      script,
      [
        `import { createHttpTransport } from ${JSON.stringify(core)};`,
        `const http = createHttpTransport({ baseUrl: ${JSON.stringify(server.url)}, venue: 'v', engine: 'socket' });`,
        "console.log(JSON.stringify(await http.request({ method: 'GET', path: '/x' })));",
      ].join('\n'),
    );
    let answeredAt = 0;
    const child = procs.spawnTs(script, [], {
      lifeMs: 30_000,
      onLine: () => {
        answeredAt = performance.now();
      },
    });
    const code = await child.exited;
    const exitedAt = performance.now();
    expect({ code, stderr: child.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(child.stdout()).toBe('{"ok":true}\n');
    // The connection was still open when the answer came (the server never closes it) ...
    expect(server.connections).toHaveLength(1);
    // ... and the child did not wait for the 5 s idle close to exit.
    expect(exitedAt - answeredAt).toBeLessThan(3_000);
  });
});

describe("socket engine: the caller's turn", () => {
  it('writes a request within the rate budget on a kept-alive socket before request() returns; one over it waits', async () => {
    server = await startRawHttpServer((c) => c.socket.write(ok('{}')));
    // Two tokens, refilled slowly: the warm-up and the timed request pass at once, the third must wait.
    const bucket = createTokenBucket({ capacity: 2, refillPerInterval: 1, intervalMs: 150 });
    const http = transport(server.url, { rateLimiter: bucket });
    await http.request({ method: 'GET', path: '/warm' });
    const writes: string[] = [];
    const write = net.Socket.prototype.write;
    const spy = vi.spyOn(net.Socket.prototype, 'write').mockImplementation(function (this: net.Socket, ...a) {
      const line = String(a[0]).split('\r\n')[0]!;
      // The raw server's answers go through the same method: requests only.
      if (!line.startsWith('HTTP/')) writes.push(line);
      return (write as (...x: unknown[]) => boolean).apply(this, a);
    });
    try {
      const within = http.request({ method: 'POST', path: '/orders', body: { px: '1' } });
      // Nothing awaited yet: the request is already on the socket.
      expect(writes).toEqual(['POST /orders HTTP/1.1']);
      await within;
      const over = http.request({ method: 'POST', path: '/orders2', body: { px: '2' } });
      expect(writes).toEqual(['POST /orders HTTP/1.1']);
      await over;
      expect(writes).toEqual(['POST /orders HTTP/1.1', 'POST /orders2 HTTP/1.1']);
    } finally {
      spy.mockRestore();
    }
    expect(server.connections).toHaveLength(1);
  });
});

describe('socket engine: TLS', () => {
  it('talks HTTPS to a server whose certificate the process trusts (SNI skipped for an IP), and still exits by itself', async () => {
    const fixture = (name: string) => path.resolve(__dirname, 'fixtures', name);
    const seen: { alpn: string | false | null; servername: string | false | null | undefined; port?: number }[] = [];
    const tlsServer = createTlsServer(
      {
        cert: fs.readFileSync(fixture('self-signed-127.0.0.1.crt')),
        key: fs.readFileSync(fixture('self-signed-127.0.0.1.key')),
        ALPNProtocols: ['http/1.1'],
      },
      (req, res) => {
        const socket = req.socket as import('node:tls').TLSSocket;
        seen.push({ alpn: socket.alpnProtocol, servername: socket.servername, port: socket.remotePort });
        req.resume();
        req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"tls":true}'));
      },
    );
    const { url, close } = await listenOnLoopback(tlsServer);
    try {
      const script = path.join(procs.tempDir('dn-core-socket-engine-'), 'https-request.mts');
      const core = pathToFileURL(path.resolve(__dirname, '../../src/index.ts')).href;
      fs.writeFileSync(
        script,
        [
          `import { createHttpTransport } from ${JSON.stringify(core)};`,
          `const http = createHttpTransport({ baseUrl: ${JSON.stringify(url.replace(/^http:/, 'https:'))}, venue: 'v', engine: 'socket' });`,
          "console.log(JSON.stringify(await http.request({ method: 'POST', path: '/orders', body: { a: 1 } })));",
          "console.log(JSON.stringify(await http.request({ method: 'GET', path: '/again' })));",
        ].join('\n'),
      );
      let answeredAt = 0;
      // The throwaway certificate becomes a trusted root for the child only: verification stays on and passes.
      const child = procs.spawnTs(script, [], {
        lifeMs: 30_000,
        env: { ...process.env, NODE_EXTRA_CA_CERTS: fixture('self-signed-127.0.0.1.crt') },
        onLine: () => {
          answeredAt = performance.now();
        },
      });
      const code = await child.exited;
      const exitedAt = performance.now();
      expect({ code, stderr: child.stderr() }).toEqual({ code: 0, stderr: '' });
      expect(child.stdout()).toBe('{"tls":true}\n{"tls":true}\n');
      expect(seen).toMatchObject([
        { alpn: 'http/1.1', servername: false },
        { alpn: 'http/1.1', servername: false },
      ]);
      // One kept-alive TLS connection for both requests.
      expect(seen[1]!.port).toBe(seen[0]!.port);
      expect(exitedAt - answeredAt).toBeLessThan(3_000);
    } finally {
      await close();
    }
  });
});

describe('socket engine: failures before and after sending', () => {
  it('refuses a header value with CRLF before any byte reaches the server: TransportError, no connection', async () => {
    server = await startRawHttpServer((c) => c.socket.write(ok('{}')));
    const err = await transport(server.url)
      .request({ method: 'POST', path: '/orders', body: {}, headers: { 'X-Sig': 'abc\r\nX-Evil: 1' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).not.toBeInstanceOf(UnknownOutcomeError);
    await sleep(50);
    expect(server.connections.map((c) => c.received).join('')).toBe('');
    expect(JSON.stringify(err)).not.toContain(FAKE_API_KEY);
  });

  it('refuses a header name with a space or NUL in its value the same way', async () => {
    server = await startRawHttpServer((c) => c.socket.write(ok('{}')));
    for (const headers of [{ 'Bad Name': 'x' }, { 'X-A': 'a\0b' }] as Record<string, string>[]) {
      const err = await transport(server.url)
        .request({ method: 'POST', path: '/orders', body: {}, headers })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect(err).not.toBeInstanceOf(UnknownOutcomeError);
    }
    expect(server.connections).toHaveLength(0);
  });

  it('makes a deadline while waiting for the headers of a POST an UnknownOutcomeError, sent once', async () => {
    server = await startRawHttpServer(() => {});
    const err = await postOrder(server.url, { timeoutMs: 150 });
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect((err as Error).message).toMatch(/timed out after 150 ms/);
    expect(server.requests).toHaveLength(1);
    await waitFor(() => server!.connections[0]!.closedAt !== undefined, 2_000, 'the client to drop the connection');
  });

  it('makes a caller abort before sending a TransportError with nothing sent', async () => {
    server = await startRawHttpServer((c) => c.socket.write(ok('{}')));
    const controller = new AbortController();
    controller.abort();
    const err = await transport(server.url)
      .request({ method: 'POST', path: '/orders', body: {}, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).not.toBeInstanceOf(UnknownOutcomeError);
    await sleep(30);
    expect(server.connections).toHaveLength(0);
  });

  it('sends exactly the request bytes expected: Host with port, the headers, an exact length, the body', async () => {
    server = await startRawHttpServer((c) => c.socket.write(ok('{}')));
    const body = '{"id":"ordér-1"}';
    await transport(server.url, { headers: { 'X-Api-Key': FAKE_API_KEY, 'Content-Length': '999' } }).request({
      method: 'POST',
      path: '/orders?x=1',
      body,
    });
    const [head, sent] = server.requests[0]!.split('\r\n\r\n');
    const lines = head!.split('\r\n');
    expect(lines[0]).toBe('POST /orders?x=1 HTTP/1.1');
    expect(lines).toContain(`Host: ${new URL(server.url).host}`);
    expect(lines).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    expect(lines.filter((l) => /^content-length:/i.test(l))).toHaveLength(1);
    expect(lines).toContain('Accept-Encoding: identity');
    expect(Buffer.from(sent!, 'latin1').toString('utf8')).toBe(body);
  });
});
