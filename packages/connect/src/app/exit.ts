import { isDnError } from '@dn/core';

/** Exit codes every app documents the same way. */
export const EXIT_OK = 0;
/** The run failed or left something to do: read the output. */
export const EXIT_FAILED = 1;
/** Bad usage or configuration, or the start was refused (locked, wrong state): nothing was sent. */
export const EXIT_USAGE = 2;
/** A halt sentinel stopped the app: an operator must inspect the venues and clear it. */
export const EXIT_HALTED = 3;

/** A mistake in the command line: reported in one line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The exit code of an error thrown while starting (before any order could be sent). */
export function startErrorExitCode(e: unknown): number {
  if (isDnError(e, 'HALTED')) return EXIT_HALTED;
  return EXIT_USAGE;
}
