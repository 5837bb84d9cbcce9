import { backoffDelay, type Clock, isDnError, RateLimitError } from '@dn/core';

export interface RetryPolicy {
  /** Extra tries after the first one, for failures that certainly had no effect. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest wait honoured from a venue's Retry-After, ms. */
  maxRetryAfterMs: number;
}

/** About 15 s of retrying per call: persistent enough for a rate-limit storm, short enough to report a dead venue. */
export const DEFAULT_RETRY: RetryPolicy = { retries: 8, baseDelayMs: 250, maxDelayMs: 4_000, maxRetryAfterMs: 30_000 };

/**
 * Failures that, by the `PerpVenue` contract, had no effect at the venue (`TransportError`, `RateLimitError`), so the
 * same request may be sent again. Rejections, invalid input and unknown outcomes are not transient.
 */
export function isTransient(e: unknown): boolean {
  return isDnError(e, 'TRANSPORT') || isDnError(e, 'RATE_LIMITED');
}

/**
 * Runs `fn`, repeating it after transient failures with exponential backoff (or the venue's Retry-After when longer).
 * Anything else, and the last transient failure, is rethrown.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  clock: Clock,
  policy: RetryPolicy,
  random: () => number = Math.random,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransient(e) || attempt > policy.retries) throw e;
      let delay = backoffDelay(attempt, { baseDelayMs: policy.baseDelayMs, maxDelayMs: policy.maxDelayMs }, random);
      if (e instanceof RateLimitError && e.context.retryAfterMs !== undefined) {
        delay = Math.max(delay, Math.min(e.context.retryAfterMs, policy.maxRetryAfterMs));
      }
      await clock.sleep(delay);
    }
  }
}
