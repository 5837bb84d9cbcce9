import { Decimal } from '@dn/core';
import type { SimFundingModel } from './markets.js';
import { normalAt } from './random.js';
import { MINUTE_MS } from './world.js';

export interface FundingProcessState {
  /** Minute index (since the origin) of `value`. */
  minute: number;
  value: number;
}

/**
 * Hourly funding rate as an Ornstein–Uhlenbeck process sampled every minute (exact discretisation), with hashed
 * shocks so the path depends only on the seed. Engines only move it forward; its state goes into snapshots.
 */
export class FundingProcess {
  private state: FundingProcessState;
  private readonly decay: number;
  private readonly shockSd: number;

  constructor(
    private readonly seed: number,
    private readonly model: SimFundingModel,
    private readonly originMs: number,
    state?: FundingProcessState,
  ) {
    const dtHours = MINUTE_MS / 3_600_000;
    this.decay = Math.exp((-Math.LN2 / model.halfLifeHours) * dtHours);
    this.shockSd = model.sdPerHour * Math.sqrt(1 - this.decay * this.decay);
    this.state = state ?? { minute: 0, value: model.meanPerHour + model.sdPerHour * normalAt(seed, 0, 0, 11) };
  }

  /** Hourly rate in force at `t` (the minute point at or before it). Never moves backwards. */
  hourlyAt(t: number): number {
    const target = Math.floor((t - this.originMs) / MINUTE_MS);
    let { minute, value } = this.state;
    const mu = this.model.meanPerHour;
    while (minute < target) {
      minute++;
      value = mu + (value - mu) * this.decay + this.shockSd * normalAt(this.seed, minute, 0, 12);
    }
    this.state = { minute, value };
    return value;
  }

  /** Rate per interval, capped, as an exact Decimal with 10 decimals. */
  rateAt(t: number, intervalHours: number, cap: Decimal): Decimal {
    const r = new Decimal((this.hourlyAt(t) * intervalHours).toFixed(10));
    if (r.gt(cap)) return cap;
    if (r.lt(cap.neg())) return cap.neg();
    return r;
  }

  exportState(): FundingProcessState {
    return { ...this.state };
  }
}
