import { Decimal, floorToStep, roundToStep, type Side } from '@dn/core';

/** What the rebalancer needs of a market. */
export interface LegMarket {
  lotSize: Decimal;
  minSize: Decimal;
  minNotional?: Decimal;
}

export interface Targets {
  /** Signed sizes: long BTC (> 0), short ETH (< 0). */
  long: Decimal;
  short: Decimal;
}

/**
 * Long `baseSize` of the long market; short h* × long notional / short price of the short market, rounded to the
 * short market's lot (nearest: the hedge is as close to h* as the lot allows).
 */
export function targetSizes(p: {
  baseSize: Decimal;
  ratio: number;
  longPrice: Decimal;
  shortPrice: Decimal;
  longLot: Decimal;
  shortLot: Decimal;
}): Targets {
  // h* is a statistic (a float); rounded to 10 significant digits before it touches a size.
  const h = new Decimal(p.ratio.toPrecision(10));
  const long = floorToStep(p.baseSize, p.longLot);
  const shortAbs = roundToStep(long.mul(p.longPrice).mul(h).div(p.shortPrice), p.shortLot);
  return { long, short: shortAbs.neg() };
}

export type LegDecision =
  | { action: 'trade'; side: Side; size: Decimal; reduceOnly: boolean }
  | { action: 'hold'; reason: 'within-tolerance' | 'below-min-order' | 'below-venue-minimum' | 'below-min-notional' };

/**
 * One leg's rebalance: trade back to the target when the leg is off by more than `tolerance`, with an order of at
 * least `minOrder` and the venue's minimum size and notional (floored to the lot, never rounded up past the target).
 * An order that only shrinks the position is reduce-only, so it passes a halt and can never flip the leg.
 */
export function decideLeg(p: {
  current: Decimal;
  target: Decimal;
  price: Decimal;
  market: LegMarket;
  tolerance: Decimal;
  minOrder: Decimal;
}): LegDecision {
  const diff = p.target.minus(p.current);
  if (diff.abs().lte(p.tolerance)) return { action: 'hold', reason: 'within-tolerance' };
  const size = floorToStep(diff.abs(), p.market.lotSize);
  if (size.isZero() || size.lt(p.minOrder)) return { action: 'hold', reason: 'below-min-order' };
  if (size.lt(p.market.minSize)) return { action: 'hold', reason: 'below-venue-minimum' };
  if (p.market.minNotional && size.mul(p.price).lt(p.market.minNotional)) {
    return { action: 'hold', reason: 'below-min-notional' };
  }
  const side: Side = diff.gt(0) ? 'buy' : 'sell';
  const reduceOnly = !p.current.isZero() && p.current.isPositive() !== diff.isPositive() && size.lte(p.current.abs());
  return { action: 'trade', side, size, reduceOnly };
}

export interface LegRisk {
  unrealizedPnl: Decimal;
  notional: Decimal;
}

/**
 * The stop-loss rule. `leg` (the seed's): a leg whose unrealised loss exceeds `pct` of its notional. `pair`: the two
 * legs' combined unrealised loss over their combined notional. Returns why, or undefined.
 */
export function stopLossBreach(
  legs: { long?: LegRisk; short?: LegRisk },
  pct: Decimal,
  mode: 'leg' | 'pair',
): string | undefined {
  const present = (['long', 'short'] as const).flatMap((k) => (legs[k] ? [[k, legs[k] as LegRisk] as const] : []));
  if (mode === 'pair') {
    const pnl = present.reduce((s, [, l]) => s.plus(l.unrealizedPnl), new Decimal(0));
    const notional = present.reduce((s, [, l]) => s.plus(l.notional.abs()), new Decimal(0));
    if (notional.gt(0) && pnl.isNegative() && pnl.neg().gt(notional.mul(pct))) {
      return `pair loss ${pnl.toFixed(2)} USD exceeds ${pct.mul(100).toString()} % of ${notional.toFixed(2)} USD notional`;
    }
    return undefined;
  }
  for (const [name, l] of present) {
    if (l.notional.gt(0) && l.unrealizedPnl.isNegative() && l.unrealizedPnl.neg().gt(l.notional.abs().mul(pct))) {
      return `${name} leg loss ${l.unrealizedPnl.toFixed(2)} USD exceeds ${pct.mul(100).toString()} % of its ${l.notional.abs().toFixed(2)} USD notional`;
    }
  }
  return undefined;
}
