import {
  type DnError,
  type HttpResponseContext,
  RateLimitError,
  UnknownOutcomeError,
  VenueRejectedError,
} from '@dn/core';
import { readEnvelope } from './envelope.js';

/**
 * Business codes of 422 answers, current numbering (venues/pacifica.md §3.1, after ccxt and the 2026
 * docs). The older docs numbered them one lower from 2 on; the `error` text is kept alongside so a
 * caller can tell them apart.
 */
export const PACIFICA_ERROR_CODES: Readonly<Record<number, string>> = {
  0: 'INTERNAL',
  1: 'ACCOUNT_NOT_FOUND',
  2: 'ACCOUNT_ALREADY_EXISTS',
  3: 'BOOK_NOT_FOUND',
  4: 'INVALID_TICK_LEVEL',
  5: 'INSUFFICIENT_BALANCE',
  6: 'ORDER_NOT_FOUND',
  7: 'ORDER_AMOUNT_TOO_LOW',
  8: 'ORDER_AMOUNT_TOO_HIGH',
  10: 'OPEN_ORDER_LIMIT_REACHED',
  11: 'INVALID_LEVERAGE',
  12: 'CANNOT_UPDATE_MARGIN',
  13: 'POSITION_NOT_FOUND',
  21: 'INVALID_REDUCE_ONLY_SIDE',
  22: 'INVALID_REDUCE_ONLY_AMOUNT',
  23: 'NO_POSITION_FOR_REDUCE_ONLY_ORDER',
  25: 'NO_REASONABLE_PRICE',
  28: 'IMMEDIATE_LIQUIDATION',
  30: 'PRICE_TOO_FAR_FROM_MARK',
  36: 'DUPLICATE_CLIENT_ORDER_ID',
  37: 'UNUSED_CLIENT_ORDER_ID',
  38: 'TRADING_DISABLED',
  41: 'OPEN_INTEREST_LIMIT_EXCEEDED',
  49: 'POSITION_TPSL_LIMIT_EXCEEDED',
  52: 'INVALID_TICK_SIZE',
};

/** Error texts of the signature check (HTTP 400), sometimes sent as bare text rather than the envelope. */
export const PACIFICA_SIGNATURE_ERRORS = [
  'Invalid signature',
  'Invalid message',
  'Invalid public key',
  'Verification failed',
] as const;

function codeOf(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && /^\d+$/.test(raw)) return Number(raw);
  return undefined;
}

/**
 * `mapError` hook of the HTTP transport: turns Pacifica's envelope (`success: false`) and bare-text
 * error bodies into `VenueRejectedError`. 5xx and 408 are left to the transport so that a POST
 * whose fate is unknown surfaces as `UnknownOutcomeError` and a GET is retried.
 */
export function mapPacificaHttpError(res: HttpResponseContext): DnError<object> | undefined {
  if (res.status >= 500 || res.status === 408) return undefined;
  const env = readEnvelope(res.data);
  const ok2xx = res.status >= 200 && res.status < 300;
  if (ok2xx && (env === undefined || env.success !== false)) return undefined;
  if (ok2xx && env?.success === false) {
    const code = codeOf(env.code);
    // A 2xx envelope carrying a 5xx code is as undecided as a 5xx status.
    if (code !== undefined && code >= 500 && !res.idempotent) {
      return new UnknownOutcomeError(`pacifica ${res.method} ${res.path} answered code ${code}`, {
        venue: 'pacifica',
        operation: `${res.method} ${res.path}`,
        url: res.url,
      });
    }
  }
  const message = env !== undefined && typeof env.error === 'string' ? env.error : res.text.trim().slice(0, 300);
  const code = env !== undefined ? codeOf(env.code) : undefined;
  return pacificaRejection(message, code, res.status, `${res.method} ${res.path}`);
}

/** A `VenueRejectedError` naming the business code when it is known. */
export function pacificaRejection(
  message: string,
  code: number | undefined,
  httpStatus: number | undefined,
  operation: string,
  clientOrderId?: string,
): VenueRejectedError {
  const name = code !== undefined && httpStatus === 422 ? PACIFICA_ERROR_CODES[code] : undefined;
  const isSignature = (PACIFICA_SIGNATURE_ERRORS as readonly string[]).some((s) => message.startsWith(s));
  const short = `pacifica rejected ${operation}: ${message || `HTTP ${httpStatus ?? '?'}`}`;
  return new VenueRejectedError(
    short.length > 200 ? `${short.slice(0, 200)}…` : short,
    {
      venue: 'pacifica',
      ...(code !== undefined ? { venueCode: name ?? code } : {}),
      venueMessage: message,
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      operation,
      ...(clientOrderId !== undefined ? { clientOrderId } : {}),
    },
    isSignature
      ? {
          details:
            'The signature check failed. Check the key belongs to the account (or to the bound agent wallet), ' +
            'and that the host clock is in sync: requests expire expiry_window ms after their timestamp.',
        }
      : {},
  );
}

/** WS trading reply codes (venue doc §5.3): 200 ok; 400/401/402/403/420 rejected; 429 not processed; 500 unknown. */
export function mapPacificaWsError(
  code: number,
  err: string,
  operation: string,
  clientOrderId?: string,
): VenueRejectedError | RateLimitError | UnknownOutcomeError {
  if (code === 429) {
    return new RateLimitError(`pacifica rate limit hit on ${operation} (WS)`, { venue: 'pacifica', httpStatus: 429 });
  }
  if (code >= 500) {
    return new UnknownOutcomeError(`pacifica ${operation} over WS answered ${code}: ${err}`, {
      venue: 'pacifica',
      operation,
      ...(clientOrderId !== undefined ? { clientOrderId } : {}),
    });
  }
  const e = pacificaRejection(err, code, undefined, operation, clientOrderId);
  return e;
}
