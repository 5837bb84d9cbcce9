import { numberToBytesBE } from '@noble/curves/utils.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { invalidInput } from './errors.js';

/** Integer given as bigint, safe integer, decimal string or 0x-hex string. */
export type IntegerLike = bigint | number | string;

const DECIMAL_INT_RE = /^(0|[1-9]\d*)$/;
const HEX_INT_RE = /^0x[0-9a-fA-F]+$/;

/**
 * Parses a non-negative integer and checks it against `max`.
 * @throws InvalidInputError naming `field` when the value is malformed or out of range.
 */
export function parseUint(value: IntegerLike, field: string, max: bigint): bigint {
  let n: bigint;
  if (typeof value === 'bigint') {
    n = value;
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw invalidInput(field, 'a safe integer', value);
    n = BigInt(value);
  } else if (typeof value === 'string' && (DECIMAL_INT_RE.test(value) || HEX_INT_RE.test(value))) {
    n = BigInt(value);
  } else {
    throw invalidInput(field, 'a non-negative integer (bigint, safe number, decimal or 0x-hex string)', value);
  }
  if (n < 0n || n > max) throw invalidInput(field, `an integer in [0, ${max}]`, value);
  return n;
}

/** Parses an asset id given as hex (with or without `0x`) or bigint. Metadata sends them as `0x…` strings. */
export function parseHexId(value: string | bigint, field: string, max: bigint): bigint {
  let n: bigint;
  if (typeof value === 'bigint') {
    n = value;
  } else if (typeof value === 'string' && /^(0x)?[0-9a-fA-F]+$/.test(value)) {
    n = BigInt(value.startsWith('0x') ? value : `0x${value}`);
  } else {
    throw invalidInput(field, 'a hex string or bigint', value);
  }
  if (n < 0n || n > max) throw invalidInput(field, `a value in [0, 0x${max.toString(16)}]`, value);
  return n;
}

/** Lowercase hex, zero-padded to `width` characters, no `0x`. */
export function toHexPadded(n: bigint, width = 64): string {
  return n.toString(16).padStart(width, '0');
}

/** Minimal big-endian bytes (python `n.to_bytes(ceil(n.bit_length() / 8), 'big')`); empty for 0. */
export function bigIntToMinimalBytes(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array(0);
  return numberToBytesBE(n, Math.ceil(bitLength(n) / 8));
}

export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Standard base64 (with padding) of the UTF-8 bytes of `s`; `btoa` only takes Latin-1, hence the detour. */
export function base64Utf8(s: string): string {
  let latin1 = '';
  for (const b of utf8ToBytes(s)) latin1 += String.fromCharCode(b);
  return btoa(latin1);
}

/** Constant-time comparison of two equal-length strings (HMAC hex digests). */
export function timingSafeEqualString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
