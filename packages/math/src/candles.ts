import type { Decimal } from 'decimal.js';
import { MathInputError } from './errors.js';
import { requireNumber } from './validate.js';

/** The part of a candle (bar) the estimators use. */
export interface Candle {
  /** Bar open time, Unix epoch milliseconds. Two series are aligned when these match one for one. */
  time: number;
  /** Closing price in quote currency per unit; a decimal string keeps the venue's exact value. */
  close: Decimal.Value;
}

function requireIncreasing(series: string, candles: readonly Candle[]): void {
  for (let i = 0; i < candles.length; i++) {
    const time = requireNumber(`${series}[${i}].time`, candles[i]!.time);
    const previousTime = i > 0 ? candles[i - 1]!.time : Number.NEGATIVE_INFINITY;
    if (time <= previousTime) {
      throw new MathInputError(
        'MATH_SERIES_UNORDERED',
        `${series} is not strictly increasing in time at index ${i} (${time} after ${previousTime})`,
        { series, index: i, time, previousTime },
      );
    }
  }
}

/**
 * Checks that two candle series cover exactly the same bars and returns their closes.
 *
 * Pairing bars by position when a bar is missing on one venue would regress returns of different
 * periods on each other and bias the correlation, so any gap is an error rather than something to
 * patch silently; the caller decides whether to drop or fill bars.
 */
export function alignedCloses(
  a: readonly Candle[],
  b: readonly Candle[],
): { closesA: Decimal.Value[]; closesB: Decimal.Value[] } {
  requireIncreasing('candlesA', a);
  requireIncreasing('candlesB', b);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const timeA = a[i]!.time;
    const timeB = b[i]!.time;
    if (timeA !== timeB) {
      throw new MathInputError(
        'MATH_SERIES_MISALIGNED',
        `Candle series are misaligned at index ${i}: time ${timeA} vs ${timeB} (epoch ms)`,
        { index: i, lengthA: a.length, lengthB: b.length, timeA, timeB },
      );
    }
  }
  if (a.length !== b.length) {
    throw new MathInputError(
      'MATH_SERIES_MISALIGNED',
      `Candle series have different lengths (${a.length} vs ${b.length}); they must cover the same bars`,
      { index: n, lengthA: a.length, lengthB: b.length },
    );
  }
  return { closesA: a.map((c) => c.close), closesB: b.map((c) => c.close) };
}
