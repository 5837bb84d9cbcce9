import * as net from 'node:net';
import * as tls from 'node:tls';
import { ResponseParser } from './http1-response.js';
import type { Target } from './target.js';

/** Idle sockets are closed after this long (node's agent default, which the other engines use). */
export const IDLE_MS = 5_000;

/** What the exchange using a connection hears from its socket; an idle connection's socket events close it. */
export interface ConnectionUser {
  onConnect(): void;
  onData(chunk: Buffer): void;
  /** The peer's FIN. */
  onEnd(): void;
  /** `error` (with it) or `close`: the socket is gone. */
  onGone(error: Error | undefined): void;
}

/**
 * One kept-alive socket with ONE set of listeners for its whole life, dispatching to the exchange using it (no
 * listener churn per request) or, while idle, taking it out of the pool at the first sign of life or death: bytes
 * nobody asked for, a FIN, an error or a close.
 */
export class Connection {
  readonly socket: net.Socket;
  readonly parser = new ResponseParser();
  user: ConnectionUser | undefined;
  connected = false;
  /** `performance.now()` after which an idle connection is not reused. */
  expiresAt = 0;

  constructor(pool: SocketPool) {
    const t = pool.target;
    const port = t.port ?? (pool.secure ? 443 : 80);
    let socket: net.Socket;
    if (pool.secure) {
      // Certificate verification stays on (the default); SNI only for names, never for an IP literal.
      socket = tls.connect({
        host: t.hostname,
        port,
        ALPNProtocols: ['http/1.1'],
        ...(net.isIP(t.hostname) === 0 ? { servername: t.hostname } : {}),
      });
    } else {
      socket = net.connect({ host: t.hostname, port });
    }
    socket.setNoDelay(true);
    this.socket = socket;
    socket.once(pool.secure ? 'secureConnect' : 'connect', () => {
      this.connected = true;
      this.user?.onConnect();
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.user) this.user.onData(chunk);
      else pool.discard(this);
    });
    socket.on('end', () => {
      if (this.user) this.user.onEnd();
      else pool.discard(this);
    });
    socket.on('error', (e: Error) => {
      if (this.user) this.user.onGone(e);
      else pool.discard(this);
    });
    socket.on('close', () => {
      if (this.user) this.user.onGone(undefined);
      else pool.discard(this);
    });
  }

  /** Still worth a request: open both ways and not past its idle deadline. */
  usable(now: number): boolean {
    const s = this.socket;
    return !s.destroyed && s.writable && !s.readableEnded && now < this.expiresAt;
  }
}

/**
 * Keep-alive sockets to one origin: most recently used first, one exchange per socket (no pipelining), idle ones
 * `unref()`ed (they never keep the process alive) and closed when their idle time runs out.
 */
export class SocketPool {
  readonly target: Target;
  readonly secure: boolean;
  #idle: Connection[] = [];
  #timer: NodeJS.Timeout | undefined;
  #timerAt = 0;

  constructor(target: Target) {
    this.target = target;
    this.secure = target.protocol === 'https:';
  }

  /** Number of idle sockets (for tests and diagnostics). */
  get idleCount(): number {
    return this.#idle.length;
  }

  /** The most recently used idle connection still fit for a request, or a new one (connecting). */
  take(): Connection {
    const now = performance.now();
    for (let c = this.#idle.pop(); c !== undefined; c = this.#idle.pop()) {
      if (c.usable(now)) {
        c.socket.ref();
        return c;
      }
      c.socket.destroy();
    }
    return new Connection(this);
  }

  /** Back to the pool after a complete exchange, for `idleMs` at most. */
  release(c: Connection, idleMs: number): void {
    c.user = undefined;
    c.expiresAt = performance.now() + idleMs;
    c.socket.unref();
    this.#idle.push(c);
    // One timer per pool, re-armed only for an earlier deadline (a server's shorter Keep-Alive hint): no timer work
    // per request in a steady stream, where each deadline is later than the armed one.
    if (this.#timer === undefined || c.expiresAt < this.#timerAt) {
      clearTimeout(this.#timer);
      this.#arm(idleMs);
    }
  }

  /** Out of the pool (if it was there) and closed. */
  discard(c: Connection): void {
    c.user = undefined;
    const i = this.#idle.indexOf(c);
    if (i >= 0) this.#idle.splice(i, 1);
    c.socket.destroy();
  }

  #arm(ms: number): void {
    this.#timerAt = performance.now() + ms;
    this.#timer = setTimeout(() => this.#sweep(), Math.max(1, ms));
    this.#timer.unref();
  }

  #sweep(): void {
    this.#timer = undefined;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const c of [...this.#idle]) {
      if (c.expiresAt <= now) this.discard(c);
      else next = Math.min(next, c.expiresAt);
    }
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next - now);
  }
}
