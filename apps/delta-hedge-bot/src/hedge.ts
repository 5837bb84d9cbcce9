import { type Candle, errorSummary, type PerpVenue } from '@dn/core';
import { hedgeRatioFromCandles } from '@dn/math';
import { alignCandles, DAY_MS, fetchDailyCandles } from './candles.js';

/** A hedge ratio with the summary of what it was estimated from (saved in the state file). */
export interface HedgeEstimate {
  /** h* = Cov(r_long, r_short) / Var(r_short): short notional per unit of long notional. */
  ratio: number;
  correlation: number;
  rSquared: number;
  /** Paired daily log returns used. */
  samples: number;
  /** Open times of the first and last daily candle used, ms. */
  fromMs: number;
  toMs: number;
  /** Bars one market had and the other did not (dropped, not interpolated). */
  gaps: number;
  computedAt: number;
}

export type RefreshResult =
  | { kind: 'estimated'; estimate: HedgeEstimate; missingLong: number[]; missingShort: number[] }
  | { kind: 'failed'; reason: string };

export interface HedgeSource {
  venue: PerpVenue;
  long: string;
  short: string;
  lookbackDays: number;
  minSamples: number;
}

/**
 * Estimates the minimum-variance hedge ratio of the long leg against the short leg from daily log returns over the
 * lookback. Candles already fetched are kept: a refresh only asks for the days completed since (the ratio moves once
 * a day; a year of candles every hour would be wasted requests).
 */
export class HedgeEstimator {
  private cache: { long: Candle[]; short: Candle[] } = { long: [], short: [] };

  constructor(private readonly source: HedgeSource) {}

  async refresh(now: number): Promise<RefreshResult> {
    const { venue, long, short, lookbackDays, minSamples } = this.source;
    const since = Math.floor(now / DAY_MS) * DAY_MS - lookbackDays * DAY_MS;
    try {
      const [l, s] = await Promise.all([
        this.update(venue, long, 'long', since, now),
        this.update(venue, short, 'short', since, now),
      ]);
      const aligned = alignCandles(l, s);
      const samples = Math.max(0, aligned.long.length - 1);
      if (samples < minSamples) {
        return { kind: 'failed', reason: `${samples} paired daily returns, fewer than the ${minSamples} required` };
      }
      const r = hedgeRatioFromCandles(
        aligned.long.map((c) => ({ time: c.time, close: c.close })),
        aligned.short.map((c) => ({ time: c.time, close: c.close })),
        { returns: 'log', minObservations: minSamples },
      );
      const estimate: HedgeEstimate = {
        ratio: r.hedgeRatio,
        correlation: r.correlation,
        rSquared: r.rSquared,
        samples: r.n,
        fromMs: aligned.long[0]?.time ?? since,
        toMs: aligned.long[aligned.long.length - 1]?.time ?? since,
        gaps: aligned.missingLong.length + aligned.missingShort.length,
        computedAt: now,
      };
      if (!(estimate.ratio > 0)) {
        return {
          kind: 'failed',
          reason: `estimated ratio ${estimate.ratio.toFixed(4)} is not positive: nothing to hedge with`,
        };
      }
      return { kind: 'estimated', estimate, missingLong: aligned.missingLong, missingShort: aligned.missingShort };
    } catch (e) {
      return { kind: 'failed', reason: errorSummary(e) };
    }
  }

  private async update(venue: PerpVenue, symbol: string, side: 'long' | 'short', since: number, now: number) {
    const have = this.cache[side].filter((c) => c.time >= since);
    const from = have.length > 0 ? (have[have.length - 1] as Candle).time + DAY_MS : since;
    const fresh = from <= now - DAY_MS ? await fetchDailyCandles(venue, symbol, from, now) : [];
    const merged = [...have, ...fresh.filter((c) => c.time >= from)];
    this.cache[side] = merged;
    return merged;
  }
}
