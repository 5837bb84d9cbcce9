import { invert, mod } from '@noble/curves/abstract/modular.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { Point } from '@scure/starknet';
import { STARK_CURVE_ORDER, STARK_ELEMENT_BOUND, V1_SCHEME } from './constants.js';
import { bigIntToMinimalBytes, bitLength, toHexPadded } from './encoding.js';
import { invalidInput, signingError } from './errors.js';

/** Stark private key: hex (64 chars or fewer, `0x` optional) or bigint. */
export type StarkPrivateKey = string | bigint;

/** A Stark public key; `x` alone is the account's `l2Key`. Both are 64 lowercase hex chars, no `0x`. */
export interface StarkPublicKey {
  x: string;
  y: string;
}

export interface StarkSignature {
  r: bigint;
  s: bigint;
}

const ORDER_BITS = bitLength(STARK_CURVE_ORDER); // 252 = qlen of RFC 6979
const ORDER_BYTES = 32;

/**
 * Parses and range-checks a Stark private key.
 * @throws SigningError (never containing the key) when it is malformed or not in [1, N).
 */
export function parseStarkPrivateKey(key: StarkPrivateKey): bigint {
  let d: bigint;
  if (typeof key === 'bigint') {
    d = key;
  } else if (typeof key === 'string') {
    const hex = key.startsWith('0x') || key.startsWith('0X') ? key.slice(2) : key;
    if (hex.length === 0 || hex.length > 64 || !/^[0-9a-fA-F]+$/.test(hex)) {
      throw signingError(V1_SCHEME, 'starkPrivateKey', 'is not a hex string of at most 64 characters');
    }
    d = BigInt(`0x${hex}`);
  } else {
    throw signingError(V1_SCHEME, 'starkPrivateKey', 'must be a hex string or bigint');
  }
  if (d <= 0n || d >= STARK_CURVE_ORDER) {
    throw signingError(V1_SCHEME, 'starkPrivateKey', 'is outside [1, N) of the Stark curve');
  }
  return d;
}

/** Derives the Stark public key; `x` is what edgeX stores as the account `l2Key`. */
export function starkPublicKey(privateKey: StarkPrivateKey): StarkPublicKey {
  const { x, y } = Point.BASE.multiply(parseStarkPrivateKey(privateKey)).toAffine();
  return { x: toHexPadded(x), y: toHexPadded(y) };
}

/**
 * StarkWare's `generate_k_rfc6979` (starkware/crypto/signature/signature.py), which wraps
 * python-ecdsa's `generate_k` with SHA-256. Kept byte-faithful, including the quirks:
 * a message one nibble short of 32 bytes is multiplied by 16 first, the message is encoded with
 * its minimal byte length, and retries add a `seed` as extra entropy (not RFC 6979 §3.2 step h).
 */
export function starkRfc6979K(msgHash: bigint, privateKey: bigint, seed?: bigint): bigint {
  let msg = msgHash;
  const msgBits = bitLength(msg);
  if (msgBits >= 248 && msgBits % 8 >= 1 && msgBits % 8 <= 4) msg *= 16n;
  const data = bigIntToMinimalBytes(msg);
  const extraEntropy = seed === undefined ? new Uint8Array(0) : bigIntToMinimalBytes(seed);
  const bx = concatBytes(numberToBytesBE(privateKey, ORDER_BYTES), bits2octets(data), extraEntropy);
  const mac = (key: Uint8Array, ...parts: Uint8Array[]): Uint8Array => hmac(sha256, key, concatBytes(...parts));
  let v: Uint8Array = new Uint8Array(32).fill(1);
  let k: Uint8Array = new Uint8Array(32);
  k = mac(k, v, Uint8Array.of(0), bx);
  v = mac(k, v);
  k = mac(k, v, Uint8Array.of(1), bx);
  v = mac(k, v);
  for (;;) {
    // rolen = 32 bytes = one SHA-256 block, so a single HMAC fills t.
    v = mac(k, v);
    const candidate = bits2int(v);
    if (candidate >= 1n && candidate < STARK_CURVE_ORDER) return candidate;
    k = mac(k, v, Uint8Array.of(0));
    v = mac(k, v);
  }
}

function bits2int(bytes: Uint8Array): bigint {
  const x = bytes.length === 0 ? 0n : bytesToNumberBE(bytes);
  const excess = bytes.length * 8 - ORDER_BITS;
  return excess > 0 ? x >> BigInt(excess) : x;
}

function bits2octets(bytes: Uint8Array): Uint8Array {
  const z1 = bits2int(bytes);
  const z2 = z1 - STARK_CURVE_ORDER;
  return numberToBytesBE(z2 < 0n ? z1 : z2, ORDER_BYTES);
}

/**
 * StarkEx ECDSA signature of a message hash (StarkWare `sign`): deterministic k, and retries
 * with the next seed while r or w = 1/s falls outside [1, 2^251).
 * @throws InvalidInputError when the message is not below 2^251.
 */
export function starkSign(msgHash: bigint, privateKey: StarkPrivateKey): StarkSignature {
  if (msgHash < 0n || msgHash >= STARK_ELEMENT_BOUND) {
    throw invalidInput('msgHash', 'a value in [0, 2^251)', `0x${msgHash.toString(16)}`);
  }
  const d = parseStarkPrivateKey(privateKey);
  let seed: bigint | undefined;
  for (;;) {
    const k = starkRfc6979K(msgHash, d, seed);
    seed = seed === undefined ? 1n : seed + 1n;
    const r = Point.BASE.multiply(k).toAffine().x;
    if (r < 1n || r >= STARK_ELEMENT_BOUND) continue;
    const zrd = mod(msgHash + r * d, STARK_CURVE_ORDER);
    if (zrd === 0n) continue;
    const w = mod(k * invert(zrd, STARK_CURVE_ORDER), STARK_CURVE_ORDER);
    if (w < 1n || w >= STARK_ELEMENT_BOUND) continue;
    return { r, s: invert(w, STARK_CURVE_ORDER) };
  }
}

/**
 * Parses a Stark public key: the x coordinate (the `l2Key`, 0x optional) or `{x, y}`.
 * @throws InvalidInputError when x is not on the curve.
 */
export function parseStarkPublicKey(
  publicKey: string | bigint | StarkPublicKey,
): readonly InstanceType<typeof Point>[] {
  const field = 'starkPublicKey';
  try {
    if (typeof publicKey === 'object') {
      const point = Point.fromAffine({
        x: BigInt(`0x${strip0x(publicKey.x)}`),
        y: BigInt(`0x${strip0x(publicKey.y)}`),
      });
      point.assertValidity();
      return [point];
    }
    const x = typeof publicKey === 'bigint' ? publicKey : BigInt(`0x${strip0x(publicKey)}`);
    const point = Point.fromHex(`02${toHexPadded(x)}`);
    // An l2Key only fixes x; StarkWare's verify accepts either y, so both candidates are kept.
    return [point, point.negate()];
  } catch (cause) {
    throw invalidInput(field, 'a Stark public key (x coordinate on the curve, hex)', undefined, String(cause));
  }
}

function strip0x(hex: string): string {
  if (!/^(0x)?[0-9a-fA-F]{1,64}$/.test(hex)) throw new TypeError('malformed hex');
  return hex.startsWith('0x') ? hex.slice(2) : hex;
}

/** StarkWare `verify`: out-of-range values are a failed verification, never an exception. */
export function starkVerify(
  msgHash: bigint,
  signature: StarkSignature,
  publicKeys: readonly InstanceType<typeof Point>[],
): boolean {
  const { r, s } = signature;
  if (r < 1n || r >= STARK_ELEMENT_BOUND) return false;
  if (s < 1n || s >= STARK_CURVE_ORDER) return false;
  if (msgHash < 0n || msgHash >= STARK_ELEMENT_BOUND) return false;
  const w = invert(s, STARK_CURVE_ORDER);
  if (w < 1n || w >= STARK_ELEMENT_BOUND) return false;
  const u1 = mod(msgHash * w, STARK_CURVE_ORDER);
  const u2 = mod(r * w, STARK_CURVE_ORDER);
  const g = u1 === 0n ? Point.ZERO : Point.BASE.multiply(u1);
  for (const q of publicKeys) {
    const sum = g.add(q.multiplyUnsafe(u2));
    if (!sum.is0() && sum.toAffine().x === r) return true;
  }
  return false;
}

/** `hex64(r) ‖ hex64(s)`: 128 lowercase hex characters, no `0x`, as both official SDKs send it. */
export function encodeStarkSignature(sig: StarkSignature): string {
  return toHexPadded(sig.r) + toHexPadded(sig.s);
}

/**
 * Decodes `r ‖ s` (128 hex chars) or the docs' `r ‖ s ‖ y` variant (192 chars); returns undefined
 * when malformed. The optional y is returned so the caller can check it belongs to the key.
 */
export function decodeStarkSignature(hex: string): (StarkSignature & { y?: bigint }) | undefined {
  if (!/^[0-9a-fA-F]+$/.test(hex) || (hex.length !== 128 && hex.length !== 192)) return undefined;
  const r = BigInt(`0x${hex.slice(0, 64)}`);
  const s = BigInt(`0x${hex.slice(64, 128)}`);
  return hex.length === 192 ? { r, s, y: BigInt(`0x${hex.slice(128)}`) } : { r, s };
}

/** Verifies an encoded signature (128 or 192 chars) against a message hash and public key. */
export function verifyEncodedStarkSignature(
  msgHash: bigint,
  signatureHex: string,
  publicKeys: readonly InstanceType<typeof Point>[],
): boolean {
  const sig = decodeStarkSignature(signatureHex);
  if (sig === undefined) return false;
  let keys = publicKeys;
  if (sig.y !== undefined) {
    const y = sig.y;
    keys = publicKeys.filter((p) => p.toAffine().y === y);
  }
  return starkVerify(msgHash, sig, keys);
}

/**
 * Verifies a hex `r‖s` (or `r‖s‖y`) Stark signature of a raw message hash.
 * @throws InvalidInputError only when the public key is malformed.
 */
export function verifyStarkSignature(
  msgHash: bigint,
  signature: string,
  publicKey: string | bigint | StarkPublicKey,
): boolean {
  return verifyEncodedStarkSignature(msgHash, signature, parseStarkPublicKey(publicKey));
}
