/**
 * GF(p^5) = Fp[X]/(X^5 − 3) over Goldilocks (poseidon_crypto `field/goldilocks_quintic_extension`).
 *
 * An element is a Float64Array of 10 numbers: coefficient i (of X^i) as the uint32 pair
 * (lo, hi) at indexes 2i, 2i+1, each pair in [0, 2^64) — see goldilocks.ts. Every routine writes
 * into a caller-provided result array and reads all of its inputs first, so the result may alias
 * an input.
 */

import {
  addPair,
  bigintToPair,
  canonicalPair,
  invPair,
  mulPair,
  out,
  P,
  pairToBigint,
  powBig,
  sqrtBig,
  subPair,
} from './goldilocks.js';
import { fp5MulInto, fp5SquareInto } from './quintic-mul.js';

export type Fp5 = Float64Array;

/** Writes the pair in `out` (the last Goldilocks result) to coefficient slots i, i + 1 of `r`. */
function store(r: Fp5, i: number): void {
  r[i] = out.lo;
  r[i + 1] = out.hi;
}

export function fp5(): Fp5 {
  return new Float64Array(10);
}

export function fp5Copy(r: Fp5, a: Fp5): Fp5 {
  r.set(a);
  return r;
}

/** Element from 5 integers (each reduced like Go's uint64 cast, then mod p). */
export function fp5FromBigints(limbs: readonly bigint[]): Fp5 {
  const r = fp5();
  for (let i = 0; i < 5; i++) {
    bigintToPair(limbs[i] ?? 0n);
    store(r, 2 * i);
  }
  return r;
}

/** The 5 canonical coefficients. */
export function fp5ToBigints(a: Fp5): bigint[] {
  const res: bigint[] = [];
  for (let i = 0; i < 5; i++) res.push(pairToBigint(a[2 * i]!, a[2 * i + 1]!));
  return res;
}

/** 40 bytes: 5 canonical coefficients as LE64. */
export function fp5ToBytes(a: Fp5): Uint8Array {
  const bytes = new Uint8Array(40);
  for (let i = 0; i < 5; i++) {
    canonicalPair(a[2 * i]!, a[2 * i + 1]!);
    writeWordLE(bytes, 8 * i, out.lo);
    writeWordLE(bytes, 8 * i + 4, out.hi);
  }
  return bytes;
}

/**
 * Parses 40 bytes as 5 LE64 coefficients; undefined if one is not canonical (≥ p), as Go's
 * `FromCanonicalLittleEndianBytes` rejects it.
 */
export function fp5FromBytes(bytes: Uint8Array): Fp5 | undefined {
  if (bytes.length !== 40) return undefined;
  const r = fp5();
  for (let i = 0; i < 5; i++) {
    const lo = readWordLE(bytes, 8 * i);
    const hi = readWordLE(bytes, 8 * i + 4);
    if (hi === 0xffffffff && lo >= 1) return undefined;
    r[2 * i] = lo;
    r[2 * i + 1] = hi;
  }
  return r;
}

function readWordLE(bytes: Uint8Array, o: number): number {
  return (bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)) >>> 0;
}

function writeWordLE(bytes: Uint8Array, o: number, w: number): void {
  bytes[o] = w & 0xff;
  bytes[o + 1] = (w >>> 8) & 0xff;
  bytes[o + 2] = (w >>> 16) & 0xff;
  bytes[o + 3] = w >>> 24;
}

export function fp5IsZero(a: Fp5): boolean {
  for (let i = 0; i < 5; i++) {
    canonicalPair(a[2 * i]!, a[2 * i + 1]!);
    if (out.lo !== 0 || out.hi !== 0) return false;
  }
  return true;
}

export function fp5Equals(a: Fp5, b: Fp5): boolean {
  for (let i = 0; i < 5; i++) {
    canonicalPair(a[2 * i]!, a[2 * i + 1]!);
    const lo = out.lo;
    const hi = out.hi;
    canonicalPair(b[2 * i]!, b[2 * i + 1]!);
    if (lo !== out.lo || hi !== out.hi) return false;
  }
  return true;
}

export function fp5Add(r: Fp5, a: Fp5, b: Fp5): Fp5 {
  for (let i = 0; i < 10; i += 2) {
    addPair(a[i]!, a[i + 1]!, b[i]!, b[i + 1]!);
    store(r, i);
  }
  return r;
}

export function fp5Sub(r: Fp5, a: Fp5, b: Fp5): Fp5 {
  for (let i = 0; i < 10; i += 2) {
    subPair(a[i]!, a[i + 1]!, b[i]!, b[i + 1]!);
    store(r, i);
  }
  return r;
}

export function fp5Neg(r: Fp5, a: Fp5): Fp5 {
  for (let i = 0; i < 10; i += 2) {
    subPair(0, 0, a[i]!, a[i + 1]!);
    store(r, i);
  }
  return r;
}

export function fp5Double(r: Fp5, a: Fp5): Fp5 {
  return fp5Add(r, a, a);
}

/** r = a · k for a base-field constant k given as a pair. */
export function fp5MulBase(r: Fp5, a: Fp5, klo: number, khi: number): Fp5 {
  for (let i = 0; i < 10; i += 2) {
    mulPair(a[i]!, a[i + 1]!, klo, khi);
    store(r, i);
  }
  return r;
}

/** r = a · (k·X) for a small k (< 2^20): shifts coefficients up and folds X^5 = 3. */
export function fp5MulSmallX(r: Fp5, a: Fp5, k: number): Fp5 {
  const a4lo = a[8]!;
  const a4hi = a[9]!;
  for (let i = 8; i >= 2; i -= 2) {
    mulPair(a[i - 2]!, a[i - 1]!, k, 0);
    store(r, i);
  }
  mulPair(a4lo, a4hi, 3 * k, 0);
  store(r, 0);
  return r;
}

/** r = a · b in GF(p^5) (generated straight-line code, see quintic-mul.ts). */
export const fp5Mul: (r: Fp5, a: Fp5, b: Fp5) => Fp5 = fp5MulInto;

/** r = a^2 in GF(p^5). */
export const fp5Square: (r: Fp5, a: Fp5) => Fp5 = fp5SquareInto;

// FP5_DTH_ROOT = 3^((p−1)/5) and its powers: Frobenius multiplies coefficient i by DTH^(i·k).
const DTH_POW: number[] = [];
{
  let v = 1n;
  for (let i = 0; i < 5; i++) {
    DTH_POW.push(Number(v & 0xffffffffn), Number(v >> 32n));
    v = (v * 1041288259238279555n) % P;
  }
}

/** r = a^(p^count). */
export function fp5Frobenius(r: Fp5, a: Fp5, count = 1): Fp5 {
  for (let i = 0; i < 5; i++) {
    const e = (i * count) % 5;
    mulPair(a[2 * i]!, a[2 * i + 1]!, DTH_POW[2 * e]!, DTH_POW[2 * e + 1]!);
    store(r, 2 * i);
  }
  return r;
}

const T1 = fp5();
const T2 = fp5();

/**
 * f = a^(p + p^2 + p^3 + p^4) into `f`, and returns the norm a·f (an Fp element) as a pair in `out`.
 */
function normParts(f: Fp5, a: Fp5): void {
  fp5Frobenius(T1, a, 1);
  fp5Frobenius(T2, T1, 1);
  fp5Mul(T1, T1, T2); // a^(p + p^2)
  fp5Frobenius(T2, T1, 2);
  fp5Mul(f, T1, T2); // a^(p + p^2 + p^3 + p^4)
  // Only coefficient 0 of a·f is needed: the product lies in Fp.
  let lo = 0;
  let hi = 0;
  mulPair(a[0]!, a[1]!, f[0]!, f[1]!);
  lo = out.lo;
  hi = out.hi;
  for (let i = 1; i < 5; i++) {
    mulPair(a[2 * i]!, a[2 * i + 1]!, f[2 * (5 - i)]!, f[2 * (5 - i) + 1]!);
    const plo = out.lo;
    const phi = out.hi;
    mulPair(plo, phi, 3, 0);
    addPair(lo, hi, out.lo, out.hi);
    lo = out.lo;
    hi = out.hi;
  }
  out.lo = lo;
  out.hi = hi;
}

const F = fp5();

/** r = a^(−1), or 0 for a = 0 (Go `InverseOrZero`). */
export function fp5Inv(r: Fp5, a: Fp5): Fp5 {
  normParts(F, a);
  invPair(out.lo, out.hi);
  return fp5MulBase(r, F, out.lo, out.hi);
}

/** Legendre symbol: 1 for a non-zero square, −1 (as p − 1) for a non-square, 0 for 0; as bigint. */
export function fp5Legendre(a: Fp5): bigint {
  normParts(F, a);
  const norm = pairToBigint(out.lo, out.hi);
  return powBig(norm, (P - 1n) >> 1n);
}

/** A square root of a, or undefined if a is not a square. Which of the two roots is unspecified. */
export function fp5Sqrt(a: Fp5): Fp5 | undefined {
  // d = a^((p+1)/2); e = (d · d^(p^2))^p; then a·e^2 = N(a) ∈ Fp and sqrt(a) = sqrt(N(a)) / e.
  const d = fp5();
  let acc = fp5Copy(fp5(), a);
  for (let i = 0; i < 31; i++) fp5Square(acc, acc); // a^(2^31)
  const v = fp5Copy(fp5(), acc);
  for (let i = 0; i < 32; i++) fp5Square(acc, acc); // a^(2^63)
  fp5Mul(d, a, acc);
  fp5Mul(d, d, fp5Inv(fp5(), v)); // a^(2^63 − 2^31 + 1)
  const e = fp5Frobenius(fp5(), fp5Mul(fp5(), d, fp5Frobenius(fp5(), d, 2)), 1);
  acc = fp5Square(fp5(), e);
  const g = fp5Mul(fp5(), a, acc);
  const norm = pairToBigint(g[0]!, g[1]!);
  const s = sqrtBig(norm);
  if (s === undefined) return undefined;
  const eInv = fp5Inv(fp5(), e);
  bigintToPair(s);
  return fp5MulBase(eInv, eInv, out.lo, out.hi);
}
