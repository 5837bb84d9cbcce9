/**
 * Poseidon2 over Goldilocks, width 12, rate 8, x^7 S-box, 4 + 22 + 4 rounds, in plonky2's
 * "overwrite, no padding" sponge (poseidon_crypto `hash/poseidon2_goldilocks_plonky2`).
 *
 * The state is a Float64Array of 24 numbers: lane i as the uint32 pair (lo, hi) at 2i, 2i+1.
 */

import { InvalidInputError } from '@dn/core';
import { mulPair, normalize, out, P, pairToBigint } from './goldilocks.js';
import { EXTERNAL_CONSTANTS, INTERNAL_CONSTANTS, MATRIX_DIAG_12 } from './poseidon2-constants.js';

export const WIDTH = 12;
export const RATE = 8;

function toPairs(values: readonly bigint[]): Float64Array {
  const res = new Float64Array(values.length * 2);
  values.forEach((v, i) => {
    res[2 * i] = Number(v & 0xffffffffn);
    res[2 * i + 1] = Number(v >> 32n);
  });
  return res;
}

const EXT = toPairs(EXTERNAL_CONSTANTS);
const INT = toPairs(INTERNAL_CONSTANTS);
const DIAG = toPairs(MATRIX_DIAG_12);

/** x^7 of lane i, in place. */
function sbox(s: Float64Array, i: number): void {
  const xlo = s[i]!;
  const xhi = s[i + 1]!;
  mulPair(xlo, xhi, xlo, xhi);
  const x2lo = out.lo;
  const x2hi = out.hi;
  mulPair(x2lo, x2hi, xlo, xhi);
  const x3lo = out.lo;
  const x3hi = out.hi;
  mulPair(x3lo, x3hi, x3lo, x3hi);
  mulPair(out.lo, out.hi, xlo, xhi);
  s[i] = out.lo;
  s[i + 1] = out.hi;
}

const Y = new Float64Array(24);

/** Each 4-lane block times M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]], then add the column sums. */
function externalLayer(s: Float64Array): void {
  // Lo and hi halves are summed separately (at most 28 terms each, < 2^37) and normalised once.
  for (let b = 0; b < 24; b += 8) {
    for (let h = 0; h < 2; h++) {
      const x0 = s[b + h]!;
      const x1 = s[b + 2 + h]!;
      const x2 = s[b + 4 + h]!;
      const x3 = s[b + 6 + h]!;
      const t01 = x0 + x1;
      const t23 = x2 + x3;
      const t0123 = t01 + t23;
      Y[b + h] = t0123 + t01 + x1;
      Y[b + 2 + h] = t0123 + x1 + 2 * x2;
      Y[b + 4 + h] = t0123 + t23 + x3;
      Y[b + 6 + h] = t0123 + x3 + 2 * x0;
    }
  }
  for (let c = 0; c < 8; c += 2) {
    const sumLo = Y[c]! + Y[c + 8]! + Y[c + 16]!;
    const sumHi = Y[c + 1]! + Y[c + 9]! + Y[c + 17]!;
    for (let b = 0; b < 24; b += 8) {
      normalize(Y[b + c]! + sumLo, Y[b + c + 1]! + sumHi);
      s[b + c] = out.lo;
      s[b + c + 1] = out.hi;
    }
  }
}

/** s[i] = s[i]·DIAG[i] + Σ s. */
function internalLayer(s: Float64Array): void {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 24; i += 2) {
    lo += s[i]!;
    hi += s[i + 1]!;
  }
  normalize(lo, hi);
  const sumLo = out.lo;
  const sumHi = out.hi;
  for (let i = 0; i < 24; i += 2) {
    mulPair(s[i]!, s[i + 1]!, DIAG[i]!, DIAG[i + 1]!);
    normalize(out.lo + sumLo, out.hi + sumHi);
    s[i] = out.lo;
    s[i + 1] = out.hi;
  }
}

function fullRounds(s: Float64Array, start: number): void {
  for (let r = start; r < start + 4; r++) {
    const o = r * 24;
    for (let i = 0; i < 24; i += 2) {
      normalize(s[i]! + EXT[o + i]!, s[i + 1]! + EXT[o + i + 1]!);
      s[i] = out.lo;
      s[i + 1] = out.hi;
      sbox(s, i);
    }
    externalLayer(s);
  }
}

/** The Poseidon2 permutation on a pair-encoded state, in place. */
export function permutePairs(s: Float64Array): void {
  externalLayer(s);
  fullRounds(s, 0);
  for (let r = 0; r < 22; r++) {
    normalize(s[0]! + INT[2 * r]!, s[1]! + INT[2 * r + 1]!);
    s[0] = out.lo;
    s[1] = out.hi;
    sbox(s, 0);
    internalLayer(s);
  }
  fullRounds(s, 4);
}

/**
 * plonky2 `HashNToMNoPad` over pair-encoded inputs (`input` holds `count` lanes), writing
 * `numOutputs` pair-encoded lanes to `output`. Chunks of 8 overwrite lanes 0..7 (a short last
 * chunk leaves the remaining lanes as they were); no input means no permutation (zero output).
 */
export function hashPairs(input: Float64Array, count: number, numOutputs: number, output: Float64Array): void {
  const s = new Float64Array(24);
  for (let i = 0; i < count; i += RATE) {
    const n = Math.min(RATE, count - i);
    for (let j = 0; j < 2 * n; j++) s[j] = input[2 * i + j]!;
    permutePairs(s);
  }
  let produced = 0;
  for (;;) {
    for (let i = 0; i < RATE; i++) {
      output[2 * produced] = s[2 * i]!;
      output[2 * produced + 1] = s[2 * i + 1]!;
      if (++produced === numOutputs) return;
    }
    permutePairs(s);
  }
}

function elementsToPairs(elems: readonly bigint[], field: string): Float64Array {
  const res = new Float64Array(elems.length * 2);
  elems.forEach((e, i) => {
    if (typeof e !== 'bigint' || e < 0n || e > 0xffffffffffffffffn) {
      throw new InvalidInputError('Poseidon2 input must be a uint64 bigint', {
        field: `${field}[${i}]`,
        value: typeof e === 'bigint' ? e.toString() : typeof e,
        expected: '0 ≤ x < 2^64 (values ≥ p are reduced)',
      });
    }
    const v = e % P;
    res[2 * i] = Number(v & 0xffffffffn);
    res[2 * i + 1] = Number(v >> 32n);
  });
  return res;
}

function pairsToBigints(pairs: Float64Array, count: number): bigint[] {
  const res: bigint[] = [];
  for (let i = 0; i < count; i++) res.push(pairToBigint(pairs[2 * i]!, pairs[2 * i + 1]!));
  return res;
}

/**
 * The Poseidon2 permutation over 12 Goldilocks elements (uint64 bigints, reduced mod p).
 * @returns 12 canonical elements.
 */
export function poseidon2Permute(state: readonly bigint[]): bigint[] {
  if (!Array.isArray(state) || state.length !== WIDTH) {
    throw new InvalidInputError('Poseidon2 state must have 12 elements', {
      field: 'state',
      value: Array.isArray(state) ? state.length : typeof state,
      expected: '12 bigints',
    });
  }
  const s = elementsToPairs(state, 'state');
  permutePairs(s);
  return pairsToBigints(s, WIDTH);
}

/** plonky2 `HashNToMNoPad(elems, numOutputs)` over uint64 bigints (reduced mod p). */
export function hashNToMNoPad(elems: readonly bigint[], numOutputs: number): bigint[] {
  const output = new Float64Array(2 * numOutputs);
  hashPairs(elementsToPairs(elems, 'elems'), elems.length, numOutputs, output);
  return pairsToBigints(output, numOutputs);
}

/** `HashToQuinticExtension`: the first 5 sponge outputs, i.e. a GF(p^5) element's coefficients. */
export function hashToQuintic(elems: readonly bigint[]): bigint[] {
  return hashNToMNoPad(elems, 5);
}
