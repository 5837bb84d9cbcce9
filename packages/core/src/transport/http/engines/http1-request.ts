import type { Target } from './target.js';

/** RFC 9110 `tchar`: what a method and a header name may contain. */
const TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
  TOKEN[c.charCodeAt(0)] = 1;

/** The caller's request, serialised; `data` goes to the socket in one write. */
export interface SerializedRequest {
  data: string | Buffer;
  /** The caller asked for `Connection: close`: the server will close after answering, so never reuse. */
  closeAfter: boolean;
}

/**
 * The whole HTTP/1.1 request as one string (one Buffer when a header value holds latin1 bytes): request line,
 * `Host`, the caller's headers, an exact `Content-Length`, `Accept-Encoding: identity` unless the caller set one,
 * then the body. Throws an `ERR_INVALID_CHAR`-coded error (naming the header, never its value) on anything that
 * could split the request (CR, LF, NUL, non-token names, spaces in the target) — before any byte is written.
 */
export function serializeRequest(
  method: string,
  target: Target,
  given: Readonly<Record<string, string>>,
  body: string | undefined,
): SerializedRequest {
  if (!isToken(method)) throw invalidChar('Invalid HTTP method');
  if (!isTarget(target.path)) throw invalidChar('Invalid character in the request path');
  let head = `${method} ${target.path} HTTP/1.1\r\n`;
  let host = false;
  let encoding = false;
  let closeAfter = false;
  let latin1 = false;
  for (const name in given) {
    const value = given[name]!;
    if (!isToken(name)) throw invalidChar('Invalid header name');
    const fieldBytes = valueBytes(value);
    if (fieldBytes === INVALID) throw invalidChar(`Invalid character in header content ["${name}"]`);
    if (fieldBytes === LATIN1) latin1 = true;
    const lower = name.length === 4 || name.length > 9 ? name.toLowerCase() : '';
    // Framing is ours: an exact Content-Length, never a caller's length or transfer coding.
    if (lower === 'content-length' || lower === 'transfer-encoding') continue;
    if (lower === 'host') host = true;
    else if (lower === 'accept-encoding') encoding = true;
    else if (lower === 'connection' && /(?:^|,)\s*close\s*(?:,|$)/i.test(value)) closeAfter = true;
    head += `${name}: ${value}\r\n`;
  }
  if (!host) head += `Host: ${target.host}\r\n`;
  // Order answers are small: decompressing costs more than the bytes saved on the wire.
  if (!encoding) head += 'Accept-Encoding: identity\r\n';
  if (body !== undefined) head += `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n`;
  else if (method === 'POST' || method === 'PUT' || method === 'PATCH') head += 'Content-Length: 0\r\n\r\n';
  else head += '\r\n';
  if (!latin1) return { data: body === undefined ? head : head + body, closeAfter };
  // Header bytes are latin1 (as node writes them), the body UTF-8: one Buffer keeps the single write.
  const headBuf = Buffer.from(head, 'latin1');
  return { data: body === undefined ? headBuf : Buffer.concat([headBuf, Buffer.from(body, 'utf8')]), closeAfter };
}

const ASCII = 0;
const LATIN1 = 1;
const INVALID = 2;

/** Field values: HTAB, visible ASCII, SP, obs-text (0x80–0xff) — what node's own check accepts. */
function valueBytes(v: string): number {
  let out = ASCII;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c === 0x09) continue;
    if (c >= 0x80 && c <= 0xff) out = LATIN1;
    else return INVALID;
  }
  return out;
}

/** A method or field name: RFC 9110 `tchar`s only. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN[c] === 0) return false;
  }
  return true;
}

/** Origin-form: starts with `/`, visible ASCII only (no space, no control character, nothing above 0x7e). */
function isTarget(p: string): boolean {
  if (p.charCodeAt(0) !== 47) return false;
  for (let i = 1; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x23 /* # */) return false;
  }
  return true;
}

function invalidChar(message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_INVALID_CHAR' });
}
