import { InvalidInputError, SigningError } from '@dn/core';
import { VENUE } from './constants.js';

/** An input refused before any hashing; `value` must never be a secret. */
export function invalidInput(field: string, expected: string, value?: unknown, details?: string): InvalidInputError {
  return new InvalidInputError(
    `Invalid ${field}: expected ${expected}`,
    { field, value, expected, venue: VENUE },
    details,
  );
}

/** A key or message that cannot be signed. Never carries the key itself. */
export function signingError(scheme: string, field: string, reason: string, cause?: unknown): SigningError {
  return new SigningError(`Cannot sign: ${field} ${reason}`, { scheme, field, reason }, cause);
}
