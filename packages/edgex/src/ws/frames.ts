import { parseJson, type WsConnectionContext, type WsMessage } from '@dn/core';
import { wsPingSchema } from '../wire.js';

/** Frames are parsed with every number kept as its text (prices and ids stay exact). */
export function parseFrame(data: string): unknown {
  return parseJson(data, 'string-all');
}

/**
 * Answers the venue's `{"type":"ping","time":…}` with `{"type":"pong","time":…}` (same time): edgeX closes a
 * connection after 5 unanswered pings. Our own pings' `pong` echoes are consumed too. Returns true when consumed.
 */
export function answerPing(message: WsMessage, ctx: WsConnectionContext): boolean {
  const ping = wsPingSchema.safeParse(message.parsed);
  if (ping.success) {
    try {
      ctx.send(JSON.stringify({ type: 'pong', time: String(ping.data.time) }));
    } catch {
      // The socket closed in between; the transport reconnects.
    }
    return true;
  }
  const type = (message.parsed as { type?: unknown } | null)?.type;
  return type === 'pong';
}

/** Our keep-alive ping, as the SDKs send it every 30 s. */
export function pingFrame(): string {
  return JSON.stringify({ type: 'ping', time: String(Date.now()) });
}
