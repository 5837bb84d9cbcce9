/** Hex ↔ bytes helpers for fixed-length values (keys, hashes, signatures). */

/** Parses hex (optional 0x prefix) of exactly `length` bytes; undefined if malformed. */
export function parseHex(value: unknown, length: number): Uint8Array | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
  if (hex.length !== 2 * length || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

const HEX_DIGITS = '0123456789abcdef';

/** Lowercase hex without prefix. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  return s;
}
