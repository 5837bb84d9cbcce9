// Internal sample statistics. Two-pass (centre first, then sum) because returns are tiny numbers
// whose raw sums of squares lose precision in the one-pass formula.

export function mean(values: readonly number[], from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]!;
  return sum / (to - from);
}

/** Unbiased (n − 1) sample variance of values[from, to). */
export function sampleVariance(values: readonly number[], from = 0, to = values.length): number {
  const m = mean(values, from, to);
  let sum = 0;
  for (let i = from; i < to; i++) {
    const d = values[i]! - m;
    sum += d * d;
  }
  return sum / (to - from - 1);
}

export interface Moments {
  /** Sample variance of x (n − 1). */
  varianceX: number;
  /** Sample variance of y (n − 1). */
  varianceY: number;
  /** Sample covariance of x and y (n − 1). */
  covariance: number;
  meanX: number;
  meanY: number;
}

/** Second moments of two equally long series. */
export function moments(x: readonly number[], y: readonly number[]): Moments {
  const n = x.length;
  const meanX = mean(x);
  const meanY = mean(y);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return { varianceX: sxx / (n - 1), varianceY: syy / (n - 1), covariance: sxy / (n - 1), meanX, meanY };
}

/**
 * True when every value is identical. Checked directly rather than as "variance == 0" because the
 * float mean of equal values can be off by an ulp, leaving a tiny spurious variance.
 */
export function isConstant(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}
