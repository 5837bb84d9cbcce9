import { TransportError } from '../errors/index.js';
import { REDACTED } from '../log/redact.js';

/**
 * A failed delivery. Built only from facts that are safe to log: the target name, the URL's origin, the HTTP status
 * and the receiver's own short description, with every known secret string scrubbed out. The underlying error is
 * deliberately not kept as `cause`: fetch errors can carry the full request URL, which holds a Telegram bot token.
 */
export class AlertDeliveryError extends TransportError {
  override name = 'AlertDeliveryError';
  readonly target: string;
  /** 5xx, 429, timeouts and network failures are worth another attempt; a 4xx will fail the same way again. */
  readonly retryable: boolean;
  /** The receiver's requested wait before retrying (429 Retry-After / Telegram `retry_after`), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(
    target: string,
    shortMessage: string,
    context: { url: string; httpStatus?: number },
    options: { retryable: boolean; retryAfterMs?: number; details?: string },
  ) {
    super(shortMessage, { ...context, method: 'POST' }, { details: options.details });
    this.target = target;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface PostJsonOptions {
  /** Target name, for errors. */
  target: string;
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Aborts the request when the alerter closes. */
  signal: AbortSignal;
  /** Strings that must never leave in an error (tokens); scrubbed from every message and detail. */
  secrets: readonly string[];
}

export interface PostJsonResult {
  status: number;
  /** First 2 KB of the response body, scrubbed. */
  text: string;
  retryAfterMs: number | undefined;
}

const MAX_BODY_CHARS = 2_048;

/**
 * POSTs `body` as JSON. Resolves with any HTTP answer (the target judges the status); rejects only with an
 * `AlertDeliveryError` for timeouts, network failures and aborts.
 */
export async function postJson(options: PostJsonOptions): Promise<PostJsonResult> {
  const origin = safeOrigin(options.url);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  let res: Response;
  try {
    res = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(options.body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
      signal,
      redirect: 'error',
    });
  } catch (e) {
    if (options.signal.aborted) {
      throw new AlertDeliveryError(
        options.target,
        `Alert to ${options.target} abandoned: alerter closed`,
        { url: origin },
        { retryable: false },
      );
    }
    const timedOut = timeout.aborted;
    const reason = timedOut ? `no answer within ${options.timeoutMs} ms` : networkReason(e);
    throw new AlertDeliveryError(
      options.target,
      `Alert to ${options.target} failed: ${scrub(reason, options.secrets)}`,
      { url: origin },
      // A timeout may still deliver: an alert seen twice is better than a halt nobody saw.
      { retryable: true },
    );
  }
  let text = '';
  try {
    text = (await res.text()).slice(0, MAX_BODY_CHARS);
  } catch {
    // The status is what matters; a body cut short is not a failed delivery.
  }
  return {
    status: res.status,
    text: scrub(text, options.secrets),
    retryAfterMs: parseRetryAfterSeconds(res.headers.get('retry-after')),
  };
}

/** `https://host:port` of a URL: never its path or query, where webhook and bot tokens live, nor user:password. */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid url)';
  }
}

/** Replaces every occurrence of each secret (and its URL-encoded form) in `text`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join(REDACTED);
  }
  return out;
}

export function parseRetryAfterSeconds(v: string | null | undefined): number | undefined {
  if (v === null || v === undefined || !/^\d+(\.\d+)?$/.test(v.trim())) return undefined;
  return Math.round(Number(v) * 1000);
}

/** The system error code of a failed fetch (ECONNREFUSED, ECONNRESET, …): says what broke without naming the URL. */
function networkReason(e: unknown): string {
  let current: unknown = e;
  for (let i = 0; i < 5 && current; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'network error';
}
