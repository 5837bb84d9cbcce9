/** Exponential backoff bounds shared by the HTTP retry loop and the WebSocket reconnect loop. */
export interface BackoffOptions {
  /** Delay scale of the first retry, in ms. */
  baseDelayMs: number;
  /** Upper bound of any single delay, in ms. */
  maxDelayMs: number;
}

/**
 * Delay before retry number `attempt` (1 = first retry): "equal jitter" over `base * 2^(attempt-1)`,
 * capped at `maxDelayMs`. Half the window is fixed so a retry never fires immediately after a
 * failure; the random half spreads many clients so they do not hammer a recovering venue in step.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const window = Math.max(0, exp);
  return Math.round(window / 2 + random() * (window / 2));
}
