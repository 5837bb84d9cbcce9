import { DnError, type DnErrorOptions } from './base.js';

/** What a caller may add to an error beyond its message and context. */
type ExtraOptions = Pick<DnErrorOptions<never>, 'details' | 'cause'>;

/** Refused before anything was sent: bad parameters, unknown symbol, size below minimum. */
export class InvalidInputError extends DnError<{ field?: string; value?: unknown; expected?: string; venue?: string }> {
  override name = 'InvalidInputError';
  constructor(
    shortMessage: string,
    context: { field?: string; value?: unknown; expected?: string; venue?: string } = {},
    details?: string,
  ) {
    super('INVALID_INPUT', shortMessage, { context, details });
  }
}

export interface VenueRejectedContext {
  venue: string;
  /** The venue's own error code, as it sent it (number or string). */
  venueCode?: string | number;
  venueMessage?: string;
  httpStatus?: number;
  operation?: string;
  clientOrderId?: string;
}

/** The venue answered and said no. The request had no effect. */
export class VenueRejectedError extends DnError<VenueRejectedContext> {
  override name = 'VenueRejectedError';
  constructor(shortMessage: string, context: VenueRejectedContext, options: ExtraOptions = {}) {
    super('VENUE_REJECTED', shortMessage, { context, ...options });
  }
}

export interface UnknownOutcomeContext {
  venue?: string;
  operation: string;
  url?: string;
  clientOrderId?: string;
  /** How long we waited before giving up, in ms. */
  elapsedMs?: number;
}

/**
 * The request left the process and no definitive answer came back (timeout, connection dropped).
 * The action MAY have happened: query the venue before deciding. Never treat as rejected.
 */
export class UnknownOutcomeError extends DnError<UnknownOutcomeContext> {
  override name = 'UnknownOutcomeError';
  constructor(shortMessage: string, context: UnknownOutcomeContext, options: ExtraOptions = {}) {
    super('UNKNOWN_OUTCOME', shortMessage, {
      context,
      details: options.details ?? 'The request may have been executed. Query the venue (by client id) before retrying.',
      cause: options.cause,
    });
  }
}

export interface TransportContext {
  url?: string;
  method?: string;
  httpStatus?: number;
  attempts?: number;
  venue?: string;
}

/** Failure to talk to the venue where the request certainly had no effect (connect refused, 5xx on a GET). */
export class TransportError extends DnError<TransportContext> {
  override name = 'TransportError';
  constructor(shortMessage: string, context: TransportContext, options: ExtraOptions = {}) {
    super('TRANSPORT', shortMessage, { context, ...options });
  }
}

/** HTTP 429 or a local rate-limit budget exhausted after retries. */
export class RateLimitError extends DnError<TransportContext & { retryAfterMs?: number }> {
  override name = 'RateLimitError';
  constructor(shortMessage: string, context: TransportContext & { retryAfterMs?: number }, options: ExtraOptions = {}) {
    super('RATE_LIMITED', shortMessage, { context, ...options });
  }
}

/** A key or payload could not be signed (malformed key, value out of field range). Never contains the key. */
export class SigningError extends DnError<{ scheme: string; field?: string; reason?: string }> {
  override name = 'SigningError';
  constructor(shortMessage: string, context: { scheme: string; field?: string; reason?: string }, cause?: unknown) {
    super('SIGNING', shortMessage, { context, cause });
  }
}

/** A state file is missing, corrupt, of an unknown schema version, or cannot be written. */
export class StateError extends DnError<{ path: string; reason: string; schemaVersion?: number }> {
  override name = 'StateError';
  constructor(
    shortMessage: string,
    context: { path: string; reason: string; schemaVersion?: number },
    options: ExtraOptions = {},
  ) {
    super('STATE', shortMessage, { context, ...options });
  }
}

export interface ConfigIssue {
  /** Dotted path of the key, e.g. `venues.extended.apiKey` or env var name. */
  key: string;
  problem: string;
  expected?: string;
}

/** Configuration is invalid. Lists every problem at once so the user fixes them in one go. */
export class ConfigError extends DnError<{ issues: ConfigIssue[]; source?: string }> {
  override name = 'ConfigError';
  constructor(issues: ConfigIssue[], source?: string) {
    const first = issues[0];
    const summary =
      issues.length === 1 && first
        ? `Invalid config: ${first.key}: ${first.problem}`
        : `Invalid config: ${issues.length} problems`;
    super('CONFIG', summary, {
      context: { issues, source },
      details: issues.map((i) => `${i.key}: ${i.problem}${i.expected ? ` (expected ${i.expected})` : ''}`).join('; '),
    });
  }
}

/** A halt sentinel is present: an operator must inspect the venues and clear it before trading resumes. */
export class HaltedError extends DnError<{ sentinelPath: string; reason?: string }> {
  override name = 'HaltedError';
  constructor(context: { sentinelPath: string; reason?: string }) {
    super('HALTED', 'Trading is halted by a sentinel file', {
      context,
      details: 'Inspect positions on every venue, then delete the sentinel file to resume.',
    });
  }
}

/** The class thrown for each code: what `isDnError(e, code)` narrows to. */
export interface DnErrorByCode {
  INVALID_INPUT: InvalidInputError;
  VENUE_REJECTED: VenueRejectedError;
  UNKNOWN_OUTCOME: UnknownOutcomeError;
  TRANSPORT: TransportError;
  RATE_LIMITED: RateLimitError;
  SIGNING: SigningError;
  STATE: StateError;
  CONFIG: ConfigError;
  HALTED: HaltedError;
}
