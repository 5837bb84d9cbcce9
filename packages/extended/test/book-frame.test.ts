import { readFileSync } from 'node:fs';
import { Decimal, parseJson } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { ExtendedBookSync } from '../src/index.js';
import { streamBookSchema, streamEnvelopeSchema } from '../src/wire.js';
import { parseBookFrame, readBookData } from '../src/ws/book-frame.js';

const real = readFileSync(new URL('./fixtures/real/sdk-stream-orderbook-snapshot.json', import.meta.url), 'utf8');

// What the schema gives, in the reader's shape (the schema is the published contract of a book message).
function bySchema(data: unknown) {
  const r = streamBookSchema.safeParse(data);
  if (!r.success) return undefined;
  const side = (ls: { p: string; q: string; c?: string | undefined }[]) => ls.map((l) => ({ p: l.p, q: l.q, c: l.c }));
  return { m: r.data.m, b: side(r.data.b), a: side(r.data.a) };
}

const cases: [string, unknown][] = [
  ['the real snapshot', (JSON.parse(real) as { data: unknown }).data],
  ['a delta with c', { m: 'BTC-USD', b: [{ p: '100', q: '-1', c: '0' }], a: [{ p: '101', q: '2', c: '2' }] }],
  ['sides left out', { m: 'BTC-USD' }],
  [
    'blank and null c',
    {
      m: 'BTC-USD',
      b: [
        { p: '1', q: '1', c: '' },
        { p: '2', q: '1', c: null },
      ],
      a: [],
    },
  ],
  ['numerals and padded text', { m: 'X', b: [{ p: 100, q: ' 0.5 ', c: 7 }], a: [{ p: '1e3', q: '.5' }] }],
  ['extra keys', { m: 'X', b: [{ p: '1', q: '1', z: 'ignored' }], a: [], extra: 1 }],
  ['a level without q', { m: 'X', b: [{ p: '1' }], a: [] }],
  ['a price that is not a number', { m: 'X', b: [{ p: 'abc', q: '1' }], a: [] }],
  ['a bad c', { m: 'X', b: [{ p: '1', q: '1', c: 'x' }], a: [] }],
  ['a side that is not a list', { m: 'X', b: 'nope', a: [] }],
  ['a null side', { m: 'X', b: null, a: [] }],
  ['a level that is a list', { m: 'X', b: [['1', '1']], a: [] }],
  ['no market', { b: [], a: [] }],
  ['not an object', 'SNAPSHOT'],
  ['null', null],
];

describe('book frames (the /orderbooks stream fast path)', () => {
  it.each(cases)('reads %s exactly as streamBookSchema does', (_, data) => {
    expect(readBookData(data)).toEqual(bySchema(data));
  });

  it('parses a frame of string levels with JSON.parse and keeps the same values as the lossless parser', () => {
    const fast = parseBookFrame(real) as { seq: unknown; data: unknown };
    const lossless = parseJson(real, 'string-all') as { seq: unknown; data: unknown };
    expect(fast.seq).toBe(570);
    expect(fast.data).toEqual(lossless.data);
  });

  it('sends a frame with a fractional or unsafe numeral through the lossless parser (exact digits kept)', () => {
    const frame = '{"type":"SNAPSHOT","seq":1,"data":{"m":"X","b":[{"p":43547.123456789012345,"q":"1"}],"a":[]}}';
    const parsed = parseBookFrame(frame) as { seq: unknown; data: { b: { p: unknown }[] } };
    expect(parsed.data.b[0]!.p).toBe('43547.123456789012345');
    const big = parseBookFrame('{"seq":12345678901234567890,"data":{"m":"X"}}') as { seq: unknown };
    expect(big.seq).toBe('12345678901234567890');
  });

  it('feeds the local book from a frame whose prices are numerals, exactly', () => {
    const s = new ExtendedBookSync({ symbol: 'X', tickSize: new Decimal('0.001'), lotSize: new Decimal('0.1') });
    const frame = '{"type":"SNAPSHOT","seq":1,"data":{"m":"X","b":[{"p":100.101,"q":2}],"a":[{"p":100.2,"q":"0.5"}]}}';
    // As the stream hands it on: through the envelope schema, which reads `seq` as an integer.
    expect(s.apply(streamEnvelopeSchema.parse(parseBookFrame(frame)))).toBe('updated');
    expect(s.snapshot(1).bids[0]!.price.toFixed()).toBe('100.101');
    expect(s.snapshot(1).asks[0]!.size.toFixed()).toBe('0.5');
  });

  it('throws on text that is not JSON (the stream reports and drops the frame)', () => {
    expect(() => parseBookFrame('{"type":')).toThrow(SyntaxError);
  });
});
