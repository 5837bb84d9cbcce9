import { UNIVERSE } from './universe.js';

/** An asset of the simulated world: its price path is a GBM with this start price and annualised volatility. */
export interface SimAssetSpec {
  symbol: string;
  /** Price at the world's origin hour, in USD. */
  startPrice: number;
  /** Annualised volatility as a fraction (0.5 = 50 %). */
  annualVol: number;
  /**
   * Loading on the common crypto factor (0..1). With no explicit matrix, corr(i, j) = beta_i × beta_j, which is
   * always a valid correlation matrix.
   */
  beta: number;
  /**
   * A satellite asset: its latent path is `loading` × the path of `on` (an asset without a factor) plus its own
   * independent noise, so corr(this, on) = loading. Costs O(1) per price instead of a row of the Cholesky factor:
   * what lets a world carry a hundred markets.
   */
  factor?: { on: string; loading: number };
}

/**
 * The eight majors every venue lists (and the small world of tests that want only them). Start prices are round
 * figures near 2025 levels; vols are typical realised annualised vols (BTC ~50 %, ETH ~65 %, SOL ~85 %, smaller caps
 * higher). Betas give BTC–ETH ≈ 0.8, majors–alts ≈ 0.6–0.7.
 */
export const MAJOR_ASSETS: readonly SimAssetSpec[] = [
  { symbol: 'BTC', startPrice: 95_000, annualVol: 0.5, beta: 0.92 },
  { symbol: 'ETH', startPrice: 3_300, annualVol: 0.65, beta: 0.88 },
  { symbol: 'SOL', startPrice: 180, annualVol: 0.85, beta: 0.8 },
  { symbol: 'DOGE', startPrice: 0.2, annualVol: 1.0, beta: 0.72 },
  { symbol: 'XRP', startPrice: 2.3, annualVol: 0.8, beta: 0.7 },
  { symbol: 'AVAX', startPrice: 25, annualVol: 0.9, beta: 0.75 },
  { symbol: 'LINK', startPrice: 15, annualVol: 0.85, beta: 0.76 },
  { symbol: 'ARB', startPrice: 0.5, annualVol: 1.0, beta: 0.72 },
];

/**
 * Default world: the majors first, then the realistic universe (see universe.ts). The correlation is lower
 * triangular in this order, so the majors' price paths are the same as in a majors-only world with the same seed.
 */
export const DEFAULT_ASSETS: readonly SimAssetSpec[] = [...MAJOR_ASSETS, ...UNIVERSE.map((a) => a.spec)];

/** corr(i, j) = beta_i × beta_j off the diagonal, 1 on it. */
export function oneFactorCorrelation(assets: readonly SimAssetSpec[]): number[][] {
  return assets.map((a, i) => assets.map((b, j) => (i === j ? 1 : a.beta * b.beta)));
}

/**
 * Lower-triangular L with L·Lᵀ = m.
 * @throws RangeError when m is not symmetric positive definite.
 */
export function cholesky(m: readonly (readonly number[])[]): number[][] {
  const n = m.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const row = m[i];
    if (!row || row.length !== n) throw new RangeError('correlation matrix must be square');
    for (let j = 0; j <= i; j++) {
      if (Math.abs((m[j]?.[i] ?? Number.NaN) - (row[j] ?? 0)) > 1e-12) {
        throw new RangeError('correlation matrix must be symmetric');
      }
      let sum = row[j] ?? 0;
      const li = l[i] as number[];
      const lj = l[j] as number[];
      for (let k = 0; k < j; k++) sum -= (li[k] ?? 0) * (lj[k] ?? 0);
      if (i === j) {
        if (!(sum > 0)) throw new RangeError('correlation matrix must be positive definite');
        li[j] = Math.sqrt(sum);
      } else {
        li[j] = sum / (lj[j] ?? 1);
      }
    }
  }
  return l;
}
