import { redactSecrets } from '../log/redact.js';
import type { DnErrorByCode } from './classes.js';

/**
 * Stable error codes. Never renumber or rename one: users match on them.
 * `*_REJECTED` = the venue said no; `UNKNOWN_OUTCOME` = we sent it and cannot tell what happened.
 */
export type DnErrorCode =
  | 'INVALID_INPUT'
  | 'VENUE_REJECTED'
  | 'UNKNOWN_OUTCOME'
  | 'TRANSPORT'
  | 'RATE_LIMITED'
  | 'SIGNING'
  | 'STATE'
  | 'CONFIG'
  | 'HALTED';

export interface DnErrorOptions<C> {
  /** Longer explanation and what to do about it. */
  details?: string;
  /** Structured, secret-free facts a user needs to act (venue, symbol, ids, status). */
  context: C;
  cause?: unknown;
}

/**
 * Root of every error thrown by dn packages.
 * `shortMessage` is one line; `message` adds details and context for logs.
 */
export class DnError<C extends object = Record<string, unknown>> extends Error {
  override name = 'DnError';
  readonly code: DnErrorCode;
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly context: C;

  constructor(code: DnErrorCode, shortMessage: string, options: DnErrorOptions<C>) {
    super(formatMessage(shortMessage, options.details, options.context), { cause: options.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.context = options.context;
  }

  /** First error in the `cause` chain (including this one) that matches `predicate`. */
  walk(predicate: (e: unknown) => boolean): unknown {
    let current: unknown = this;
    const seen = new Set<unknown>();
    while (current !== undefined && current !== null && !seen.has(current)) {
      if (predicate(current)) return current;
      seen.add(current);
      current = (current as { cause?: unknown }).cause;
    }
    return undefined;
  }
}

function formatMessage(shortMessage: string, details: string | undefined, context: object): string {
  const lines = [shortMessage];
  if (details) lines.push('', `Details: ${details}`);
  const entries = Object.entries(redactSecrets(context) as object).filter(([, v]) => v !== undefined);
  if (entries.length > 0) {
    lines.push('', ...entries.map(([k, v]) => `  ${k}: ${typeof v === 'string' ? v : safeJson(v)}`));
  }
  return lines.join('\n');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * Type guard that narrows to a DnError; given a code, to that code's class and typed `context`
 * (as @solana/kit's `isSolanaError`), so callers never cast to read `e.code` or `e.context`.
 * @example
 * if (isDnError(e, 'VENUE_REJECTED')) log.warn({ venueCode: e.context.venueCode }, e.shortMessage);
 */
export function isDnError(e: unknown): e is DnError;
export function isDnError<C extends DnErrorCode>(e: unknown, code: C): e is DnErrorByCode[C];
export function isDnError(e: unknown, code?: DnErrorCode): boolean {
  return e instanceof DnError && (code === undefined || e.code === code);
}

/** One line for logs and reports: `CODE: short message` for dn errors, the first message line otherwise. Never a stack. */
export function errorSummary(e: unknown): string {
  if (e instanceof DnError) return `${e.code}: ${e.shortMessage}`;
  if (e instanceof Error) return `${e.name}: ${e.message.split('\n')[0] ?? ''}`;
  return String(e);
}
