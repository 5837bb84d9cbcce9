import type { DnError } from '../../errors/index.js';
import type { BackoffOptions } from '../backoff.js';
import type { JsonNumberMode } from '../json.js';
import type { RateLimiter } from '../rate-limiter.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Query values; `undefined` entries are skipped, arrays repeat the key (`a=1&a=2`). */
export type QueryValue = string | number | boolean | bigint | undefined;
export type HttpQuery = Record<string, QueryValue | readonly QueryValue[]>;

export interface HttpRetryOptions extends BackoffOptions {
  /** Total attempts including the first (1 = never retry). */
  maxAttempts: number;
  /**
   * Longest `Retry-After` the transport will sleep through on a 429 (default 10_000 ms). A longer one
   * throws `RateLimitError` with `retryAfterMs` so the caller decides (a stale order should not wait a minute).
   */
  maxRetryAfterMs?: number;
}

/**
 * What is about to be sent, handed to `onRequest` before EVERY attempt (so a timestamped signature
 * is fresh on each retry). Return a (possibly new) context; the transport sends exactly what it
 * returns. `body` that is a string is sent verbatim (sign the exact bytes by serialising yourself);
 * any other value is serialised as JSON (bigint as a bare integer).
 */
export interface HttpRequestContext {
  readonly venue: string;
  readonly method: HttpMethod;
  /** Path relative to `baseUrl`, e.g. `/api/v1/orders`. */
  path: string;
  query: HttpQuery | undefined;
  headers: Record<string, string>;
  body: unknown;
  /** 1-based attempt number. */
  readonly attempt: number;
}

/** A received HTTP response, given to `onResponse` and `mapError`. */
export interface HttpResponseContext {
  readonly venue: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** `baseUrl + path` without the query string (queries may carry signatures). */
  readonly url: string;
  readonly attempt: number;
  readonly status: number;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** Raw body text, exactly as received. */
  readonly text: string;
  /** Body parsed with the transport's number mode; `undefined` if empty or not JSON. */
  readonly data: unknown;
  /** True when the request was retry-safe (GET or flagged idempotent). */
  readonly idempotent: boolean;
}

export interface HttpTransportOptions {
  /** e.g. `https://api.venue.xyz/api/v1` (no trailing slash needed). */
  baseUrl: string;
  /** Venue name for error context. */
  venue: string;
  /** Deadline of one attempt from start to full body, in ms (default 10_000). */
  timeoutMs?: number;
  retry?: HttpRetryOptions;
  /** Consumed (`weight` tokens, default 1) before every attempt, retries included. */
  rateLimiter?: RateLimiter;
  onRequest?: (ctx: HttpRequestContext) => HttpRequestContext | Promise<HttpRequestContext>;
  /** Observes every response (clock skew from `Date`, rate-limit headers, metrics). Must not throw. */
  onResponse?: (res: HttpResponseContext) => void;
  /**
   * Turns a venue error envelope into an error (typically `VenueRejectedError` with the venue code).
   * Called for every response except 429, 2xx included (some venues answer 200 with an error body).
   * Return `undefined` to let the transport apply its status rules. The error is thrown as is, never retried.
   */
  mapError?: (res: HttpResponseContext) => DnError<object> | undefined;
  /** Number handling of response bodies (default `'string-unsafe'`). */
  numbers?: JsonNumberMode;
  /**
   * Largest response body read, in bytes after decompression (default 16 MiB). Beyond it the call fails with
   * `PayloadTooLargeError` (`UnknownOutcomeError` caused by it for a non-idempotent request), never retried.
   */
  maxResponseBytes?: number;
  /** Sent with every request (per-request headers override). Values never appear in errors. */
  headers?: Record<string, string>;
  userAgent?: string;
  /**
   * What sends the bytes (default `'axios'`). `'node'`: `node:http` / `node:https` directly with a keep-alive agent
   * owned by this transport, about 0.5 ms less CPU per request with cold caches (the latency-critical order path).
   * It asks for an uncompressed answer (`Accept-Encoding: identity` unless given) and still decodes gzip, deflate
   * and br. `'socket'`: HTTP/1.1 written directly on a kept-alive `net` / `tls` socket (no `ClientRequest`, one
   * write per request), the leanest of the three; same request headers and decoding as `'node'`. Same failure
   * semantics, limits and hooks whichever engine.
   */
  engine?: HttpEngineName;
}

/** The HTTP client under a transport. */
export type HttpEngineName = 'axios' | 'node' | 'socket';

export interface HttpRequestOptions {
  method: HttpMethod;
  /** Path relative to `baseUrl`, starting with `/`. */
  path: string;
  query?: HttpQuery;
  body?: unknown;
  /** Rate limiter tokens this endpoint costs per attempt (default 1). */
  weight?: number;
  /**
   * Declares that repeating this request cannot act twice (e.g. an order with a client id the venue
   * deduplicates). GET is always treated as idempotent. Non-idempotent requests are never retried
   * once they may have reached the venue.
   */
  idempotent?: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Overrides the transport's `timeoutMs` for this request. */
  timeoutMs?: number;
  /** `'json'` (default) parses the body; `'text'` returns the raw text. */
  responseType?: 'json' | 'text';
  /** Names the action in `UnknownOutcomeError.context.operation` (default `METHOD path`). */
  operation?: string;
  /** Copied into `UnknownOutcomeError.context.clientOrderId` so the caller can look the order up. */
  clientOrderId?: string;
}

export interface HttpResponse<T> {
  status: number;
  headers: Readonly<Record<string, string>>;
  text: string;
  data: T;
  /** Attempts made, the successful one included. */
  attempts: number;
}

export interface HttpTransport {
  readonly venue: string;
  readonly baseUrl: string;
  /** Sends the request and returns the parsed body (or text with `responseType: 'text'`). */
  request<T = unknown>(options: HttpRequestOptions): Promise<T>;
  /** Same as `request`, with status, headers and raw text. */
  requestWithResponse<T = unknown>(options: HttpRequestOptions): Promise<HttpResponse<T>>;
}
