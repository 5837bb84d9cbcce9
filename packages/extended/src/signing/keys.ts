import { SigningError } from '@dn/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Point } from '@scure/starknet';
import { CURVE_ORDER } from './constants.js';
import { toHex } from './felt.js';

const KEY_RE = /^(0x)?[0-9a-fA-F]{1,64}$/;

/**
 * Parses a Stark private key (hex, optional 0x) into a scalar in [1, n).
 * @throws SigningError (never containing the key) when malformed or out of range.
 */
export function parseStarkPrivateKey(privateKey: string): bigint {
  if (typeof privateKey !== 'string' || !KEY_RE.test(privateKey)) {
    throw badKey('Malformed Stark private key', 'expected a hex string of at most 64 digits');
  }
  const d = BigInt(privateKey.startsWith('0x') ? privateKey : `0x${privateKey}`);
  if (d === 0n || d >= CURVE_ORDER) throw badKey('Stark private key out of range', 'must be in [1, curve order)');
  return d;
}

/** The error names the rule broken, never the key. */
function badKey(message: string, reason: string): SigningError {
  return new SigningError(message, { scheme: 'stark-ecdsa', field: 'privateKey', reason });
}

/**
 * Stark public key ("starkKey" / "l2Key") of a private key: the x coordinate of d·G as minimal 0x-hex.
 * @throws SigningError for a malformed key.
 * @example getStarkPublicKey('0x7a7f…') // '0x61c5e7e8…'
 */
export function getStarkPublicKey(privateKey: string): string {
  const d = parseStarkPrivateKey(privateKey);
  return toHex(Point.BASE.multiply(d).toAffine().x);
}

/**
 * Stark private key from an Ethereum signature (Extended onboarding): grind_key over the
 * signature's r, as rust-crypto-lib-base `get_private_key_from_eth_signature`.
 *
 * Unlike @scure/starknet `grindKey`, r is hashed as its minimal big-endian bytes (the Rust/Python
 * code converts it to an integer first), which differs when r < 2^248.
 * @param ethSignature - 65-byte signature as 0x-hex (r ‖ s ‖ v).
 * @returns the Stark private key as minimal 0x-hex.
 */
export function starkPrivateKeyFromEthSignature(ethSignature: string): string {
  if (typeof ethSignature !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(ethSignature)) {
    throw new SigningError('Malformed Ethereum signature', {
      scheme: 'stark-grind-key',
      field: 'ethSignature',
      reason: 'expected 0x followed by 130 hex digits',
    });
  }
  return toHex(grindKey(BigInt(`0x${ethSignature.slice(2, 66)}`)));
}

/** StarkWare `grind_key`: rejection-sample SHA-256(seed ‖ i) below the largest multiple of n under 2^256. */
export function grindKey(seed: bigint): bigint {
  const limit = 2n ** 256n - (2n ** 256n % CURVE_ORDER);
  const seedBytes = minimalBytes(seed);
  for (let i = 0n; i < 100_000n; i++) {
    const iBytes = minimalBytes(i);
    const input = new Uint8Array(seedBytes.length + iBytes.length);
    input.set(seedBytes);
    input.set(iBytes, seedBytes.length);
    const h = BigInt(`0x${bytesToHex(sha256(input))}`);
    if (h < limit) return h % CURVE_ORDER;
  }
  throw new SigningError('grind_key did not converge', { scheme: 'stark-grind-key', reason: 'exhausted 100000 tries' });
}

/** Minimal big-endian bytes; zero is one 0x00 byte (Python `int.to_bytes` as used by grind_key). */
function minimalBytes(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return hexToBytes(hex);
}
