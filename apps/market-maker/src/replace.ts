import type { Decimal } from '@dn/core';

/** A resting order as the maker sees it. */
export interface Resting {
  price: Decimal;
  /** Remaining size. */
  size: Decimal;
}

/**
 * Whether a resting quote must be cancelled and replaced by `target`: when the price moved by at least
 * `thresholdBps` of the old price, or the size changed (a fill or the skew changed it). A side to be removed
 * (target size 0) always counts.
 */
export function needsReplace(current: Resting | undefined, target: Resting, thresholdBps: number): boolean {
  if (current === undefined) return target.size.gt(0);
  if (target.size.isZero()) return true;
  if (!current.size.eq(target.size)) return true;
  const moveBps = target.price.minus(current.price).abs().div(current.price).mul(10_000);
  return moveBps.gte(thresholdBps) && !target.price.eq(current.price);
}

/**
 * The seed's coalescing window: after a replace on a side, further replaces of that side wait `windowMs`, so a
 * burst of book updates becomes one cancel/replace. Removing a side (risk, halt) is never delayed.
 */
export class ReplaceCoalescer {
  private readonly last = new Map<string, number>();
  constructor(private readonly windowMs: number) {}

  /** True when `key` (market:side) may be replaced at `now`; records the replace when it may. */
  admit(key: string, now: number, removal = false): boolean {
    const prev = this.last.get(key);
    if (!removal && prev !== undefined && now - prev < this.windowMs) return false;
    this.last.set(key, now);
    return true;
  }
}

/** A token bucket of order actions (places + cancels) per second: the venue's rate-limit budget. */
export class ActionBudget {
  private tokens: number;
  private at: number;
  constructor(
    private readonly perSec: number,
    now: number,
  ) {
    this.tokens = perSec;
    this.at = now;
  }

  take(now: number, n = 1): boolean {
    this.tokens = Math.min(this.perSec, this.tokens + ((now - this.at) / 1000) * this.perSec);
    this.at = now;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}
