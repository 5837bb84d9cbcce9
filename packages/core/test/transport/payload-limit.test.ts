import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpTransport,
  createWsTransport,
  DEFAULT_MAX_PAYLOAD_BYTES,
  type DnError,
  type HttpEngineName,
  InvalidInputError,
  isDnError,
  PayloadTooLargeError,
  type ReconnectingWebSocket,
  UnknownOutcomeError,
} from '../../src/index.js';
import { startHttpServer, startWsServer, type TestHttpServer, type TestWsServer, waitFor } from './servers.js';

const LIMIT = 64 * 1024;
let http: TestHttpServer | undefined;
let wsServer: TestWsServer | undefined;
let ws: ReconnectingWebSocket | undefined;

afterEach(async () => {
  for (const open of [ws, wsServer, http]) await open?.close();
  ws = wsServer = http = undefined;
});

function transport(url: string, engine: HttpEngineName, maxResponseBytes: number | 'default' = LIMIT) {
  return createHttpTransport({
    engine,
    baseUrl: url,
    venue: 'testvenue',
    timeoutMs: 5_000,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    ...(maxResponseBytes !== 'default' ? { maxResponseBytes } : {}),
  });
}

/** A JSON array of `bytes` bytes or a little more, e.g. `[1,1,1,…]`. */
function bigJson(bytes: number): string {
  return `[${'1,'.repeat(Math.ceil(bytes / 2))}1]`;
}

/** Writes `total` bytes in chunks with no content-length (chunked transfer encoding), never ending the body early. */
function writeChunked(res: ServerResponse, total: number): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = '1,'.repeat(4096);
  res.write('[');
  let sent = 1;
  const pump = (): void => {
    while (sent < total) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end('1]');
  };
  res.on('error', () => {});
  pump();
}

async function caught(p: Promise<unknown>): Promise<DnError<object>> {
  try {
    await p;
  } catch (e) {
    if (isDnError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe.each<HttpEngineName>(['axios', 'node', 'socket'])(
  'HTTP transport (%s engine): response-size limit',
  (engine) => {
    it('fails a GET whose body (with content-length) exceeds the limit, once, with the limit and URL in context', async () => {
      http = await startHttpServer((_r, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(bigJson(LIMIT * 4));
      });
      const e = await caught(transport(http.url, engine).request({ method: 'GET', path: '/big' }));
      expect(e).toBeInstanceOf(PayloadTooLargeError);
      expect(e.code).toBe('TRANSPORT');
      expect(e.context).toMatchObject({
        venue: 'testvenue',
        method: 'GET',
        url: `${http.url}/big`,
        limitBytes: LIMIT,
        payload: 'http-response',
      });
      expect(e.shortMessage).toContain(String(LIMIT));
      // The same request would bring the same answer: not retried.
      expect(http.seen).toHaveLength(1);
    });

    it('stops reading a chunked body with no content-length at the limit', async () => {
      http = await startHttpServer((_r, res) => writeChunked(res, 8 * 1024 * 1024));
      const e = await caught(transport(http.url, engine).request({ method: 'GET', path: '/stream' }));
      expect(e).toBeInstanceOf(PayloadTooLargeError);
      expect((e as PayloadTooLargeError).context.limitBytes).toBe(LIMIT);
      expect(http.seen).toHaveLength(1);
    });

    it('makes an oversized answer to a POST an unknown outcome caused by the size error (the venue may have acted)', async () => {
      http = await startHttpServer((_r, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(bigJson(LIMIT * 2));
      });
      const e = await caught(
        transport(http.url, engine).request({ method: 'POST', path: '/order', body: { a: 1 }, clientOrderId: 'c-1' }),
      );
      expect(e).toBeInstanceOf(UnknownOutcomeError);
      expect(e.context).toMatchObject({ operation: 'POST /order', clientOrderId: 'c-1', url: `${http.url}/order` });
      expect(e.cause).toBeInstanceOf(PayloadTooLargeError);
      expect((e.cause as PayloadTooLargeError).context.limitBytes).toBe(LIMIT);
      expect(http.seen).toHaveLength(1);
    });

    it('reads a body just under the limit', async () => {
      const body = bigJson(LIMIT - 100);
      expect(body.length).toBeLessThan(LIMIT);
      http = await startHttpServer((_r, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      });
      const data = await transport(http.url, engine).request<number[]>({ method: 'GET', path: '/ok' });
      expect(data.length).toBe(Math.ceil((LIMIT - 100) / 2) + 1);
    });

    it('defaults to 16 MiB and refuses a limit that is not a positive integer', async () => {
      expect(DEFAULT_MAX_PAYLOAD_BYTES).toBe(16 * 1024 * 1024);
      http = await startHttpServer((_r, res) => writeChunked(res, DEFAULT_MAX_PAYLOAD_BYTES + 1024 * 1024));
      const e = await caught(transport(http.url, engine, 'default').request({ method: 'GET', path: '/huge' }));
      expect(e).toBeInstanceOf(PayloadTooLargeError);
      expect((e as PayloadTooLargeError).context.limitBytes).toBe(DEFAULT_MAX_PAYLOAD_BYTES);
      expect(() => transport(http!.url, engine, 0)).toThrow(InvalidInputError);
      expect(() => transport(http!.url, engine, 1.5)).toThrow(InvalidInputError);
    });
  },
);

describe('WS transport: frame limit', () => {
  it('closes on a message over maxFrameBytes with PayloadTooLargeError (limit, URL without query) and reconnects', async () => {
    wsServer = await startWsServer((c, index) => {
      if (index === 0) {
        c.ws.send('{"small":true}');
        c.ws.send(`{"big":"${'x'.repeat(LIMIT * 2)}"}`);
      } else {
        c.ws.send('{"again":true}');
      }
    });
    ws = createWsTransport({
      url: `${wsServer.url}/stream?token=FAKE-not-a-secret`,
      venue: 'testvenue',
      reconnect: { baseDelayMs: 10, maxDelayMs: 40 },
      maxFrameBytes: LIMIT,
    });
    const errors: DnError<object>[] = [];
    const messages: string[] = [];
    ws.on('error', (e) => errors.push(e.error));
    ws.on('message', (m) => messages.push(m.data));
    await ws.connect();
    await waitFor(() => messages.includes('{"again":true}'), 3_000, 'reconnect after the oversized frame');
    expect(messages[0]).toBe('{"small":true}');
    expect(messages.some((m) => m.includes('"big"'))).toBe(false);
    const tooLarge = errors.find((e) => e instanceof PayloadTooLargeError) as PayloadTooLargeError | undefined;
    expect(tooLarge).toBeDefined();
    expect(tooLarge!.code).toBe('TRANSPORT');
    expect(tooLarge!.context).toMatchObject({
      venue: 'testvenue',
      limitBytes: LIMIT,
      payload: 'ws-frame',
      url: `${wsServer.url}/stream`,
    });
    expect(JSON.stringify(tooLarge!.context)).not.toContain('FAKE-not-a-secret');
  });
});
