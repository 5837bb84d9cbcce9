import { stringify as losslessStringify } from 'lossless-json';
import {
  DnError,
  InvalidInputError,
  RateLimitError,
  type TransportContext,
  TransportError,
  UnknownOutcomeError,
  VenueRejectedError,
} from '../../errors/index.js';
import { backoffDelay } from '../backoff.js';
import { parseJson } from '../json.js';
import { checkByteLimit, PayloadTooLargeError } from '../payload-limit.js';
import { sleep } from '../sleep.js';
import { createAxiosEngine } from './engines/axios.js';
import { Cancellation, EngineFailure, type EngineResponse, type HttpEngine } from './engines/engine.js';
import { createNodeEngine } from './engines/node.js';
import { createSocketEngine } from './engines/socket.js';
import { failedBeforeSending, networkErrorCode } from './network-error.js';
import { serializeQuery } from './query.js';
import { parseRetryAfter } from './retry-after.js';
import type {
  HttpRequestContext,
  HttpRequestOptions,
  HttpResponse,
  HttpResponseContext,
  HttpRetryOptions,
  HttpTransport,
  HttpTransportOptions,
} from './types.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY: Required<HttpRetryOptions> = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 10_000,
};
/** Venue error bodies go into `venueMessage`; cap them so a HTML error page does not flood logs. */
const MAX_BODY_IN_ERROR = 300;

type AttemptOutcome<T> = { done: true; response: HttpResponse<T> } | { done: false; delayMs: number; reason: Error };

/**
 * HTTP transport for one venue: timeouts, retries only where repeating is safe, rate limiting,
 * per-attempt signing hook and lossless JSON.
 *
 * Failure semantics (what a caller can rely on):
 * - `TransportError`: the request certainly had no effect (not sent, or a retry-safe request that kept failing).
 * - `UnknownOutcomeError`: a non-idempotent request left the process and no definitive answer came
 *   back (timeout, reset, 5xx, unreadable 2xx, abort in flight). It may have executed. Never retried.
 * - `RateLimitError`: 429 not retried (attempts exhausted or `Retry-After` above `maxRetryAfterMs`).
 * - `VenueRejectedError`: a 4xx, or whatever `mapError` returns.
 *
 * @example
 * const http = createHttpTransport({ baseUrl: 'https://api.example.xyz', venue: 'example', retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2000 } });
 * const book = await http.request<Book>({ method: 'GET', path: '/book', query: { symbol: 'BTC' } });
 */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const baseUrl = validateBaseUrl(options);
  const venue = options.venue;
  const retry: Required<HttpRetryOptions> = { ...DEFAULT_RETRY, ...options.retry };
  if (!(retry.maxAttempts >= 1) || !Number.isInteger(retry.maxAttempts)) {
    throw new InvalidInputError('retry.maxAttempts must be an integer >= 1', {
      field: 'retry.maxAttempts',
      value: retry.maxAttempts,
      venue,
    });
  }
  const numbers = options.numbers ?? 'string-unsafe';
  const maxResponseBytes = checkByteLimit(options.maxResponseBytes, 'maxResponseBytes', venue);
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const baseHeaders: Record<string, string> = {
    Accept: 'application/json',
    ...(options.userAgent ? { 'User-Agent': options.userAgent } : {}),
    ...options.headers,
  };
  const engine = createEngine(options);

  async function requestWithResponse<T>(req: HttpRequestOptions): Promise<HttpResponse<T>> {
    const retrySafe = req.method === 'GET' || req.idempotent === true;
    const url = `${baseUrl}${req.path}`;
    const operation = req.operation ?? `${req.method} ${req.path}`;
    const started = performance.now();
    const ctxFor = (attempts: number, httpStatus?: number): TransportContext => ({
      venue,
      method: req.method,
      url,
      attempts,
      ...(httpStatus !== undefined ? { httpStatus } : {}),
    });
    const unknown = (short: string, details: string, cause: unknown): UnknownOutcomeError =>
      new UnknownOutcomeError(
        short,
        {
          venue,
          operation,
          url,
          elapsedMs: Math.round(performance.now() - started),
          ...(req.clientOrderId !== undefined ? { clientOrderId: req.clientOrderId } : {}),
        },
        { details: `${details} The request may have been executed: query the venue before retrying.`, cause },
      );

    let lastReason: Error | undefined;
    for (let attempt = 1; attempt <= retry.maxAttempts; attempt++) {
      if (req.signal?.aborted) {
        throw new TransportError('Request aborted before it was sent', ctxFor(attempt - 1), { cause: lastReason });
      }
      const limiter = options.rateLimiter;
      if (limiter) {
        try {
          // Tokens at hand are taken without awaiting: the request then leaves in the caller's turn, ahead of work
          // the caller queued after it (a quote pass's next steps).
          if (!limiter.tryAcquire?.(req.weight ?? 1)) await limiter.acquire(req.weight ?? 1, req.signal);
        } catch (e) {
          if (e instanceof DnError && !(e instanceof TransportError)) throw e;
          throw new TransportError('Request aborted while waiting for the rate limiter', ctxFor(attempt - 1), {
            cause: e,
          });
        }
      }
      const outcome = await attemptOnce<T>(req, attempt, retrySafe, url, ctxFor, unknown);
      if (outcome.done) return outcome.response;
      lastReason = outcome.reason;
      if (attempt === retry.maxAttempts) throw outcome.reason;
      const slept = await sleep(outcome.delayMs, req.signal);
      if (!slept) {
        throw new TransportError('Request aborted while waiting to retry', ctxFor(attempt), { cause: outcome.reason });
      }
    }
    // Unreachable: the loop either returns or throws on the last attempt.
    throw lastReason ?? new TransportError('Request failed', ctxFor(retry.maxAttempts));
  }

  async function attemptOnce<T>(
    req: HttpRequestOptions,
    attempt: number,
    retrySafe: boolean,
    url: string,
    ctxFor: (attempts: number, httpStatus?: number) => TransportContext,
    unknown: (short: string, details: string, cause: unknown) => UnknownOutcomeError,
  ): Promise<AttemptOutcome<T>> {
    const retryDelay = (): number => backoffDelay(attempt, retry);
    let ctx: HttpRequestContext = {
      venue,
      method: req.method,
      path: req.path,
      query: req.query,
      headers: { ...baseHeaders, ...req.headers },
      body: req.body,
      attempt,
    };
    if (options.onRequest) {
      try {
        ctx = await options.onRequest(ctx);
      } catch (e) {
        if (e instanceof DnError) throw e;
        throw new TransportError('onRequest hook failed; nothing was sent', ctxFor(attempt), { cause: e });
      }
    }
    const data = serializeBody(ctx.body);
    const headers = { ...ctx.headers };
    if (data !== undefined && !hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
    const qs = serializeQuery(ctx.query);
    const fullUrl = `${baseUrl}${ctx.path}${qs ? `?${qs}` : ''}`;

    const cancel = new Cancellation();
    let timedOut = false;
    const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
    const timer = setTimeout(() => {
      timedOut = true;
      cancel.abort();
    }, timeoutMs);
    const onCallerAbort = (): void => cancel.abort();
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });

    let res: EngineResponse;
    try {
      res = await engine.send({
        method: req.method,
        url: fullUrl,
        headers,
        body: data,
        cancel,
        maxResponseBytes,
      });
    } catch (e) {
      // Engines throw nothing else; anything that does is a bug below HTTP, classified as an in-flight failure.
      const failure = e instanceof EngineFailure ? e : new EngineFailure('network', String(e), e);
      const cause = failure.cause;
      const code = networkErrorCode(cause);
      if (failure.kind === 'too-large') {
        const tooLarge = new PayloadTooLargeError(
          { ...ctxFor(attempt), limitBytes: maxResponseBytes, payload: 'http-response' },
          cause !== undefined ? { cause } : {},
        );
        // The venue answered, so it received the request: a non-idempotent one may have acted.
        if (!retrySafe) {
          throw unknown(
            `${req.method} ${req.path} answered with more than ${maxResponseBytes} bytes`,
            'The answer was too large to read.',
            tooLarge,
          );
        }
        throw tooLarge;
      }
      if (failure.kind === 'network' && failedBeforeSending(cause)) {
        return {
          done: false,
          delayMs: retryDelay(),
          reason: new TransportError(`Could not reach ${venue} (${code ?? 'network error'})`, ctxFor(attempt), {
            details: 'The connection failed before the request was sent; nothing reached the venue.',
            cause,
          }),
        };
      }
      const what = timedOut
        ? `timed out after ${timeoutMs} ms`
        : req.signal?.aborted
          ? 'was aborted by the caller in flight'
          : `failed in flight (${code ?? 'network error'})`;
      if (!retrySafe) throw unknown(`${req.method} ${req.path} ${what}`, `The request ${what}.`, cause);
      const reason = new TransportError(`${req.method} ${req.path} ${what}`, ctxFor(attempt), { cause });
      if (req.signal?.aborted) throw reason;
      return { done: false, delayMs: retryDelay(), reason };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }

    const text = res.text;
    let parsed: unknown;
    let parseError: unknown;
    if (text.trim() !== '' && req.responseType !== 'text') {
      try {
        parsed = parseJson(text, numbers);
      } catch (e) {
        parseError = e;
      }
    }
    const response: HttpResponseContext = {
      venue,
      method: req.method,
      path: req.path,
      url,
      attempt,
      status: res.status,
      headers: res.headers,
      text,
      data: req.responseType === 'text' ? text : parsed,
      idempotent: retrySafe,
    };
    try {
      options.onResponse?.(response);
    } catch {
      // An observer must not turn a successful order into a thrown error; it is documented as must-not-throw.
    }

    const status = res.status;
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
      const delayMs = retryAfterMs ?? retryDelay();
      const reason = new RateLimitError(`${venue} rate limit hit (HTTP 429)`, {
        ...ctxFor(attempt, 429),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
      // 429 means "not processed", so even a non-idempotent request may be repeated.
      if (delayMs > retry.maxRetryAfterMs) throw reason;
      return { done: false, delayMs, reason };
    }

    const mapped = options.mapError?.(response);
    if (mapped) throw mapped;

    if (status >= 200 && status < 300) {
      if (parseError !== undefined) {
        const short = `${req.method} ${req.path} returned an unreadable body (HTTP ${status})`;
        if (!retrySafe) throw unknown(short, 'The venue answered success but the body is not valid JSON.', parseError);
        throw new TransportError(short, ctxFor(attempt, status), { cause: parseError });
      }
      return {
        done: true,
        response: { status, headers: response.headers, text, data: response.data as T, attempts: attempt },
      };
    }
    if (status >= 500 || status === 408) {
      const short = `${venue} answered HTTP ${status} to ${req.method} ${req.path}`;
      if (!retrySafe) throw unknown(short, `HTTP ${status} does not say whether the request was executed.`, undefined);
      return { done: false, delayMs: retryDelay(), reason: new TransportError(short, ctxFor(attempt, status)) };
    }
    if (status >= 400) {
      throw new VenueRejectedError(`${venue} rejected ${req.method} ${req.path} (HTTP ${status})`, {
        venue,
        httpStatus: status,
        venueMessage: truncate(text),
        operation: req.operation ?? `${req.method} ${req.path}`,
        ...(req.clientOrderId !== undefined ? { clientOrderId: req.clientOrderId } : {}),
      });
    }
    throw new TransportError(`Unexpected HTTP ${status} from ${venue}`, ctxFor(attempt, status), {
      details: 'Redirects are not followed (a POST must not be replayed elsewhere). Check baseUrl.',
    });
  }

  return {
    venue,
    baseUrl,
    requestWithResponse,
    async request<T>(req: HttpRequestOptions): Promise<T> {
      return (await requestWithResponse<T>(req)).data;
    },
  };
}

function createEngine(options: HttpTransportOptions): HttpEngine {
  const engine = options.engine ?? 'axios';
  if (engine === 'axios') return createAxiosEngine();
  if (engine === 'node') return createNodeEngine();
  if (engine === 'socket') return createSocketEngine();
  throw new InvalidInputError("engine must be 'axios', 'node' or 'socket'", {
    field: 'engine',
    value: engine,
    venue: options.venue,
  });
}

function validateBaseUrl(options: HttpTransportOptions): string {
  try {
    const u = new URL(options.baseUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new InvalidInputError('baseUrl must be an absolute http(s) URL', {
      field: 'baseUrl',
      value: options.baseUrl,
      venue: options.venue,
    });
  }
  return options.baseUrl.replace(/\/+$/, '');
}

function serializeBody(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  return losslessStringify(body);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

function truncate(text: string): string {
  return text.length > MAX_BODY_IN_ERROR ? `${text.slice(0, MAX_BODY_IN_ERROR)}…` : text;
}
