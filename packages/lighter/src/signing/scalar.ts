/**
 * Scalars of the ECgFp5 group (prime order n ≈ 2^319), poseidon_crypto `curve/ecgfp5/scalar_field.go`.
 * Scalar arithmetic is a handful of operations per signature, so plain bigint mod n is enough.
 */

import { type Fp5, fp5ToBigints } from './quintic.js';

/** Group order n. */
export const N = 1067993516717146951041484916571792702745057740581727230159139685185762082554198619328292418486241n;

export const SCALAR_BYTES = 40;

export function mod(a: bigint): bigint {
  const r = a % N;
  return r < 0n ? r + N : r;
}

/** 40 little-endian bytes → integer (not reduced). */
export function leBytesToBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

/** Integer in [0, 2^320) → 40 little-endian bytes. */
export function bigintToLeBytes(value: bigint, length = SCALAR_BYTES): Uint8Array {
  const bytes = new Uint8Array(length);
  let v = value;
  for (let i = 0; i < length; i++) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return bytes;
}

/** Go `ScalarElementFromLittleEndianBytes`: the LE integer, reduced mod n if ≥ n. */
export function scalarFromLeBytes(bytes: Uint8Array): bigint {
  return mod(leBytesToBigint(bytes));
}

/** Go `FromGfp5`: Σ canonical(h_i)·2^(64i) mod n — turns a hash into the Schnorr challenge. */
export function scalarFromFp5(h: Fp5): bigint {
  const limbs = fp5ToBigints(h);
  let v = 0n;
  for (let i = 4; i >= 0; i--) v = (v << 64n) | limbs[i]!;
  return mod(v);
}

/** Uniform scalar in [1, n) by rejection sampling 319-bit candidates (like Go's `crypto/rand.Int`). */
export function randomScalar(): bigint {
  const bytes = new Uint8Array(SCALAR_BYTES);
  for (;;) {
    globalThis.crypto.getRandomValues(bytes);
    bytes[SCALAR_BYTES - 1] = bytes[SCALAR_BYTES - 1]! & 0x7f; // n < 2^319: keep 319 bits so ≥ 93% of candidates are accepted
    const k = leBytesToBigint(bytes);
    if (k !== 0n && k < N) {
      bytes.fill(0);
      return k;
    }
  }
}
