import { type Clock, VirtualClock } from '@dn/core';
import { type JsonObject, type SignableRequest, verifyV1RequestSignature, verifyV2Request } from '@dn/edgex';
import type { SimRequest, SimResponse } from '../../server/sim-server.js';
import type { EdgexSimAccount } from './accounts.js';
import { EDGEX_CODES, fail } from './errors.js';

/** Timestamp window the simulator accepts (edgeX publishes none, edgex.md §7.4) [uncertain]. */
export const TIMESTAMP_WINDOW_MS = 5 * 60_000;

/**
 * The window in the clock's own time: on a clock running N× faster, the same wall-clock allowance is N× longer
 * (otherwise a request's few ms in flight would look like minutes of skew).
 */
export function timestampWindowMs(clock: Clock): number {
  return TIMESTAMP_WINDOW_MS * (clock instanceof VirtualClock ? clock.speedFactor : 1);
}

export type AuthResult =
  | { ok: true; account: EdgexSimAccount; version: 'v1' | 'v2' }
  | { ok: false; response: SimResponse };

function header(headers: SimRequest['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Authenticates a private request the way edgeX does, deciding the generation per request from its headers:
 * `X-edgeX-Api-Key` → V2 HMAC (key, passphrase, signature over ts + METHOD + path + query|body);
 * `X-edgeX-Api-Signature` → V1 Stark ECDSA against the `l2Key` of the `accountId` the request names.
 * A malformed request (the verifiers throw InvalidInputError) is answered with the auth error, never a crash.
 */
export function authenticate(
  req: SimRequest,
  accounts: ReadonlyMap<string, EdgexSimAccount>,
  byApiKey: ReadonlyMap<string, EdgexSimAccount>,
  clock: Clock,
): AuthResult {
  const deny = (code: string, msg: string): AuthResult => ({ ok: false, response: fail(code, msg) });
  const body = req.rawBody.length > 0 ? (req.body as JsonObject | undefined) : undefined;
  if (req.rawBody.length > 0 && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    return deny(EDGEX_CODES.invalidParam, 'request body must be a JSON object');
  }
  const query: Record<string, string> = {};
  for (const [k, v] of req.query) query[k] = v;
  const claimed = typeof body?.accountId === 'string' ? body.accountId : query.accountId;

  const apiKey = header(req.headers, 'X-edgeX-Api-Key');
  const v1Signature = header(req.headers, 'X-edgeX-Api-Signature');
  const version: 'v1' | 'v2' | undefined = apiKey !== undefined ? 'v2' : v1Signature !== undefined ? 'v1' : undefined;
  if (!version) return deny(EDGEX_CODES.invalidSignature, 'missing authentication headers');
  const timestamp = header(req.headers, version === 'v2' ? 'X-edgeX-Timestamp' : 'X-edgeX-Api-Timestamp');
  if (timestamp === undefined || !/^\d{1,16}$/.test(timestamp))
    return deny(EDGEX_CODES.invalidTimestamp, 'bad timestamp');
  if (Math.abs(Number(timestamp) - clock.now()) > timestampWindowMs(clock)) {
    return deny(EDGEX_CODES.invalidTimestamp, 'timestamp outside the accepted window');
  }
  const signable: SignableRequest = {
    timestamp,
    method: req.method as 'GET' | 'POST',
    path: req.path,
    ...(Object.keys(query).length > 0 ? { query } : {}),
    ...(body !== undefined ? { body } : {}),
  };

  let account: EdgexSimAccount | undefined;
  try {
    if (version === 'v2') {
      account = byApiKey.get(apiKey as string);
      if (!account || header(req.headers, 'X-edgeX-Passphrase') !== account.passphrase) {
        return deny(EDGEX_CODES.invalidApiKey, 'unknown api key or wrong passphrase');
      }
      const signature = header(req.headers, 'X-edgeX-Signature') ?? '';
      if (!verifyV2Request(signable, signature, account.secret))
        return deny(EDGEX_CODES.invalidSignature, 'signature mismatch');
    } else {
      account = claimed === undefined ? undefined : accounts.get(claimed);
      if (!account?.l2Key) return deny(EDGEX_CODES.invalidSignature, 'unknown account');
      if (!verifyV1RequestSignature(signable, v1Signature as string, { x: account.l2Key, y: account.l2KeyY })) {
        return deny(EDGEX_CODES.invalidSignature, 'signature mismatch');
      }
    }
  } catch (e) {
    return deny(EDGEX_CODES.invalidSignature, `malformed request: ${(e as Error).message.split('\n')[0]}`);
  }
  if (claimed !== undefined && claimed !== account.accountId) {
    return deny(EDGEX_CODES.accountMismatch, 'accountId does not belong to this api key');
  }
  return { ok: true, account, version };
}
