import {
  ConfigError,
  createHttpTransport,
  type DnError,
  type HttpEngineName,
  type HttpMethod,
  type HttpQuery,
  type HttpRetryOptions,
  type HttpTransport,
  type RateLimiter,
  TransportError,
  UnknownOutcomeError,
} from '@dn/core';
import { z } from 'zod';
import { EXTENDED_DEFAULT_RETRY, EXTENDED_VENUE } from './config.js';
import { mapExtendedError } from './errors.js';
import { describeIssues, envelopeOf } from './wire.js';

/** What every endpoint function needs: the transport and the API key of private endpoints. */
export interface ExtendedRestContext {
  readonly http: HttpTransport;
  /** Carries order placement and cancellation when given (the lean `node` engine); `http` otherwise. */
  readonly orderHttp?: HttpTransport | undefined;
  readonly apiKey: string | undefined;
  /** Rows left out of an answer because they could not be read (each names the field); the call still succeeds. */
  readonly onIssue?: ((issue: DnError<object>) => void) | undefined;
}

export interface CreateExtendedHttpParameters {
  /** REST base including `/api/v1`. */
  restUrl: string;
  userAgent: string;
  timeoutMs?: number;
  rateLimiter?: RateLimiter;
  /** Replaces `EXTENDED_DEFAULT_RETRY` (fields left out keep their default). */
  retry?: HttpRetryOptions;
  /** Largest answer read, bytes (default: the core transport's 16 MiB). */
  maxResponseBytes?: number;
  /** HTTP client under the transport (default: the core transport's, axios). */
  engine?: HttpEngineName;
}

/**
 * HTTP transport for Extended: `User-Agent` on every request (mandatory), lossless JSON (19-digit ids, exact
 * decimals), the venue's error envelope mapped to `VenueRejectedError` with the venue code.
 */
export function createExtendedHttp(p: CreateExtendedHttpParameters): HttpTransport {
  return createHttpTransport({
    baseUrl: p.restUrl,
    venue: EXTENDED_VENUE,
    userAgent: p.userAgent,
    // The official SDK sends both on every request (x10/utils/http.py).
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    numbers: 'string-all',
    ...(p.timeoutMs !== undefined ? { timeoutMs: p.timeoutMs } : {}),
    ...(p.rateLimiter ? { rateLimiter: p.rateLimiter } : {}),
    retry: { ...EXTENDED_DEFAULT_RETRY, ...p.retry },
    mapError: mapExtendedError,
    ...(p.maxResponseBytes !== undefined ? { maxResponseBytes: p.maxResponseBytes } : {}),
    ...(p.engine ? { engine: p.engine } : {}),
  });
}

/**
 * The client's REST transports, sharing every setting and the rate limiter: `http` (axios) for everything, and
 * `orderHttp` on `orderEngine` for order placement and cancellation, unless that is axios too.
 */
export function createExtendedTransports(p: CreateExtendedHttpParameters & { orderEngine: HttpEngineName }): {
  http: HttpTransport;
  orderHttp: HttpTransport | undefined;
} {
  const { orderEngine, ...shared } = p;
  const http = createExtendedHttp(shared);
  // The HTTP stack is the largest share of tick-to-order latency; the general transport stays on axios.
  const orderHttp = orderEngine === 'axios' ? undefined : createExtendedHttp({ ...shared, engine: orderEngine });
  return { http, orderHttp };
}

/** The context order placement and cancellation go through: `orderHttp` when the client has one. */
export function orderContext(ctx: ExtendedRestContext): ExtendedRestContext {
  return ctx.orderHttp ? { ...ctx, http: ctx.orderHttp } : ctx;
}

export interface CallParameters<S extends z.ZodType> {
  method: HttpMethod;
  path: string;
  query?: HttpQuery;
  body?: unknown;
  /** Sends `X-Api-Key`; refuses to send without one. */
  auth?: boolean;
  /** Schema of `data`. */
  schema: S;
  /** The venue may answer with an empty body (PATCH, dead man's switch): that is success. */
  allowEmpty?: boolean;
  /** Safe to repeat (GET always is). */
  idempotent?: boolean;
  operation: string;
  clientOrderId?: string;
  timeoutMs?: number;
}

export interface CallResult<T> {
  data: T;
  /** Cursor of the next (older) page, when the venue paginates. */
  cursor: string | undefined;
}

/**
 * One REST call: headers, envelope unwrapping, payload validation. A body that cannot be read after the venue
 * answered success is `UnknownOutcomeError` for a non-idempotent call (it may have acted) and `TransportError`
 * otherwise.
 */
export async function call<S extends z.ZodType>(
  ctx: ExtendedRestContext,
  p: CallParameters<S>,
): Promise<CallResult<z.output<S>>> {
  const headers: Record<string, string> = {};
  if (p.auth) {
    if (!ctx.apiKey) {
      throw new ConfigError([
        { key: 'apiKey', problem: `required for ${p.operation} (private endpoint)`, expected: 'Extended API key' },
      ]);
    }
    headers['X-Api-Key'] = ctx.apiKey;
  }
  const res = await ctx.http.requestWithResponse<unknown>({
    method: p.method,
    path: p.path,
    ...(p.query ? { query: p.query } : {}),
    ...(p.body !== undefined ? { body: p.body } : {}),
    headers,
    operation: p.operation,
    ...(p.idempotent ? { idempotent: true } : {}),
    ...(p.clientOrderId !== undefined ? { clientOrderId: p.clientOrderId } : {}),
    ...(p.timeoutMs !== undefined ? { timeoutMs: p.timeoutMs } : {}),
  });
  const retrySafe = p.method === 'GET' || p.idempotent === true;
  if (res.text.trim() === '') {
    if (p.allowEmpty) return { data: p.schema.parse(undefined) as z.output<S>, cursor: undefined };
    throw unreadable(ctx, p, retrySafe, 'empty body');
  }
  const env = envelopeOf(res.data);
  if (!env) throw unreadable(ctx, p, retrySafe, 'not an Extended envelope');
  const parsed = p.schema.safeParse(env.data);
  if (!parsed.success) {
    throw unreadable(ctx, p, retrySafe, describeIssues(parsed.error));
  }
  const cursor = env.pagination?.cursor;
  return {
    data: parsed.data as z.output<S>,
    cursor: cursor === undefined || cursor === null ? undefined : String(cursor),
  };
}

function unreadable<S extends z.ZodType>(
  ctx: ExtendedRestContext,
  p: CallParameters<S>,
  retrySafe: boolean,
  why: string,
): DnError<object> {
  const short = `Unreadable answer to ${p.operation}: ${why.slice(0, 300)}`;
  if (!retrySafe) {
    return new UnknownOutcomeError(short, {
      venue: EXTENDED_VENUE,
      operation: p.operation,
      url: `${ctx.http.baseUrl}${p.path}`,
      ...(p.clientOrderId !== undefined ? { clientOrderId: p.clientOrderId } : {}),
    });
  }
  return new TransportError(short, { venue: EXTENDED_VENUE, method: p.method, url: `${ctx.http.baseUrl}${p.path}` });
}

function getter(auth: boolean) {
  return <S extends z.ZodType>(
    ctx: ExtendedRestContext,
    operation: string,
    path: string,
    schema: S,
    query?: HttpQuery,
  ): Promise<CallResult<z.output<S>>> => call(ctx, { method: 'GET', path, query, auth, schema, operation });
}

/** A GET of the public API: the validated `data`, and the next page's cursor when the venue pages. */
export const publicGet = getter(false);
/** A GET of the private API (sends the API key). */
export const privateGet = getter(true);

/** A private write whose answer has nothing to validate: `data: {}` and an empty body both mean done. */
export async function privateWrite(
  ctx: ExtendedRestContext,
  p: Omit<CallParameters<z.ZodUnknown>, 'auth' | 'schema' | 'allowEmpty'>,
): Promise<unknown> {
  return (await call(ctx, { ...p, auth: true, schema: z.unknown(), allowEmpty: true })).data;
}

/** Path segment: market names and ids never contain a slash, but encode anyway. */
export function seg(v: string): string {
  return encodeURIComponent(v);
}
