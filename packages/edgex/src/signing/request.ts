import { type IntegerLike, parseUint } from './encoding.js';
import { invalidInput } from './errors.js';
import type { JsonObject, QueryParams } from './serialize.js';
import { serializeBody, serializeQuery } from './serialize.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What an edgeX request signature covers (V1 and V2 alike). */
export interface SignableRequest {
  /** Milliseconds since epoch, as sent in the timestamp header. */
  timestamp: IntegerLike;
  method: HttpMethod | Lowercase<HttpMethod>;
  /** URI path only: no host, no `?` and no query. */
  path: string;
  /** Raw (un-encoded) query values; signed only when there is no body. */
  query?: QueryParams;
  /** The JSON object body exactly as it will be serialized and sent. */
  body?: JsonObject;
}

/**
 * `timestamp + METHOD + path + X`, X = flattened body when a body is sent, else the sorted query,
 * else "". An empty object body counts as no body, as in the SDKs (`if data:`).
 */
export function buildSignContent(request: SignableRequest): string {
  const timestamp = normalizeTimestamp(request.timestamp);
  const method = String(request.method).toUpperCase();
  if (!['GET', 'POST', 'PUT', 'DELETE'].includes(method)) {
    throw invalidInput('method', 'GET, POST, PUT or DELETE', request.method);
  }
  if (typeof request.path !== 'string' || !request.path.startsWith('/') || /[?#\s]/.test(request.path)) {
    throw invalidInput('path', 'a URI path starting with "/" without query or fragment', request.path);
  }
  const body = request.body;
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    throw invalidInput('body', 'a JSON object', body === null ? 'null' : typeof body);
  }
  const hasBody = body !== undefined && Object.values(body).some((v) => v !== undefined);
  let x = '';
  if (hasBody) x = serializeBody(body);
  else if (request.query !== undefined) x = serializeQuery(request.query);
  return `${timestamp}${method}${request.path}${x}`;
}

/** Decimal text of a ms timestamp, as it goes both into the sign content and the header. */
export function normalizeTimestamp(timestamp: IntegerLike): string {
  return parseUint(timestamp, 'timestamp', 2n ** 63n - 1n).toString();
}
