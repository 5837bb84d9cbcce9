import {
  createWsTransport,
  type DnError,
  type ReconnectingWebSocket,
  type Subscription,
  TransportError,
  VenueRejectedError,
  type WsReconnectOptions,
} from '@dn/core';
import type { EdgexAuth } from '../auth.js';
import { signV1WsAuth } from '../signing/v1-request.js';
import { signV2WsAuth } from '../signing/v2-request.js';
import { type EdgexWsTradeEvent, wsErrorSchema, wsTradeEventSchema } from '../wire.js';
import { answerPing, parseFrame, pingFrame } from './frames.js';

export interface EdgexAccountWsOptions {
  wsUrl: string;
  auth: EdgexAuth;
  /** Server-synced time in ms for the handshake signature. */
  now: () => number;
  reconnect?: WsReconnectOptions;
  onError?: (error: DnError<object>) => void;
  /**
   * Once per connection, when the venue has accepted it: its `connected` frame or, failing that, its first
   * trade-event (the Snapshot). Called before that Snapshot is delivered.
   */
  onReady?: (generation: number) => void;
}

interface Handshake {
  url: string;
  headers: Record<string, string>;
  protocols: string[];
}

/** RFC 6455 subprotocol token characters (what `ws` and browsers accept). */
const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`|a-z~]+$/;

/**
 * The official V2 clients (python `ws/client.py`, Go `configureHMACPrivateConnection`) also send the auth headers as
 * one subprotocol: base64 of their JSON, padding stripped. Standard base64 may contain `/`, which is not a token
 * character: `ws` refuses to send such a value (python's client sends it anyway), so then only the headers, which
 * carry the same signature, authenticate. The python client checks that the server echoes the protocol, so a
 * server that accepts it echoes it and `ws`'s own echo check passes.
 */
export function wsProtocolToken(base64Json: string): string[] {
  return TOKEN.test(base64Json) ? [base64Json] : [];
}

/**
 * The private account stream `/api/v1/private/ws?accountId=…`, authenticated in the handshake (fresh signature
 * per connection): V1 Stark headers, or V2 HMAC headers with `timestamp` in the query. There is no subscribe: the
 * venue sends `connected`, a `Snapshot` trade-event, then incremental events. After a reconnect the new snapshot
 * is the truth.
 */
export class EdgexAccountWs {
  private readonly ws: ReconnectingWebSocket;
  private lastAuth: Handshake | undefined;

  constructor(options: EdgexAccountWsOptions, onEvent: (event: EdgexWsTradeEvent['content']) => void) {
    const base = options.wsUrl.replace(/\/+$/, '');
    const handshake = (): Handshake => {
      const timestamp = Math.floor(options.now());
      const { auth } = options;
      if (auth.version === 'v2') {
        const signed = signV2WsAuth({ timestamp, accountId: auth.accountId }, auth.credentials);
        return {
          url: `${base}${signed.pathWithQuery}`,
          headers: { ...signed.headers },
          protocols: wsProtocolToken(signed.secWebSocketProtocol),
        };
      }
      const signed = signV1WsAuth({ timestamp, accountId: auth.accountId }, auth.credentials.starkPrivateKey);
      return { url: `${base}${signed.pathWithQuery}`, headers: { ...signed.headers }, protocols: [] };
    };
    this.ws = createWsTransport({
      url: () => {
        this.lastAuth = handshake();
        return this.lastAuth.url;
      },
      // Called right after `url` for the same connection: all three come from one signature.
      headers: () => this.lastAuth?.headers ?? handshake().headers,
      protocols: () => this.lastAuth?.protocols ?? [],
      venue: 'edgex',
      parse: parseFrame,
      heartbeat: { intervalMs: 30_000, message: pingFrame, timeoutMs: 15_000 },
      ...(options.reconnect ? { reconnect: options.reconnect } : {}),
      onMessage: (m, ctx) => answerPing(m, ctx),
    });
    let readyGeneration = 0;
    this.ws.on('message', (m) => {
      const type = (m.parsed as { type?: unknown } | null)?.type;
      if ((type === 'connected' || type === 'trade-event') && m.generation !== readyGeneration) {
        readyGeneration = m.generation;
        options.onReady?.(m.generation);
      }
      const ev = wsTradeEventSchema.safeParse(m.parsed);
      if (ev.success) {
        onEvent(ev.data.content);
        return;
      }
      if (type === 'trade-event' && options.onError) {
        // Never dropped silently: an account event we cannot read may carry a fill or a position change.
        options.onError(
          new TransportError(
            'edgeX private stream trade-event has an unexpected shape; dropped',
            { venue: 'edgex' },
            { cause: ev.error },
          ),
        );
        return;
      }
      const err = wsErrorSchema.safeParse(m.parsed);
      if (err.success && options.onError) {
        const code = err.data.content?.code;
        const msg = err.data.content?.msg;
        options.onError(
          new VenueRejectedError(`edgeX private stream error ${code ?? ''}`.trim(), {
            venue: 'edgex',
            operation: 'privateWs',
            ...(code !== undefined ? { venueCode: code } : {}),
            ...(msg !== undefined ? { venueMessage: msg } : {}),
          }),
        );
      }
    });
    if (options.onError) {
      const onError = options.onError;
      this.ws.on('error', (e) => onError(e.error));
    }
    // Registered without a subscribe frame so it is part of the reconnect bookkeeping.
    this.ws.subscribe({ key: 'account', staleAfterMs: false });
  }

  get transport(): ReconnectingWebSocket {
    return this.ws;
  }

  async start(): Promise<Subscription> {
    await this.ws.connect();
    return { unsubscribe: () => this.close() };
  }

  close(): Promise<void> {
    return this.ws.close();
  }
}
