import {
  ConfigError,
  createWsTransport,
  type DnError,
  parseJson,
  type ReconnectingWebSocket,
  TransportError,
  VenueRejectedError,
  type WsReconnectOptions,
} from '@dn/core';
import { EXTENDED_VENUE } from '../config.js';
import { parseBookFrame } from './book-frame.js';
import { readStreamEnvelope } from './envelope.js';

/** Connection settings shared by every v1 stream of one client. */
export interface ExtendedStreamSettings {
  /** WS v1 base, e.g. `wss://api.starknet.extended.exchange/stream.extended.exchange/v1`. */
  wsUrl: string;
  userAgent: string;
  apiKey?: string | undefined;
  reconnect?: WsReconnectOptions;
  /** Give up on the first connection after this long (default 15 s); later drops reconnect forever. */
  connectTimeoutMs?: number;
  /** Reports transport problems that do not end the subscription (reconnects, dropped frames). */
  onError?: (error: DnError<object>) => void;
}

/** `{ type?, data, ts, seq, error? }` of a v1 stream message. */
export interface ExtendedStreamEnvelope {
  type?: string | null | undefined;
  status?: string | null | undefined;
  data?: unknown;
  ts?: number | undefined;
  seq?: number | undefined;
  error?: unknown;
}

export interface OpenStreamParameters {
  /** Topic path under the v1 base: `/orderbooks/BTC-USD`, `/account`, … */
  path: string;
  /** Private streams send `X-Api-Key`. */
  auth?: boolean;
  /** Reconnect when the topic is silent this long; `false` for streams that may legitimately be quiet. */
  staleAfterMs: number | false;
  onMessage: (message: ExtendedStreamEnvelope, generation: number) => void;
  /**
   * Called each time a dropped connection is open again (never for the first): messages sent in between are lost,
   * the venue re-sends a topic's snapshot on its own.
   */
  onReconnected?: (generation: number) => void;
}

export interface ExtendedStream {
  readonly transport: ReconnectingWebSocket;
  close(): Promise<void>;
}

/**
 * Opens one v1 topic socket (the path selects the topic; there is no subscribe message) that reconnects with
 * backoff. The server pings every 15 s and the `ws` library answers with pongs; we also ping it so a dead
 * connection is noticed within 25 s. Resolves once the first connection is open.
 * @throws TransportError when the first connection cannot be made within `connectTimeoutMs`.
 */
export async function openStream(settings: ExtendedStreamSettings, p: OpenStreamParameters): Promise<ExtendedStream> {
  if (p.auth && !settings.apiKey) {
    throw new ConfigError([
      { key: 'apiKey', problem: `required for the ${p.path} stream`, expected: 'Extended API key' },
    ]);
  }
  const headers: Record<string, string> = { 'User-Agent': settings.userAgent };
  if (p.auth && settings.apiKey) headers['X-Api-Key'] = settings.apiKey;
  const transport = createWsTransport({
    url: `${settings.wsUrl.replace(/\/+$/, '')}${p.path}`,
    venue: EXTENDED_VENUE,
    headers,
    reconnect: settings.reconnect ?? { baseDelayMs: 250, maxDelayMs: 10_000 },
    heartbeat: { intervalMs: 15_000, timeoutMs: 10_000, protocolPing: true },
    // Book frames (the hot path) have a reader of their own; every other stream is parsed losslessly.
    parse: p.path.startsWith('/orderbooks/') ? parseBookFrame : (text) => parseJson(text, 'string-all'),
  });
  transport.subscribe({ key: p.path, staleAfterMs: p.staleAfterMs });
  transport.on('message', (m) => {
    const env = readStreamEnvelope(m.parsed);
    if (!env) {
      settings.onError?.(new TransportError(`Unreadable ${p.path} message; dropped`, { venue: EXTENDED_VENUE }));
      return;
    }
    const venueError = streamError(env, p.path);
    if (venueError) {
      // An error frame is the venue talking, not a book message out of sequence: report it, never feed it on.
      settings.onError?.(venueError);
      return;
    }
    p.onMessage(env, m.generation);
  });
  if (p.onReconnected) {
    const onReconnected = p.onReconnected;
    let first: number | undefined;
    transport.on('open', ({ generation }) => {
      first ??= generation;
      if (generation !== first) onReconnected(generation);
    });
  }
  if (settings.onError) {
    const report = settings.onError;
    transport.on('error', (e) => report(e.error));
  }
  const timeoutMs = settings.connectTimeoutMs ?? 15_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      transport.connect(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new TransportError(`Could not open the Extended ${p.path} stream within ${timeoutMs} ms`, {
                venue: EXTENDED_VENUE,
                url: `${settings.wsUrl}${p.path}`,
              }),
            ),
          timeoutMs,
        );
      }),
    ]);
  } catch (e) {
    await transport.close();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return { transport, close: () => transport.close() };
}

/**
 * `{"status":"ERROR","error":{code,message}}` (or an `error` string, as the SDK's stream model types it) as a
 * `VenueRejectedError` naming the stream; undefined for a normal frame (`"error": null` included).
 */
export function streamError(env: ExtendedStreamEnvelope, path: string): VenueRejectedError | undefined {
  const flagged = typeof env.status === 'string' && env.status.toUpperCase() === 'ERROR';
  const err = env.error;
  if (!flagged && (err === undefined || err === null)) return undefined;
  let code: string | number | undefined;
  let message: string | undefined;
  if (typeof err === 'string') message = err;
  else if (err && typeof err === 'object') {
    const o = err as { code?: unknown; message?: unknown };
    if (typeof o.code === 'string' || typeof o.code === 'number') {
      code = typeof o.code === 'string' && /^\d+$/.test(o.code) ? Number(o.code) : o.code;
    }
    if (typeof o.message === 'string') message = o.message;
  }
  return new VenueRejectedError(
    `Extended ${path} stream sent an error${code !== undefined ? ` (${code})` : ''}: ${message ?? 'no message'}`,
    {
      venue: EXTENDED_VENUE,
      ...(code !== undefined ? { venueCode: code } : {}),
      ...(message !== undefined ? { venueMessage: message.slice(0, 300) } : {}),
      operation: `stream ${path}`,
    },
  );
}
