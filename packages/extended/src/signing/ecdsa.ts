import { SigningError } from '@dn/core';
import { invert } from '@noble/curves/abstract/modular.js';
import { Point } from '@scure/starknet';
import { CURVE_ORDER, ELEMENT_UPPER_BOUND } from './constants.js';
import { type IntegerLike, parseInteger, toHex } from './felt.js';
import { parseStarkPrivateKey } from './keys.js';
import { generateK } from './rfc6979.js';

/** Stark ECDSA signature as sent on the wire: minimal lowercase 0x-hex. */
export interface StarkSignature {
  r: string;
  s: string;
}

/**
 * Signs a Stark message hash deterministically, byte-identical to the official Extended signer
 * (starknet-rs `ecdsa_sign`: RFC 6979 k per `generateK`; retry with seed 1, 2, … when
 * r or s is 0 or ≥ 2^251).
 * @param msgHash - the message hash (< 2^251) as bigint, decimal or 0x-hex string.
 * @param privateKey - Stark private key, hex.
 * @throws SigningError for a malformed key or hash (the key is never included).
 */
export function signStarkHash(msgHash: string | bigint, privateKey: string): StarkSignature {
  const z = parseInteger(msgHash, 'msgHash', 0n, ELEMENT_UPPER_BOUND - 1n);
  const d = parseStarkPrivateKey(privateKey);
  const { r, s } = signScalar(z, d);
  return { r: toHex(r), s: toHex(s) };
}

/** Core signing on parsed values; exported for callers that parse the key once. */
export function signScalar(z: bigint, d: bigint): { r: bigint; s: bigint } {
  let seed: bigint | undefined;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const k = generateK(z, d, seed);
    const r = Point.BASE.multiply(k).toAffine().x;
    if (r !== 0n && r < ELEMENT_UPPER_BOUND) {
      const s = (invert(k, CURVE_ORDER) * ((z + r * d) % CURVE_ORDER)) % CURVE_ORDER;
      if (s !== 0n && s < ELEMENT_UPPER_BOUND) return { r, s };
    }
    seed = seed === undefined ? 1n : seed + 1n;
  }
  // Unreachable in practice (each try fails with probability ~1/2^5 at most).
  throw new SigningError('Stark signing did not find a valid nonce', { scheme: 'stark-ecdsa', reason: 'k retries' });
}

/**
 * Verifies a Stark ECDSA signature against the x-only public key, as starknet-crypto `verify`
 * (both y parities of the key are accepted). Never throws: malformed input verifies as false.
 */
export function verifyStarkSignature(
  msgHash: string | bigint,
  signature: { r: IntegerLike; s: IntegerLike },
  publicKey: IntegerLike,
): boolean {
  try {
    const z = parseInteger(msgHash, 'msgHash', 0n, ELEMENT_UPPER_BOUND - 1n);
    const r = parseInteger(signature.r, 'r', 1n, ELEMENT_UPPER_BOUND - 1n);
    const s = parseInteger(signature.s, 's', 1n, ELEMENT_UPPER_BOUND - 1n);
    const x = parseInteger(publicKey, 'publicKey', 1n, ELEMENT_UPPER_BOUND - 1n);
    const q = publicKeyPoint(x);
    const w = invert(s, CURVE_ORDER);
    if (w === 0n || w >= ELEMENT_UPPER_BOUND) return false;
    const zwG = Point.BASE.multiplyUnsafe((z * w) % CURVE_ORDER);
    const rwQ = q.multiplyUnsafe((r * w) % CURVE_ORDER);
    return pointX(zwG.add(rwQ)) === r || pointX(zwG.subtract(rwQ)) === r;
  } catch {
    return false;
  }
}

const MAX_CACHED_KEYS = 64;
// Decompressing a key needs a square root in a field with 2-adicity 192 (slow Tonelli–Shanks);
// a verifier sees the same few keys over and over, so keep the points (public data) around.
const keyPoints = new Map<bigint, typeof Point.BASE>();

function publicKeyPoint(x: bigint): typeof Point.BASE {
  let q = keyPoints.get(x);
  if (q === undefined) {
    q = Point.fromHex(`02${x.toString(16).padStart(64, '0')}`);
    if (keyPoints.size >= MAX_CACHED_KEYS) keyPoints.clear();
    keyPoints.set(x, q);
  }
  return q;
}

function pointX(p: typeof Point.BASE): bigint | undefined {
  return p.is0() ? undefined : p.toAffine().x;
}
