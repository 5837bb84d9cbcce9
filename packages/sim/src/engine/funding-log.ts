import { Decimal } from '@dn/core';
import type { SimFundingRecord } from './types.js';

const RATE_SCALE = 1e10;

/**
 * One market's settled funding rates, oldest first, the newest `max` kept. Stored as three number columns (time,
 * rate × 10¹⁰, mark in ticks: 24 bytes a record) instead of objects holding two Decimals (≈ 550 bytes): a paper
 * session of 200 markets settles 144 000 of them a month. A record whose rate or mark does not fit the columns
 * exactly is kept whole beside them, so every record reads back equal to what was pushed.
 */
export class FundingLog {
  private times: number[] = [];
  private rates: number[] = [];
  private marks: number[] = [];
  /** Records that did not fit the columns, by absolute position (position of the oldest kept = `dropped`). */
  private readonly whole = new Map<number, SimFundingRecord>();
  private dropped = 0;

  constructor(
    readonly symbol: string,
    private readonly tickSize: Decimal,
    private readonly max: number,
  ) {}

  get length(): number {
    return this.times.length;
  }

  push(r: SimFundingRecord): void {
    const rate = r.rate.mul(RATE_SCALE);
    const ticks = r.markPrice.div(this.tickSize);
    const fits =
      r.symbol === this.symbol &&
      rate.isInteger() &&
      rate.abs().lte(Number.MAX_SAFE_INTEGER) &&
      ticks.isInteger() &&
      ticks.abs().lte(Number.MAX_SAFE_INTEGER);
    if (fits) {
      this.rates.push(rate.toNumber());
      this.marks.push(ticks.toNumber());
    } else {
      this.whole.set(this.dropped + this.times.length, { ...r });
      this.rates.push(Number.NaN);
      this.marks.push(Number.NaN);
    }
    this.times.push(r.time);
    if (this.times.length > this.max) {
      this.times.shift();
      this.rates.shift();
      this.marks.shift();
      this.whole.delete(this.dropped);
      this.dropped += 1;
    }
  }

  /**
   * Records with time in [since, until] (inclusive), oldest first: the newest `limit` of them, or the oldest with
   * `keep: 'oldest'` (paging forward). A negative limit: all.
   */
  query(q: { since?: number; until?: number; limit?: number; keep?: 'newest' | 'oldest' } = {}): SimFundingRecord[] {
    let from = q.since === undefined ? 0 : this.firstAtOrAfter(q.since);
    let to = q.until === undefined ? this.times.length : this.firstAtOrAfter(q.until + 1);
    if (q.limit !== undefined && q.limit >= 0) {
      if (q.keep === 'oldest') to = Math.min(to, from + q.limit);
      else from = Math.max(from, to - q.limit);
    }
    const out: SimFundingRecord[] = [];
    for (let i = from; i < to; i++) out.push(this.at(i));
    return out;
  }

  /** Every kept record, oldest first. */
  all(): SimFundingRecord[] {
    return this.query();
  }

  private at(i: number): SimFundingRecord {
    const rate = this.rates[i] as number;
    if (Number.isNaN(rate)) return { ...(this.whole.get(this.dropped + i) as SimFundingRecord) };
    return {
      symbol: this.symbol,
      time: this.times[i] as number,
      rate: new Decimal(rate).div(RATE_SCALE),
      markPrice: new Decimal(this.marks[i] as number).mul(this.tickSize),
    };
  }

  /** Index of the first record with time ≥ t (times never decrease). */
  private firstAtOrAfter(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
