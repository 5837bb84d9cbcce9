import * as zlib from 'node:zlib';
import { bodyTooLarge, ResponseError } from './response-error.js';

// Like axios: a stream cut right after its last complete block still yields what was received (both direct engines).
export const LENIENT_ZLIB = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
export const LENIENT_BROTLI = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

/**
 * The body without its content coding. Synchronous on purpose: the compressed bytes are already bounded by the
 * wire cap, and `maxOutputLength` stops a decompression bomb at the limit without inflating the rest.
 */
export function decodeBody(body: Buffer, coding: string | undefined, limit: number): Buffer {
  if (coding === undefined || body.length === 0) return body;
  const c = coding.trim().toLowerCase();
  const opts = { maxOutputLength: limit };
  try {
    if (c === 'gzip' || c === 'x-gzip') return zlib.gunzipSync(body, { ...LENIENT_ZLIB, ...opts });
    if (c === 'deflate') {
      return zlibWrapped(body)
        ? zlib.inflateSync(body, { ...LENIENT_ZLIB, ...opts })
        : zlib.inflateRawSync(body, { ...LENIENT_ZLIB, ...opts });
    }
    if (c === 'br') return zlib.brotliDecompressSync(body, { ...LENIENT_BROTLI, ...opts });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw bodyTooLarge(limit);
    throw new ResponseError(`Could not decode the ${c} body: ${(e as Error).message}`, 'ERR_CONTENT_DECODING');
  }
  // Not a coding we decode (identity, or unknown): handed over as received, as the node engine does.
  if (body.length > limit) throw bodyTooLarge(limit);
  return body;
}

/**
 * Whether a `deflate` body starts with a zlib header (RFC 9110's reading) rather than raw deflate, which some servers
 * send: a zlib header's low nibble is 8 (CM = deflate).
 */
export function zlibWrapped(first: Buffer): boolean {
  return (first[0]! & 0x0f) === 0x08;
}
