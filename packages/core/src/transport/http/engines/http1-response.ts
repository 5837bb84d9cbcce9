import { decodeBody } from './content-decoding.js';
import { isToken } from './http1-request.js';
import { bodyTooLarge, ResponseError } from './response-error.js';

/** Status line and header block, 1xx interim responses included; beyond it the answer is refused. */
export const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size line (extensions included) or one trailer line. */
const MAX_LINE_BYTES = 8 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');

/** A complete response as parsed, with what the connection may do next. */
export interface ParsedResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The server allows another exchange on this connection (HTTP/1.1 without `close`, or 1.0 with keep-alive). */
  keepAlive: boolean;
  /** `Keep-Alive: timeout=N` in seconds, when the server sent one. */
  keepAliveTimeoutS: number | undefined;
}

enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
  Done,
}

/**
 * Incremental HTTP/1.x response parser for one exchange: `push` each chunk as it arrives (splits may fall anywhere,
 * `\r\n` included), `end` on the peer's FIN. `push` returns the response once complete, with `leftover` set when
 * bytes followed it (the connection is then unusable); it throws `ResponseError` on anything malformed or too large.
 */
export class ResponseParser {
  #state = State.Head;
  #noBody = false;
  #limit = 0;
  #rawLimit = 0;
  #raw = 0;
  #acc: Buffer | undefined;
  #accLen = 0;
  #line = '';
  #remaining = 0;
  #parts: Buffer[] = [];
  #size = 0;
  #status = 0;
  #headers: Record<string, string> = {};
  #keepAlive = false;
  leftover = false;

  /** Starts a new exchange. `noBody`: a HEAD request's answer never has a body. */
  reset(limit: number, noBody: boolean): void {
    this.#state = State.Head;
    this.#noBody = noBody;
    this.#limit = limit;
    // Decoded bytes are capped by `limit`; the wire bytes (framing, compressed data) by this, so a hostile peer
    // cannot keep us reading: compressed data is at most slightly larger than its decoding, chunk framing small.
    this.#rawLimit = 2 * limit + MAX_HEAD_BYTES;
    this.#raw = 0;
    this.#acc = undefined;
    this.#accLen = 0;
    this.#line = '';
    this.#parts = [];
    this.#size = 0;
    this.#headers = {};
    this.leftover = false;
  }

  /** True while the answer ends only when the peer closes (no length, not chunked). */
  get untilClose(): boolean {
    return this.#state === State.UntilClose;
  }

  push(chunk: Buffer): ParsedResponse | undefined {
    this.#raw += chunk.length;
    if (this.#raw > this.#rawLimit) {
      throw new ResponseError(`Response exceeds ${this.#rawLimit} bytes on the wire`, 'ERR_RESPONSE_TOO_LARGE', true);
    }
    const buf = chunk;
    let at = 0;
    while (at < buf.length) {
      switch (this.#state) {
        case State.Head: {
          const end = this.#headEnd(buf, at);
          if (end < 0) return undefined;
          const head = this.#acc !== undefined ? this.#acc : buf;
          const headStart = this.#acc !== undefined ? 0 : at;
          // In the accumulator the head ends at `end`; the chunk's rest starts where the accumulated bytes stopped.
          const restAt = this.#acc !== undefined ? at + end + 4 - (this.#accLen - (buf.length - at)) : end + 4;
          this.#acc = undefined;
          this.#accLen = 0;
          this.#head(head.toString('latin1', headStart, end));
          at = restAt;
          break;
        }
        case State.Length: {
          at = this.#takeCounted(buf, at);
          if (this.#remaining === 0) this.#state = State.Done;
          break;
        }
        case State.ChunkSize: {
          const line = this.#readLine(buf, at);
          if (line === undefined) return undefined;
          at = line.next;
          const semi = line.text.indexOf(';');
          const hex = (semi < 0 ? line.text : line.text.slice(0, semi)).trim();
          if (hex.length === 0 || hex.length > 12 || !allOf(hex, HEX)) throw malformed('Invalid chunk size');
          const size = Number.parseInt(hex, 16);
          if (size === 0) this.#state = State.Trailers;
          else {
            this.#remaining = size;
            this.#state = State.ChunkData;
          }
          break;
        }
        case State.ChunkData: {
          at = this.#takeCounted(buf, at);
          if (this.#remaining === 0) {
            this.#state = State.ChunkDataEnd;
            this.#line = '';
          }
          break;
        }
        case State.ChunkDataEnd: {
          const line = this.#readLine(buf, at);
          if (line === undefined) return undefined;
          if (line.text !== '') throw malformed('Missing CRLF after chunk data');
          at = line.next;
          this.#state = State.ChunkSize;
          break;
        }
        case State.Trailers: {
          const line = this.#readLine(buf, at);
          if (line === undefined) return undefined;
          at = line.next;
          // Trailer fields are read and dropped: nothing here is allowed to change the answer.
          if (line.text === '') this.#state = State.Done;
          break;
        }
        case State.UntilClose: {
          this.#take(at === 0 ? buf : buf.subarray(at));
          at = buf.length;
          break;
        }
        case State.Done: {
          this.leftover = true;
          at = buf.length;
          break;
        }
      }
      if (this.#state === State.Done) {
        if (at < buf.length) this.leftover = true;
        return this.#finish();
      }
    }
    return undefined;
  }

  /** The peer closed its side: completes a close-delimited answer, anything else was cut short. */
  end(): ParsedResponse {
    if (this.#state !== State.UntilClose)
      throw new ResponseError('The connection closed before the response ended', 'ECONNRESET');
    this.#state = State.Done;
    return this.#finish();
  }

  /** Index of the `\r\n\r\n` that ends the head, in the accumulator when one is in use; -1 while incomplete. */
  #headEnd(buf: Buffer, at: number): number {
    if (this.#acc === undefined) {
      const i = buf.indexOf(CRLFCRLF, at);
      if (i >= 0) {
        if (i - at > MAX_HEAD_BYTES) throw headerOverflow();
        return i;
      }
    }
    const add = buf.length - at;
    const from = Math.max(0, this.#accLen - 3);
    if (this.#accLen + add > MAX_HEAD_BYTES + 3) throw headerOverflow();
    if (this.#acc === undefined || this.#acc.length < this.#accLen + add) {
      const grown = Buffer.allocUnsafe(Math.max(256, 2 * (this.#accLen + add)));
      this.#acc?.copy(grown, 0, 0, this.#accLen);
      this.#acc = grown;
    }
    buf.copy(this.#acc, this.#accLen, at);
    this.#accLen += add;
    const i = this.#acc.subarray(0, this.#accLen).indexOf(CRLFCRLF, from);
    if (i < 0) return -1;
    if (i > MAX_HEAD_BYTES) throw headerOverflow();
    return i;
  }

  /** Status line and fields; a 1xx is skipped (the final response follows), the rest picks the body framing. */
  #head(text: string): void {
    const lines = text.split('\r\n');
    const statusLine = lines[0]!;
    if (
      statusLine.length < 12 ||
      !statusLine.startsWith('HTTP/1.') ||
      (statusLine[7] !== '1' && statusLine[7] !== '0') ||
      statusLine[8] !== ' ' ||
      (statusLine.length > 12 && statusLine[12] !== ' ')
    ) {
      throw malformed('Invalid status line');
    }
    const code = statusLine.slice(9, 12);
    if (!allOf(code, DIGIT) || code < '100' || code >= '600') throw malformed('Invalid status code');
    const status = Number(code);
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const c0 = line.charCodeAt(0);
      // obs-fold (a continuation line) is refused, as RFC 9112 §5.2 allows: it has been used for smuggling.
      if (c0 === 0x20 || c0 === 0x09) throw malformed('Folded header line');
      const colon = line.indexOf(':');
      if (colon <= 0) throw malformed('Invalid header line');
      const rawName = line.slice(0, colon);
      if (!isToken(rawName)) throw malformed('Invalid header name');
      const name = rawName.toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        throw malformed('Invalid header value');
      }
      const prior = headers[name];
      headers[name] = prior === undefined ? value : `${prior}, ${value}`;
    }
    if (status < 200) {
      if (status === 101) throw malformed('Unexpected protocol switch');
      return; // Interim (100 Continue, 103 Early Hints): the real answer follows on the same connection.
    }
    this.#status = status;
    this.#headers = headers;
    const connection = headers.connection?.toLowerCase();
    const http10 = statusLine[7] === '0';
    this.#keepAlive = http10 ? hasToken(connection, 'keep-alive') : !hasToken(connection, 'close');

    const te = headers['transfer-encoding'];
    const cl = headers['content-length'];
    if (this.#noBody || status === 204 || status === 304) {
      this.#state = State.Done;
      return;
    }
    if (te !== undefined) {
      if (te.toLowerCase() !== 'chunked') throw malformed(`Unsupported Transfer-Encoding`);
      // Both framings at once is how requests get smuggled: honour chunked (RFC 9112 §6.3) and drop the connection.
      if (cl !== undefined) this.#keepAlive = false;
      this.#state = State.ChunkSize;
      this.#line = '';
      return;
    }
    if (cl !== undefined) {
      const values = cl.split(',');
      const first = values[0]!.trim();
      for (const v of values) if (v.trim() !== first) throw malformed('Conflicting Content-Length');
      if (first.length === 0 || first.length > 15 || !allOf(first, DIGIT)) throw malformed('Invalid Content-Length');
      this.#remaining = Number(first);
      this.#state = this.#remaining === 0 ? State.Done : State.Length;
      if (this.#remaining > this.#limit && headers['content-encoding'] === undefined) throw bodyTooLarge(this.#limit);
      return;
    }
    this.#keepAlive = false;
    this.#state = State.UntilClose;
  }

  /** One CRLF-terminated line across chunks; `undefined` until its end arrives. */
  #readLine(buf: Buffer, at: number): { text: string; next: number } | undefined {
    const lf = buf.indexOf(10, at);
    const piece = buf.toString('latin1', at, lf < 0 ? buf.length : lf);
    const line = this.#line + piece;
    if (line.length > MAX_LINE_BYTES) throw malformed('Line too long');
    if (lf < 0) {
      this.#line = line;
      return undefined;
    }
    this.#line = '';
    if (line.charCodeAt(line.length - 1) !== 13 || line.indexOf('\r') !== line.length - 1) {
      throw malformed('Bare CR or LF in chunk framing');
    }
    return { text: line.slice(0, -1), next: lf + 1 };
  }

  /** Body bytes of a known count (Content-Length, or a chunk) from `at`: as many as `buf` holds; the next index. */
  #takeCounted(buf: Buffer, at: number): number {
    const n = Math.min(this.#remaining, buf.length - at);
    this.#take(buf.subarray(at, at + n));
    this.#remaining -= n;
    return at + n;
  }

  #take(part: Buffer): void {
    if (part.length === 0) return;
    this.#size += part.length;
    // Identity bodies are counted as they arrive; coded ones after decoding, against the same limit.
    if (this.#size > this.#limit && this.#headers['content-encoding'] === undefined) throw bodyTooLarge(this.#limit);
    this.#parts.push(part);
  }

  #finish(): ParsedResponse {
    const headers = this.#headers;
    const body = this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts, this.#size);
    this.#parts = [];
    const text = decodeBody(body, headers['content-encoding'], this.#limit).toString('utf8');
    return {
      status: this.#status,
      headers,
      text,
      keepAlive: this.#keepAlive,
      keepAliveTimeoutS: keepAliveTimeout(headers['keep-alive']),
    };
  }
}

const DIGIT = charSet('0123456789');
const HEX = charSet('0123456789abcdefABCDEF');

function charSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (const c of chars) set[c.charCodeAt(0)] = 1;
  return set;
}

function allOf(s: string, set: Uint8Array): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || set[c] === 0) return false;
  }
  return true;
}

/** `timeout=N` (seconds) of a `Keep-Alive: timeout=5, max=100` header. */
function keepAliveTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  for (const part of value.split(',')) {
    const [k, v] = part.split('=');
    if (k?.trim().toLowerCase() !== 'timeout' || v === undefined) continue;
    const n = v.trim();
    if (n.length > 0 && n.length <= 6 && allOf(n, DIGIT)) return Number(n);
  }
  return undefined;
}

function hasToken(list: string | undefined, token: string): boolean {
  if (list === undefined) return false;
  for (const t of list.split(',')) if (t.trim() === token) return true;
  return false;
}

function malformed(what: string): ResponseError {
  return new ResponseError(`Malformed HTTP response: ${what}`, 'ERR_MALFORMED_RESPONSE');
}

function headerOverflow(): ResponseError {
  return new ResponseError(`Response header block exceeds ${MAX_HEAD_BYTES} bytes`, 'HPE_HEADER_OVERFLOW');
}
