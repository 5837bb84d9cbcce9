import { fitIntensity, updateEwmaVariance } from '@dn/math';

/**
 * σ of the mid's log returns per √second, EWMA over one-second samples of the local book (the seed's rolling σ).
 * Until two samples exist it reports `initial`.
 */
export class MidVolatility {
  private lastMid: number | undefined;
  private lastAt = 0;
  private variance: number | undefined;

  constructor(
    private readonly lambda = 0.97,
    private readonly initial = 0.0002,
  ) {}

  observe(mid: number, now: number): void {
    if (this.lastMid === undefined) {
      this.lastMid = mid;
      this.lastAt = now;
      return;
    }
    const dt = (now - this.lastAt) / 1000;
    if (dt < 1) return;
    // Per-second variance: a return over dt seconds has variance dt·σ².
    const r = Math.log(mid / this.lastMid) / Math.sqrt(dt);
    this.variance = this.variance === undefined ? r * r : updateEwmaVariance(this.variance, r, this.lambda);
    this.lastMid = mid;
    this.lastAt = now;
  }

  sigma(): number {
    return this.variance === undefined ? this.initial : Math.sqrt(this.variance);
  }
}

/**
 * Fallback when the venue has no public trades stream: κ and A of λ(δ) = A·e^(−κδ), δ as a fraction of the mid,
 * fitted from our own fills, each counting at every distance bucket it reached. Our fills only happen where we
 * quote, so this sees a narrow band of δ; the public tape ({@link TapeIntensity}) is the better source.
 * Falls back to the configured values until the fit is possible.
 */
export class ArrivalIntensity {
  private readonly counts: number[];
  private readonly started: number;

  constructor(
    now: number,
    private readonly fallback: { kappa: number; arrivalRate: number },
    private readonly bucket = 0.0001,
    buckets = 10,
  ) {
    this.counts = new Array<number>(buckets).fill(0);
    this.started = now;
  }

  /** A trade at `price` when the mid was `mid`. */
  observe(price: number, mid: number): void {
    const distance = Math.abs(price - mid) / mid;
    for (let i = 0; i < this.counts.length; i++) {
      if (distance >= i * this.bucket) this.counts[i] = (this.counts[i] ?? 0) + 1;
    }
  }

  estimate(now: number): { kappa: number; arrivalRate: number; fitted: boolean } {
    const duration = (now - this.started) / 1000;
    if (duration <= 0) return { ...this.fallback, fitted: false };
    try {
      const fit = fitIntensity(
        this.counts.map((count, i) => ({ distance: i * this.bucket, count })),
        // Both sides' fills are counted; A is per side (as the trades-stream fit and the models take it).
        2 * duration,
      );
      if (fit.pointsUsed < 3) return { ...this.fallback, fitted: false };
      return { kappa: fit.kappa, arrivalRate: fit.arrivalRate, fitted: true };
    } catch {
      return { ...this.fallback, fitted: false };
    }
  }
}

/** One public print as the estimator needs it: price and the taker's side, with the venue's timestamp. */
export interface TapePrint {
  price: number;
  side: 'buy' | 'sell';
  timestamp: number;
}

/**
 * κ and A of λ(δ) = A·e^(−κδ) per side (the A–S / GLFT intensity of market orders reaching δ from the mid on one
 * side), fitted online from the public trades stream.
 *
 * A market order that sweeps several levels prints several trades with the same timestamp and taker side: those are
 * one arrival, whose reach is its farthest print from the mid at the print time. Each arrival counts at every
 * distance δᵢ = i·bucket (i = 1…buckets) it reached; λ(δᵢ) = countᵢ / (2 · observed seconds) per side, and
 * `fitIntensity` fits ln λ = ln A − κδ. δ = 0 is left out on purpose: prints at the touch (the book's own spread,
 * other makers' quotes) say little about how far takers reach, and the fit extrapolates A to the mid.
 * Counts and time decay with a half-life so that κ and A follow the market; the configured values stand in until
 * `minArrivals` arrivals and three distances with prints have been seen.
 */
export class TapeIntensity {
  private readonly counts: number[];
  private seconds = 0;
  private lastAt: number;
  private arrivals = 0;
  private sweepKey: string | undefined;
  private sweepReach = 0;
  /** Reach of the current sweep already in `counts` (−1: not yet counted); a sweep may go on after an estimate. */
  private sweepCounted = -1;

  constructor(
    now: number,
    private readonly fallback: { kappa: number; arrivalRate: number },
    private readonly opts: { bucket?: number; buckets?: number; halfLifeSec?: number; minArrivals?: number } = {},
  ) {
    this.counts = new Array<number>(opts.buckets ?? 10).fill(0);
    this.lastAt = now;
  }

  /** A print, with the mid of the local book when it arrived. Prints must come oldest first (as streams send them). */
  observe(t: TapePrint, mid: number, now: number): void {
    this.age(now);
    if (!(mid > 0) || !(t.price > 0)) return;
    const key = `${t.timestamp}:${t.side}`;
    if (key !== this.sweepKey) {
      this.commit();
      this.sweepKey = key;
      this.sweepReach = 0;
      this.sweepCounted = -1;
    }
    this.sweepReach = Math.max(this.sweepReach, Math.abs(t.price - mid) / mid);
  }

  estimate(now: number): { kappa: number; arrivalRate: number; fitted: boolean } {
    this.age(now);
    this.commit();
    if (this.arrivals < (this.opts.minArrivals ?? 50) || this.seconds <= 0) return { ...this.fallback, fitted: false };
    const bucket = this.opts.bucket ?? 0.0001;
    try {
      const fit = fitIntensity(
        this.counts.map((count, i) => ({ distance: (i + 1) * bucket, count })),
        // Both sides' arrivals are counted: per side the time is doubled.
        2 * this.seconds,
      );
      if (fit.pointsUsed < 3) return { ...this.fallback, fitted: false };
      return { kappa: fit.kappa, arrivalRate: fit.arrivalRate, fitted: true };
    } catch {
      return { ...this.fallback, fitted: false };
    }
  }

  /** Arrivals counted so far (decayed). */
  get observed(): number {
    return this.arrivals;
  }

  private commit(): void {
    if (this.sweepKey === undefined || this.sweepReach <= this.sweepCounted) return;
    const bucket = this.opts.bucket ?? 0.0001;
    // A hair of tolerance: a print exactly at a bucket's distance must count there despite float rounding.
    const tol = 1 + 1e-9;
    for (let i = 0; i < this.counts.length; i++) {
      const d = (i + 1) * bucket;
      if (this.sweepReach * tol >= d && !(this.sweepCounted * tol >= d)) this.counts[i] = (this.counts[i] ?? 0) + 1;
    }
    if (this.sweepCounted < 0) this.arrivals++;
    this.sweepCounted = this.sweepReach;
  }

  private age(now: number): void {
    const dt = (now - this.lastAt) / 1000;
    if (dt <= 0) return;
    this.lastAt = now;
    const h = this.opts.halfLifeSec ?? 3600;
    const f = 2 ** (-dt / h);
    for (let i = 0; i < this.counts.length; i++) this.counts[i] = (this.counts[i] ?? 0) * f;
    this.arrivals *= f;
    // Decayed exposure: ∫ 2^(−(now−s)/h) ds over the last dt, added to the decayed total.
    this.seconds = this.seconds * f + (h / Math.LN2) * (1 - f);
  }
}
