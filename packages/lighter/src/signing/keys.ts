/**
 * Lighter API keys (lighter-go `signer/key_manager.go`): a private key is 40 bytes read as a
 * little-endian ECgFp5 scalar (reduced mod n); the public key is encode(sk·G) as 40 LE bytes.
 */

import { InvalidInputError } from '@dn/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { encode, mulGenerator } from './ecgfp5.js';
import { parseHex, toHex } from './hex.js';
import { fp5ToBytes } from './quintic.js';
import { bigintToLeBytes, mod, randomScalar, scalarFromLeBytes } from './scalar.js';

/**
 * Private key hex → scalar. Throws InvalidInputError (without the key in it) unless it is 40 bytes
 * of hex, with or without 0x, and non-zero mod n.
 */
export function parsePrivateKey(privateKey: string): bigint {
  const bytes = parseHex(privateKey, 40);
  if (bytes === undefined) {
    throw new InvalidInputError('Lighter private key must be 40 bytes of hex', {
      field: 'privateKey',
      expected: '80 hex characters, optionally 0x-prefixed',
      venue: 'lighter',
    });
  }
  const sk = scalarFromLeBytes(bytes);
  bytes.fill(0);
  if (sk === 0n) {
    // Zero signs nothing: its public key is the neutral point and every signature leaks nothing but is useless.
    throw new InvalidInputError('Lighter private key is zero modulo the group order', {
      field: 'privateKey',
      expected: 'a non-zero scalar',
      venue: 'lighter',
    });
  }
  return sk;
}

/** Public key of a scalar, as 40 bytes. */
export function publicKeyBytes(sk: bigint): Uint8Array {
  return fp5ToBytes(encode(mulGenerator(sk)));
}

/**
 * The Lighter API public key (what `/api/v1/apikeys` lists and ChangePubKey registers) of a
 * private key.
 * @param privateKey 40-byte hex, with or without 0x.
 * @returns `0x` + 80 lowercase hex characters.
 * @throws InvalidInputError if the key is malformed or zero.
 */
export function lighterPublicKey(privateKey: string): string {
  return `0x${toHex(publicKeyBytes(parsePrivateKey(privateKey)))}`;
}

/** A fresh uniformly random private key, as `0x` + 80 hex characters (LE scalar < n). */
export function generateLighterPrivateKey(): string {
  return `0x${toHex(bigintToLeBytes(randomScalar()))}`;
}

/**
 * The web frontend's seed-derived key (lighter-go `GetScalarFromSeed`):
 * sk = BigEndian(SHA256(0x01‖seed) ‖ SHA256(0x02‖seed)[0..8]) mod n.
 * @param seedHex at least 32 bytes of hex (optional 0x).
 * @returns the private key as `0x` + 80 hex characters (LE, as `lighterPublicKey` takes it).
 */
export function lighterPrivateKeyFromSeed(seedHex: string): string {
  const hex = seedHex.startsWith('0x') ? seedHex.slice(2) : seedHex;
  const seed = hex.length % 2 === 0 ? parseHex(hex, hex.length / 2) : undefined;
  if (seed === undefined || seed.length < 32) {
    throw new InvalidInputError('Lighter key seed must be at least 32 bytes of hex', {
      field: 'seedHex',
      expected: '≥ 64 hex characters',
      venue: 'lighter',
    });
  }
  const part1 = sha256(concat(1, seed));
  const part2 = sha256(concat(2, seed));
  let v = 0n;
  for (const b of part1) v = (v << 8n) | BigInt(b);
  for (const b of part2.subarray(0, 8)) v = (v << 8n) | BigInt(b);
  return `0x${toHex(bigintToLeBytes(mod(v)))}`;
}

function concat(prefix: number, seed: Uint8Array): Uint8Array {
  const res = new Uint8Array(seed.length + 1);
  res[0] = prefix;
  res.set(seed, 1);
  return res;
}
