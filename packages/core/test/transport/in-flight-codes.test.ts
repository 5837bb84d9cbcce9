import * as net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type HttpEngineName, TransportError, UnknownOutcomeError } from '../../src/index.js';
import { failedBeforeSending, inFlightCause, networkErrorCode } from '../../src/transport/http/network-error.js';
import { type RawHttpServer, startRawHttpServer } from './raw-server.js';
import { engineTransport, leaksKey } from './test-transport.js';

const ENGINES: HttpEngineName[] = ['axios', 'node', 'socket'];

let server: RawHttpServer | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

function transportOn(engine: HttpEngineName, url: string, attempts: number[]) {
  return engineTransport(engine, url, {
    onRequest: (ctx) => {
      attempts.push(ctx.attempt);
      return ctx;
    },
  });
}

/** What node raises when an ICMP host-unreachable hits a socket (connecting or established). */
function hostUnreachable(syscall: string): Error {
  return Object.assign(new Error(`${syscall} EHOSTUNREACH`), { code: 'EHOSTUNREACH', errno: -113, syscall });
}

function hasCode(err: unknown, code: string): boolean {
  return (err as TransportError).walk((e) => (e as { code?: string }).code === code) !== undefined;
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';

describe.each(ENGINES)('%s engine: a "not sent" code after the request was written', (engine) => {
  it.each([
    ['a fresh', false],
    ['a reused keep-alive', true],
  ])(
    'makes EHOSTUNREACH on %s connection, after the server got the POST, an UnknownOutcomeError sent once',
    async (_what, reuse) => {
      // Client sockets are the only ones that write before the server answers: every socket any engine writes on
      // passes through `net.Socket.prototype.write`. Once the server holds the whole POST, the test fails the client
      // end of that very connection (its local port is the server side's remote port) the way node does when an
      // ICMP host-unreachable arrives on an established connection. Deterministic: the bytes have left by then.
      const clientSockets = new Set<net.Socket>();
      const write = net.Socket.prototype.write;
      vi.spyOn(net.Socket.prototype, 'write').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
        clientSockets.add(this);
        return (write as (...a: unknown[]) => boolean).apply(this, args);
      });
      server = await startRawHttpServer((c, request) => {
        if (request.startsWith('GET ')) {
          c.socket.write(OK);
          return;
        }
        const client = [...clientSockets].find((s) => s.localPort === c.socket.remotePort && !s.destroyed);
        client?.destroy(hostUnreachable('read'));
      });
      const attempts: number[] = [];
      const transport = transportOn(engine, server.url, attempts);
      if (reuse) await transport.request({ method: 'GET', path: '/ping' });
      const err = await transport
        .request({ method: 'POST', path: '/orders', body: { px: '1' }, clientOrderId: 'c-77' })
        .catch((e: unknown) => e);

      expect(err).toBeInstanceOf(UnknownOutcomeError);
      expect((err as UnknownOutcomeError).context).toMatchObject({ operation: 'POST /orders', clientOrderId: 'c-77' });
      // The classification says in flight; the message still names what the network said.
      expect((err as Error).message).toContain('failed in flight (EHOSTUNREACH)');
      expect(hasCode(err, 'ECONNRESET')).toBe(true);
      expect(hasCode(err, 'EHOSTUNREACH')).toBe(true);
      expect(attempts).toEqual(reuse ? [1, 1] : [1]);
      expect(server.requests.filter((r) => r.startsWith('POST '))).toHaveLength(1);
      expect(server.connections).toHaveLength(1);
      expect(leaksKey(err)).toBe(false);
    },
  );

  it('keeps EHOSTUNREACH before a fresh connection connected a retried TransportError: nothing reached the server', async () => {
    // A connect that never completes, then fails the way node's does for an unreachable host: the socket is still
    // `connecting` when the error comes, so no byte can have left.
    vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket) {
      (this as { connecting: boolean }).connecting = true;
      setTimeout(() => this.destroy(hostUnreachable('connect')), 5);
      return this;
    });
    server = await startRawHttpServer((c) => c.socket.write(OK));
    const attempts: number[] = [];
    const err = await transportOn(engine, server.url, attempts)
      .request({ method: 'POST', path: '/orders', body: { px: '1' } })
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(TransportError);
    expect(err).not.toBeInstanceOf(UnknownOutcomeError);
    expect((err as Error).message).toContain('EHOSTUNREACH');
    expect(attempts).toEqual([1, 2, 3]);
    expect(server.requests).toHaveLength(0);
    expect(leaksKey(err)).toBe(false);
  });
});

describe('inFlightCause', () => {
  it('turns a "not sent" code into an in-flight reset that keeps the original as cause and names its code', () => {
    const original = hostUnreachable('read');
    const cause = inFlightCause(original, 'read EHOSTUNREACH');
    expect(failedBeforeSending(original)).toBe(true);
    expect(failedBeforeSending(cause)).toBe(false);
    expect(cause).toMatchObject({ code: 'ECONNRESET', message: 'read EHOSTUNREACH' });
    expect((cause as Error).cause).toBe(original);
    expect(networkErrorCode(cause)).toBe('EHOSTUNREACH');
    // Wrapped again (an axios error around it, a second pass): still in flight.
    expect(failedBeforeSending({ code: 'ERR_NETWORK', cause })).toBe(false);
    expect(inFlightCause(cause, 'again')).toBe(cause);
  });

  it('keeps an error whose codes already read "in flight", and gives a coded reset for none at all', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(inFlightCause(reset, 'x')).toBe(reset);
    const none = inFlightCause(undefined, 'The connection closed before the response ended');
    expect(none).toMatchObject({ code: 'ECONNRESET', message: 'The connection closed before the response ended' });
    expect(networkErrorCode(none)).toBe('ECONNRESET');
    const uncoded = new Error('boom');
    expect((inFlightCause(uncoded, 'boom') as Error).cause).toBe(uncoded);
    // An axios-style wrapper whose low-level cause is a "not sent" code is replaced too.
    expect(failedBeforeSending(inFlightCause({ code: 'ERR_NETWORK', cause: hostUnreachable('read') }, 'x'))).toBe(
      false,
    );
  });
});
