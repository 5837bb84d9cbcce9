import { inFlightCause } from '../network-error.js';
import {
  canceled,
  connectionReset,
  EngineFailure,
  type EngineRequest,
  type EngineResponse,
  type HttpEngine,
} from './engine.js';
import { type SerializedRequest, serializeRequest } from './http1-request.js';
import type { ParsedResponse } from './http1-response.js';
import { ResponseError } from './response-error.js';
import { type Connection, type ConnectionUser, IDLE_MS, SocketPool } from './socket-pool.js';
import { targetParser } from './target.js';

/**
 * HTTP/1.1 written straight on a kept-alive `net` / `tls` socket: no `ClientRequest`, no agent, no per-request
 * listeners, one `socket.write` per request. The leanest path for latency-critical requests (orders); the same
 * failure semantics as the node engine. Idle pooled sockets do not keep the process alive.
 */
export function createSocketEngine(): HttpEngine {
  const target = targetParser();
  const pools = new Map<string, SocketPool>();
  return {
    send(r: EngineRequest): Promise<EngineResponse> {
      if (r.cancel.aborted) {
        return Promise.reject(new EngineFailure('aborted', 'The request was aborted before it was sent', canceled()));
      }
      let pool: SocketPool;
      let wire: SerializedRequest;
      try {
        const t = target(r.url);
        wire = serializeRequest(r.method, t, r.headers, r.body);
        let found = pools.get(t.origin);
        if (found === undefined) {
          found = new SocketPool(t);
          pools.set(t.origin, found);
        }
        pool = found;
      } catch (e) {
        // Refused before any byte was written (bad URL, CR/LF/NUL in a header): the error names no header value.
        return Promise.reject(new EngineFailure('network', e instanceof Error ? e.message : String(e), e));
      }
      return new Promise<EngineResponse>((resolve, reject) => {
        new Exchange(pool, wire, r, resolve, reject).start();
      });
    },
  };
}

/** One request on one connection, settled exactly once. */
class Exchange implements ConnectionUser {
  #conn: Connection | undefined;
  #written = false;
  #settled = false;

  constructor(
    private readonly pool: SocketPool,
    private readonly wire: SerializedRequest,
    private readonly r: EngineRequest,
    private readonly resolve: (res: EngineResponse) => void,
    private readonly reject: (e: EngineFailure) => void,
  ) {}

  start(): void {
    const conn = this.pool.take();
    this.#conn = conn;
    conn.user = this;
    // HEAD is not an `HttpMethod` today; the parser still knows its answer has no body.
    conn.parser.reset(this.r.maxResponseBytes, (this.r.method as string) === 'HEAD');
    this.r.cancel.onAbort(() => this.#fail('aborted', 'The request was aborted', canceled()));
    // A reused socket is connected; a new one gets the request on `connect` / `secureConnect`.
    if (conn.connected) this.onConnect();
  }

  onConnect(): void {
    if (this.#settled || this.#written) return;
    this.#written = true;
    // Marked first: from here on, whatever happens the server may have the request. A reused socket that turns
    // out dead fails through `error` / `close` as an in-flight failure, never a silent resend.
    this.#conn!.socket.write(this.wire.data, this.#afterWrite);
  }

  /** A write refused by the stream itself (already destroyed) may emit no `error`: fail here rather than hang. */
  readonly #afterWrite = (error: Error | null | undefined): void => {
    if (error && !this.#settled) this.#gone(error, error.message);
  };

  onData(chunk: Buffer): void {
    if (this.#settled) return;
    let res: ParsedResponse | undefined;
    try {
      res = this.#conn!.parser.push(chunk);
    } catch (e) {
      this.#parseFailed(e);
      return;
    }
    if (res) this.#complete(res, !this.#conn!.parser.leftover);
  }

  onEnd(): void {
    if (this.#settled) return;
    const parser = this.#conn!.parser;
    if (this.#written && parser.untilClose) {
      try {
        this.#complete(parser.end(), false);
      } catch (e) {
        this.#parseFailed(e);
      }
      return;
    }
    this.#gone(undefined, 'The connection closed before the response ended');
  }

  onGone(error: Error | undefined): void {
    if (this.#settled) return;
    this.#gone(error, error?.message ?? 'The connection closed before the response ended');
  }

  #gone(error: Error | undefined, message: string): void {
    if (!this.#written) {
      // Connect failed (refused, unreachable, certificate rejected): its own code says nothing was sent.
      this.#fail('network', message, error ?? connectionReset(message));
      return;
    }
    // After the write, a code that would read "not sent" (EHOSTUNREACH on a route change) must not: the
    // request may have arrived.
    this.#fail('network', message, inFlightCause(error, message));
  }

  #parseFailed(e: unknown): void {
    const tooLarge = e instanceof ResponseError && e.tooLarge;
    this.#fail(tooLarge ? 'too-large' : 'network', e instanceof Error ? e.message : String(e), e);
  }

  #complete(res: ParsedResponse, clean: boolean): void {
    if (!this.#settle()) return;
    const conn = this.#conn!;
    let idleMs = IDLE_MS;
    // Like node's agent: a second under the server's hint, so we never write into a socket it is closing.
    if (res.keepAliveTimeoutS !== undefined) idleMs = Math.min(idleMs, res.keepAliveTimeoutS * 1000 - 1000);
    if (clean && res.keepAlive && !this.wire.closeAfter && idleMs > 0) this.pool.release(conn, idleMs);
    else this.pool.discard(conn);
    this.resolve({ status: res.status, headers: res.headers, text: res.text });
  }

  #fail(kind: EngineFailure['kind'], message: string, cause: unknown): void {
    if (!this.#settle()) return;
    // The socket may hold half an exchange: never reused.
    if (this.#conn) this.pool.discard(this.#conn);
    this.reject(new EngineFailure(kind, message, cause));
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.r.cancel.onAbort(undefined);
    return true;
  }
}
