import { InvalidInputError, SigningError } from '@dn/core';
import { ed25519 } from '@noble/curves/ed25519.js';
import { base58 } from '@scure/base';

const SCHEME = 'pacifica-ed25519';

/**
 * A validated ed25519 key. Build it once with {@link pacificaKeypair} and reuse it: deriving and
 * checking the public key costs as much as a signature. The secret is held in a private field and
 * never appears in JSON, logs or errors.
 */
export class PacificaKeypair {
  /** Base58 ed25519 public key: the Solana address that identifies the account or agent wallet. */
  readonly publicKey: string;
  /** The 32-byte RFC 8032 seed; only it signs (the public half of a 64-byte secret is derived). */
  readonly #seed: Uint8Array;

  /** @internal use {@link pacificaKeypair}. */
  constructor(seed: Uint8Array, publicKey: string) {
    this.#seed = seed;
    this.publicKey = publicKey;
  }

  /** @internal detached ed25519 signature over `bytes`. */
  sign(bytes: Uint8Array): Uint8Array {
    return ed25519.sign(bytes, this.#seed);
  }

  toJSON(): { publicKey: string } {
    return { publicKey: this.publicKey };
  }

  toString(): string {
    return `PacificaKeypair(${this.publicKey})`;
  }
}

/**
 * Parses a base58 Solana secret: 64 bytes (seed ‖ public key, the Phantom/solders export) or a
 * bare 32-byte seed. A 64-byte secret whose public half does not match its seed is rejected:
 * signers that take the 64-byte form (tweetnacl, solders) would otherwise produce signatures every
 * verifier refuses, so the key is almost certainly corrupted.
 * @throws SigningError (never echoing the key) if the key is malformed.
 */
export function pacificaKeypair(secretKey: string | PacificaKeypair): PacificaKeypair {
  if (secretKey instanceof PacificaKeypair) return secretKey;
  if (typeof secretKey !== 'string' || secretKey.length === 0) {
    throw new SigningError('Secret key must be a non-empty base58 string', { scheme: SCHEME, field: 'secretKey' });
  }
  let raw: Uint8Array;
  try {
    raw = base58.decode(secretKey.trim());
  } catch (cause) {
    throw new SigningError(
      'Secret key is not valid base58',
      { scheme: SCHEME, field: 'secretKey', reason: 'base58' },
      cause,
    );
  }
  if (raw.length !== 64 && raw.length !== 32) {
    throw new SigningError('Secret key has the wrong length', {
      scheme: SCHEME,
      field: 'secretKey',
      reason: `decoded to ${raw.length} bytes; expected 64 (seed + public key) or 32 (seed)`,
    });
  }
  const seed = raw.slice(0, 32);
  const publicKey = ed25519.getPublicKey(seed);
  if (raw.length === 64 && !bytesEqual(raw.subarray(32), publicKey)) {
    seed.fill(0);
    raw.fill(0);
    throw new SigningError('Secret key halves disagree', {
      scheme: SCHEME,
      field: 'secretKey',
      reason: 'the last 32 bytes are not the public key of the first 32 (seed)',
    });
  }
  raw.fill(0);
  return new PacificaKeypair(seed, base58.encode(publicKey));
}

/** Base58 public key (Solana address) of a base58 secret key. */
export function pacificaPublicKey(secretKey: string): string {
  return pacificaKeypair(secretKey).publicKey;
}

/** Decodes a base58 ed25519 public key, or returns undefined if it is not 32 bytes of base58. */
export function decodePublicKey(publicKey: string): Uint8Array | undefined {
  if (typeof publicKey !== 'string' || publicKey.length < 32 || publicKey.length > 44) return undefined;
  try {
    const bytes = base58.decode(publicKey);
    return bytes.length === 32 ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** @throws InvalidInputError unless `value` is a base58 32-byte public key. */
export function assertPublicKey(value: unknown, field: string): string {
  if (typeof value !== 'string' || decodePublicKey(value) === undefined) {
    throw new InvalidInputError(`${field} must be a base58 ed25519 public key`, {
      field,
      value,
      expected: '32 bytes in base58 (a Solana address)',
      venue: 'pacifica',
    });
  }
  return value;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * A new ed25519 key in the Solana export format: a base58 64-byte secret (seed ‖ public key) and its
 * base58 public key, e.g. for an agent wallet to bind. Pass `seed` (32 bytes) for a deterministic key
 * (tests, simulators); otherwise 32 random bytes from the platform CSPRNG are used.
 */
export function generatePacificaKeypair(seed?: Uint8Array): { secretKey: string; publicKey: string } {
  const s = seed === undefined ? ed25519.utils.randomSecretKey() : Uint8Array.from(seed);
  if (s.length !== 32) {
    throw new SigningError('Seed must be 32 bytes', { scheme: SCHEME, field: 'seed', reason: `got ${s.length} bytes` });
  }
  const publicKey = ed25519.getPublicKey(s);
  const secret = new Uint8Array(64);
  secret.set(s);
  secret.set(publicKey, 32);
  const out = { secretKey: base58.encode(secret), publicKey: base58.encode(publicKey) };
  secret.fill(0);
  s.fill(0);
  return out;
}
