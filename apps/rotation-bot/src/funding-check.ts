import { Decimal, type FundingPayment, type FundingRecord } from '@dn/core';
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

/**
 * A settled rate matches a payment when their times are this close: venues stamp a payment and the market's
 * settlement record separately, seconds apart.
 */
const SETTLED_MATCH_MS = 5 * 60_000;

interface Reading {
  /** When the rate was known to have been read: never before the read itself (stamped after it returned). */
  at: number;
  rate: Decimal;
  intervalHours: number;
  /** The position's mark when the rate was read, to value a payment without a settled mark. */
  mark?: Decimal;
}

/** What a payment is predicted from: the settled rate of its interval, or a rate the bot read around it. */
type Basis = 'settled' | 'read';

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
  /** `settled`: the market's settled rate for that interval (the truth); `read`: a rate the bot read around it. */
  basis: Basis;
}

/**
 * Funding reality check: every settled payment is compared with what the rate in force for THAT settlement predicted
 * (−rate × size × mark at settlement: positive rates make longs pay). A payment of the wrong sign, or off by more than
 * 3× either way, twice in a row on one venue, stops new opens there with an alert — it means a unit or sign assumption
 * in that venue's connector is wrong (per-8 h vs hourly, percent vs fraction, a flipped convention), and every APR the
 * bot computes for it is fiction.
 *
 * The rate in force is the market's settled rate when the venue publishes it (`getFundingHistory`). Otherwise it is
 * bracketed by the rates read around the settlement (the last before it and the first after it, each within one
 * interval): a spread that decays after entry moves the rate between readings, a unit error puts the payment outside
 * both. The rate read at entry is never carried over to later settlements.
 */
export class FundingWatch {
  private readonly readings = new Map<string, Reading[]>();
  private readonly strikes = new Map<VenueName, number>();
  private readonly blockedWhy = new Map<VenueName, string>();
  private readonly lastRatio = new Map<VenueName, Decimal>();
  private readonly seen = new Map<string, number>();
  private readonly paid = new Map<string, Payment[]>();

  /**
   * A rate the bot read (scan or hold check). `at` must not be earlier than the read (stamp it after the call
   * returned): a reading is only ever taken as "before" a settlement it really preceded.
   */
  noteRate(venue: VenueName, symbol: string, rate: Decimal, intervalHours: number, at: number, mark?: Decimal): void {
    const key = `${venue}:${symbol}`;
    const list = this.readings.get(key) ?? [];
    list.push({ at, rate, intervalHours, ...(mark ? { mark } : {}) });
    if (list.length > READINGS_KEPT) list.shift();
    this.readings.set(key, list);
  }

  /** Last payment time already judged for this venue and symbol (ms), to query only newer ones. */
  since(venue: VenueName, symbol: string, fallback: number): number {
    return (this.seen.get(`${venue}:${symbol}`) ?? fallback - 1) + 1;
  }

  /**
   * Judges new payments. `size` is the signed position the payment was for when the record lacks it; `mark` the
   * price to value it at when neither the settled record nor a reading has one; `settled` the market's settled rates
   * around the payments (from `getFundingHistory`; empty when the venue has none). Returns one verdict per judged
   * payment and an alert line when the venue just got blocked.
   */
  judge(
    venue: VenueName,
    symbol: string,
    payments: FundingPayment[],
    size: Decimal,
    mark: Decimal,
    settled: readonly FundingRecord[] = [],
  ): { verdicts: FundingVerdict[]; alert?: string } {
    const key = `${venue}:${symbol}`;
    const verdicts: FundingVerdict[] = [];
    let alert: string | undefined;
    for (const p of [...payments].sort((a, b) => a.timestamp - b.timestamp)) {
      if (p.timestamp <= (this.seen.get(key) ?? Number.NEGATIVE_INFINITY)) continue;
      this.seen.set(key, p.timestamp);
      const candidates = this.predictionsFor(key, p, settled, size, mark);
      // The most charitable candidate: between two readings, the one closer to what was paid.
      const best = candidates
        .map((c) => ({ ...c, verdict: assess(p.amount, c.predicted, c.noise) }))
        .sort((a, b) => a.verdict.distance.cmp(b.verdict.distance))[0];
      this.remember(key, { at: p.timestamp, actual: p.amount, predicted: best?.predicted });
      if (!best || best.verdict.tooSmall) continue;
      const { ratio, flipped } = best.verdict;
      const predicted = best.predicted;
      // A settled rate checks the payment; the rates the bot read (what it decides on) are checked against it.
      const read = best.basis === 'settled' ? this.readAgainstSettled(key, p, size, mark, predicted) : undefined;
      const wrong = best.verdict.wrong || read?.wrong === true;
      verdicts.push({ venue, symbol, at: p.timestamp, actual: p.amount, predicted, ratio, wrong, basis: best.basis });
      this.lastRatio.set(venue, ratio);
      const strikes = wrong ? (this.strikes.get(venue) ?? 0) + 1 : 0;
      this.strikes.set(venue, strikes);
      if (strikes >= STRIKES && !this.blockedWhy.has(venue)) {
        alert =
          !best.verdict.wrong && read
            ? read.flipped
              ? `the funding rate read on ${venue} has the opposite sign of the settled rate: sign convention?`
              : `the funding rate read on ${venue} is ${read.ratio.toSignificantDigits(2)}× the settled rate: units?`
            : flipped
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
    const r = list?.[list.length - 1];
    return r && { rate: r.rate, intervalHours: r.intervalHours, at: r.at };
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

  /**
   * What could have predicted payment `p`: the settled rate of its interval when the venue published it (the only
   * candidate then), else the last reading at or before the settlement and the first after it, each within one
   * funding interval of it. Valued at the position's size and mark at settlement.
   */
  private predictionsFor(
    key: string,
    p: FundingPayment,
    settled: readonly FundingRecord[],
    size: Decimal,
    mark: Decimal,
  ): Array<{ predicted: Decimal; noise: Decimal; basis: Basis }> {
    const amount = p.positionSize ?? size;
    const predict = (rate: Decimal, intervalHours: number, at: Decimal, basis: Basis) => {
      const base = amount.mul(at);
      return {
        predicted: base.mul(rate).neg(),
        noise: base.abs().mul(NOISE_PER_HOUR).mul(intervalHours),
        basis,
      };
    };
    const s = settledFor(settled, p.timestamp);
    const { before, after } = this.readingsAround(key, p.timestamp);
    if (s) return [predict(s.rate, s.intervalHours, s.markPrice ?? before?.mark ?? after?.mark ?? mark, 'settled')];
    return [before, after]
      .filter((r): r is Reading => r !== undefined)
      .map((r) => predict(r.rate, r.intervalHours, r.mark ?? mark, 'read'));
  }

  /**
   * The rates read around settlement `p` (what the bot's decisions used) against its settled rate: ratio read /
   * settled of the closer reading, wrong past 3× or of the opposite sign. Undefined when no reading brackets it or
   * both are within the noise floor. Guards `getFunding`'s units when the payments themselves match the settled rate.
   */
  private readAgainstSettled(
    key: string,
    p: FundingPayment,
    size: Decimal,
    mark: Decimal,
    settledPredicted: Decimal,
  ): { ratio: Decimal; wrong: boolean; flipped: boolean } | undefined {
    const reads = this.predictionsFor(key, p, [], size, mark);
    const best = reads
      .map((c) => assess(c.predicted, settledPredicted, c.noise))
      .sort((a, b) => a.distance.cmp(b.distance))[0];
    return best && !best.tooSmall ? best : undefined;
  }

  /** The newest reading at or before `t` and the oldest after it, each within one funding interval of `t`. */
  private readingsAround(key: string, t: number): { before?: Reading; after?: Reading } {
    const list = this.readings.get(key) ?? [];
    const within = (r: Reading) => Math.abs(t - r.at) <= r.intervalHours * 3_600_000;
    let before: Reading | undefined;
    let after: Reading | undefined;
    for (const r of list) {
      if (r.at <= t) before = r;
      else if (!after) after = r;
    }
    return {
      ...(before && within(before) ? { before } : {}),
      ...(after && within(after) ? { after } : {}),
    };
  }
}

/** The settled record of the settlement at `t` (the one nearest in time, within a few minutes), if published. */
function settledFor(settled: readonly FundingRecord[], t: number): FundingRecord | undefined {
  let best: FundingRecord | undefined;
  for (const r of settled) {
    const d = Math.abs(r.time - t);
    if (d <= SETTLED_MATCH_MS && (!best || d < Math.abs(best.time - t))) best = r;
  }
  return best;
}

/**
 * One payment against one prediction. Too small to tell when both are within the noise floor (near a zero crossing a
 * few minutes of drift makes any ratio meaningless). `distance` orders candidates: |log(actual / predicted)|, a sign
 * flip farther than any ratio.
 */
function assess(
  actual: Decimal,
  predicted: Decimal,
  noise: Decimal,
): { ratio: Decimal; wrong: boolean; flipped: boolean; tooSmall: boolean; distance: Decimal } {
  const tooSmall = predicted.abs().lte(noise) && actual.abs().lte(noise.mul(MAX_RATIO));
  const ratio = predicted.isZero() ? new Decimal(Number.POSITIVE_INFINITY) : actual.div(predicted);
  const flipped = !actual.isZero() && !predicted.isZero() && actual.isNeg() !== predicted.isNeg();
  const wrong =
    flipped ||
    actual.abs().gt(predicted.abs().mul(MAX_RATIO).plus(noise)) ||
    actual.abs().lt(predicted.abs().div(MAX_RATIO).minus(noise));
  const distance = tooSmall
    ? new Decimal(0)
    : flipped || predicted.isZero() || actual.isZero()
      ? new Decimal(Number.POSITIVE_INFINITY)
      : ratio.abs().ln().abs();
  return { ratio, wrong, flipped, tooSmall, distance };
}
