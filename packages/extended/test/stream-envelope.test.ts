import { readdirSync, readFileSync } from 'node:fs';
import { parseJson } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { streamEnvelopeSchema } from '../src/wire.js';
import { readStreamEnvelope } from '../src/ws/envelope.js';

const realDir = new URL('./fixtures/real/', import.meta.url);
// Every stream message among the fixtures (captured and constructed), parsed as the stream parses them.
const realStreamMessages: [string, unknown][] = readdirSync(realDir)
  .filter((f) => f.includes('stream') && f.endsWith('.json'))
  .map((f) => [`the fixture ${f}`, parseJson(readFileSync(new URL(f, realDir), 'utf8'), 'string-all')]);

// What the schema gives (the published contract of a stream message), or undefined when it refuses.
function bySchema(v: unknown) {
  const r = streamEnvelopeSchema.safeParse(v);
  return r.success ? r.data : undefined;
}

const cases: [string, unknown][] = [
  ...realStreamMessages,
  ['a book delta', { type: 'DELTA', data: { m: 'BTC-USD', b: [], a: [] }, ts: 1_704_798_222_748, seq: 2 }],
  ['integers as text, padded', { type: 'SNAPSHOT', data: {}, ts: ' 1704798222748 ', seq: '+7' }],
  ['integers as bigint', { data: 1, ts: 1_704_798_222_748n, seq: 3n }],
  ['blank and null integers', { data: null, ts: '  ', seq: null }],
  ['null type and status', { type: null, status: null, data: [] }],
  ['an error frame', { status: 'ERROR', error: { code: '1006', message: 'bad market' } }],
  ['negative zero', { seq: -0, ts: 0 }],
  ['no fields at all', {}],
  ['extra keys', { type: 'MP', data: { m: 'X', p: '1', ts: 0 }, ts: 1, seq: 1, sourceEventId: 9 }],
  ['a fractional seq', { seq: 1.5 }],
  ['a seq as fractional text', { seq: '2.0' }],
  ['an unsafe ts', { ts: 2 ** 60 }],
  ['an unsafe ts as text', { ts: '9007199254740993' }],
  ['an unsafe ts as bigint', { ts: 2n ** 60n }],
  ['a non-numeric seq', { seq: 'abc' }],
  ['a seq that is an object', { seq: { n: 1 } }],
  ['a boolean ts', { ts: true }],
  ['NaN and Infinity', { seq: Number.NaN, ts: Number.POSITIVE_INFINITY }],
  ['a numeric type', { type: 5 }],
  ['an object status', { status: { s: 'OK' } }],
  ['an array', [{ type: 'SNAPSHOT' }]],
  ['a string', 'SNAPSHOT'],
  ['null', null],
  ['a number', 42],
];

describe('stream envelopes (read once per message, on every tick of the book stream)', () => {
  it('covers the stream message fixtures', () => {
    expect(realStreamMessages.length).toBeGreaterThan(0);
  });

  it.each(cases)('reads %s exactly as streamEnvelopeSchema does', (_, v) => {
    const mine = readStreamEnvelope(v);
    const theirs = bySchema(v);
    expect(mine).toEqual(theirs);
    // toEqual ignores keys set to undefined and treats -0 and 0 apart: compare the defined keys too.
    if (mine && theirs) {
      const defined = (o: object) =>
        Object.entries(o)
          .filter(([, x]) => x !== undefined)
          .map(([k]) => k)
          .sort();
      expect(defined(mine)).toEqual(defined(theirs));
    }
  });
});
