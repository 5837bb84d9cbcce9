import { InvalidInputError } from '@dn/core';

/**
 * Marks a number that the official Python helper would hold as a `float`, so it is written the
 * way `json.dumps` writes floats (`100000.0`, `1e-05`). JS cannot tell `100000.0` from `100000`;
 * without this marker an integral number is written as a Python `int`.
 * Trading payloads never need it: prices and sizes are decimal strings.
 */
export class PyFloat {
  readonly value: number;
  constructor(value: number) {
    if (!Number.isFinite(value)) {
      throw new InvalidInputError('Float must be finite', { value: String(value), expected: 'a finite number' });
    }
    this.value = value;
  }
}

/** Shorthand for `new PyFloat(value)`. */
export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

/** A value the canonical serialiser accepts. `undefined` object members are dropped, as `JSON.stringify` does. */
export type SignableValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | PyFloat
  | readonly SignableValue[]
  | { readonly [key: string]: SignableValue | undefined };

const MAX_DEPTH = 64;

/**
 * Compact JSON with object keys sorted by code point at every depth, byte-identical to the
 * official helper's `json.dumps(sort_json_keys(obj), separators=(",", ":"))` (ensure_ascii on).
 * Throws InvalidInputError for anything Python would serialise differently or JSON cannot hold.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, '$', 0, true);
  return out.join('');
}

/**
 * Compact JSON in insertion order, with the same value rules as {@link canonicalJson} (bigint ids
 * written as integers, floats as Python would). Use it to send a body that `JSON.stringify`
 * cannot write (bigint) or would write differently (PyFloat).
 */
export function pacificaJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, '$', 0, false);
  return out.join('');
}

function write(value: unknown, out: string[], path: string, depth: number, sort: boolean): void {
  if (depth > MAX_DEPTH) {
    throw new InvalidInputError('Payload is nested too deeply (or cyclic)', {
      field: path,
      expected: `depth <= ${MAX_DEPTH}`,
    });
  }
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(pythonString(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'bigint':
      out.push(value.toString());
      return;
    case 'number':
      out.push(pythonNumber(value, path));
      return;
    case 'object':
      break;
    default:
      throw new InvalidInputError('Payload holds a value JSON cannot represent', {
        field: path,
        value: typeof value,
        expected: 'string, number, bigint, boolean, null, array or plain object',
      });
  }
  if (value instanceof PyFloat) {
    out.push(pythonFloatRepr(value.value));
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined) {
        // JSON.stringify would turn this into null and sign something the caller did not write.
        throw new InvalidInputError('Array element is undefined', { field: `${path}[${i}]`, expected: 'a JSON value' });
      }
      if (i > 0) out.push(',');
      write(item, out, `${path}[${i}]`, depth + 1, sort);
    }
    out.push(']');
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new InvalidInputError('Payload holds a non-plain object', {
      field: path,
      value: (value as object).constructor?.name ?? 'object',
      expected: 'plain object (convert Decimal to string first)',
    });
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined);
  if (sort) keys.sort(compareCodePoints);
  out.push('{');
  keys.forEach((key, i) => {
    if (i > 0) out.push(',');
    out.push(pythonString(key), ':');
    write(record[key], out, `${path}.${key}`, depth + 1, sort);
  });
  out.push('}');
}

/** Python's `sorted()` on str compares code points; JS's default sort compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Only differs from unit order when a surrogate meets a unit in U+E000..U+FFFF.
    const pa = a.codePointAt(i) ?? ca;
    const pb = b.codePointAt(i) ?? cb;
    return pa < pb ? -1 : pa > pb ? 1 : ca - cb;
  }
  return a.length - b.length;
}

const NON_ASCII = /[\u007f-\uffff]/g;

/**
 * `json.dumps` with ensure_ascii escapes everything outside 0x20..0x7E as lowercase `\uXXXX`
 * (non-BMP as a surrogate pair). JSON.stringify already matches Python for quotes, backslashes,
 * control characters and lone surrogates, so only the remaining non-ASCII units need escaping.
 */
function pythonString(s: string): string {
  const json = JSON.stringify(s);
  return json.replace(NON_ASCII, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function pythonNumber(n: number, path: string): string {
  if (!Number.isFinite(n)) {
    // Python would emit NaN/Infinity, which is not JSON and no server accepts.
    throw new InvalidInputError('Number must be finite', {
      field: path,
      value: String(n),
      expected: 'a finite number',
    });
  }
  if (Number.isInteger(n) && !Object.is(n, -0)) {
    if (!Number.isSafeInteger(n)) {
      throw new InvalidInputError('Integer is beyond 2^53 and may already have lost precision', {
        field: path,
        value: String(n),
        expected: 'a safe integer, or a bigint for large ids',
      });
    }
    return String(n);
  }
  return pythonFloatRepr(n);
}

/**
 * Python `repr(float)`: the same shortest round-trip digits as JS, but scientific notation when
 * the decimal exponent is < -4 or >= 16, a two-digit signed exponent, and `.0` on integral values.
 */
export function pythonFloatRepr(n: number): string {
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa = '', expPart = '0'] = n.toExponential().split('e');
  const exp = Number(expPart);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return `${sign}${m}e${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac === '' ? '0' : frac}`;
}
