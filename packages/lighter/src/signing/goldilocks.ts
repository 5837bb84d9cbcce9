/**
 * Goldilocks prime field, p = 2^64 − 2^32 + 1 (poseidon_crypto `field/goldilocks`).
 *
 * Two representations live here:
 * - `bigint` at the API boundary (readable, used for conversion and validation);
 * - a pair of uint32 numbers `(lo, hi)` for the hot paths (Poseidon2, GF(p^5), curve), because
 *   JS doubles multiply 16-bit limbs exactly and avoid BigInt allocation. A pair may hold any
 *   value in [0, 2^64), i.e. possibly non-canonical (≥ p); `canonicalPair` fixes that when a
 *   value is serialised or compared.
 */

export const P = 0xffffffff00000001n;
const MASK64 = 0xffffffffffffffffn;

const TWO32 = 4294967296;
const INV32 = 1 / TWO32;

/**
 * Go's `GoldilocksField(x)` for any integer type: two's-complement reinterpretation as uint64,
 * then reduction mod p (e.g. −1 → 2^64 − 1 ≡ 2^32 − 2).
 */
export function toField(value: bigint): bigint {
  return BigInt.asUintN(64, value) % P;
}

/** Scratch outputs of the pair routines: reading them right after a call avoids allocating a result. */
export const out = { lo: 0, hi: 0 };

/**
 * Brings lo + hi·2^32 into a pair in [0, 2^64), using 2^64 ≡ 2^32 − 1 (mod p).
 * Inputs are integers with |lo|, |hi| < 2^52. Writes `out`.
 */
export function normalize(lo: number, hi: number): void {
  for (;;) {
    const l = lo >>> 0; // lo mod 2^32 (ToUint32 is exact for integer doubles)
    hi += (lo - l) * INV32;
    const h = hi >>> 0;
    const k = (hi - h) * INV32; // multiples of 2^64 still to fold back in
    if (k === 0) {
      out.lo = l;
      out.hi = h;
      return;
    }
    lo = l - k;
    hi = h + k;
  }
}

/**
 * (alo + ahi·2^32) · (blo + bhi·2^32) mod p, result in `out` (a pair in [0, 2^64)).
 * The 128-bit product is formed from 16-bit limbs (every partial product < 2^32, every column
 * < 2^36, so all sums stay exact below 2^53), then folded with 2^64 ≡ 2^32 − 1 and 2^96 ≡ −1.
 */
export function mulPair(alo: number, ahi: number, blo: number, bhi: number): void {
  const a0 = alo & 0xffff;
  const a1 = alo >>> 16;
  const a2 = ahi & 0xffff;
  const a3 = ahi >>> 16;
  const b0 = blo & 0xffff;
  const b1 = blo >>> 16;
  const b2 = bhi & 0xffff;
  const b3 = bhi >>> 16;
  let t = a0 * b0 + (a0 * b1 + a1 * b0) * 65536;
  const w0 = t >>> 0;
  t = (t - w0) * INV32 + a0 * b2 + a1 * b1 + a2 * b0 + (a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0) * 65536;
  const w1 = t >>> 0;
  t = (t - w1) * INV32 + a1 * b3 + a2 * b2 + a3 * b1 + (a2 * b3 + a3 * b2) * 65536;
  const w2 = t >>> 0;
  const w3 = (t - w2) * INV32 + a3 * b3;
  normalize(w0 - w2 - w3, w1 + w2);
}

/** (a + b) mod p on pairs, result in `out`. */
export function addPair(alo: number, ahi: number, blo: number, bhi: number): void {
  normalize(alo + blo, ahi + bhi);
}

/** (a − b) mod p on pairs, result in `out`. */
export function subPair(alo: number, ahi: number, blo: number, bhi: number): void {
  // + p keeps the value non-negative before normalisation (b may be non-canonical, < 2^64 < 2p).
  normalize(alo - blo + 1, ahi - bhi + 0xffffffff);
}

/** Canonical form (< p) of a pair, result in `out`. */
export function canonicalPair(lo: number, hi: number): void {
  if (hi === 0xffffffff && lo >= 1) {
    out.lo = lo - 1;
    out.hi = 0;
  } else {
    out.lo = lo;
    out.hi = hi;
  }
}

export function pairToBigint(lo: number, hi: number): bigint {
  canonicalPair(lo, hi);
  return (BigInt(out.hi) << 32n) | BigInt(out.lo);
}

/** Splits a bigint (any integer; reduced like Go's uint64 cast) into a canonical pair in `out`. */
export function bigintToPair(value: bigint): void {
  const v = toField(value);
  out.lo = Number(v & 0xffffffffn);
  out.hi = Number(v >> 32n);
}

/** a^(p−2) = a^(−1) for a ≠ 0 (0 maps to 0), on pairs; result in `out`. */
export function invPair(lo: number, hi: number): void {
  // p − 2 = 0xFFFFFFFE_FFFFFFFF: square-and-multiply over its 64 bits, MSB first.
  let rlo = 1;
  let rhi = 0;
  for (let i = 63; i >= 0; i--) {
    mulPair(rlo, rhi, rlo, rhi);
    rlo = out.lo;
    rhi = out.hi;
    if (i !== 32) {
      mulPair(rlo, rhi, lo, hi);
      rlo = out.lo;
      rhi = out.hi;
    }
  }
  out.lo = rlo;
  out.hi = rhi;
}

/** Modular exponentiation in Fp with bigints (rare paths: square roots, Legendre symbols). */
export function powBig(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base % P;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return result;
}

/** Square root in Fp (Tonelli–Shanks, 2-adicity 32), or undefined for a non-residue. */
export function sqrtBig(a: bigint): bigint | undefined {
  const x = a % P;
  if (x === 0n) return 0n;
  if (powBig(x, (P - 1n) >> 1n) !== 1n) return undefined;
  const q = (P - 1n) >> 32n; // odd part of p − 1
  // 7 generates Fp* (plonky2's MULTIPLICATIVE_GROUP_GENERATOR), so 7^q has order 2^32.
  let m = 32n;
  let c = powBig(7n, q);
  let t = powBig(x, q);
  let r = powBig(x, (q + 1n) >> 1n);
  while (t !== 1n) {
    let i = 0n;
    let t2 = t;
    while (t2 !== 1n) {
      t2 = (t2 * t2) % P;
      i++;
    }
    let b = c;
    for (let j = 0n; j < m - i - 1n; j++) b = (b * b) % P;
    m = i;
    c = (b * b) % P;
    t = (t * c) % P;
    r = (r * b) % P;
  }
  return r;
}

/** Reads 8 little-endian bytes as a uint64 (no reduction). */
export function readU64LE(bytes: Uint8Array, offset: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i]!);
  return v;
}

/** Writes a uint64 as 8 little-endian bytes. */
export function writeU64LE(bytes: Uint8Array, offset: number, value: bigint): void {
  let v = value & MASK64;
  for (let i = 0; i < 8; i++) {
    bytes[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}
