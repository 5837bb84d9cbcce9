import { isDnError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { canonicalJson, PyFloat, pacificaJson, pacificaMessage, pyFloat } from '../src/index.js';

/**
 * Expected strings produced by CPython 3.11 `json.dumps(x, separators=(",", ":"))` (ensure_ascii
 * on, keys pre-sorted with `sorted()`), i.e. what the official helper writes for these values.
 */
const pythonFloats: [number, string][] = [
  [0.1, '0.1'],
  [100000, '100000.0'],
  [1e-5, '1e-05'],
  [1e-4, '0.0001'],
  [1e15, '1000000000000000.0'],
  [1e16, '1e+16'],
  [9999999999999998, '9999999999999998.0'],
  [123456789012345680, '1.2345678901234568e+17'],
  [1.5e-7, '1.5e-07'],
  [-2.5, '-2.5'],
  [-0, '-0.0'],
  [0, '0.0'],
  [5e-324, '5e-324'],
  [1.7976931348623157e308, '1.7976931348623157e+308'],
  [2 / 3, '0.6666666666666666'],
  [1e22, '1e+22'],
  [12345678901234.5, '12345678901234.5'],
];

const pythonStrings: [string, string][] = [
  ['Moaré Lake ☃', '"Moar\\u00e9 Lake \\u2603"'],
  ['\x00\x01\x1f\x7f\x80', '"\\u0000\\u0001\\u001f\\u007f\\u0080"'],
  ['"\\/\n\r\t\b\f', '"\\"\\\\/\\n\\r\\t\\b\\f"'],
  ['😀 emoji', '"\\ud83d\\ude00 emoji"'],
  ['\ud800x', '"\\ud800x"'],
  ['\u2028\u2029', '"\\u2028\\u2029"'],
  ['ÿ\uffff', '"\\u00ff\\uffff"'],
];

const header = { type: 'edge_case', timestamp: 1748970123456, expiry_window: 5000 };

describe('canonicalJson', () => {
  it.each(pythonFloats)('writes float %s as Python repr %s', (n, expected) => {
    expect(canonicalJson(pyFloat(n))).toBe(expected);
  });

  it.each(pythonStrings)('escapes %j as json.dumps does', (s, expected) => {
    expect(canonicalJson(s)).toBe(expected);
  });

  it('sorts keys by code point, not UTF-16 unit (Python sorted())', () => {
    // JS's default sort would put U+E000 after the surrogate pair of U+1F600.
    expect(canonicalJson({ '\ue000': 1, '😀': 2, a: 3, B: 4, é: 5 })).toBe(
      '{"B":4,"a":3,"\\u00e9":5,"\\ue000":1,"\\ud83d\\ude00":2}',
    );
  });

  it('sorts dicts inside lists inside dicts and keeps list order', () => {
    expect(canonicalJson({ b: [[{ d: 1, c: 2 }], { f: [], e: {} }], a: true })).toBe(
      '{"a":true,"b":[[{"c":2,"d":1}],{"e":{},"f":[]}]}',
    );
  });

  it('writes integral numbers as ints and bigints exactly', () => {
    expect(canonicalJson({ a: 100000, b: 2n ** 64n, c: -7 })).toBe('{"a":100000,"b":18446744073709551616,"c":-7}');
  });

  it('drops undefined members, as the JSON body does, but signs null', () => {
    expect(pacificaMessage(header, { a: undefined, b: null })).toBe(
      '{"data":{"b":null},"expiry_window":5000,"timestamp":1748970123456,"type":"edge_case"}',
    );
  });

  it.each([
    ['NaN', { x: Number.NaN }],
    ['Infinity', { x: Number.POSITIVE_INFINITY }],
    ['an unsafe integer', { x: 2 ** 53 + 2 }],
    ['undefined in an array', { x: [1, undefined] }],
    ['a Date', { x: new Date(0) }],
    ['a Map', { x: new Map() }],
    ['a function', { x: () => 1 }],
    ['a symbol', { x: Symbol('s') }],
  ])('refuses %s with InvalidInputError naming the field', (_label, payload) => {
    try {
      pacificaMessage(header, payload);
      expect.unreachable();
    } catch (e) {
      expect(isDnError(e, 'INVALID_INPUT')).toBe(true);
      expect((e as { context: { field?: string } }).context.field).toMatch(/^\$\.data\.x/);
    }
  });

  it('refuses a cyclic payload instead of overflowing the stack', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => canonicalJson(a)).toThrow(/nested too deeply/);
  });

  it('refuses a non-finite PyFloat', () => {
    expect(() => new PyFloat(Number.NaN)).toThrow(/finite/);
  });

  it('pacificaJson keeps insertion order and writes bigints', () => {
    expect(pacificaJson({ z: 1, a: [9007199254740993n, 'é'] })).toBe('{"z":1,"a":[9007199254740993,"\\u00e9"]}');
  });
});

describe('pacificaMessage header', () => {
  it.each([
    ['missing type', { timestamp: 1, expiry_window: 1 }],
    ['float timestamp', { type: 'create_order', timestamp: 1.5, expiry_window: 5000 }],
    ['string timestamp', { type: 'create_order', timestamp: '1748970123456', expiry_window: 5000 }],
    ['zero expiry window', { type: 'create_order', timestamp: 1748970123456, expiry_window: 0 }],
    ['extra field', { type: 'create_order', timestamp: 1748970123456, expiry_window: 5000, data: {} }],
    ['non snake_case type', { type: 'Create Order', timestamp: 1748970123456, expiry_window: 5000 }],
  ])('refuses a header with %s', (_label, h) => {
    expect(() => pacificaMessage(h as unknown as typeof header, {})).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('refuses a non-object payload', () => {
    expect(() => pacificaMessage(header, [] as unknown as object)).toThrow(/plain object/);
  });
});
