import type { SimRejectCode } from '../../engine/index.js';
import type { SimResponse } from '../../server/sim-server.js';

/*
 * edgeX publishes no error-code list (edgex.md §2.1, §7.4). Only `SUCCESS` and `INVALID_CONTRACT_ID` are seen in its
 * docs; the other codes below are the simulator's own, in edgeX's UPPER_SNAKE style [uncertain]. Business errors are
 * HTTP 200 with a non-SUCCESS `code`, as the SDKs read them.
 */
export const EDGEX_CODES = {
  invalidSignature: 'INVALID_SIGNATURE',
  invalidApiKey: 'INVALID_API_KEY',
  invalidTimestamp: 'INVALID_TIMESTAMP',
  accountMismatch: 'ACCOUNT_ID_MISMATCH',
  invalidParam: 'INVALID_PARAMETER',
  invalidL2Signature: 'INVALID_L2_SIGNATURE',
  invalidContract: 'INVALID_CONTRACT_ID',
  rateLimit: 'TOO_MANY_REQUEST',
  server: 'SERVER_ERROR',
  notFound: 'NOT_FOUND',
} as const;

const REJECTS: Record<SimRejectCode, string> = {
  INSUFFICIENT_MARGIN: 'MARGIN_NOT_ENOUGH',
  INVALID_SIZE: 'ORDER_SIZE_INVALID',
  INVALID_PRICE: 'ORDER_PRICE_INVALID',
  INVALID_PARAMS: EDGEX_CODES.invalidParam,
  INVALID_EXPIRY: 'ORDER_EXPIRE_TIME_INVALID',
  INVALID_LEVERAGE: 'LEVERAGE_INVALID',
  LEVERAGE_TOO_HIGH: 'LEVERAGE_INVALID',
  POST_ONLY_WOULD_CROSS: 'POST_ONLY_WOULD_TAKE',
  REDUCE_ONLY_NOTHING_TO_REDUCE: 'REDUCE_ONLY_NO_POSITION',
  UNKNOWN_SYMBOL: EDGEX_CODES.invalidContract,
  UNKNOWN_ACCOUNT: 'ACCOUNT_NOT_FOUND',
  MARKET_INACTIVE: 'CONTRACT_NOT_TRADABLE',
  ORDER_NOT_FOUND: 'FAILED_ORDER_NOT_FOUND',
  ORDER_NOT_OPEN: 'FAILED_ORDER_NOT_OPEN',
  INJECTED_REJECT: 'ORDER_REJECTED',
};

export function rejectCode(code: SimRejectCode): string {
  return REJECTS[code];
}

export function envelope(code: string, data: unknown, msg = ''): Record<string, unknown> {
  const now = String(Date.now());
  return {
    code,
    data: data ?? null,
    msg: code === 'SUCCESS' ? '' : msg,
    errorParam: {},
    requestTime: now,
    responseTime: now,
    traceId: `sim-${Math.random().toString(16).slice(2, 14)}`,
  };
}

export function ok(data: unknown): SimResponse {
  return { status: 200, body: envelope('SUCCESS', data) };
}

export function fail(code: string, msg: string): SimResponse {
  return { status: 200, body: envelope(code, null, msg) };
}
