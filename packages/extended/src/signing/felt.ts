import { SigningError } from '@dn/core';
import { FIELD_PRIME, I64_MAX, I64_MIN } from './constants.js';

/** Integer-like input accepted by the hashing layer: bigint, safe integer, decimal string or 0x-hex string. */
export type IntegerLike = bigint | number | string;

const SCHEME = 'stark-snip12';
const DECIMAL_RE = /^-?\d+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;

/**
 * Parses an integer given as bigint, safe integer, decimal string or 0x-hex string.
 * @throws SigningError when the value is not an integer or is outside [min, max].
 */
export function parseInteger(value: IntegerLike, field: string, min: bigint, max: bigint): bigint {
  let n: bigint;
  if (typeof value === 'bigint') {
    n = value;
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw outOfRange(field, 'not a safe integer');
    n = BigInt(value);
  } else if (typeof value === 'string' && (DECIMAL_RE.test(value) || HEX_RE.test(value))) {
    n = BigInt(value);
  } else {
    throw outOfRange(field, 'expected an integer (bigint, safe number, decimal or 0x-hex string)');
  }
  if (n < min || n > max) throw outOfRange(field, `outside [${min}, ${max}]`);
  return n;
}

/** A field element in [0, P). */
export function parseFelt(value: IntegerLike, field: string): bigint {
  return parseInteger(value, field, 0n, FIELD_PRIME - 1n);
}

/** Signed i64 encoded as a felt: negative values become P − |x| (Cairo `i64` → felt252). */
export function i64ToFelt(value: IntegerLike, field: string): bigint {
  const n = parseInteger(value, field, I64_MIN, I64_MAX);
  return n < 0n ? FIELD_PRIME + n : n;
}

/**
 * Cairo short string: ASCII bytes, big-endian, at most 31 characters.
 * @throws SigningError on non-ASCII input or more than 31 characters.
 */
export function shortStringToFelt(text: string, field: string): bigint {
  if (text.length > 31) throw outOfRange(field, 'short string longer than 31 characters');
  let n = 0n;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) throw outOfRange(field, 'short string must be ASCII');
    n = (n << 8n) | BigInt(code);
  }
  return n;
}

/** Minimal lowercase 0x-hex, as the official signers print felts (Python `hex()`). */
export function toHex(n: bigint): string {
  return `0x${n.toString(16)}`;
}

function outOfRange(field: string, reason: string): SigningError {
  return new SigningError(`Invalid ${field} for Stark hashing: ${reason}`, { scheme: SCHEME, field, reason });
}
