import {
  createHttpTransport,
  type HttpQuery,
  type HttpRequestContext,
  type HttpRetryOptions,
  type HttpTransport,
  type RateLimiter,
  TransportError,
  UnknownOutcomeError,
} from '@dn/core';
import type { z } from 'zod';
import type { EdgexApiVersion, EdgexAuth } from '../auth.js';
import { EDGEX_VENUE } from '../config.js';
import { mapEdgexError } from '../errors.js';
import type { JsonObject } from '../signing/serialize.js';
import { signV1Request } from '../signing/v1-request.js';
import { signV2Request } from '../signing/v2-request.js';
import { envelopeSchema } from '../wire.js';

/** Query values: strings, lists (sent comma-joined, as edgeX's `filter*List` parameters expect) or absent. */
export type EdgexQuery = Record<string, string | readonly string[] | undefined>;

export interface EdgexHttpOptions {
  /** REST host, e.g. `https://edgex-prod-v2.edgex.exchange` (paths carry `/api/<version>/…`). */
  restUrl: string;
  apiVersion: EdgexApiVersion;
  auth?: EdgexAuth;
  /** Time for request timestamps, ms (server-synced by the client). */
  now: () => number;
  timeoutMs?: number;
  retry?: HttpRetryOptions;
  /** Client-side limiter of every request; absent or `false`: none. */
  rateLimiter?: RateLimiter | false;
  userAgent?: string;
}

export interface EdgexPostOptions {
  /** Names the action in errors (`createOrder`, `cancelOrderById`, …). */
  operation: string;
  clientOrderId?: string;
  /** Only for requests that cannot act twice. Orders are never retried once they may have reached the venue. */
  idempotent?: boolean;
}

/**
 * The edgeX REST layer: `/api/{v1|v2}/{public|private}/…` paths, the `{code, data, msg}` envelope, and request
 * authentication on every attempt (fresh timestamp): V2 HMAC headers or V1 Stark signature headers.
 * Queries are sent and signed raw (commas unencoded, see edgex.md §3.1); bodies are sent as the exact JSON text
 * whose flattened form was signed.
 */
export class EdgexHttp {
  readonly apiVersion: EdgexApiVersion;
  private readonly transport: HttpTransport;
  private readonly auth: EdgexAuth | undefined;

  constructor(private readonly options: EdgexHttpOptions) {
    this.apiVersion = options.apiVersion;
    this.auth = options.auth;
    this.transport = createHttpTransport({
      baseUrl: options.restUrl,
      venue: EDGEX_VENUE,
      numbers: 'string-all',
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      onRequest: (ctx) => this.prepare(ctx),
      mapError: mapEdgexError,
    });
  }

  /** `/api/<version>/public/<rest>`. */
  publicPath(rest: string): string {
    return `/api/${this.apiVersion}/public/${rest}`;
  }

  /** `/api/<version>/private/<rest>`. */
  privatePath(rest: string): string {
    return `/api/${this.apiVersion}/private/${rest}`;
  }

  /** The authenticated account id, undefined for a public-only client. */
  get accountId(): string | undefined {
    return this.auth?.accountId;
  }

  /** GET, envelope unwrapped, `data` validated. Retried on 429 / 5xx / network errors (reads are safe). */
  async get<S extends z.ZodType>(path: string, query: EdgexQuery, schema: S): Promise<z.infer<S>> {
    const raw = await this.transport.request<unknown>({
      method: 'GET',
      path,
      query: toHttpQuery(query),
      operation: `GET ${path}`,
    });
    return unwrap(raw, schema, { method: 'GET', path, operation: `GET ${path}` });
  }

  /**
   * POST with a JSON body of strings, booleans, nulls and lists (numbers must be strings: they are signed).
   * A timeout or 5xx after sending → `UnknownOutcomeError`; a non-SUCCESS envelope → `VenueRejectedError`.
   */
  async post<S extends z.ZodType>(
    path: string,
    body: JsonObject,
    schema: S,
    options: EdgexPostOptions,
  ): Promise<z.infer<S>> {
    const raw = await this.transport.request<unknown>({
      method: 'POST',
      path,
      body,
      operation: options.operation,
      ...(options.clientOrderId !== undefined ? { clientOrderId: options.clientOrderId } : {}),
      ...(options.idempotent ? { idempotent: true } : {}),
    });
    return unwrap(raw, schema, {
      method: 'POST',
      path,
      operation: options.operation,
      clientOrderId: options.clientOrderId,
    });
  }

  private prepare(ctx: HttpRequestContext): HttpRequestContext {
    const query = rawQuery(ctx.query);
    const qs = encodeRawQuery(query);
    const body = ctx.body as JsonObject | undefined;
    const headers = { ...ctx.headers };
    if (ctx.path.includes('/private/')) {
      const auth = this.auth;
      if (!auth) {
        throw new TransportError('edgeX private endpoint called without credentials; nothing was sent', {
          venue: EDGEX_VENUE,
          method: ctx.method,
        });
      }
      const request = {
        timestamp: Math.floor(this.options.now()),
        method: ctx.method as 'GET' | 'POST',
        path: ctx.path,
        ...(qs ? { query } : {}),
        ...(body !== undefined ? { body } : {}),
      };
      const signed =
        auth.version === 'v2'
          ? signV2Request(request, auth.credentials).headers
          : signV1Request(request, auth.credentials.starkPrivateKey).headers;
      Object.assign(headers, signed);
    }
    return {
      ...ctx,
      path: qs ? `${ctx.path}?${qs}` : ctx.path,
      query: undefined,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    };
  }
}

function toHttpQuery(query: EdgexQuery): HttpQuery {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (typeof v === 'string') out[k] = v;
    else if (v.length > 0) out[k] = v.join(',');
  }
  return out;
}

function rawQuery(query: HttpQuery | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * `k=v&…` in key order, percent-encoded except commas: the python SDK sends list filters with raw commas and signs
 * them raw; the signature covers the decoded values, so what is sent must decode to exactly those.
 */
export function encodeRawQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(query[k] as string).replace(/%2C/gi, ',')}`)
    .join('&');
}

function unwrap<S extends z.ZodType>(
  raw: unknown,
  schema: S,
  req: { method: 'GET' | 'POST'; path: string; operation: string; clientOrderId?: string | undefined },
): z.infer<S> {
  const env = envelopeSchema.safeParse(raw);
  const parsed = env.success && env.data.code === 'SUCCESS' ? schema.safeParse(env.data.data) : undefined;
  if (parsed?.success) return parsed.data;
  const issue = parsed?.error?.issues[0];
  const what = !env.success
    ? 'is not an edgeX envelope'
    : `has an unexpected data shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
  if (req.method === 'POST') {
    throw new UnknownOutcomeError(`edgeX answered ${req.operation} with a body that ${what}`, {
      venue: EDGEX_VENUE,
      operation: req.operation,
      ...(req.clientOrderId !== undefined ? { clientOrderId: req.clientOrderId } : {}),
    });
  }
  throw new TransportError(`edgeX response to ${req.operation} ${what}`, { venue: EDGEX_VENUE, method: req.method });
}
