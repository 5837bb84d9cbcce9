/**
 * The ECgFp5 curve (Pornin, "EcGFp5: a Specialized Elliptic Curve", 2022), as used by
 * poseidon_crypto `curve/ecgfp5`: y^2 = x(x^2 + 2x + 263·X) over GF(p^5), a prime-order group
 * (order n ≈ 2^319) whose neutral is N = (0, 0). Points are kept in the fractional (x, u) =
 * (X/Z, U/T) coordinates with u = x/y, where the complete addition formulas apply.
 *
 * Signing only needs k·G, computed with a lazily built fixed-base table (signed 8-bit windows,
 * affine entries): 40 mixed additions and no doublings per multiplication.
 */

import { bigintToPair, out } from './goldilocks.js';
import {
  type Fp5,
  fp5,
  fp5Add,
  fp5Copy,
  fp5Double,
  fp5FromBigints,
  fp5Inv,
  fp5IsZero,
  fp5Legendre,
  fp5Mul,
  fp5MulBase,
  fp5MulSmallX,
  fp5Neg,
  fp5Sqrt,
  fp5Square,
  fp5Sub,
} from './quintic.js';

export interface Point {
  x: Fp5;
  z: Fp5;
  u: Fp5;
  t: Fp5;
}

/** b = 263·X; the formulas only ever multiply by small multiples of b. */
const B1 = 263;

function one(): Fp5 {
  const r = fp5();
  r[0] = 1;
  return r;
}

export function neutral(): Point {
  return { x: fp5(), z: one(), u: fp5(), t: one() };
}

export function copyPoint(r: Point, p: Point): Point {
  r.x.set(p.x);
  r.z.set(p.z);
  r.u.set(p.u);
  r.t.set(p.t);
  return r;
}

/** Generator (poseidon_crypto `GENERATOR_ECgFp5Point`); encode(G) = 4. */
export function generator(): Point {
  const x = fp5FromBigints([
    12883135586176881569n,
    4356519642755055268n,
    5248930565894896907n,
    2165973894480315022n,
    2448410071095648785n,
  ]);
  const t = fp5();
  t[0] = 4;
  return { x, z: one(), u: one(), t };
}

const A1 = fp5();
const A2 = fp5();
const A3 = fp5();
const A4 = fp5();
const A5 = fp5();
const A6 = fp5();
const A7 = fp5();
const A8 = fp5();
const A9 = fp5();
const A10 = fp5();

/** r = p + q (complete formulas, 10M). r may alias p or q. */
export function pointAdd(r: Point, p: Point, q: Point): Point {
  fp5Mul(A1, p.x, q.x);
  fp5Mul(A2, p.z, q.z);
  fp5Mul(A3, p.u, q.u);
  fp5Mul(A4, p.t, q.t);
  fp5Mul(A5, fp5Add(A9, p.x, p.z), fp5Add(A10, q.x, q.z));
  fp5Sub(A5, A5, fp5Add(A9, A1, A2)); // t5
  fp5Mul(A6, fp5Add(A9, p.u, p.t), fp5Add(A10, q.u, q.t));
  fp5Sub(A6, A6, fp5Add(A9, A3, A4)); // t6
  fp5Add(A7, A1, fp5MulSmallX(A9, A2, B1)); // t7 = t1 + t2·b
  finishAdd(r, A1, A2, A3, A4, A5, A6, A7);
  return r;
}

/** Shared tail of the full and mixed additions, from t1..t7. */
function finishAdd(r: Point, t1: Fp5, t2: Fp5, t3: Fp5, t4: Fp5, t5: Fp5, t6: Fp5, t7: Fp5): void {
  fp5Mul(A8, t4, t7); // t8
  // t9 = t3·(t5·2b + 2·t7)
  fp5Mul(A9, t3, fp5Add(A9, fp5MulSmallX(A9, t5, 2 * B1), fp5Double(A10, t7)));
  // t10 = (t4 + 2·t3)·(t5 + t7)
  fp5Mul(A10, fp5Add(A10, t4, fp5Double(A10, t3)), fp5Add(t5, t5, t7));
  // u = t6·(t2·b − t1), computed before t2/t1 are overwritten through r.
  fp5Mul(r.u, t6, fp5Sub(t2, fp5MulSmallX(t2, t2, B1), t1));
  fp5MulSmallX(r.x, fp5Sub(A10, A10, A8), B1);
  fp5Sub(r.z, A8, A9);
  fp5Add(r.t, A8, A9);
}

/** r = p + (qx, qu) for an affine point (z = t = 1), 8M. r may alias p. */
export function pointAddAffine(r: Point, p: Point, qx: Fp5, qu: Fp5): Point {
  fp5Mul(A1, p.x, qx);
  fp5Copy(A2, p.z);
  fp5Mul(A3, p.u, qu);
  fp5Copy(A4, p.t);
  fp5Add(A5, p.x, fp5Mul(A9, qx, p.z)); // t5
  fp5Add(A6, p.u, fp5Mul(A9, qu, p.t)); // t6
  fp5Add(A7, A1, fp5MulSmallX(A9, p.z, B1)); // t7
  finishAdd(r, A1, A2, A3, A4, A5, A6, A7);
  return r;
}

/** r = 2p (4M + 5S). r may alias p. */
export function pointDouble(r: Point, p: Point): Point {
  const t1 = fp5Mul(A1, p.z, p.t);
  const t2 = fp5Mul(A2, t1, p.t);
  const x1 = fp5Square(A3, t2);
  const z1 = fp5Mul(A4, t1, p.u);
  const t3 = fp5Square(A5, p.u);
  // w1 = t2 − 2·t3·(x + z)
  const w1 = fp5Sub(A6, t2, fp5Mul(A7, t3, fp5Double(A7, fp5Add(A7, p.x, p.z))));
  const t4 = fp5Square(A7, z1);
  fp5MulSmallX(r.x, t4, 4 * B1);
  fp5Square(r.z, w1);
  fp5Sub(r.u, fp5Square(A8, fp5Add(A8, w1, z1)), fp5Add(A9, t4, r.z));
  // t = 2·x1 − (4·t4 + z)
  fp5Sub(r.t, fp5Double(A8, x1), fp5Add(A9, fp5MulBase(A9, t4, 4, 0), r.z));
  return r;
}

/** encode(P) = t/u (0 for the neutral): the 40-byte public-key / nonce-commitment form. */
export function encode(p: Point): Fp5 {
  return fp5Mul(fp5(), p.t, fp5Inv(fp5(), p.u));
}

/**
 * Inverse of `encode`, or undefined if w is not the encoding of a group element (Go `Decode`).
 * With w = y/x the curve equation gives x^2 − (w^2 − a)·x + b = 0; of its two roots exactly one
 * is a non-square, and that one is the point's x.
 */
export function decode(w: Fp5): Point | undefined {
  if (fp5IsZero(w)) return neutral();
  const e = fp5Square(fp5(), w);
  bigintToPair(2n);
  const aConst = fp5();
  aConst[0] = out.lo;
  fp5Sub(e, e, aConst); // e = w^2 − a
  const delta = fp5Sub(fp5(), fp5Square(fp5(), e), fp5MulSmallX(fp5(), one(), 4 * B1));
  const r = fp5Sqrt(delta);
  if (r === undefined) return undefined;
  bigintToPair((0xffffffff00000001n + 1n) / 2n); // 1/2 mod p
  const halfLo = out.lo;
  const halfHi = out.hi;
  const x1 = fp5MulBase(fp5(), fp5Add(fp5(), e, r), halfLo, halfHi);
  const x2 = fp5MulBase(fp5(), fp5Sub(fp5(), e, r), halfLo, halfHi);
  const x = fp5Legendre(x1) === 1n ? x2 : x1;
  return { x, z: one(), u: one(), t: fp5Copy(fp5(), w) };
}

// ---------------------------------------------------------------------------------------------
// Scalar multiplication.

/** Splits a scalar (< 2^320) into signed base-2^w digits in [−2^(w−1), 2^(w−1)], least significant first. */
function recodeSigned(k: bigint, w: number, count: number): Int32Array {
  const digits = new Int32Array(count);
  const full = 1 << w;
  const half = full >> 1;
  const mask = BigInt(full - 1);
  let rest = k;
  let carry = 0;
  for (let i = 0; i < count; i++) {
    let d = Number(rest & mask) + carry;
    rest >>= BigInt(w);
    if (d > half) {
      d -= full;
      carry = 1;
    } else {
      carry = 0;
    }
    digits[i] = d;
  }
  return digits;
}

/** r = k·p for any point (verification path; 4-bit signed windows over projective multiples). */
export function pointMul(p: Point, k: bigint): Point {
  const w = 4;
  const multiples: Point[] = [copyPoint(neutral(), p)]; // multiples[j−1] = j·p, j = 1..8
  for (let j = 2; j <= 8; j++) {
    const m = neutral();
    if (j % 2 === 0) pointDouble(m, multiples[j / 2 - 1]!);
    else pointAdd(m, multiples[j - 2]!, p);
    multiples.push(m);
  }
  const digits = recodeSigned(k, w, 81);
  const acc = neutral();
  const q = neutral();
  for (let i = digits.length - 1; i >= 0; i--) {
    for (let j = 0; j < w; j++) pointDouble(acc, acc);
    const d = digits[i]!;
    if (d !== 0) {
      copyPoint(q, multiples[Math.abs(d) - 1]!);
      if (d < 0) fp5Neg(q.u, q.u); // −(x, u) = (x, −u)
      pointAdd(acc, acc, q);
    }
  }
  return acc;
}

const WINDOW = 8;
const HALF = 1 << (WINDOW - 1);
const WINDOWS = Math.ceil(320 / WINDOW);
const ENTRY = 20; // affine x (10) then u (10)

let generatorTable: Float64Array | undefined;

/**
 * Table entry (i, j) = j·2^(8i)·G in affine form, for i < 40 and 1 ≤ j ≤ 128. Built once, on first
 * use (≈ 5k point operations and one field inversion thanks to Montgomery's batch trick).
 */
function getGeneratorTable(): Float64Array {
  if (generatorTable !== undefined) return generatorTable;
  const count = WINDOWS * HALF;
  const points: Point[] = new Array(count);
  let base = generator();
  for (let i = 0; i < WINDOWS; i++) {
    const o = i * HALF;
    points[o] = copyPoint(neutral(), base);
    for (let j = 2; j <= HALF; j++) {
      const m = neutral();
      if (j % 2 === 0) pointDouble(m, points[o + j / 2 - 1]!);
      else pointAdd(m, points[o + j - 2]!, base);
      points[o + j - 1] = m;
    }
    base = pointDouble(neutral(), points[o + HALF - 1]!); // 2^(8(i+1))·G
  }
  // Batch inversion of every z·t: prefix[i] = Π_{j<i} z_j t_j.
  const prefix: Fp5[] = new Array(count);
  let acc = one();
  for (let i = 0; i < count; i++) {
    prefix[i] = fp5Copy(fp5(), acc);
    const pt = points[i]!;
    acc = fp5Mul(acc, acc, fp5Mul(fp5(), pt.z, pt.t));
  }
  let inv = fp5Inv(fp5(), acc); // 1 / Π z_j t_j
  const table = new Float64Array(count * ENTRY);
  const zt = fp5();
  const invZt = fp5();
  const tmp = fp5();
  for (let i = count - 1; i >= 0; i--) {
    const pt = points[i]!;
    fp5Mul(invZt, inv, prefix[i]!); // 1/(z_i t_i)
    fp5Mul(zt, pt.z, pt.t);
    inv = fp5Mul(inv, inv, zt);
    table.set(fp5Mul(tmp, fp5Mul(tmp, pt.x, pt.t), invZt), i * ENTRY); // x/z
    table.set(fp5Mul(tmp, fp5Mul(tmp, pt.u, pt.z), invZt), i * ENTRY + 10); // u/t
  }
  generatorTable = table;
  return table;
}

const QX = fp5();
const QU = fp5();

/** k·G for a scalar 0 ≤ k < 2^319 (in particular any k < n). */
export function mulGenerator(k: bigint): Point {
  if (k < 0n || k >= 1n << 319n) throw new RangeError('internal: scalar out of range for the generator table');
  const table = getGeneratorTable();
  const digits = recodeSigned(k, WINDOW, WINDOWS);
  const acc = neutral();
  for (let i = 0; i < WINDOWS; i++) {
    const d = digits[i]!;
    if (d === 0) continue;
    const o = (i * HALF + Math.abs(d) - 1) * ENTRY;
    for (let j = 0; j < 10; j++) {
      QX[j] = table[o + j]!;
      QU[j] = table[o + 10 + j]!;
    }
    if (d < 0) fp5Neg(QU, QU);
    pointAddAffine(acc, acc, QX, QU);
  }
  return acc;
}

/** Forgets the generator table (tests measure a cold start with it). */
export function resetGeneratorTable(): void {
  generatorTable = undefined;
}
