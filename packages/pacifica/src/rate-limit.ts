import { createTokenBucket, type RateLimiter } from '@dn/core';
import { PACIFICA_CREDITS_PER_MINUTE, PACIFICA_DEFAULT_WEIGHTS, type PacificaRateLimitWeights } from './config.js';

/** The venue's credit budget: its size and what each kind of request costs. */
export interface PacificaRateLimitBudget {
  /** Credits per 60 s (default 100, or 300 with an API config key). */
  credits?: number;
  weights?: Partial<PacificaRateLimitWeights>;
}

export interface PacificaRateLimit {
  limiter: RateLimiter;
  weights: PacificaRateLimitWeights;
}

/**
 * Token bucket sized to the venue's window: the whole budget may burst, then it refills evenly. A `limiter` given
 * is used instead of the bucket (share one between clients of the same IP / account family: subaccounts share credits).
 */
export function pacificaRateLimit(
  budget: PacificaRateLimitBudget = {},
  hasApiKey = false,
  limiter?: RateLimiter,
): PacificaRateLimit {
  const tier = hasApiKey ? 'apiConfigKey' : 'ip';
  const credits = budget.credits ?? PACIFICA_CREDITS_PER_MINUTE[tier];
  return {
    limiter:
      limiter ??
      createTokenBucket({ capacity: credits, refillPerInterval: credits, intervalMs: 60_000, venue: 'pacifica' }),
    weights: { ...PACIFICA_DEFAULT_WEIGHTS[tier], ...budget.weights },
  };
}
