import { Decimal, type FundingPayment } from '@dn/core';
import type { VenueName } from './config.js';

/** Ratio beyond which (either way) a payment is wrong, not noise. */
const MAX_RATIO = new Decimal(3);
/** Consecutive wrong payments that stop new opens on a venue. */
const STRIKES = 2;
/**
 * Payments smaller than this fraction of notional per funding hour (0.05 bp/h) are not judged: near a zero
 * crossing a few minutes of rate drift would make any ratio meaningless.
 */
const NOISE_PER_HOUR = new Decimal('0.000005');
const READINGS_KEPT = 64;
/** Payments kept per venue and symbol for the dashboard's "accrued this cycle" (a week of hourly payments and more). */
const PAYMENTS_KEPT = 512;

interface Reading {
  at: number;
  rate: Decimal;
  intervalHours: number;
}

interface Payment {
  at: number;
  actual: Decimal;
  predicted: Decimal | undefined;
}

export interface FundingVerdict {
  venue: VenueName;
  symbol: string;
  at: number;
  actual: Decimal;
  predicted: Decimal;
  /** actual / predicted. */
  ratio: Decimal;
  wrong: boolean;
}

/**
 * Funding reality check: every settled payment is compared with what the rate the bot read predicted for it
 * (−rate × size × mark: positive rates make longs pay). A payment of the wrong sign, or off by more than 3× either
 * way, twice in a row on one venue, stops new opens there with an alert — it means a unit or sign assumption in that
 * venue's connector is wrong (per-8 h vs hourly, percent vs fraction, a flipped convention), and every APR the bot
 * computes for it is fiction.
 */
export class FundingWatch {
  private readonly readings = new Map<string, Reading[]>();
  private readonly strikes = new Map<VenueName, number>();
  private readonly blockedWhy = new Map<VenueName, string>();
  private readonly lastRatio = new Map<VenueName, Decimal>();
  private readonly seen = new Map<string, number>();
  private readonly paid = new Map<string, Payment[]>();

  /** A rate the bot read (scan or hold check). */
  noteRate(venue: VenueName, symbol: string, rate: Decimal, intervalHours: number, at: number): void {
    const key = `${venue}:${symbol}`;
    const list = this.readings.get(key) ?? [];
    list.push({ at, rate, intervalHours });
    if (list.length > READINGS_KEPT) list.shift();
    this.readings.set(key, list);
  }

  /** Last payment time already judged for this venue and symbol (ms), to query only newer ones. */
  since(venue: VenueName, symbol: string, fallback: number): number {
    return (this.seen.get(`${venue}:${symbol}`) ?? fallback - 1) + 1;
  }

  /**
   * Judges new payments. `size` is the signed position the payment was for when the record lacks it; `mark` the
   * price to value it at when the record lacks one. Returns one verdict per judged payment and an alert line when the
   * venue just got blocked.
   */
  judge(
    venue: VenueName,
    symbol: string,
    payments: FundingPayment[],
    size: Decimal,
    mark: Decimal,
  ): { verdicts: FundingVerdict[]; alert?: string } {
    const key = `${venue}:${symbol}`;
    const verdicts: FundingVerdict[] = [];
    let alert: string | undefined;
    for (const p of [...payments].sort((a, b) => a.timestamp - b.timestamp)) {
      if (p.timestamp <= (this.seen.get(key) ?? Number.NEGATIVE_INFINITY)) continue;
      this.seen.set(key, p.timestamp);
      const r = this.readingFor(key, p.timestamp);
      const base = (p.positionSize ?? size).mul(mark);
      this.remember(key, { at: p.timestamp, actual: p.amount, predicted: r ? base.mul(r.rate).neg() : undefined });
      if (!r) continue;
      const predicted = base.mul(r.rate).neg();
      const noise = base.abs().mul(NOISE_PER_HOUR).mul(r.intervalHours);
      if (predicted.abs().lte(noise) && p.amount.abs().lte(noise.mul(MAX_RATIO))) continue;
      const ratio = predicted.isZero() ? new Decimal(Number.POSITIVE_INFINITY) : p.amount.div(predicted);
      const flipped = !p.amount.isZero() && !predicted.isZero() && p.amount.isNeg() !== predicted.isNeg();
      const wrong =
        flipped ||
        p.amount.abs().gt(predicted.abs().mul(MAX_RATIO).plus(noise)) ||
        p.amount.abs().lt(predicted.abs().div(MAX_RATIO).minus(noise));
      verdicts.push({ venue, symbol, at: p.timestamp, actual: p.amount, predicted, ratio, wrong });
      this.lastRatio.set(venue, ratio);
      const strikes = wrong ? (this.strikes.get(venue) ?? 0) + 1 : 0;
      this.strikes.set(venue, strikes);
      if (strikes >= STRIKES && !this.blockedWhy.has(venue)) {
        alert = flipped
          ? `funding on ${venue} has the opposite sign of the predicted value (${p.amount} vs ${predicted.toSignificantDigits(4)}): sign convention?`
          : `funding on ${venue} is ${ratio.toSignificantDigits(2)}× the predicted value: units?`;
        this.blockedWhy.set(venue, alert);
      }
    }
    return { verdicts, alert };
  }

  /** Why new opens on `venue` are stopped, or undefined. */
  blocked(venue: VenueName): string | undefined {
    return this.blockedWhy.get(venue);
  }

  /** Latest actual/predicted ratio per venue, for display. */
  ratios(): Map<VenueName, Decimal> {
    return new Map(this.lastRatio);
  }

  /** The newest rate read for `venue` and `symbol` (scan or hold check), for display. */
  latestRate(venue: VenueName, symbol: string): { rate: Decimal; intervalHours: number; at: number } | undefined {
    const list = this.readings.get(`${venue}:${symbol}`);
    return list?.[list.length - 1];
  }

  /**
   * Payments settled at or after `since` that this watch has seen, summed, beside what the rates read before each
   * predicted for it (payments without a reading count in `actualUsd` only; `unpredicted` says how many).
   */
  accrued(
    venue: VenueName,
    symbol: string,
    since: number,
  ): { actualUsd: Decimal; predictedUsd: Decimal; payments: number; unpredicted: number } {
    let actualUsd = new Decimal(0);
    let predictedUsd = new Decimal(0);
    let payments = 0;
    let unpredicted = 0;
    for (const p of this.paid.get(`${venue}:${symbol}`) ?? []) {
      if (p.at < since) continue;
      payments += 1;
      actualUsd = actualUsd.plus(p.actual);
      if (p.predicted) predictedUsd = predictedUsd.plus(p.predicted);
      else unpredicted += 1;
    }
    return { actualUsd, predictedUsd, payments, unpredicted };
  }

  private remember(key: string, payment: Payment): void {
    const list = this.paid.get(key) ?? [];
    list.push(payment);
    if (list.length > PAYMENTS_KEPT) list.shift();
    this.paid.set(key, list);
  }

  /** The newest reading taken at or before `t` and within one funding interval of it. */
  private readingFor(key: string, t: number): Reading | undefined {
    const list = this.readings.get(key) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const r = list[i] as Reading;
      if (r.at > t) continue;
      return t - r.at <= r.intervalHours * 3_600_000 ? r : undefined;
    }
    return undefined;
  }
}
