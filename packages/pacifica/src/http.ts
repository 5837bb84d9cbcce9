import {
  createHttpTransport,
  type HttpQuery,
  type HttpRetryOptions,
  type HttpTransport,
  InvalidInputError,
  TransportError,
  UnknownOutcomeError,
} from '@dn/core';
import type { z } from 'zod';
import { readEnvelope } from './envelope.js';
import { mapPacificaHttpError } from './errors.js';
import type { PacificaAction } from './payloads/action.js';
import type { PacificaRateLimit } from './rate-limit.js';
import type { PacificaSigner } from './signer.js';
import { PACIFICA_REST_PATHS, type PacificaOperationType } from './signing/operation-types.js';

/** A body the transport signs right before each attempt, so a retried request carries a fresh timestamp. */
export class UnsignedAction {
  constructor(readonly action: PacificaAction<PacificaOperationType, object>) {}
}

/** A body whose actions are each signed before each attempt (`/orders/batch`). */
export class UnsignedBatch {
  constructor(readonly actions: readonly { tag: string; action: PacificaAction<PacificaOperationType, object> }[]) {}
}

export interface PacificaHttpOptions {
  baseUrl: string;
  signer?: PacificaSigner;
  /** Account read by account GETs when a call names none (default: the signer's). */
  account?: string;
  /** Sent as `PF-API-KEY` (rate-limit tier only; it authorises nothing). */
  apiConfigKey?: string;
  rateLimit?: PacificaRateLimit;
  timeoutMs?: number;
  retry?: HttpRetryOptions;
}

/** What every REST method needs: the transport, the signer of POSTs and the credit weights. */
export interface PacificaRestContext {
  http: HttpTransport;
  signer: PacificaSigner | undefined;
  account: string | undefined;
  weights: { standard: number; cancel: number; heavy: number };
}

export function createPacificaRestContext(options: PacificaHttpOptions): PacificaRestContext {
  const signer = options.signer;
  const http = createHttpTransport({
    baseUrl: options.baseUrl,
    venue: 'pacifica',
    timeoutMs: options.timeoutMs ?? 10_000,
    retry: options.retry ?? { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 4_000, maxRetryAfterMs: 10_000 },
    ...(options.rateLimit ? { rateLimiter: options.rateLimit.limiter } : {}),
    headers: options.apiConfigKey !== undefined ? { 'PF-API-KEY': options.apiConfigKey } : {},
    mapError: mapPacificaHttpError,
    onRequest: (ctx) => {
      if (ctx.body instanceof UnsignedAction) {
        return { ...ctx, body: requireSigner(signer).sign(ctx.body.action) };
      }
      if (ctx.body instanceof UnsignedBatch) {
        const s = requireSigner(signer);
        return { ...ctx, body: { actions: ctx.body.actions.map((a) => ({ type: a.tag, data: s.sign(a.action) })) } };
      }
      return ctx;
    },
  });
  return {
    http,
    signer,
    account: options.account ?? signer?.account,
    weights: options.rateLimit?.weights ?? { standard: 1, cancel: 1, heavy: 1 },
  };
}

export function requireSigner(signer: PacificaSigner | undefined): PacificaSigner {
  if (!signer) {
    throw new InvalidInputError('This call needs credentials: pass account and secretKey', {
      field: 'secretKey',
      venue: 'pacifica',
    });
  }
  return signer;
}

/** The account a read is about: an explicit one, else the signer's. */
export function accountOf(ctx: PacificaRestContext, account: string | undefined): string {
  const a = account ?? ctx.account;
  if (a === undefined) {
    throw new InvalidInputError('This call needs an account: pass account in the options or the call', {
      field: 'account',
      venue: 'pacifica',
    });
  }
  return a;
}

/** An account-scoped read whose only parameter is the account. */
export type AccountParameters = { account?: string };

/** GET an endpoint whose only query is the account (explicit or the signer's). */
export function getAccountData<S extends z.ZodType>(
  ctx: PacificaRestContext,
  path: string,
  params: AccountParameters,
  schema: S,
): Promise<z.output<S>> {
  return getData(ctx, path, { account: accountOf(ctx, params.account) }, schema);
}

/** The query of an account's cursor-paged history: the account (explicit or the signer's), page size and cursor. */
export function historyQuery(
  ctx: PacificaRestContext,
  params: { account?: string; limit?: number; cursor?: string },
): { account: string; limit: number | undefined; cursor: string | undefined } {
  return { account: accountOf(ctx, params.account), limit: params.limit, cursor: params.cursor };
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; undefined when there is none. */
  nextCursor: string | undefined;
  hasMore: boolean;
}

/** GET and unwrap `{success, data}`; the data is validated with `schema`. */
export async function getData<S extends z.ZodType>(
  ctx: PacificaRestContext,
  path: string,
  query: HttpQuery | undefined,
  schema: S,
  weight = ctx.weights.standard,
): Promise<z.output<S>> {
  const body = await ctx.http.request({ method: 'GET', path, ...(query ? { query } : {}), weight });
  return parseData(body, schema, `GET ${path}`);
}

/** GET a cursor-paginated list. */
export async function getPage<S extends z.ZodType>(
  ctx: PacificaRestContext,
  path: string,
  query: HttpQuery,
  itemSchema: S,
  weight = ctx.weights.heavy,
): Promise<Page<z.output<S>>> {
  const body = await ctx.http.request({ method: 'GET', path, query, weight });
  const env = readEnvelope(body) as { data?: unknown; next_cursor?: unknown; has_more?: unknown } | undefined;
  const items = parseList(env?.data, itemSchema, `GET ${path}`);
  const cursor = typeof env?.next_cursor === 'string' && env.next_cursor !== '' ? env.next_cursor : undefined;
  return { items, nextCursor: cursor, hasMore: env?.has_more === true && cursor !== undefined };
}

/** Parses a list item by item: one malformed entry fails the whole call (a silently dropped order is worse). */
export function parseList<S extends z.ZodType>(data: unknown, itemSchema: S, operation: string): z.output<S>[] {
  if (!Array.isArray(data)) throw shapeError(operation, 'data is not a list');
  return data.map((d) => parseData({ success: true, data: d }, itemSchema, operation));
}

export function parseData<S extends z.ZodType>(body: unknown, schema: S, operation: string): z.output<S> {
  const env = readEnvelope(body);
  if (env === undefined) throw shapeError(operation, 'the body is not the {success, data} envelope');
  const result = schema.safeParse((env as { data?: unknown }).data);
  if (!result.success) {
    const issue = result.error.issues[0];
    // Name the field, so a venue change is diagnosable from the error alone.
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw shapeError(operation, `${where}${issue?.message ?? 'invalid'}`, result.error);
  }
  return result.data;
}

function shapeError(operation: string, why: string, cause?: unknown): TransportError {
  return new TransportError(
    `pacifica ${operation} returned an unexpected payload: ${why}`,
    { venue: 'pacifica' },
    { cause },
  );
}

/** The operations sent alone, each to its own REST path. */
export type PacificaRestOperation = keyof typeof PACIFICA_REST_PATHS;

/** POST one action to its operation's path, named by its operation in errors and logs. */
export function postOperation<S extends z.ZodType>(
  ctx: PacificaRestContext,
  action: PacificaAction<PacificaRestOperation, object>,
  schema: S | undefined,
  options: { weight?: number; clientOrderId?: string | undefined } = {},
): Promise<z.output<S> | undefined> {
  return postAction(ctx, PACIFICA_REST_PATHS[action.type], new UnsignedAction(action), schema, {
    operation: action.type,
    ...(options.weight !== undefined ? { weight: options.weight } : {}),
    ...(options.clientOrderId !== undefined ? { clientOrderId: options.clientOrderId } : {}),
  });
}

/**
 * POST a signed action. The venue accepted it once this resolves; a body we cannot read after a
 * success status means the action happened and we lack its result, which is reported as such.
 */
export async function postAction<S extends z.ZodType>(
  ctx: PacificaRestContext,
  path: string,
  body: UnsignedAction | UnsignedBatch,
  schema: S | undefined,
  options: { weight?: number; clientOrderId?: string; operation: string; timeoutMs?: number },
): Promise<z.output<S> | undefined> {
  requireSigner(ctx.signer);
  const res = await ctx.http.request({
    method: 'POST',
    path,
    body,
    weight: options.weight ?? ctx.weights.standard,
    operation: options.operation,
    ...(options.clientOrderId !== undefined ? { clientOrderId: options.clientOrderId } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  if (schema === undefined) return undefined;
  try {
    return parseData(res, schema, options.operation);
  } catch (cause) {
    throw new UnknownOutcomeError(
      `pacifica accepted ${options.operation} but its answer could not be read`,
      {
        venue: 'pacifica',
        operation: options.operation,
        ...(options.clientOrderId !== undefined ? { clientOrderId: options.clientOrderId } : {}),
      },
      { cause, details: 'The action was accepted; look it up (by client order id) to learn its id and state.' },
    );
  }
}
