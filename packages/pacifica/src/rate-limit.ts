import { createTokenBucket, type RateLimiter } from '@dn/core';

/**
 * Credit budget of the 60 s rolling window (venue doc §7 and errata): 100 credits without an API
 * config key, 300 with one. Higher fee tiers get more; pass `credits` to use them.
 */
export const PACIFICA_CREDITS_PER_MINUTE = { ip: 100, apiConfigKey: 300 } as const;

/**
 * Credits per request. A cancel costs 0.5; "heavy" GETs (candles and history endpoints) cost 3–12
 * by IP and 1–3 with a key [UNCERTAIN which endpoint costs what]: the lower bounds are used, and a
 * 429 the venue still returns is retried after its Retry-After.
 */
export interface PacificaRateLimitWeights {
  standard: number;
  cancel: number;
  heavy: number;
}

export const PACIFICA_DEFAULT_WEIGHTS: Readonly<Record<'ip' | 'apiConfigKey', PacificaRateLimitWeights>> = {
  ip: { standard: 1, cancel: 0.5, heavy: 3 },
  apiConfigKey: { standard: 1, cancel: 0.5, heavy: 1 },
};

export interface PacificaRateLimitOptions {
  /** Credits per 60 s (default 100, or 300 with an API config key). */
  credits?: number;
  weights?: Partial<PacificaRateLimitWeights>;
  /** Share one limiter between clients of the same IP / account family (subaccounts share credits). */
  limiter?: RateLimiter;
}

export interface PacificaRateLimit {
  limiter: RateLimiter;
  weights: PacificaRateLimitWeights;
}

/** Token bucket sized to the venue's window: the whole budget may burst, then it refills evenly. */
export function pacificaRateLimit(options: PacificaRateLimitOptions = {}, hasApiKey = false): PacificaRateLimit {
  const tier = hasApiKey ? 'apiConfigKey' : 'ip';
  const credits = options.credits ?? PACIFICA_CREDITS_PER_MINUTE[tier];
  return {
    limiter:
      options.limiter ??
      createTokenBucket({ capacity: credits, refillPerInterval: credits, intervalMs: 60_000, venue: 'pacifica' }),
    weights: { ...PACIFICA_DEFAULT_WEIGHTS[tier], ...options.weights },
  };
}
