import { createWsTransport, parseJson, type ReconnectingWebSocket, type WsMessage } from '@dn/core';

/** An inbound frame: `type` is `connected`, `ping`, `subscribed/<family>`, `update/<family>`, `error`, … */
export interface LighterFrame {
  type?: string;
  /** `order_book:1`, `account_all:42` (inbound channels use `:`). */
  channel?: string;
  [key: string]: unknown;
}

export interface LighterStreamOptions {
  /** Full URL, e.g. `wss://mainnet.zklighter.elliot.ai/stream`. */
  url: string;
  /** App-level ping period (the server drops connections idle for 2 min; Python pings every 30 s). */
  pingIntervalMs?: number;
  /** A channel silent this long forces a reconnect (default: none; order books use their own). */
  staleAfterMs?: number;
  /** Frames no subscription claims (e.g. `{"type":"error"}` without a channel after a refused subscribe). */
  onUnrouted?: (frame: LighterFrame) => void;
}

export interface ChannelHandler {
  /** Called for every frame of the channel (snapshot and updates), with the generation it arrived on. */
  onFrame(frame: LighterFrame, message: WsMessage): void;
  /** Called when the connection drops (before the resubscribe's snapshot). */
  onDisconnect?(): void;
}

/** Outbound channel keys use `/`, inbound `:`; both map to the `/` form here. */
export function channelKey(channel: string): string {
  return channel.replaceAll(':', '/');
}

/**
 * One `/stream` connection shared by every subscription of a client: answers server pings, pings itself, routes
 * frames by channel and re-sends subscriptions (with a fresh auth token) after every reconnect.
 */
export class LighterStream {
  readonly ws: ReconnectingWebSocket;
  private readonly handlers = new Map<string, ChannelHandler>();

  constructor(options: LighterStreamOptions) {
    this.ws = createWsTransport({
      url: options.url,
      venue: 'lighter',
      heartbeat: {
        intervalMs: options.pingIntervalMs ?? 30_000,
        message: () => '{"type":"ping"}',
        timeoutMs: 20_000,
      },
      ...(options.staleAfterMs !== undefined ? { staleAfterMs: options.staleAfterMs } : {}),
      parse: (data) => parseJson(data, 'string-all'),
      streamKey: ({ parsed }) => {
        const ch = (parsed as LighterFrame | undefined)?.channel;
        return typeof ch === 'string' ? channelKey(ch) : undefined;
      },
      onMessage: (message, ctx) => {
        const frame = message.parsed as LighterFrame;
        if (frame?.type === 'ping') {
          ctx.send('{"type":"pong"}');
          return true;
        }
        return frame?.type === 'pong' || frame?.type === 'connected';
      },
    });
    this.ws.on('message', (m) => {
      const frame = m.parsed as LighterFrame;
      const key = m.streamKey;
      const handler = key === undefined ? undefined : this.handlers.get(key);
      if (handler) handler.onFrame(frame, m);
      else if (frame?.type !== 'unsubscribed') options.onUnrouted?.(frame);
    });
    this.ws.on('close', () => {
      for (const h of this.handlers.values()) h.onDisconnect?.();
    });
  }

  /**
   * Subscribes `channel` (e.g. `order_book/1`); `auth` is called on every (re)subscribe so the token is fresh.
   * Resolves once connected.
   */
  async subscribe(
    channel: string,
    handler: ChannelHandler,
    options: { auth?: () => string; staleAfterMs?: number | false } = {},
  ): Promise<void> {
    this.handlers.set(channel, handler);
    this.ws.subscribe({
      key: channel,
      subscribeMessage: () =>
        JSON.stringify({ type: 'subscribe', channel, ...(options.auth ? { auth: options.auth() } : {}) }),
      unsubscribeMessage: () => JSON.stringify({ type: 'unsubscribe', channel }),
      ...(options.staleAfterMs !== undefined ? { staleAfterMs: options.staleAfterMs } : {}),
    });
    await this.ws.connect();
  }

  /** Unsubscribes then subscribes again on the same connection (Lighter's resync after an order-book gap). */
  resubscribe(channel: string, options: { auth?: () => string } = {}): void {
    const handler = this.handlers.get(channel);
    if (!handler) return;
    this.ws.unsubscribe(channel);
    this.ws.subscribe({
      key: channel,
      subscribeMessage: () =>
        JSON.stringify({ type: 'subscribe', channel, ...(options.auth ? { auth: options.auth() } : {}) }),
      unsubscribeMessage: () => JSON.stringify({ type: 'unsubscribe', channel }),
    });
  }

  unsubscribe(channel: string): void {
    this.handlers.delete(channel);
    this.ws.unsubscribe(channel);
  }

  get size(): number {
    return this.handlers.size;
  }

  close(): Promise<void> {
    this.handlers.clear();
    return this.ws.close();
  }
}
