import type { DnError } from '../../errors/index.js';
import type { BackoffOptions } from '../backoff.js';

export interface WsReconnectOptions extends BackoffOptions {
  /**
   * Consecutive failed connections (never reached a stable open) before giving up for good
   * (`close` with `willReconnect: false`). Default: retry forever.
   */
  maxAttempts?: number;
  /** A connection open at least this long resets the failure count (default 5_000 ms). */
  stableAfterMs?: number;
}

export interface WsHeartbeatOptions {
  /** Period of the keep-alive, in ms. */
  intervalMs: number;
  /** App-level ping frame, e.g. `() => '{"method":"ping"}'`; `undefined` sends nothing. */
  message?: () => string | undefined;
  /** Also send a WebSocket protocol ping. Default: true when no `message` is given, else false. */
  protocolPing?: boolean;
  /** After a ping, the connection is declared dead if no frame at all (message, pong, ping) arrives within this many ms. */
  timeoutMs: number;
}

/**
 * A stream kept alive across reconnects. `subscribeMessage` is sent on registration (if connected)
 * and again after every reconnect, in registration order. A stream with no subscribe message (a
 * private feed that starts on connect) can still be registered for its staleness watchdog.
 */
export interface WsSubscription {
  key: string;
  subscribeMessage?: () => string | undefined;
  unsubscribeMessage?: () => string | undefined;
  /** Overrides the transport's `staleAfterMs`; `false` disables the watchdog for this stream. */
  staleAfterMs?: number | false;
}

/** One received frame. `generation` identifies the connection it came from. */
export interface WsMessage {
  /** Frame text (binary frames are decoded as UTF-8). */
  data: string;
  /** Result of the `parse` hook, `undefined` without one. */
  parsed: unknown;
  generation: number;
  /** `Date.now()` at receipt. */
  receivedAt: number;
  /** Result of the `streamKey` hook. */
  streamKey: string | undefined;
}

export interface WsRequestOptions {
  /** Correlation id that the `correlationId` hook will extract from the reply. */
  id: string;
  message: string;
  /** Default: the transport's `requestTimeoutMs`. */
  timeoutMs?: number;
  /**
   * True for requests that cannot act twice (subscribe, query): a timeout or lost connection then
   * gives `TransportError`. Default false (trading): `UnknownOutcomeError`.
   */
  idempotent?: boolean;
  operation?: string;
  clientOrderId?: string;
  signal?: AbortSignal;
}

/** Handle on the connection being set up or in use, given to `onOpen` and `onMessage`. */
export interface WsConnectionContext {
  readonly generation: number;
  /** Sends on this connection; throws `TransportError` if it is no longer open. */
  send(data: string): void;
  /** Correlated request on this connection (e.g. a login awaiting its ack in `onOpen`). */
  request(options: WsRequestOptions): Promise<WsMessage>;
}

export interface WsTransportOptions {
  /** Resolved before every connection (a signed URL can be fresh each time). */
  url: string | (() => string | Promise<string>);
  venue: string;
  /** Handshake headers, resolved before every connection (timestamped auth headers). Never put in errors. */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** `Sec-WebSocket-Protocol` values, resolved before every connection. */
  protocols?: string[] | (() => string[] | Promise<string[]>);
  /** Default `{ baseDelayMs: 250, maxDelayMs: 10_000 }`. */
  reconnect?: WsReconnectOptions;
  heartbeat?: WsHeartbeatOptions;
  /** A subscribed stream silent this long forces a reconnect. Default: no watchdog. */
  staleAfterMs?: number;
  /** Handshake deadline (default 10_000 ms). */
  connectTimeoutMs?: number;
  /** Proactively reconnect after this long (venues that cut connections at 24 h). */
  maxConnectionAgeMs?: number;
  /** Default timeout of `request` (default 10_000 ms). */
  requestTimeoutMs?: number;
  /** Parses each frame once; the result is `WsMessage.parsed`. A throw drops the frame and emits `error`. */
  parse?: (data: string) => unknown;
  /** Names the subscription a frame belongs to (feeds its staleness watchdog). Without it any frame refreshes every stream. */
  streamKey?: (message: { data: string; parsed: unknown }) => string | undefined;
  /** Extracts a reply's correlation id for `request`. Required to use `request`. */
  correlationId?: (message: { data: string; parsed: unknown }) => string | undefined;
  /** Runs on each new connection before subscriptions are re-sent (login, auth). A throw or rejection drops the connection and retries. */
  onOpen?: (ctx: WsConnectionContext) => void | Promise<void>;
  /** Sees every frame first; return true to consume it (e.g. answer a venue ping) so it is not emitted. */
  onMessage?: (message: WsMessage, ctx: WsConnectionContext) => boolean | undefined;
  /**
   * Largest WebSocket message accepted, in bytes (default 16 MiB). A larger one closes the connection (1009),
   * emits `error` with `PayloadTooLargeError` (the limit and the URL without query in its context), fails pending
   * requests and reconnects.
   */
  maxFrameBytes?: number;
  /** Grace given to a closing handshake before the socket is destroyed (default 1_000 ms). */
  closeTimeoutMs?: number;
}

export type WsState = 'idle' | 'connecting' | 'open' | 'closed';

export interface WsEvents {
  open: { generation: number };
  message: WsMessage;
  /** `willReconnect: false` after `close()` or when `reconnect.maxAttempts` is exhausted. */
  close: { generation: number; code: number; reason: string; willReconnect: boolean };
  /** `generation` is the connection that ended; `attempt` counts consecutive failures (1 = first retry). */
  reconnecting: { generation: number; attempt: number; delayMs: number; reason: string };
  /** `key` is the silent stream. */
  stale: { generation: number; key: string; silentForMs: number };
  error: { generation: number; error: DnError<object> };
}
