import * as http from 'node:http';
import * as https from 'node:https';
import axios, { AxiosError } from 'axios';
import { inFlightCause } from '../network-error.js';
import { EngineFailure, type EngineRequest, type EngineResponse, type HttpEngine } from './engine.js';
import { WriteWatch } from './write-watch.js';

/** The project's default client. One axios instance per transport; node's global keep-alive agent. */
export function createAxiosEngine(): HttpEngine {
  const client = axios.create({
    // Raw text in, our own parser out: axios must not JSON.parse (it would round 19-digit ids).
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    transitional: { silentJSONParsing: true, forcedJSONParsing: false, clarifyTimeoutError: true },
    validateStatus: () => true,
    // A redirect would replay a POST as a GET elsewhere; surface it instead.
    maxRedirects: 0,
  });
  return {
    async send(req: EngineRequest): Promise<EngineResponse> {
      const controller = new AbortController();
      req.cancel.onAbort(() => controller.abort());
      const writes = new WriteWatch();
      try {
        const res = await client.request<string>({
          method: req.method,
          url: req.url,
          headers: req.headers,
          data: req.body,
          signal: controller.signal,
          // Counted on the decoded stream as it arrives (chunked bodies included): reading stops at the limit.
          maxContentLength: req.maxResponseBytes,
          // node's own http / https (what axios uses with `maxRedirects: 0`), handing us each ClientRequest so we
          // know whether a byte of it may have left: axios' error cannot tell a connect failure from a later one.
          transport: watchedTransport(writes),
        });
        const text = typeof res.data === 'string' ? res.data : String(res.data ?? '');
        return { status: res.status, headers: flattenAxiosHeaders(res.headers), text };
      } catch (e) {
        const cause = sanitizeAxiosError(e);
        const message = e instanceof Error ? e.message : String(e);
        if (isSizeLimitError(e)) throw new EngineFailure('too-large', message, cause);
        if (axios.isCancel(e) || req.cancel.aborted) throw new EngineFailure('aborted', message, cause);
        // Once a byte may have left (or an answer began), no code may read "not sent" (EHOSTUNREACH on an
        // established connection after a route change).
        const written = writes.mayHaveWritten || (e instanceof AxiosError && e.response !== undefined);
        throw new EngineFailure('network', message, written ? inFlightCause(cause, message) : cause);
      } finally {
        req.cancel.onAbort(undefined);
      }
    },
  };
}

/** The `transport` axios calls `request(options, onResponse)` on: node's module for the protocol, watched. */
function watchedTransport(writes: WriteWatch): Pick<typeof http, 'request'> {
  return {
    request: ((options: http.RequestOptions, onResponse: (res: http.IncomingMessage) => void) => {
      const secure = options.protocol === 'https:';
      const request = (secure ? https : http).request(options, onResponse);
      writes.watch(request, secure);
      return request;
    }) as typeof http.request,
  };
}

/** axios' own `maxContentLength` rejection (the only ERR_BAD_RESPONSE raised while reading a body). */
function isSizeLimitError(e: unknown): boolean {
  if (!(e instanceof AxiosError) || e.code !== AxiosError.ERR_BAD_RESPONSE) return false;
  return /maxContentLength/.test(e.message);
}

function flattenAxiosHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const source =
    raw && typeof (raw as { toJSON?: unknown }).toJSON === 'function'
      ? (raw as { toJSON: () => Record<string, unknown> }).toJSON()
      : (raw as Record<string, unknown> | undefined);
  for (const [k, v] of Object.entries(source ?? {})) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/**
 * A copy of an axios error that keeps message, code, stack and the low-level cause but drops
 * `config` (request headers: API keys, signatures), `request` (its raw header block) and `response`.
 * Loggers that serialise the cause chain then cannot leak credentials.
 */
export function sanitizeAxiosError(error: unknown): unknown {
  if (!(error instanceof AxiosError)) return error;
  const clean = new AxiosError(error.message, error.code);
  clean.name = error.name;
  if (error.stack) clean.stack = error.stack;
  if (error.status !== undefined) clean.status = error.status;
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined) Object.defineProperty(clean, 'cause', { value: cause, enumerable: false, writable: true });
  return clean;
}
