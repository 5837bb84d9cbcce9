import { type DnError, type HttpResponseContext, VenueRejectedError } from '@dn/core';

/**
 * Lighter's `code` values (open list: the server adds codes; match on these, never on a closed union).
 * 20001 / 20013 / 21100 / 21500 / 21602 / 29404 were observed live by lev7finance/lighter-ts
 * (docs/spec/05-rest-api.md §4.2); 21109 / 21110 / 21120 are quoted from apidocs by the same source (06-websocket.md
 * §11). 21104 "invalid nonce" comes from a third-party bot that matches it [UNCERTAIN]; the SDKs match the message
 * "invalid nonce", so both are checked.
 */
export const LIGHTER_ERROR_CODE = {
  OK: 200,
  INVALID_PARAM: 20001,
  INVALID_AUTH: 20013,
  ACCOUNT_NOT_FOUND: 21100,
  INVALID_NONCE: 21104,
  API_KEY_NOT_FOUND: 21109,
  INVALID_API_KEY_INDEX: 21110,
  INVALID_SIGNATURE: 21120,
  TX_NOT_FOUND: 21500,
  INVALID_MARKET_INDEX: 21602,
  NOT_FOUND: 29404,
} as const;

/** Turns Lighter's `{code, message}` envelope into a `VenueRejectedError` (200 bodies with code 200 pass). */
export function mapLighterError(res: HttpResponseContext): DnError<object> | undefined {
  const data = res.data as { code?: unknown; message?: unknown } | undefined;
  const code = data && typeof data === 'object' ? Number(data.code) : Number.NaN;
  const message = data && typeof data === 'object' && typeof data.message === 'string' ? data.message : undefined;
  if (res.status === 429 || res.status >= 500) return undefined;
  // Some endpoints answer 200 without `code`; a 2xx is an error only when it carries a code other than 200.
  if (res.status < 400 && (!Number.isFinite(code) || code === LIGHTER_ERROR_CODE.OK)) return undefined;
  return new VenueRejectedError(`Lighter rejected ${res.method} ${res.path}: ${message ?? `HTTP ${res.status}`}`, {
    venue: 'lighter',
    httpStatus: res.status,
    ...(Number.isFinite(code) ? { venueCode: code } : {}),
    venueMessage: message ?? res.text.slice(0, 300),
    operation: `${res.method} ${res.path}`,
  });
}

/** True for Lighter's "invalid nonce" rejection (the signal to resync the nonce from `nextNonce`). */
export function isInvalidNonceError(e: unknown): boolean {
  if (!(e instanceof VenueRejectedError)) return false;
  const { venueCode, venueMessage } = e.context;
  return Number(venueCode) === LIGHTER_ERROR_CODE.INVALID_NONCE || /invalid nonce/i.test(venueMessage ?? '');
}
