import { InvalidInputError, type TransportContext, TransportError } from '../errors/index.js';

/**
 * Default cap on one HTTP response body and one WebSocket message (16 MiB). Venue answers are kilobytes; a
 * runaway answer (a misrouted endpoint, a venue bug) once drove a process past 3 GiB before it was parsed.
 */
export const DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

export interface PayloadTooLargeContext extends TransportContext {
  /** The limit that was exceeded, in bytes. */
  limitBytes: number;
  /** What was too large: an HTTP response body or one WebSocket message. */
  payload: 'http-response' | 'ws-frame';
}

/**
 * A response body or WebSocket message exceeded the configured limit; reading stopped at the limit. Code
 * `TRANSPORT`: not retried (the same request would bring the same answer). A non-idempotent request whose answer
 * was too large fails with `UnknownOutcomeError` instead, with this error as its cause: the venue may have acted.
 */
export class PayloadTooLargeError extends TransportError {
  override name = 'PayloadTooLargeError';
  declare readonly context: PayloadTooLargeContext;

  constructor(context: PayloadTooLargeContext, options: { cause?: unknown } = {}) {
    const what = context.payload === 'http-response' ? 'HTTP response' : 'WebSocket message';
    super(`${what} from ${context.venue ?? 'the venue'} exceeds the ${context.limitBytes}-byte limit`, context, {
      details:
        context.payload === 'http-response'
          ? 'Reading stopped at the limit. Raise maxResponseBytes only if the venue legitimately sends answers this large.'
          : 'The connection was closed (1009) and will reconnect. Raise maxFrameBytes only if the venue legitimately sends messages this large.',
      ...options,
    });
  }
}

/** Validates a user-supplied byte limit (a positive safe integer). */
export function checkByteLimit(value: number | undefined, field: string, venue: string): number {
  if (value === undefined) return DEFAULT_MAX_PAYLOAD_BYTES;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidInputError(`${field} must be a positive integer number of bytes`, { field, value, venue });
  }
  return value;
}

/** A URL without its query string and credentials (signed URLs carry secrets there). */
export function urlForErrors(url: string): string {
  try {
    const u = new URL(url);
    u.search = '';
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.split('?')[0] ?? url;
  }
}
