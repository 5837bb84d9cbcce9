import type { VenueName } from './config.js';

export interface Cooldown {
  /** No open of this symbol on this venue pair before this time (ms). */
  until: number;
  /** Consecutive aborted opens: the pause doubles with each. */
  aborts: number;
  reason: string;
}

/** Longest pause after repeated aborts: a pair that keeps failing is retried daily, not every few minutes. */
const MAX_COOLDOWN_MS = 24 * 3_600_000;

/** One key per symbol and unordered venue pair: a refusal on either venue blocks both directions. */
export function cooldownKey(symbol: string, a: VenueName, b: VenueName): string {
  return `${symbol}:${[a, b].sort().join('+')}`;
}

/**
 * After an aborted open the pair rests for `baseMs`, doubled for every further consecutive abort (B2: a hedge venue
 * that keeps refusing used to cost a pilot round trip every wait — 72 aborted cycles in 6 hours).
 */
export function afterAbort(prev: Cooldown | undefined, now: number, baseMs: number, reason: string): Cooldown {
  const aborts = (prev?.aborts ?? 0) + 1;
  return { until: now + Math.min(baseMs * 2 ** (aborts - 1), MAX_COOLDOWN_MS), aborts, reason };
}

export function activeCooldown(
  cooldowns: Record<string, Cooldown> | undefined,
  key: string,
  now: number,
): Cooldown | undefined {
  const c = cooldowns?.[key];
  return c && c.until > now ? c : undefined;
}
