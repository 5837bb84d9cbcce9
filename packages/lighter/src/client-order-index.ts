import { InvalidInputError } from '@dn/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { LIMITS } from './signing/constants.js';

const MAX = LIMITS.MAX_CLIENT_ORDER_INDEX; // 2^48 − 1

/**
 * Maps a PerpVenue `clientOrderId` (a string) to Lighter's integer `ClientOrderIndex` (1 … 2^48 − 1), deterministically,
 * so the same id always finds the same order after a restart:
 * - a decimal string in that range (what `newClientOrderId` generates) IS the index: `"123"` → 123;
 * - any other string is hashed: 1 + (first 6 bytes of SHA-256(utf8(id)) as a big-endian integer) mod (2^48 − 1).
 *   Two different strings collide with probability ~2^-48 per pair; Lighter keys orders by this index, so callers that
 *   need certainty should use numeric ids.
 * @throws InvalidInputError for an empty id.
 */
export function clientOrderIndexOf(clientOrderId: string): bigint {
  if (clientOrderId.length === 0) {
    throw new InvalidInputError('clientOrderId must not be empty', { field: 'clientOrderId', venue: 'lighter' });
  }
  if (/^[1-9]\d{0,14}$/.test(clientOrderId)) {
    const n = BigInt(clientOrderId);
    if (n <= MAX) return n;
  }
  const h = sha256(new TextEncoder().encode(clientOrderId));
  let v = 0n;
  for (let i = 0; i < 6; i++) v = (v << 8n) | BigInt(h[i] as number);
  return 1n + (v % MAX);
}

/** A fresh random client order id: a decimal string that maps to itself (1 … 2^48 − 1). */
export function newClientOrderId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return (1n + (v % MAX)).toString();
}
