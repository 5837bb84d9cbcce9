import WebSocket, { type RawData } from 'ws';
import { type DnError, InvalidInputError, TransportError } from '../../errors/index.js';
import { backoffDelay } from '../backoff.js';
import { checkByteLimit, PayloadTooLargeError, urlForErrors } from '../payload-limit.js';
import { TypedEmitter } from './emitter.js';
import { PendingRequests } from './pending-requests.js';
import type {
  WsConnectionContext,
  WsEvents,
  WsMessage,
  WsReconnectOptions,
  WsRequestOptions,
  WsState,
  WsSubscription,
  WsTransportOptions,
} from './types.js';

type Timer = ReturnType<typeof setTimeout>;

interface SubscriptionEntry {
  sub: WsSubscription;
  /** `performance.now()` of the last frame for this stream (or of the (re)subscribe). */
  lastAt: number;
}

const DEFAULT_RECONNECT: Required<Omit<WsReconnectOptions, 'maxAttempts'>> = {
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  stableAfterMs: 5_000,
};

/**
 * Venue-neutral WebSocket that stays connected: jittered reconnect, ordered resubscribe,
 * heartbeat, per-stream staleness watchdog, request/response correlation.
 *
 * Guarantees:
 * - Every connection has a new `generation`; frames from a superseded socket are dropped, never
 *   emitted, and requests sent on it fail instead of matching a reply from another connection.
 * - `send` THROWS `TransportError` when not connected (nothing is queued: a trading frame sent
 *   late is worse than one refused). Subscriptions are the exception: they are remembered and
 *   re-sent by the transport itself after each reconnect.
 * - `close()` stops every timer and socket, so the process can exit.
 */
export class ReconnectingWebSocket {
  readonly venue: string;
  private readonly options: WsTransportOptions;
  private readonly reconnectOptions: Required<Omit<WsReconnectOptions, 'maxAttempts'>> & { maxAttempts?: number };
  private readonly emitter: TypedEmitter<WsEvents>;
  private readonly subscriptions = new Map<string, SubscriptionEntry>();
  private readonly pending: PendingRequests;
  private readonly retiring = new Map<WebSocket, Timer>();
  private readonly maxFrameBytes: number;
  private socket: WebSocket | undefined;
  private currentState: WsState = 'idle';
  private gen = 0;
  private failures = 0;
  private openedAt: number | undefined;
  private dropped = 0;
  private connectWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private reconnectTimer: Timer | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private heartbeatDeadline: Timer | undefined;
  private watchdogTimer: ReturnType<typeof setInterval> | undefined;
  private ageTimer: Timer | undefined;

  constructor(options: WsTransportOptions) {
    this.options = options;
    this.venue = options.venue;
    this.reconnectOptions = { ...DEFAULT_RECONNECT, ...options.reconnect };
    this.pending = new PendingRequests(options.venue);
    this.maxFrameBytes = checkByteLimit(options.maxFrameBytes, 'maxFrameBytes', options.venue);
    this.emitter = new TypedEmitter<WsEvents>((error, event) => {
      if (event === 'error') return; // an error listener that throws has nowhere left to report to
      this.reportError(
        new TransportError(`A '${String(event)}' listener threw`, { venue: this.venue }, { cause: error }),
      );
    });
  }

  /** Current connection generation (0 before the first connection). */
  get generation(): number {
    return this.gen;
  }

  get state(): WsState {
    return this.currentState;
  }

  /** Frames received from superseded connections and dropped. */
  get droppedMessages(): number {
    return this.dropped;
  }

  on<K extends keyof WsEvents>(event: K, listener: (payload: WsEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  once<K extends keyof WsEvents>(event: K, listener: (payload: WsEvents[K]) => void): () => void {
    return this.emitter.once(event, listener);
  }

  off<K extends keyof WsEvents>(event: K, listener: (payload: WsEvents[K]) => void): void {
    this.emitter.off(event, listener);
  }

  /**
   * Starts connecting (if idle) and resolves when a connection is open and subscriptions are
   * re-sent. Failed attempts are retried with backoff; rejects only after `close()` or when
   * `reconnect.maxAttempts` is exhausted.
   */
  connect(): Promise<void> {
    if (this.currentState === 'closed') {
      return Promise.reject(new TransportError('WebSocket transport is closed', { venue: this.venue }));
    }
    if (this.currentState === 'open') return Promise.resolve();
    const p = new Promise<void>((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
    if (this.currentState === 'idle') void this.startAttempt();
    return p;
  }

  /**
   * Sends a frame on the open connection.
   * @throws TransportError when not connected (nothing is queued or sent).
   */
  send(data: string): void {
    const ws = this.socket;
    if (this.currentState !== 'open' || !ws || ws.readyState !== WebSocket.OPEN) {
      throw new TransportError('WebSocket is not connected; message not sent', { venue: this.venue });
    }
    ws.send(data);
  }

  /**
   * Sends `message` and resolves with the reply whose `correlationId` equals `id`.
   * Not sent (not connected) → `TransportError`. Sent, then timeout / connection lost / abort →
   * `UnknownOutcomeError` (or `TransportError` when `idempotent`). The reply is not emitted as `message`.
   */
  request(options: WsRequestOptions): Promise<WsMessage> {
    const ws = this.socket;
    if (this.currentState !== 'open' || !ws) {
      return Promise.reject(new TransportError('WebSocket is not connected; request not sent', { venue: this.venue }));
    }
    return this.requestOn(ws, this.gen, options);
  }

  /**
   * Registers a stream: its subscribe frame is sent now if connected and after every reconnect.
   * @throws InvalidInputError if `key` is already registered.
   */
  subscribe(subscription: WsSubscription): void {
    if (this.subscriptions.has(subscription.key)) {
      throw new InvalidInputError('Subscription key already registered', {
        field: 'key',
        value: subscription.key,
        venue: this.venue,
      });
    }
    this.subscriptions.set(subscription.key, { sub: subscription, lastAt: performance.now() });
    if (this.currentState === 'open' && this.socket) {
      const msg = subscription.subscribeMessage?.();
      if (msg !== undefined) this.socket.send(msg);
      this.startWatchdog();
    }
  }

  /** Forgets a stream; sends its unsubscribe frame if connected. Returns false if it was not registered. */
  unsubscribe(key: string): boolean {
    const entry = this.subscriptions.get(key);
    if (!entry) return false;
    this.subscriptions.delete(key);
    if (this.currentState === 'open' && this.socket?.readyState === WebSocket.OPEN) {
      const msg = entry.sub.unsubscribeMessage?.();
      if (msg !== undefined) this.socket.send(msg);
    }
    return true;
  }

  /** Keys of registered streams, in resubscribe order. */
  subscriptionKeys(): string[] {
    return [...this.subscriptions.keys()];
  }

  /** Drops the current connection and reconnects (with backoff), e.g. after a sequence gap. */
  reconnect(reason = 'requested'): void {
    if (this.currentState === 'closed') return;
    this.retire(reason, true);
  }

  /**
   * Closes for good: stops every timer, fails pending requests, closes the socket (graceful, then
   * destroyed after `closeTimeoutMs`). Resolves when the socket is closed. Idempotent.
   */
  async close(): Promise<void> {
    if (this.currentState === 'closed' && !this.socket && this.retiring.size === 0) return;
    const wasState = this.currentState;
    this.currentState = 'closed';
    this.stopConnectionTimers();
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.pending.failAll('connection closed by the client');
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    for (const w of waiters)
      w.reject(new TransportError('WebSocket transport closed before connecting', { venue: this.venue }));
    for (const [old, timer] of this.retiring) {
      clearTimeout(timer);
      old.terminate();
    }
    this.retiring.clear();
    const ws = this.socket;
    this.socket = undefined;
    if (!ws) return;
    const generation = this.gen;
    await closeSocket(ws, this.options.closeTimeoutMs ?? 1_000);
    if (wasState === 'open') {
      this.emitter.emit('close', { generation, code: 1000, reason: 'closed by client', willReconnect: false });
    }
  }

  // ---- connection lifecycle ----

  private async startAttempt(): Promise<void> {
    this.reconnectTimer = undefined;
    this.currentState = 'connecting';
    const generation = ++this.gen;
    let url: string;
    let headers: Record<string, string> | undefined;
    let protocols: string[] | undefined;
    try {
      url = typeof this.options.url === 'function' ? await this.options.url() : this.options.url;
      headers = typeof this.options.headers === 'function' ? await this.options.headers() : this.options.headers;
      protocols =
        typeof this.options.protocols === 'function' ? await this.options.protocols() : this.options.protocols;
    } catch (e) {
      if (this.isClosed() || generation !== this.gen) return;
      this.reportError(
        new TransportError('Could not prepare the WebSocket connection', { venue: this.venue }, { cause: e }),
        generation,
      );
      this.scheduleReconnect('prepare-failed', generation);
      return;
    }
    if (this.isClosed() || generation !== this.gen) return;

    const ws = new WebSocket(url, protocols, {
      headers,
      handshakeTimeout: this.options.connectTimeoutMs ?? 10_000,
      maxPayload: this.maxFrameBytes,
    });
    this.socket = ws;
    ws.on('open', () => void this.handleOpen(ws, generation));
    ws.on('message', (data, isBinary) => this.handleFrame(ws, generation, data, isBinary));
    ws.on('pong', () => this.markAlive(ws));
    ws.on('ping', () => this.markAlive(ws));
    ws.on('error', (err) => {
      if (ws !== this.socket) return;
      // `ws` follows every 'error' with 'close', which drives the reconnect.
      const cause = stripErrorTarget(err);
      const error =
        (err as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
          ? new PayloadTooLargeError(
              { venue: this.venue, url: urlForErrors(url), limitBytes: this.maxFrameBytes, payload: 'ws-frame' },
              { cause },
            )
          : new TransportError(`WebSocket error: ${err.message}`, { venue: this.venue }, { cause });
      this.reportError(error, generation);
    });
    ws.on('close', (code, reason) => this.handleClose(ws, generation, code, reason.toString('utf8')));
  }

  private async handleOpen(ws: WebSocket, generation: number): Promise<void> {
    if (ws !== this.socket || this.currentState === 'closed') return;
    this.openedAt = performance.now();
    const ctx = this.contextFor(ws, generation);
    if (this.options.onOpen) {
      try {
        await this.options.onOpen(ctx);
      } catch (e) {
        if (ws !== this.socket) return;
        const error =
          e instanceof TransportError
            ? e
            : new TransportError('onOpen hook failed', { venue: this.venue }, { cause: e });
        this.reportError(error, generation);
        this.retire('on-open-failed', false);
        return;
      }
      if (ws !== this.socket || ws.readyState !== WebSocket.OPEN) return;
    }
    const now = performance.now();
    // Map iteration includes keys added by a listener during the loop, so nothing is skipped.
    for (const entry of this.subscriptions.values()) {
      entry.lastAt = now;
      const msg = entry.sub.subscribeMessage?.();
      if (msg !== undefined) ws.send(msg);
    }
    this.currentState = 'open';
    this.startHeartbeat(ws);
    this.startWatchdog();
    if (this.options.maxConnectionAgeMs !== undefined) {
      this.ageTimer = setTimeout(() => this.retire('max-connection-age', true), this.options.maxConnectionAgeMs);
    }
    this.emitter.emit('open', { generation });
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    for (const w of waiters) w.resolve();
  }

  private handleFrame(ws: WebSocket, generation: number, raw: RawData, isBinary: boolean): void {
    if (ws !== this.socket || generation !== this.gen) {
      this.dropped++;
      return;
    }
    this.markAlive(ws);
    const data = rawToString(raw, isBinary);
    let parsed: unknown;
    if (this.options.parse) {
      try {
        parsed = this.options.parse(data);
      } catch (e) {
        this.reportError(
          new TransportError('Could not parse a WebSocket frame; dropped', { venue: this.venue }, { cause: e }),
          generation,
        );
        return;
      }
    }
    const streamKey = this.options.streamKey?.({ data, parsed });
    const now = performance.now();
    if (!this.options.streamKey) {
      for (const entry of this.subscriptions.values()) entry.lastAt = now;
    } else if (streamKey !== undefined) {
      const entry = this.subscriptions.get(streamKey);
      if (entry) entry.lastAt = now;
    }
    const message: WsMessage = { data, parsed, generation, receivedAt: Date.now(), streamKey };
    if (this.options.onMessage) {
      try {
        if (this.options.onMessage(message, this.contextFor(ws, generation)) === true) return;
      } catch (e) {
        this.reportError(new TransportError('onMessage hook threw', { venue: this.venue }, { cause: e }), generation);
        return;
      }
    }
    const id = this.options.correlationId?.({ data, parsed });
    if (id !== undefined && this.pending.resolve(id, message)) return;
    // A listener may close or reconnect; the frame still belongs to the generation it arrived on.
    this.emitter.emit('message', message);
  }

  private handleClose(ws: WebSocket, generation: number, code: number, reason: string): void {
    const retiringTimer = this.retiring.get(ws);
    if (retiringTimer !== undefined) {
      clearTimeout(retiringTimer);
      this.retiring.delete(ws);
    }
    if (ws !== this.socket) return;
    this.socket = undefined;
    this.connectionEnded(generation, code, reason, `closed (${code}${reason ? ` ${reason}` : ''})`);
  }

  /** Abandons the current socket (its late frames are dropped) and schedules a new connection. */
  private retire(reason: string, graceful: boolean): void {
    const ws = this.socket;
    if (!ws) return;
    const generation = this.gen;
    this.socket = undefined;
    if (graceful && ws.readyState === WebSocket.OPEN) {
      ws.close(4000, reason.slice(0, 100));
      const timer = setTimeout(() => {
        this.retiring.delete(ws);
        ws.terminate();
      }, this.options.closeTimeoutMs ?? 1_000);
      this.retiring.set(ws, timer);
    } else {
      ws.terminate();
    }
    this.connectionEnded(generation, 4000, reason, reason);
  }

  private connectionEnded(generation: number, code: number, reason: string, why: string): void {
    const wasOpen = this.currentState === 'open';
    this.stopConnectionTimers();
    this.pending.failAll(`lost its connection (${why})`, generation);
    if (this.currentState === 'closed') return;
    if (this.openedAt !== undefined && performance.now() - this.openedAt >= this.reconnectOptions.stableAfterMs) {
      this.failures = 0;
    }
    this.openedAt = undefined;
    const max = this.reconnectOptions.maxAttempts;
    const willReconnect = max === undefined || this.failures < max;
    if (wasOpen || !willReconnect) this.emitter.emit('close', { generation, code, reason, willReconnect });
    if (willReconnect) {
      this.scheduleReconnect(why, generation);
      return;
    }
    this.currentState = 'closed';
    const error = new TransportError(`WebSocket gave up after ${this.failures} failed attempts`, {
      venue: this.venue,
      attempts: this.failures,
    });
    this.reportError(error, generation);
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    for (const w of waiters) w.reject(error);
  }

  private scheduleReconnect(reason: string, generation: number): void {
    if (this.currentState === 'closed') return;
    this.failures++;
    const delayMs = backoffDelay(this.failures, this.reconnectOptions);
    this.currentState = 'connecting';
    this.emitter.emit('reconnecting', { generation, attempt: this.failures, delayMs, reason });
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.startAttempt(), delayMs);
  }

  // ---- liveness ----

  private markAlive(ws: WebSocket): void {
    if (ws !== this.socket) return;
    if (this.heartbeatDeadline !== undefined) {
      clearTimeout(this.heartbeatDeadline);
      this.heartbeatDeadline = undefined;
    }
  }

  private startHeartbeat(ws: WebSocket): void {
    const hb = this.options.heartbeat;
    if (!hb) return;
    const protocolPing = hb.protocolPing ?? hb.message === undefined;
    this.heartbeatTimer = setInterval(() => {
      if (ws !== this.socket || ws.readyState !== WebSocket.OPEN) return;
      const msg = hb.message?.();
      if (msg !== undefined) ws.send(msg);
      if (protocolPing) ws.ping();
      if (this.heartbeatDeadline === undefined) {
        this.heartbeatDeadline = setTimeout(() => {
          this.heartbeatDeadline = undefined;
          if (ws !== this.socket) return;
          this.reportError(
            new TransportError(`No frame within ${hb.timeoutMs} ms of a ping; reconnecting`, { venue: this.venue }),
          );
          this.retire('heartbeat-timeout', false);
        }, hb.timeoutMs);
      }
    }, hb.intervalMs);
  }

  private startWatchdog(): void {
    if (this.watchdogTimer !== undefined) clearInterval(this.watchdogTimer);
    this.watchdogTimer = undefined;
    if (this.currentState !== 'open') return;
    let shortest = Number.POSITIVE_INFINITY;
    for (const { sub } of this.subscriptions.values()) {
      const limit = this.staleLimit(sub);
      if (limit !== undefined) shortest = Math.min(shortest, limit);
    }
    if (!Number.isFinite(shortest)) return;
    // Checking four times per window bounds detection lag to a quarter of the limit.
    const period = Math.max(10, Math.floor(shortest / 4));
    this.watchdogTimer = setInterval(() => this.checkStale(), period);
  }

  private staleLimit(sub: WsSubscription): number | undefined {
    if (sub.staleAfterMs === false) return undefined;
    return sub.staleAfterMs ?? this.options.staleAfterMs;
  }

  private checkStale(): void {
    if (this.currentState !== 'open') return;
    const now = performance.now();
    for (const [key, entry] of this.subscriptions) {
      const limit = this.staleLimit(entry.sub);
      if (limit === undefined) continue;
      const silentForMs = now - entry.lastAt;
      if (silentForMs > limit) {
        this.emitter.emit('stale', { generation: this.gen, key, silentForMs: Math.round(silentForMs) });
        this.retire(`stale:${key}`, false);
        return;
      }
    }
  }

  private stopConnectionTimers(): void {
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    if (this.heartbeatDeadline !== undefined) clearTimeout(this.heartbeatDeadline);
    if (this.watchdogTimer !== undefined) clearInterval(this.watchdogTimer);
    if (this.ageTimer !== undefined) clearTimeout(this.ageTimer);
    this.heartbeatTimer = this.heartbeatDeadline = this.watchdogTimer = this.ageTimer = undefined;
  }

  // ---- helpers ----

  private contextFor(ws: WebSocket, generation: number): WsConnectionContext {
    return {
      generation,
      send: (data) => {
        if (ws !== this.socket || ws.readyState !== WebSocket.OPEN) {
          throw new TransportError('WebSocket connection is gone; message not sent', { venue: this.venue });
        }
        ws.send(data);
      },
      request: (options) => {
        if (ws !== this.socket || ws.readyState !== WebSocket.OPEN) {
          return Promise.reject(
            new TransportError('WebSocket connection is gone; request not sent', { venue: this.venue }),
          );
        }
        return this.requestOn(ws, generation, options);
      },
    };
  }

  private requestOn(ws: WebSocket, generation: number, options: WsRequestOptions): Promise<WsMessage> {
    if (!this.options.correlationId) {
      return Promise.reject(
        new InvalidInputError('request() needs the correlationId option', {
          field: 'correlationId',
          venue: this.venue,
        }),
      );
    }
    if (this.pending.has(options.id)) {
      return Promise.reject(
        new InvalidInputError('A request with this id is already pending', {
          field: 'id',
          value: options.id,
          venue: this.venue,
        }),
      );
    }
    if (options.signal?.aborted) {
      return Promise.reject(new TransportError('Request aborted before it was sent', { venue: this.venue }));
    }
    const promise = this.pending.add(options.id, {
      generation,
      timeoutMs: options.timeoutMs ?? this.options.requestTimeoutMs ?? 10_000,
      idempotent: options.idempotent === true,
      operation: options.operation ?? 'request',
      clientOrderId: options.clientOrderId,
      signal: options.signal,
    });
    ws.send(options.message, (err) => {
      if (err) this.pending.fail(options.id, 'failed while sending', err);
    });
    return promise;
  }

  /** A method, not an inline comparison: `await`s in between can change the state behind TS's narrowing. */
  private isClosed(): boolean {
    return this.currentState === 'closed';
  }

  private reportError(error: DnError<object>, generation = this.gen): void {
    this.emitter.emit('error', { generation, error });
  }
}

/** Options-first factory; same object as `new ReconnectingWebSocket(options)`. */
export function createWsTransport(options: WsTransportOptions): ReconnectingWebSocket {
  return new ReconnectingWebSocket(options);
}

function rawToString(raw: RawData, isBinary: boolean): string {
  void isBinary;
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString('utf8');
  return raw.toString('utf8');
}

/** `ws` errors may reference the request (with handshake headers); keep message and code only. */
function stripErrorTarget(err: Error): Error {
  const clean = new Error(err.message);
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) Object.assign(clean, { code });
  return clean;
}

function closeSocket(ws: WebSocket, graceMs: number): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => ws.terminate(), graceMs);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else ws.close(1000, 'closed by client');
  });
}
