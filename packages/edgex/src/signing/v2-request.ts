import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { V2_HMAC_SCHEME } from './constants.js';
import { base64Utf8, type IntegerLike, timingSafeEqualString } from './encoding.js';
import { signingError } from './errors.js';
import { accountIdText } from './order-amounts.js';
import { buildSignContent, normalizeTimestamp, type SignableRequest } from './request.js';

/** V2 API credentials. All three are secrets as far as logs are concerned. */
export interface V2Credentials {
  apiKey: string;
  passphrase: string;
  secret: string;
}

/** Header names as the python V2 SDK builds them (`X-{edgeX}-…`). */
export interface V2AuthHeaders {
  'X-edgeX-Api-Key': string;
  'X-edgeX-Passphrase': string;
  'X-edgeX-Signature': string;
  'X-edgeX-Timestamp': string;
}

export interface V2RequestSignature {
  /** The exact message that was HMAC'd. */
  signContent: string;
  /** Lowercase hex HMAC-SHA256. */
  signature: string;
  headers: V2AuthHeaders;
}

function credential(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw signingError(V2_HMAC_SCHEME, field, 'must be a non-empty string');
  }
  return value;
}

/**
 * hex(HMAC-SHA256(key = ASCII of base64(secret), msg = signContent)) — the secret is base64'd and
 * the base64 text itself is the key (python `auth.build_hmac_signature`).
 */
export function v2Hmac(signContent: string, secret: string): string {
  const key = utf8ToBytes(base64Utf8(credential(secret, 'secret')));
  return bytesToHex(hmac(sha256, key, utf8ToBytes(signContent)));
}

/**
 * Signs a V2 private request: same sign content as V1 (`ts + METHOD + path + sorted query | body`),
 * HMAC'd with the API secret. Pass the `/api/v2/...` path actually requested, without query.
 * @throws InvalidInputError for a malformed request; SigningError for missing credentials.
 */
export function signV2Request(request: SignableRequest, credentials: V2Credentials): V2RequestSignature {
  const apiKey = credential(credentials.apiKey, 'apiKey');
  const passphrase = credential(credentials.passphrase, 'passphrase');
  const signContent = buildSignContent(request);
  const signature = v2Hmac(signContent, credentials.secret);
  return {
    signContent,
    signature,
    headers: {
      'X-edgeX-Api-Key': apiKey,
      'X-edgeX-Passphrase': passphrase,
      'X-edgeX-Signature': signature,
      'X-edgeX-Timestamp': normalizeTimestamp(request.timestamp),
    },
  };
}

/**
 * Checks a V2 request HMAC in constant time. Returns false for a wrong or malformed signature.
 * API key and passphrase matching is left to the caller, which knows the account.
 */
export function verifyV2Request(request: SignableRequest, signature: string, secret: string): boolean {
  if (typeof signature !== 'string') return false;
  return timingSafeEqualString(signature.toLowerCase(), v2Hmac(buildSignContent(request), secret));
}

/** Path of the private WebSocket; V2 keeps the V1 path. */
export const V2_PRIVATE_WS_PATH = '/api/v1/private/ws';

export interface V2WsAuth extends V2RequestSignature {
  /** `/api/v1/private/ws?accountId=<id>&timestamp=<ts>`. */
  pathWithQuery: string;
  /**
   * The headers as python `json.dumps` writes them, base64'd with the padding stripped: the
   * `Sec-WebSocket-Protocol` value for clients that cannot set headers (python V2 `ws/client.py`).
   */
  secWebSocketProtocol: string;
}

/** Signs the V2 private WebSocket handshake: a GET of the WS path with query accountId & timestamp. */
export function signV2WsAuth(
  params: { timestamp: IntegerLike; accountId: IntegerLike },
  credentials: V2Credentials,
): V2WsAuth {
  const accountId = accountIdText(params.accountId);
  const timestamp = normalizeTimestamp(params.timestamp);
  const signed = signV2Request(
    { timestamp, method: 'GET', path: V2_PRIVATE_WS_PATH, query: { accountId, timestamp } },
    credentials,
  );
  // python json.dumps separators: ", " and ": ".
  const json = `{${Object.entries(signed.headers)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(', ')}}`;
  return {
    ...signed,
    pathWithQuery: `${V2_PRIVATE_WS_PATH}?accountId=${accountId}&timestamp=${timestamp}`,
    secWebSocketProtocol: base64Utf8(json).replace(/=+$/, ''),
  };
}
