/**
 * Verification of what a Lighter server receives: signed `tx_info` and auth tokens. Pure and synchronous; used by
 * the simulator and by anyone who wants to check a tx before sending it. Never throws on bad input: returns a reason.
 */

import { messageToPairs } from './auth-token.js';
import { toHex } from './hex.js';
import { hashPairs } from './poseidon2.js';
import { fp5, fp5ToBytes } from './quintic.js';
import { schnorrVerify } from './schnorr.js';
import type { SupportedTxType, TxFieldsByType } from './tx-fields.js';
import { txHash } from './tx-hash.js';

export type TxVerification =
  | { ok: true; txHash: string }
  | { ok: false; reason: 'malformed' | 'bad-signature'; detail: string; txHash?: string };

/**
 * Re-hashes a received `tx_info` (object, `Sig` in base64) and checks its Schnorr signature against `publicKeyHex`.
 */
export function verifyTxInfo(
  txType: SupportedTxType,
  txInfo: Record<string, unknown>,
  chainId: number,
  publicKeyHex: string,
): TxVerification {
  let hash: string;
  try {
    hash = txHash(txType, txInfo as unknown as TxFieldsByType[SupportedTxType], chainId);
  } catch (e) {
    return { ok: false, reason: 'malformed', detail: (e as Error).message.split('\n')[0] ?? 'invalid tx_info' };
  }
  const sig = txInfo['Sig'];
  if (typeof sig !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(sig)) {
    return { ok: false, reason: 'bad-signature', detail: 'Sig must be base64', txHash: hash };
  }
  const sigBytes = Buffer.from(sig, 'base64');
  if (sigBytes.length !== 80)
    return { ok: false, reason: 'bad-signature', detail: 'Sig must be 80 bytes', txHash: hash };
  if (!schnorrVerify(hash, toHex(sigBytes), publicKeyHex)) {
    return { ok: false, reason: 'bad-signature', detail: 'signature does not verify', txHash: hash };
  }
  return { ok: true, txHash: hash };
}

export interface ParsedAuthToken {
  deadline: number;
  accountIndex: bigint;
  apiKeyIndex: number;
  /** The signed prefix `deadline:account:apiKey`. */
  message: string;
  signatureHex: string;
}

/** Splits `"<deadline>:<account>:<apiKey>:<160 hex>"`; undefined when malformed. */
export function parseAuthToken(token: string): ParsedAuthToken | undefined {
  const m = /^(\d{1,12}):(-?\d{1,16}):(\d{1,3}):([0-9a-f]{160})$/.exec(token);
  if (!m) return undefined;
  const apiKeyIndex = Number(m[3]);
  if (apiKeyIndex > 255) return undefined;
  return {
    deadline: Number(m[1]),
    accountIndex: BigInt(m[2] as string),
    apiKeyIndex,
    message: `${m[1]}:${m[2]}:${m[3]}`,
    signatureHex: m[4] as string,
  };
}

/** The 40-byte Poseidon2 hash an auth token signs, as hex. */
export function authMessageHash(message: string): string {
  const { pairs, count } = messageToPairs(message);
  const h = fp5();
  hashPairs(pairs, count, 5, h);
  return toHex(fp5ToBytes(h));
}

export type AuthTokenVerification =
  | { ok: true; token: ParsedAuthToken }
  | { ok: false; reason: 'malformed' | 'expired' | 'invalid-deadline' | 'bad-signature' };

/**
 * Checks an auth token as the server does: parseable, deadline in (now, now + maxLifetime], and signed by
 * `publicKeyHex` (looked up by the caller from the token's account and API key index).
 */
export function verifyAuthToken(
  token: ParsedAuthToken,
  publicKeyHex: string,
  nowSeconds: number,
  maxLifetimeSeconds = 8 * 3600,
): AuthTokenVerification {
  if (token.deadline <= nowSeconds) return { ok: false, reason: 'expired' };
  if (token.deadline > nowSeconds + maxLifetimeSeconds) return { ok: false, reason: 'invalid-deadline' };
  if (!schnorrVerify(authMessageHash(token.message), token.signatureHex, publicKeyHex)) {
    return { ok: false, reason: 'bad-signature' };
  }
  return { ok: true, token };
}
