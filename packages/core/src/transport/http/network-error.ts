/**
 * Error codes that prove the request never reached the venue: name resolution, connect refusal,
 * unreachable network, TLS certificate rejection (the handshake precedes any request byte).
 * Anything else after a socket was handed the request (reset, timeout, EPIPE) may have been processed.
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

/** True for a code that by itself proves no request byte was sent. */
export function isNotSentCode(code: string): boolean {
  return NOT_SENT_CODES.has(code);
}

function codesOf(error: unknown, depth = 0): string[] {
  if (depth > 4 || typeof error !== 'object' || error === null) return [];
  const out: string[] = [];
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') out.push(code);
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
  const codes = codesOf(error);
  return codes.find((c) => c !== 'ERR_NETWORK' && c !== 'ERR_CANCELED') ?? codes[0];
}
