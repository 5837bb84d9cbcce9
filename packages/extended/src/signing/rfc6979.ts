import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { CURVE_ORDER } from './constants.js';

/**
 * Deterministic nonce k exactly as starknet-crypto `rfc6979_generate_k` (via `generate_k_shifted`),
 * which the official Extended signer (rust-crypto-lib-base → starknet-rs `ecdsa_sign`) uses.
 *
 * Differences from textbook RFC 6979 / @scure/starknet `sign` that change k in ~0.5 % of cases:
 * x and h1 are always the 32-byte big-endian encodings (no bits2octets reduction, no leading-zero
 * stripping), and each 32-byte DRBG block is turned into a candidate by a fixed right shift of 4
 * bits (256 → 252 bits) regardless of its leading zeros.
 *
 * @param msgHash - message hash, already checked to be < 2^251.
 * @param privateKey - scalar in [1, n).
 * @param seed - retry counter; `undefined` on the first attempt (empty extra data), then 1, 2, …
 *   encoded as big-endian bytes without leading zeros.
 */
export function generateK(msgHash: bigint, privateKey: bigint, seed?: bigint): bigint {
  const x = to32Bytes(privateKey);
  const h1 = to32Bytes(msgHash);
  const extra = seed === undefined || seed === 0n ? new Uint8Array(0) : minimalBytes(seed);

  // RFC 6979 §3.2 b–g (HMAC-DRBG instantiate with entropy x, nonce h1, personalisation `extra`).
  let v = new Uint8Array(32).fill(0x01);
  let k = new Uint8Array(32);
  k = hmac(sha256, k, concat(v, [0x00], x, h1, extra));
  v = hmac(sha256, k, v);
  k = hmac(sha256, k, concat(v, [0x01], x, h1, extra));
  v = hmac(sha256, k, v);
  x.fill(0);

  for (;;) {
    v = hmac(sha256, k, v);
    const candidate = bytesToBigInt(v) >> 4n;
    if (candidate > 0n && candidate < CURVE_ORDER) return candidate;
    k = hmac(sha256, k, concat(v, [0x00]));
    v = hmac(sha256, k, v);
  }
}

function to32Bytes(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0 && n > 0n; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

function minimalBytes(n: bigint): Uint8Array {
  const hex = n.toString(16);
  const padded = hex.length % 2 === 0 ? hex : `0${hex}`;
  const out = new Uint8Array(padded.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(padded.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return BigInt(`0x${hex}`);
}

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
