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
 * κ and A of λ(δ) = A·e^(−κδ), δ as a fraction of the mid, fitted online from the trades stream: each trade counts
 * at every distance bucket it reached. Falls back to the configured values until the fit is possible.
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
        duration,
      );
      if (fit.pointsUsed < 3) return { ...this.fallback, fitted: false };
      return { kappa: fit.kappa, arrivalRate: fit.arrivalRate, fitted: true };
    } catch {
      return { ...this.fallback, fitted: false };
    }
  }
}
