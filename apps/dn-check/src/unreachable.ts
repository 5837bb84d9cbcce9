import { causeChain } from './describe-error.js';
import { DeadlineError } from './errors.js';

/**
 * Low-level codes that mean the venue was never reached: no name resolution, nothing listening, no route. On the
 * first call of a venue they end its check with one line instead of a failed row per endpoint.
 */
const UNREACHABLE: Record<string, string> = {
  ENOTFOUND: 'no network?',
  EAI_AGAIN: 'no network?',
  ENETUNREACH: 'no network?',
  EHOSTUNREACH: 'host unreachable',
  EADDRNOTAVAIL: 'no network?',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'connection timed out',
};

/** The network code of an error (anywhere in its causes) that proves the host was not reached, if any. */
export function unreachableCode(e: unknown): string | undefined {
  for (const x of causeChain(e)) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && code in UNREACHABLE) return code;
  }
  return undefined;
}

/**
 * One line saying the venue cannot be reached, or undefined when the failure is something else (an answer came
 * back). A first call that got no answer at all within the deadline counts as unreachable too.
 */
export function unreachableLine(host: string, e: unknown): string | undefined {
  const code = unreachableCode(e);
  if (code) return `cannot reach ${host}: ${UNREACHABLE[code]} (${code})`;
  if (e instanceof DeadlineError) return `cannot reach ${host}: ${e.message}`;
  return undefined;
}
