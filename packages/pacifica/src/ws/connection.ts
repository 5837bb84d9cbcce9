import {
  type DnError,
  InvalidInputError,
  ReconnectingWebSocket,
  TransportError,
  type WsMessage,
  type WsReconnectOptions,
} from '@dn/core';
import { PACIFICA_SUBSCRIBE_ACK_TIMEOUT_MS, PACIFICA_WS_MAX_AGE_MS, PACIFICA_WS_PING_INTERVAL_MS } from '../config.js';
import { mapPacificaWsError } from '../errors.js';
import { requireSigner } from '../http.js';
import type { PacificaAction } from '../payloads/action.js';
import type { PacificaSigner } from '../signer.js';
import type { PacificaOperationType } from '../signing/operation-types.js';
import { PACIFICA_WS_BATCH_KEY } from '../signing/operation-types.js';
import { assertWsOperation } from '../signing/request.js';
import { wsTradingReplySchema } from '../wire/index.js';

/** Parameters of a `{"method":"subscribe","params":{...}}` frame. */
export interface PacificaSubscribeParams {
  source: string;
  symbol?: string;
  account?: string;
  agg_level?: number;
  interval?: string;
}

export interface PacificaWsOptions {
  /** e.g. `wss://ws.pacifica.fi/ws`. */
  url: string;
  /** Signs trading frames; needed only for `trade`. */
  signer?: PacificaSigner;
  /** Sent as the `PF-API-KEY` upgrade header. */
  apiConfigKey?: string;
  /** JSON ping period (default 20 s; the venue drops a connection silent for 60 s). */
  pingIntervalMs?: number;
  /** How long to wait for a subscribe ack before calling the subscription failed (default 5 s). */
  subscribeAckTimeoutMs?: number;
  /** Timeout of a trading request (default 10 s); then the outcome is unknown. */
  requestTimeoutMs?: number;
  /** Reconnect proactively after this long (default 23 h; the venue cuts at 24 h). */
  maxConnectionAgeMs?: number;
  /** Market-data streams (book, prices, bbo) silent this long force a reconnect (default 30 s). */
  staleAfterMs?: number;
  reconnect?: WsReconnectOptions;
}

/** Handler of a stream's `data`. */
export type PacificaStreamHandler = (data: unknown, message: WsMessage) => void;

export interface PacificaWsSubscription {
  readonly key: string;
  unsubscribe(): Promise<void>;
}

interface StreamEntry {
  params: PacificaSubscribeParams;
  handlers: Set<PacificaStreamHandler>;
  acked: boolean;
  ackWaiters: { resolve: () => void; reject: (e: unknown) => void }[];
  ackTimer: ReturnType<typeof setTimeout> | undefined;
}

/** Channels pushed continuously: their silence means a dead stream. Account channels push only on change. */
const CONTINUOUS = new Set(['book', 'prices', 'bbo']);

/**
 * One Pacifica WebSocket for market data, account streams and trading: JSON ping, reconnect with
 * resubscribe (each resubscription must be acked again, or the connection is recycled), the 24 h
 * forced reconnect, and trading requests correlated by id with a timeout.
 */
export class PacificaWs {
  readonly transport: ReconnectingWebSocket;
  private readonly options: PacificaWsOptions;
  private readonly streams = new Map<string, StreamEntry>();
  /** In-flight trading request ids per operation type, oldest first: the venue may answer errors without `id`. */
  private readonly inflight = new Map<string, string[]>();
  private readonly ackTimeoutMs: number;
  private readonly errorListeners = new Set<(error: DnError<object>) => void>();
  private readonly restoredListeners = new Set<(generation: number) => void>();
  private everOpened = false;
  /** Generation of a re-established connection whose resubscriptions are not all acked yet. */
  private restoring: number | undefined;

  constructor(options: PacificaWsOptions) {
    this.options = options;
    this.ackTimeoutMs = options.subscribeAckTimeoutMs ?? PACIFICA_SUBSCRIBE_ACK_TIMEOUT_MS;
    this.transport = new ReconnectingWebSocket({
      url: options.url,
      venue: 'pacifica',
      ...(options.apiConfigKey !== undefined ? { headers: { 'PF-API-KEY': options.apiConfigKey } } : {}),
      reconnect: options.reconnect ?? { baseDelayMs: 250, maxDelayMs: 10_000 },
      heartbeat: {
        intervalMs: options.pingIntervalMs ?? PACIFICA_WS_PING_INTERVAL_MS,
        message: () => '{"method":"ping"}',
        timeoutMs: 10_000,
      },
      maxConnectionAgeMs: options.maxConnectionAgeMs ?? PACIFICA_WS_MAX_AGE_MS,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      parse: (data) => JSON.parse(data) as unknown,
      streamKey: ({ parsed }) => streamKeyOf(parsed),
      correlationId: ({ parsed }) => this.correlate(parsed),
      onMessage: (m) => this.route(m),
    });
    this.transport.on('open', ({ generation }) => this.onOpen(generation));
  }

  /** Connects (retrying with backoff) and resolves once open. */
  connect(): Promise<void> {
    return this.transport.connect();
  }

  /** Listens for transport errors (parse failures, missing acks, heartbeat timeouts); returns an unsubscribe. */
  onError(listener: (error: DnError<object>) => void): () => void {
    this.errorListeners.add(listener);
    const off = this.transport.on('error', (e) => listener(e.error));
    return () => {
      off();
      this.errorListeners.delete(listener);
    };
  }

  /**
   * Listens for a re-established connection: after a reconnect (never the first connection), once the venue has
   * acked every resubscription on it. Events sent while the socket was down are lost; callers reconcile by REST.
   * Returns an unsubscribe.
   */
  onRestored(listener: (generation: number) => void): () => void {
    this.restoredListeners.add(listener);
    return () => void this.restoredListeners.delete(listener);
  }

  /** Reports a problem of a stream consumer (e.g. an unreadable frame) to `onError` listeners. */
  reportError(error: DnError<object>): void {
    for (const l of [...this.errorListeners]) {
      try {
        l(error);
      } catch {
        // An error listener that throws has nowhere left to report to.
      }
    }
  }

  /**
   * Subscribes to a stream and resolves once the venue acked it. Several handlers may share a stream.
   * @throws TransportError if no ack comes within the ack timeout (the venue's answer to an invalid subscription).
   */
  async subscribe(params: PacificaSubscribeParams, handler: PacificaStreamHandler): Promise<PacificaWsSubscription> {
    const key = subscriptionKey(params);
    let entry = this.streams.get(key);
    if (entry && entry.params.agg_level !== params.agg_level) {
      throw new InvalidInputError('Already subscribed to this book at another aggregation level', {
        field: 'agg_level',
        value: params.agg_level,
        venue: 'pacifica',
      });
    }
    const unsubscribe = async (): Promise<void> => {
      const e = this.streams.get(key);
      if (!e?.handlers.delete(handler) || e.handlers.size > 0) return;
      this.streams.delete(key);
      if (e.ackTimer !== undefined) clearTimeout(e.ackTimer);
      this.transport.unsubscribe(key);
      this.checkRestored();
    };
    if (entry) {
      entry.handlers.add(handler);
      if (!entry.acked) await this.waitAck(entry);
      return { key, unsubscribe };
    }
    entry = { params, handlers: new Set([handler]), acked: false, ackWaiters: [], ackTimer: undefined };
    this.streams.set(key, entry);
    await this.connect();
    const ack = this.waitAck(entry);
    this.transport.subscribe({
      key,
      subscribeMessage: () => JSON.stringify({ method: 'subscribe', params }),
      unsubscribeMessage: () => JSON.stringify({ method: 'unsubscribe', params }),
      staleAfterMs: CONTINUOUS.has(params.source) ? (this.options.staleAfterMs ?? 30_000) : false,
    });
    try {
      await ack;
    } catch (e) {
      this.streams.delete(key);
      this.transport.unsubscribe(key);
      this.checkRestored();
      throw e;
    }
    return { key, unsubscribe };
  }

  /**
   * Sends a signed trading action (`create_market_order`, `create_order`, `edit_order`,
   * `cancel_order`, `cancel_all_orders`) and returns the reply's `data`.
   * Not connected → `TransportError` (nothing sent: safe to retry over REST). Sent then no reply →
   * `UnknownOutcomeError`. A venue refusal → `VenueRejectedError`.
   */
  async trade(
    action: PacificaAction<PacificaOperationType, object>,
    options: { clientOrderId?: string; timeoutMs?: number } = {},
  ): Promise<unknown> {
    assertWsOperation(action.type, 'type');
    const body = requireSigner(this.options.signer).sign(action);
    return this.send(action.type, { [action.type]: body }, options);
  }

  /** Sends a WS batch (`batch_orders`) of individually signed actions; returns the reply's `data`. */
  async tradeBatch(
    actions: readonly { tag: string; action: PacificaAction<PacificaOperationType, object> }[],
    options: { timeoutMs?: number } = {},
  ): Promise<unknown> {
    const signer = requireSigner(this.options.signer);
    const batch = { actions: actions.map((a) => ({ type: a.tag, data: signer.sign(a.action) })) };
    return this.send(PACIFICA_WS_BATCH_KEY, { [PACIFICA_WS_BATCH_KEY]: batch }, options);
  }

  get isOpen(): boolean {
    return this.transport.state === 'open';
  }

  async close(): Promise<void> {
    for (const e of this.streams.values()) {
      if (e.ackTimer !== undefined) clearTimeout(e.ackTimer);
      for (const w of e.ackWaiters) w.reject(new TransportError('WebSocket closed', { venue: 'pacifica' }));
    }
    this.streams.clear();
    await this.transport.close();
  }

  // ───────────── internals ─────────────

  private async send(
    type: string,
    params: Record<string, unknown>,
    options: { clientOrderId?: string; timeoutMs?: number },
  ): Promise<unknown> {
    if (this.transport.state !== 'open') {
      throw new TransportError('Pacifica WebSocket is not connected; request not sent', { venue: 'pacifica' });
    }
    const id = globalThis.crypto.randomUUID();
    const queue = this.inflight.get(type) ?? [];
    queue.push(id);
    this.inflight.set(type, queue);
    try {
      const reply = await this.transport.request({
        id,
        message: JSON.stringify({ id, params }),
        operation: type,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.clientOrderId !== undefined ? { clientOrderId: options.clientOrderId } : {}),
      });
      const parsed = wsTradingReplySchema.safeParse(reply.parsed);
      if (!parsed.success) {
        throw mapPacificaWsError(500, 'unreadable reply', type, options.clientOrderId);
      }
      if (parsed.data.code !== 200) {
        throw mapPacificaWsError(parsed.data.code, parsed.data.err ?? '', type, options.clientOrderId);
      }
      return parsed.data.data;
    } finally {
      const q = this.inflight.get(type);
      const i = q?.indexOf(id) ?? -1;
      if (q && i >= 0) q.splice(i, 1);
    }
  }

  private correlate(parsed: unknown): string | undefined {
    if (typeof parsed !== 'object' || parsed === null || !('code' in parsed)) return undefined;
    const f = parsed as { id?: unknown; type?: unknown };
    if (typeof f.id === 'string' && f.id !== '') return f.id;
    // An error without id: the oldest in-flight request of that type is the best match (venue doc §5.3).
    return typeof f.type === 'string' ? this.inflight.get(f.type)?.[0] : undefined;
  }

  /** Consumes pongs and acks; dispatches stream data. Returns true when the frame is consumed. */
  private route(m: WsMessage): boolean {
    const f = m.parsed as { channel?: unknown; data?: unknown } | null;
    if (typeof f !== 'object' || f === null || typeof f.channel !== 'string') return false;
    if (f.channel === 'pong') return true;
    if (f.channel === 'subscribe' || f.channel === 'unsubscribe') {
      if (f.channel === 'subscribe' && typeof f.data === 'object' && f.data !== null) {
        const entry = this.streams.get(subscriptionKey(f.data as PacificaSubscribeParams));
        if (entry) this.markAcked(entry);
      }
      return true;
    }
    const symbol = frameSymbol(f.channel, f.data);
    for (const e of this.streams.values()) {
      if (e.params.source !== f.channel) continue;
      if (e.params.symbol !== undefined && symbol !== undefined && e.params.symbol !== symbol) continue;
      for (const h of [...e.handlers]) {
        try {
          h(f.data, m);
        } catch (cause) {
          // A consumer bug is not a transport failure: keep the connection and report it.
          this.reportError(new TransportError(`A ${f.channel} stream handler threw`, { venue: 'pacifica' }, { cause }));
        }
      }
    }
    return true;
  }

  private waitAck(entry: StreamEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      entry.ackWaiters.push({ resolve, reject });
      this.armAckTimer(entry);
    });
  }

  private armAckTimer(entry: StreamEntry): void {
    if (entry.ackTimer !== undefined) return;
    entry.ackTimer = setTimeout(() => {
      entry.ackTimer = undefined;
      if (entry.acked) return;
      const key = subscriptionKey(entry.params);
      const error = new TransportError(
        `pacifica did not acknowledge the ${key} subscription within ${this.ackTimeoutMs} ms`,
        { venue: 'pacifica' },
        { details: 'The venue ignores invalid subscriptions (e.g. an unknown symbol) instead of answering an error.' },
      );
      const waiters = entry.ackWaiters.splice(0);
      for (const w of waiters) w.reject(error);
      if (waiters.length === 0 && this.streams.get(key) === entry) {
        // A resubscription after a reconnect went unanswered: start over on a fresh connection.
        this.transport.reconnect('subscribe-ack-timeout');
      }
    }, this.ackTimeoutMs);
  }

  private markAcked(entry: StreamEntry): void {
    entry.acked = true;
    if (entry.ackTimer !== undefined) clearTimeout(entry.ackTimer);
    entry.ackTimer = undefined;
    for (const w of entry.ackWaiters.splice(0)) w.resolve();
    this.checkRestored();
  }

  private checkRestored(): void {
    const generation = this.restoring;
    if (generation === undefined || generation !== this.transport.generation) return;
    for (const e of this.streams.values()) if (!e.acked) return;
    this.restoring = undefined;
    for (const l of [...this.restoredListeners]) {
      try {
        l(generation);
      } catch (cause) {
        this.reportError(new TransportError('A reconnect listener threw', { venue: 'pacifica' }, { cause }));
      }
    }
  }

  private onOpen(generation: number): void {
    // The transport has just re-sent every subscribe frame: each must be acked again.
    for (const e of this.streams.values()) {
      if (e.ackWaiters.length > 0) continue;
      e.acked = false;
      if (e.ackTimer !== undefined) clearTimeout(e.ackTimer);
      e.ackTimer = undefined;
      this.armAckTimer(e);
    }
    if (this.everOpened) {
      this.restoring = generation;
      this.checkRestored();
    }
    this.everOpened = true;
  }
}

/** Registry key of a subscription; also the staleness key of continuous streams. */
export function subscriptionKey(p: PacificaSubscribeParams): string {
  let key = p.source;
  if (p.symbol !== undefined) key += `:${p.symbol}`;
  if (p.interval !== undefined) key += `:${p.interval}`;
  if (p.account !== undefined) key += `:${p.account}`;
  return key;
}

function frameSymbol(channel: string, data: unknown): string | undefined {
  const first = Array.isArray(data) ? data[0] : data;
  if (channel === 'prices' || channel.startsWith('account_')) return undefined;
  if (typeof first === 'object' && first !== null && typeof (first as { s?: unknown }).s === 'string') {
    return (first as { s: string }).s;
  }
  return undefined;
}

function streamKeyOf(parsed: unknown): string | undefined {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const f = parsed as { channel?: unknown; data?: unknown };
  if (typeof f.channel !== 'string' || !CONTINUOUS.has(f.channel)) return undefined;
  const symbol = frameSymbol(f.channel, f.data);
  return symbol === undefined ? f.channel : `${f.channel}:${symbol}`;
}
