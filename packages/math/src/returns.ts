import type { Decimal } from 'decimal.js';
import { invalidParameter, requireDecimal, requireLength } from './validate.js';

/**
 * How consecutive prices become one observation.
 *
 * - `'log'`: ln(pₜ / pₜ₋₁), dimensionless. The default for volatility and hedge ratios.
 * - `'simple'`: pₜ / pₜ₋₁ − 1, dimensionless.
 * - `'difference'`: pₜ − pₜ₋₁, in price units (Hull's ΔS, ΔF). A hedge ratio estimated on differences
 *   is a quantity ratio; one estimated on returns is a notional ratio.
 */
export type ReturnKind = 'log' | 'simple' | 'difference';

/**
 * Turns a price series into per-period returns (or price differences).
 *
 * Prices are parsed as decimals and subtracted/divided exactly before the result becomes a float, so
 * nearly equal prices do not lose their small return to binary rounding.
 *
 * @param prices - prices in quote currency per unit, oldest first (at least 2)
 * @param kind - `'log'` (default), `'simple'` or `'difference'`; see {@link ReturnKind}
 * @returns `prices.length − 1` observations: dimensionless returns, or price units for `'difference'`
 * @throws {MathInputError} `MATH_SERIES_TOO_SHORT` with fewer than 2 prices;
 *   `MATH_INVALID_PARAMETER` for an unknown `kind`, a non-finite price, or a price <= 0 with `'log'`/`'simple'`
 *
 * @example
 * ```ts
 * computeReturns(['100', '110', '99'], 'simple'); // [0.1, -0.1]
 * ```
 */
export function computeReturns(prices: readonly Decimal.Value[], kind: ReturnKind = 'log'): number[] {
  if (kind !== 'log' && kind !== 'simple' && kind !== 'difference') {
    throw invalidParameter('kind', kind, "'log', 'simple' or 'difference'");
  }
  requireLength('prices', prices.length, 2);
  const range = kind === 'difference' ? 'finite' : 'positive';
  const parsed = prices.map((p, i) => requireDecimal(`prices[${i}]`, p, range));
  const out = new Array<number>(parsed.length - 1);
  for (let i = 1; i < parsed.length; i++) {
    const change = parsed[i]!.minus(parsed[i - 1]!);
    if (kind === 'difference') {
      out[i - 1] = change.toNumber();
    } else {
      const simple = change.div(parsed[i - 1]!).toNumber();
      // log1p keeps full precision for the small returns typical of short bars.
      out[i - 1] = kind === 'log' ? Math.log1p(simple) : simple;
    }
  }
  return out;
}
