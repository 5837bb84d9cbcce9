import type { HttpQuery, QueryValue } from './types.js';

function encodeValue(v: Exclude<QueryValue, undefined>): string {
  return encodeURIComponent(typeof v === 'string' ? v : String(v));
}

/**
 * Serialises a query exactly as the transport puts it on the URL: insertion order, `undefined`
 * skipped, arrays as repeated keys, RFC 3986 percent-encoding. Exported so a signing hook can sign
 * the same string the transport sends. Returns '' for an empty query (no `?`).
 */
export function serializeQuery(query: HttpQuery | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(query)) {
    const values = Array.isArray(raw) ? raw : [raw];
    for (const v of values as readonly QueryValue[]) {
      if (v === undefined) continue;
      parts.push(`${encodeURIComponent(key)}=${encodeValue(v)}`);
    }
  }
  return parts.join('&');
}
