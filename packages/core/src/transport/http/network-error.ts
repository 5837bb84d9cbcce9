/**
 * Error codes that prove the request never reached the venue: name resolution, connect refusal,
 * unreachable network, TLS certificate rejection (the handshake precedes any request byte).
 * Anything else after a socket was handed the request (reset, timeout, EPIPE) may have been processed.
 * Some of these (EHOSTUNREACH, ENETUNREACH) also hit established connections: that is why every engine passes a
 * failure that came after a byte may have been written through `inFlightCause`.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  // Refused by the client itself while building the request (CR, LF or NUL in a header, a bad method or path):
  // node's http and the socket engine check before writing anything, so nothing left the process.
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_UNESCAPED_CHARACTERS',
]);

/** Marks the error `inFlightCause` made: the codes beneath it (its `cause`) no longer classify the failure. */
const IN_FLIGHT = Symbol('dn.http.inFlight');

interface InFlightError extends Error {
  readonly code: string;
  /** The code the low-level error carried (e.g. `EHOSTUNREACH`), kept for messages and logs. */
  readonly originalCode: string | undefined;
  readonly [IN_FLIGHT]: true;
}

function isInFlight(error: unknown): error is InFlightError {
  return typeof error === 'object' && error !== null && IN_FLIGHT in error;
}

/**
 * The cause to report for a failure that came after a byte of the request may have been handed to a socket.
 * A low-level error whose codes would read "not sent" (a route change makes an established connection fail with
 * `EHOSTUNREACH`; any error without a code) is replaced by an `ECONNRESET`-coded error: it keeps `message`, the
 * original as `cause` and its code as `originalCode`, so the transport reports an in-flight failure (an unknown
 * outcome for a POST, never a resend) that still names `EHOSTUNREACH`. Other errors are returned as they are.
 * `error` must carry nothing of the request (no headers): it stays reachable through `cause`.
 */
export function inFlightCause(error: unknown, message: string): unknown {
  if (isInFlight(error)) return error;
  const codes = codesOf(error);
  if (codes.length > 0 && !codes.some((c) => NOT_SENT_CODES.has(c))) return error;
  const originalCode = codes.find((c) => NOT_SENT_CODES.has(c));
  const replaced = new Error(message, error === undefined ? undefined : { cause: error });
  return Object.assign(replaced, { code: 'ECONNRESET', originalCode, [IN_FLIGHT]: true as const });
}

function codesOf(error: unknown, depth = 0): string[] {
  if (depth > 4 || typeof error !== 'object' || error === null) return [];
  const out: string[] = [];
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') out.push(code);
  // The codes under an in-flight replacement are the ones it overrides.
  if (isInFlight(error)) return out;
  // Happy-eyeballs connects fail with an AggregateError holding one error per address.
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors)) for (const e of errors) out.push(...codesOf(e, depth + 1));
  out.push(...codesOf((error as { cause?: unknown }).cause, depth + 1));
  return out;
}

/** True when the failure certainly happened before any request byte left the process. */
export function failedBeforeSending(error: unknown): boolean {
  const codes = codesOf(error);
  return codes.length > 0 && codes.some((c) => NOT_SENT_CODES.has(c));
}

/** The most specific low-level code (e.g. `ECONNRESET`) for error details. */
export function networkErrorCode(error: unknown): string | undefined {
  // "failed in flight (EHOSTUNREACH)" says more than the ECONNRESET standing in for it.
  const inFlight = findInFlight(error);
  if (inFlight?.originalCode !== undefined) return inFlight.originalCode;
  const codes = codesOf(error);
  return codes.find((c) => c !== 'ERR_NETWORK' && c !== 'ERR_CANCELED') ?? codes[0];
}

function findInFlight(error: unknown, depth = 0): InFlightError | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  if (isInFlight(error)) return error;
  return findInFlight((error as { cause?: unknown }).cause, depth + 1);
}
