import { Decimal } from '@dn/core';

/** Forgetting per observation: ~200 scans (≈ 17 h at one scan per 5 min) of memory. */
const DECAY = new Decimal('0.995');
/** Weight of the prior (0: two perps on one underlying converge), in observations. */
const PRIOR_WEIGHT = 12;

/**
 * Expected exit basis per symbol and venue pair, learned from the basis seen in scans and shrunk toward 0. With little
 * history the prior dominates, so an entry at an adverse basis is costed in full; after many scans a venue pair's
 * persistent offset is learned and not charged as if it would close. Basis = (short venue mid − long venue mid) /
 * average mid: positive means the short is sold rich.
 */
export class BasisTracker {
  private readonly sums = new Map<string, { sum: Decimal; weight: Decimal }>();

  observe(key: string, basis: Decimal): void {
    const prev = this.sums.get(key) ?? { sum: new Decimal(0), weight: new Decimal(0) };
    this.sums.set(key, { sum: prev.sum.mul(DECAY).plus(basis), weight: prev.weight.mul(DECAY).plus(1) });
  }

  expected(key: string): Decimal {
    const s = this.sums.get(key);
    return s ? s.sum.div(s.weight.plus(PRIOR_WEIGHT)) : new Decimal(0);
  }
}

/** Key of one symbol on one ordered (long, short) venue pair. */
export const basisKey = (symbol: string, long: string, short: string): string => `${symbol}:${long}>${short}`;
