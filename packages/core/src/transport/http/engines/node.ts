import * as http from 'node:http';
import * as https from 'node:https';
import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { inFlightCause } from '../network-error.js';
import { LENIENT_BROTLI, LENIENT_ZLIB, zlibWrapped } from './content-decoding.js';
import {
  canceled,
  connectionReset,
  EngineFailure,
  type EngineRequest,
  type EngineResponse,
  type HttpEngine,
} from './engine.js';
import { targetParser } from './target.js';
import { WriteWatch } from './write-watch.js';

/**
 * Same pool policy as node's global agent (which the axios engine uses): keep-alive, most recently used socket
 * first, idle sockets dropped after 5 s (node also honours a shorter `Keep-Alive: timeout=` hint from the server).
 */
const AGENT_OPTIONS = { keepAlive: true, scheduling: 'lifo', timeout: 5_000 } as const;

/**
 * `node:http` / `node:https` with no layer in between: the lean path for latency-critical requests (orders).
 * Owns one keep-alive agent per protocol; idle pooled sockets do not keep the process alive.
 */
export function createNodeEngine(): HttpEngine {
  let httpAgent: http.Agent | undefined;
  let httpsAgent: https.Agent | undefined;
  const target = targetParser();
  return {
    send(r: EngineRequest): Promise<EngineResponse> {
      return new Promise<EngineResponse>((resolve, reject) => {
        if (r.cancel.aborted) {
          reject(new EngineFailure('aborted', 'The request was aborted before it was sent', canceled()));
          return;
        }
        let settled = false;
        let request: http.ClientRequest | undefined;
        const writes = new WriteWatch();
        const settle = (): boolean => {
          if (settled) return false;
          settled = true;
          r.cancel.onAbort(undefined);
          return true;
        };
        const fail = (kind: EngineFailure['kind'], message: string, cause: unknown): void => {
          if (!settle()) return;
          // The socket may hold an unread or half-sent exchange: never hand it back to the pool.
          request?.destroy();
          // Once a byte may have left, no code may read "not sent" (EHOSTUNREACH on an established connection).
          const reported = kind === 'network' && writes.mayHaveWritten ? inFlightCause(cause, message) : cause;
          reject(new EngineFailure(kind, message, reported));
        };
        r.cancel.onAbort(() => fail('aborted', 'The request was aborted', canceled()));

        try {
          const url = target(r.url);
          const secure = url.protocol === 'https:';
          const agent = secure
            ? (httpsAgent ??= new https.Agent(AGENT_OPTIONS))
            : (httpAgent ??= new http.Agent(AGENT_OPTIONS));
          request = (secure ? https : http).request({
            protocol: url.protocol,
            hostname: url.hostname,
            ...(url.port !== undefined ? { port: url.port } : {}),
            path: url.path,
            method: r.method,
            headers: wireHeaders(r.headers, r.body),
            agent,
          });
          writes.watch(request, secure);
        } catch (e) {
          // Refused by node before any byte was written (bad header value, bad URL).
          fail('network', e instanceof Error ? e.message : String(e), e);
          return;
        }
        request.on('error', (e) => fail('network', e.message, e));
        request.on('response', (res) =>
          readBody(res, r.maxResponseBytes, fail, (text) => {
            if (settle()) resolve({ status: res.statusCode ?? 0, headers: flattenNodeHeaders(res.headers), text });
          }),
        );
        // One write of the whole body: header block and body leave together, and Content-Length is exact.
        if (r.body === undefined) request.end();
        else request.end(r.body);
      });
    },
  };
}

/** Headers as sent: the caller's, with an exact Content-Length, and no compression unless the caller asked. */
function wireHeaders(given: Readonly<Record<string, string>>, body: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  let encoding = false;
  for (const [k, v] of Object.entries(given)) {
    const lower = k.toLowerCase();
    if (lower === 'content-length') continue;
    if (lower === 'accept-encoding') encoding = true;
    out[k] = v;
  }
  // Order answers are small: decompressing costs more than the bytes saved on the wire.
  if (!encoding) out['Accept-Encoding'] = 'identity';
  if (body !== undefined) out['Content-Length'] = String(Buffer.byteLength(body, 'utf8'));
  return out;
}

/**
 * Reads (and decodes, when the server compressed anyway) the body, counting decoded bytes as they arrive and
 * stopping at `limit`. Calls exactly one of `fail` / `done`.
 */
function readBody(
  res: http.IncomingMessage,
  limit: number,
  fail: (kind: EngineFailure['kind'], message: string, cause: unknown) => void,
  done: (text: string) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  const take = (chunk: Buffer): void => {
    if (over) return;
    size += chunk.length;
    if (size > limit) {
      over = true;
      decoder?.destroy();
      fail('too-large', `Response body exceeds ${limit} bytes`, undefined);
      return;
    }
    chunks.push(chunk);
  };
  const finish = (): void => {
    if (!over) done(Buffer.concat(chunks, size).toString('utf8'));
  };
  const coding = (firstHeader(res.headers['content-encoding']) ?? '').trim().toLowerCase();
  // Created on the first body byte: an empty body (204, 304) is not a truncated gzip stream.
  let decoder: Transform | undefined;
  const decoderFor = (first: Buffer): Transform | undefined => {
    if (coding === 'gzip' || coding === 'x-gzip') return zlib.createGunzip(LENIENT_ZLIB);
    if (coding === 'deflate')
      return zlibWrapped(first) ? zlib.createInflate(LENIENT_ZLIB) : zlib.createInflateRaw(LENIENT_ZLIB);
    if (coding === 'br') return zlib.createBrotliDecompress(LENIENT_BROTLI);
    return undefined;
  };
  let decoding: boolean | undefined;
  res.on('data', (chunk: Buffer) => {
    if (over) return;
    if (decoding === undefined) {
      decoder = decoderFor(chunk);
      decoding = decoder !== undefined;
      if (decoder) {
        decoder.on('data', take);
        decoder.on('end', finish);
        decoder.on('error', (e: Error) => fail('network', `Could not decode the ${coding} body: ${e.message}`, e));
      }
    }
    if (!decoder) {
      take(chunk);
    } else if (!decoder.write(chunk)) {
      res.pause();
      decoder.once('drain', () => res.resume());
    }
  });
  res.on('end', () => {
    if (decoder) decoder.end();
    else finish();
  });
  res.on('error', (e) => fail('network', e.message, e));
  res.on('close', () => {
    if (res.complete) return;
    decoder?.destroy();
    fail('network', 'The connection closed before the response ended', connectionReset('aborted'));
  });
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function flattenNodeHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
