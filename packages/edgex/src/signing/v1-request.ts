import { bytesToNumberBE } from '@noble/curves/utils.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { STARK_CURVE_ORDER, STARK_ELEMENT_BOUND, V1_SCHEME } from './constants.js';
import { type IntegerLike, parseUint } from './encoding.js';
import { invalidInput, signingError } from './errors.js';
import { buildSignContent, normalizeTimestamp, type SignableRequest } from './request.js';
import {
  encodeStarkSignature,
  parseStarkPublicKey,
  type StarkPrivateKey,
  type StarkPublicKey,
  starkSign,
  verifyEncodedStarkSignature,
} from './stark-ecdsa.js';

/** V1 auth header names (Go `requestInterceptor`, python `make_authenticated_request`). */
export const V1_TIMESTAMP_HEADER = 'X-edgeX-Api-Timestamp';
export const V1_SIGNATURE_HEADER = 'X-edgeX-Api-Signature';

export interface V1RequestSignature {
  /** The exact string that was hashed. */
  signContent: string;
  /** `hex64(r) ‖ hex64(s)`, 128 lowercase hex characters. */
  signature: string;
  headers: { [V1_TIMESTAMP_HEADER]: string; [V1_SIGNATURE_HEADER]: string };
}

/**
 * keccak-256 (Ethereum Keccak, not NIST SHA3) of the UTF-8 sign content, read big-endian and
 * reduced mod the Stark curve order N.
 */
export function v1RequestMessageHash(signContent: string): bigint {
  return bytesToNumberBE(keccak_256(utf8ToBytes(signContent))) % STARK_CURVE_ORDER;
}

/**
 * Signs a V1 private REST request with the Stark key.
 * @throws InvalidInputError for a malformed request; SigningError for a bad key or, with
 *   probability ~2^-55, a hash ≥ 2^251 (retry with another timestamp).
 */
export function signV1Request(request: SignableRequest, starkPrivateKey: StarkPrivateKey): V1RequestSignature {
  const signContent = buildSignContent(request);
  const msgHash = v1RequestMessageHash(signContent);
  if (msgHash >= STARK_ELEMENT_BOUND) {
    throw signingError(V1_SCHEME, 'signContent', 'hashes to a value ≥ 2^251; use another timestamp');
  }
  const signature = encodeStarkSignature(starkSign(msgHash, starkPrivateKey));
  const timestamp = normalizeTimestamp(request.timestamp);
  return {
    signContent,
    signature,
    headers: { [V1_TIMESTAMP_HEADER]: timestamp, [V1_SIGNATURE_HEADER]: signature },
  };
}

/**
 * Checks a V1 request signature as the venue would: accepts the SDKs' 128-char `r‖s` and the
 * docs' 192-char `r‖s‖y`. Returns false for any malformed or wrong signature.
 * @param starkPublicKey the account's `l2Key` (x coordinate) or `{x, y}`.
 * @throws InvalidInputError when the request or the public key is malformed.
 */
export function verifyV1RequestSignature(
  request: SignableRequest,
  signature: string,
  starkPublicKey: string | bigint | StarkPublicKey,
): boolean {
  const keys = parseStarkPublicKey(starkPublicKey);
  const msgHash = v1RequestMessageHash(buildSignContent(request));
  return verifyEncodedStarkSignature(msgHash, signature, keys);
}

/** Path of the private WebSocket; its handshake is signed like a GET of this path. */
export const V1_PRIVATE_WS_PATH = '/api/v1/private/ws';

export interface V1WsAuth extends V1RequestSignature {
  /** Path and query to connect to on the quote host: `/api/v1/private/ws?accountId=<id>`. */
  pathWithQuery: string;
}

/**
 * Signs the V1 private WebSocket handshake: sign content `ts + "GET" + "/api/v1/private/ws" +
 * "accountId=<id>"` (no `?`), sent as the two V1 headers.
 */
export function signV1WsAuth(
  params: { timestamp: IntegerLike; accountId: IntegerLike },
  starkPrivateKey: StarkPrivateKey,
): V1WsAuth {
  const accountId = parseUint(params.accountId, 'accountId', 2n ** 64n - 1n).toString();
  if (accountId === '0') throw invalidInput('accountId', 'a positive account id', params.accountId);
  const signed = signV1Request(
    { timestamp: params.timestamp, method: 'GET', path: V1_PRIVATE_WS_PATH, query: { accountId } },
    starkPrivateKey,
  );
  return { ...signed, pathWithQuery: `${V1_PRIVATE_WS_PATH}?accountId=${accountId}` };
}
