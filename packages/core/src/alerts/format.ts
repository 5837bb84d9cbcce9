import { type AlertEvent, alertMessageLine, alertWhere } from './event.js';

/** Telegram's limit for one message, in characters. */
export const TELEGRAM_MAX_TEXT = 4_096;
const MAX_DETAIL_LINES = 12;
const MAX_DETAIL_CHARS = 200;

/** JSON body of a webhook delivery. Field names are part of the public contract: add, never rename. */
export interface AlertWebhookPayload {
  kind: AlertEvent['kind'];
  severity: AlertEvent['severity'];
  app: string;
  venue: string | null;
  symbol: string | null;
  /** The caller's one-line message, without the repeat suffix. */
  message: string;
  /** Human-readable form (the same text a chat target shows). */
  text: string;
  /** Occurrences this delivery stands for (1, or N for a "(×N)" repeat summary). */
  count: number;
  /** ISO-8601 UTC time of the (last) occurrence. */
  time: string;
  details: Record<string, unknown>;
}

export function toWebhookPayload(e: AlertEvent): AlertWebhookPayload {
  return {
    kind: e.kind,
    severity: e.severity,
    app: e.app,
    venue: e.venue ?? null,
    symbol: e.symbol ?? null,
    message: e.message,
    text: formatAlertText(e),
    count: e.count,
    time: new Date(e.timeMs).toISOString(),
    details: e.details ?? {},
  };
}

/**
 * Plain text for a chat: a header (severity, app, kind, where), the message, then one `key: value` line per detail.
 * Plain rather than Markdown so a `_` or `*` in a symbol or reason cannot break the message.
 */
export function formatAlertText(e: AlertEvent): string {
  const where = alertWhere(e);
  const header = [`[${e.severity.toUpperCase()}] ${e.app}`, e.kind, where].filter((x) => x !== '').join(' · ');
  const lines = [header, alertMessageLine(e)];
  const entries = Object.entries(e.details ?? {}).filter(([, v]) => v !== undefined);
  for (const [k, v] of entries.slice(0, MAX_DETAIL_LINES)) lines.push(`${k}: ${clip(detailText(v), MAX_DETAIL_CHARS)}`);
  if (entries.length > MAX_DETAIL_LINES) lines.push(`… ${entries.length - MAX_DETAIL_LINES} more`);
  return clip(lines.join('\n'), TELEGRAM_MAX_TEXT);
}

function detailText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
