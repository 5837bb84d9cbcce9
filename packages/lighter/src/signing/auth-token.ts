/**
 * Auth tokens for private REST endpoints and WS channels (lighter-go `types/tx_request.go`
 * `ConstructAuthToken`): message = "<deadline>:<account>:<apiKey>", its ASCII bytes packed into
 * 8-byte little-endian field elements (last one zero-padded), hashed to GF(p^5) and Schnorr-signed;
 * token = message + ":" + hex(signature).
 */

import { InvalidInputError } from '@dn/core';
import { LIMITS } from './constants.js';
import { toHex } from './hex.js';
import { parsePrivateKey } from './keys.js';
import { hashPairs } from './poseidon2.js';
import { fp5 } from './quintic.js';
import { checkNonce, signatureBytes, signHash } from './schnorr.js';
import { type IntLike, parseInteger } from './tx-fields.js';

export interface AuthTokenParameters {
  /** Unix time in **seconds** when the token expires; the server accepts at most ~8 h ahead. */
  deadline: IntLike;
  accountIndex: IntLike;
  apiKeyIndex: IntLike;
}

/** Deadlines above this (year 5138) are almost certainly milliseconds passed by mistake. */
const MAX_DEADLINE_SECONDS = 100_000_000_000n;

/** The message's ASCII bytes as 8-byte LE chunks (Go `ArrayFromCanonicalLittleEndianBytes`), as pairs. */
export function messageToPairs(message: string): { pairs: Float64Array; count: number } {
  const bytes = new TextEncoder().encode(message);
  const count = Math.ceil(bytes.length / 8);
  const pairs = new Float64Array(2 * count);
  for (let i = 0; i < count; i++) {
    let lo = 0;
    let hi = 0;
    for (let j = 3; j >= 0; j--) {
      lo = lo * 256 + (bytes[8 * i + j] ?? 0);
      hi = hi * 256 + (bytes[8 * i + 4 + j] ?? 0);
    }
    pairs[2 * i] = lo;
    pairs[2 * i + 1] = hi;
  }
  return { pairs, count };
}

/**
 * Creates `"<deadline>:<accountIndex>:<apiKeyIndex>:<160 hex chars>"`.
 * @param params deadline in unix seconds (not ms), account index, API key index.
 * @param privateKey 40-byte API private key hex (optional 0x).
 * @param k Schnorr nonce, for reproducing test vectors only.
 * @throws InvalidInputError for a malformed key or out-of-range parameters.
 */
export function createAuthToken(params: AuthTokenParameters, privateKey: string, k?: bigint): string {
  const deadline = parseInteger(params.deadline, 'deadline', 'int64');
  if (deadline <= 0n || deadline > MAX_DEADLINE_SECONDS) {
    throw new InvalidInputError('Auth token deadline must be a unix time in seconds', {
      field: 'deadline',
      value: deadline.toString(),
      expected: `1 … ${MAX_DEADLINE_SECONDS} (seconds, not milliseconds)`,
      venue: 'lighter',
    });
  }
  const account = parseInteger(params.accountIndex, 'accountIndex', 'int64');
  if (account < LIMITS.MIN_ACCOUNT_INDEX || account > LIMITS.MAX_ACCOUNT_INDEX) {
    throw new InvalidInputError('Invalid Lighter account index', {
      field: 'accountIndex',
      value: account.toString(),
      expected: `${LIMITS.MIN_ACCOUNT_INDEX} … ${LIMITS.MAX_ACCOUNT_INDEX}`,
      venue: 'lighter',
    });
  }
  const apiKey = parseInteger(params.apiKeyIndex, 'apiKeyIndex', 'uint8');
  const message = `${deadline}:${account}:${apiKey}`;
  const { pairs, count } = messageToPairs(message);
  const hash = fp5();
  hashPairs(pairs, count, 5, hash);
  const sk = parsePrivateKey(privateKey);
  return `${message}:${toHex(signatureBytes(signHash(hash, sk, checkNonce(k))))}`;
}
