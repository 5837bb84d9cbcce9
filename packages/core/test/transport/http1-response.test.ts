import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type ParsedResponse, ResponseParser } from '../../src/transport/http/engines/http1-response.js';
import { ResponseError } from '../../src/transport/http/engines/response-error.js';

/** Feeds `parts` in order; the response once complete (with whether bytes followed it). */
function parse(parts: (string | Buffer)[], limit = 1024 * 1024, noBody = false) {
  const p = new ResponseParser();
  p.reset(limit, noBody);
  let res: ParsedResponse | undefined;
  for (const part of parts) {
    const r = p.push(typeof part === 'string' ? Buffer.from(part, 'latin1') : part);
    if (r) res = r;
  }
  return { res, leftover: p.leftover, parser: p };
}

function errorOf(parts: string[], limit?: number): ResponseError {
  try {
    parse(parts, limit);
  } catch (e) {
    if (e instanceof ResponseError) return e;
    throw e;
  }
  throw new Error('no error');
}

const SECOND = Buffer.from(':"ordér-1"}', 'utf8');
/** A 100 Continue, then a chunked 201 with extensions, repeated headers, a UTF-8 body split mid-chunk and trailers. */
const CHUNKED = Buffer.concat([
  Buffer.from(
    'HTTP/1.1 100 Continue\r\n\r\n' +
      'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n' +
      'Keep-Alive: timeout=7, max=100\r\n\r\n' +
      `4;ext=1\r\n{"a"\r\n${SECOND.length.toString(16)}\r\n`,
    'latin1',
  ),
  SECOND,
  Buffer.from('\r\n0\r\nX-T: 1\r\n\r\n', 'latin1'),
]);

describe('HTTP/1 response parser', () => {
  it('gives the same answer whatever the split point (every 2-way split, then 1-byte chunks)', () => {
    const expected = { status: 201, text: '{"a":"ordér-1"}', keepAlive: true, keepAliveTimeoutS: 7 };
    const wire = CHUNKED;
    for (let cut = 1; cut < wire.length; cut++) {
      const { res, leftover } = parse([wire.subarray(0, cut), wire.subarray(cut)]);
      expect(res, `split at ${cut}`).toMatchObject(expected);
      expect(res!.headers['set-cookie']).toBe('a=1, b=2');
      expect(leftover).toBe(false);
    }
    const ones = [...wire].map((b) => Buffer.from([b]));
    expect(parse(ones).res).toMatchObject(expected);
  });

  it('flags bytes after the answer as leftover', () => {
    expect(parse(['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}X']).leftover).toBe(true);
    expect(parse(['HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1']).leftover).toBe(true);
  });

  it('reads no body for 204, 304 and a HEAD request, even with a Content-Length', () => {
    expect(parse(['HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n']).res?.text).toBe('');
    expect(parse(['HTTP/1.1 304 Not Modified\r\n\r\n']).res?.status).toBe(304);
    expect(parse(['HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'], 1024, true).res?.text).toBe('');
  });

  it('keeps HTTP/1.0 alive only when asked, and 1.1 unless closed', () => {
    expect(parse(['HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n']).res?.keepAlive).toBe(false);
    expect(parse(['HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n']).res?.keepAlive).toBe(true);
    expect(parse(['HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n']).res?.keepAlive).toBe(false);
    // Both framings: chunked wins, the connection is not kept.
    const both = parse([
      'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n',
    ]);
    expect(both.res).toMatchObject({ text: 'x', keepAlive: false });
  });

  it('ends a close-delimited body only on end(), and refuses end() anywhere else', () => {
    const { res, parser } = parse(['HTTP/1.1 200 OK\r\n\r\nab', 'c']);
    expect(res).toBeUndefined();
    expect(parser.untilClose).toBe(true);
    expect(parser.end()).toMatchObject({ text: 'abc', keepAlive: false });
    const cut = parse(['HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc']).parser;
    expect(() => cut.end()).toThrow(ResponseError);
  });

  it.each([
    ['a bad status line', 'HTTP/2 200 OK\r\n\r\n'],
    ['a status out of range', 'HTTP/1.1 700 Nope\r\nContent-Length: 0\r\n\r\n'],
    ['a protocol switch', 'HTTP/1.1 101 Switching\r\n\r\n'],
    ['obs-fold', 'HTTP/1.1 200 OK\r\nX: a\r\n\tb\r\nContent-Length: 0\r\n\r\n'],
    ['a space before the colon', 'HTTP/1.1 200 OK\r\nX : a\r\nContent-Length: 0\r\n\r\n'],
    ['a bare LF in a value', 'HTTP/1.1 200 OK\r\nX: a\nb\r\nContent-Length: 0\r\n\r\n'],
    ['conflicting Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
    ['a signed Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: +1\r\n\r\na'],
    ['an unsupported transfer coding', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['a chunk without its CRLF', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxy\r\n'],
  ])('refuses %s', (_what, wire) => {
    expect(errorOf([wire]).tooLarge).toBe(false);
  });

  it('accepts repeated identical Content-Length values', () => {
    expect(parse(['HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}']).res?.text).toBe('{}');
  });

  it('fails too-large on a declared length, on counted bytes and on a decoded gzip body over the limit', () => {
    expect(errorOf(['HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n'], 10).tooLarge).toBe(true);
    expect(errorOf(['HTTP/1.1 200 OK\r\n\r\n', 'x'.repeat(11)], 10).tooLarge).toBe(true);
    const gz = gzipSync('y'.repeat(5_000));
    const head = `HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`;
    const p = new ResponseParser();
    p.reset(1_000, false);
    expect(() => p.push(Buffer.concat([Buffer.from(head), gz]))).toThrow(expect.objectContaining({ tooLarge: true }));
    p.reset(10_000, false);
    expect(p.push(Buffer.concat([Buffer.from(head), gz]))?.text).toBe('y'.repeat(5_000));
  });

  it('caps the header block, 1xx floods included', () => {
    expect(errorOf(['HTTP/1.1 200 OK\r\n', `X: ${'a'.repeat(70 * 1024)}`]).code).toBe('HPE_HEADER_OVERFLOW');
    const flood = 'HTTP/1.1 100 Continue\r\n\r\n'.repeat(10_000);
    expect(errorOf([flood], 1024).tooLarge).toBe(true);
  });
});
