/**
 * Schnorr signatures over ECgFp5 with a Poseidon2 challenge (poseidon_crypto `signature/schnorr`):
 *   r = encode(k·G), e = FromGfp5(H(r ‖ m)), s = k − e·sk (mod n); signature = LE40(s) ‖ LE40(e).
 * Verification recomputes r' = encode(s·G + e·PK) and checks H(r' ‖ m) = e.
 */

import { InvalidInputError, SigningError } from '@dn/core';
import { decode, encode, mulGenerator, pointAdd, pointMul } from './ecgfp5.js';
import { parseHex, toHex } from './hex.js';
import { parsePrivateKey } from './keys.js';
import { hashPairs } from './poseidon2.js';
import { type Fp5, fp5, fp5FromBytes, fp5IsZero } from './quintic.js';
import { bigintToLeBytes, leBytesToBigint, mod, N, randomScalar, scalarFromFp5 } from './scalar.js';

export const SIGNATURE_BYTES = 80;

const PREIMAGE = new Float64Array(20);

/** e = FromGfp5(HashToQuinticExtension(r[0..5] ‖ msg[0..5])). */
function challenge(r: Fp5, msg: Fp5): bigint {
  PREIMAGE.set(r, 0);
  PREIMAGE.set(msg, 10);
  const h = fp5();
  hashPairs(PREIMAGE, 10, 5, h);
  return scalarFromFp5(h);
}

/** Signs a GF(p^5) message hash with scalar sk; k must be in [1, n). Returns (s, e). */
export function signHash(msg: Fp5, sk: bigint, k: bigint): { s: bigint; e: bigint } {
  const r = encode(mulGenerator(k));
  const e = challenge(r, msg);
  return { s: mod(k - e * sk), e };
}

export function signatureBytes(sig: { s: bigint; e: bigint }): Uint8Array {
  const bytes = new Uint8Array(SIGNATURE_BYTES);
  bytes.set(bigintToLeBytes(sig.s), 0);
  bytes.set(bigintToLeBytes(sig.e), 40);
  return bytes;
}

/** Parses a 40-byte message hash (5 canonical LE64 limbs), as Go's `FromCanonicalLittleEndianBytes`. */
export function parseMessageHash(msgHashHex: string): Fp5 {
  const bytes = parseHex(msgHashHex, 40);
  const msg = bytes === undefined ? undefined : fp5FromBytes(bytes);
  if (msg === undefined) {
    throw new InvalidInputError('Message hash must be 40 bytes of hex with canonical Goldilocks limbs', {
      field: 'msgHashHex',
      value: msgHashHex,
      expected: '80 hex characters (5 LE uint64 limbs, each < p), optionally 0x-prefixed',
      venue: 'lighter',
    });
  }
  return msg;
}

/** Validates an explicit nonce (tests only): an integer in [1, n). */
export function checkNonce(k: bigint | undefined): bigint {
  if (k === undefined) return randomScalar();
  if (typeof k !== 'bigint' || k <= 0n || k >= N) {
    // The nonce is as secret as the key: never echo it.
    throw new SigningError('Schnorr nonce must be a bigint in [1, n)', {
      scheme: 'lighter-schnorr-ecgfp5',
      field: 'k',
      reason: 'out of range',
    });
  }
  return k;
}

/**
 * Signs a 40-byte Lighter message hash (e.g. a tx hash from `txHash`).
 * @param msgHashHex 40-byte hex (optional 0x), 5 canonical little-endian Goldilocks limbs.
 * @param privateKey 40-byte hex private key (optional 0x).
 * @param k the nonce, for reproducing test vectors only; by default a fresh uniform random one.
 *   Reusing a nonce across two messages reveals the private key.
 * @returns 80-byte signature `s ‖ e` as lowercase hex, no prefix.
 */
export function schnorrSign(msgHashHex: string, privateKey: string, k?: bigint): string {
  const msg = parseMessageHash(msgHashHex);
  const sk = parsePrivateKey(privateKey);
  return toHex(signatureBytes(signHash(msg, sk, checkNonce(k))));
}

/**
 * Verifies an 80-byte signature over a 40-byte message hash against a 40-byte public key (all
 * hex, optional 0x). Returns false (never throws) for malformed, non-canonical or wrong input.
 */
export function schnorrVerify(msgHashHex: string, signatureHex: string, publicKeyHex: string): boolean {
  const msgBytes = parseHex(msgHashHex, 40);
  const sigBytes = parseHex(signatureHex, SIGNATURE_BYTES);
  const pkBytes = parseHex(publicKeyHex, 40);
  if (msgBytes === undefined || sigBytes === undefined || pkBytes === undefined) return false;
  const msg = fp5FromBytes(msgBytes);
  const pkEncoded = fp5FromBytes(pkBytes);
  if (msg === undefined || pkEncoded === undefined) return false;
  const s = leBytesToBigint(sigBytes.subarray(0, 40));
  const e = leBytesToBigint(sigBytes.subarray(40, 80));
  if (s >= N || e >= N) return false; // non-canonical scalars would make signatures malleable
  // The neutral point (encoding 0) decodes in Go, but anyone can sign for it: refuse it.
  if (fp5IsZero(pkEncoded)) return false;
  const pk = decode(pkEncoded);
  if (pk === undefined) return false;
  const sG = mulGenerator(s);
  const rv = encode(pointAdd(sG, sG, pointMul(pk, e)));
  return challenge(rv, msg) === e;
}
