import { ceilToStep, Decimal, floorToStep, roundToStep, type Side } from '@dn/core';
import type { MarketState } from './engine-core.js';
import { smoothNoise, uniformAt } from './random.js';
import type { SimTrade } from './types.js';
import type { SimWorld } from './world.js';

const TAPE_PROBABILITY = 0.35;
/** Background trade ids live far from user trade ids (which count up from 1). */
const BACKGROUND_TRADE_ID_BASE = 10_000_000_000_000;

/** Venue mid as a float: world price × (1 + basis) at the grid point in force at `t`. */
export function midFloat(world: SimWorld, mkt: MarketState, t: number): number {
  const gridT = world.gridTime(t);
  const b = mkt.market.basisBps;
  const basis = b.mean + b.amplitude * smoothNoise(mkt.basisSeed, gridT, 300_000);
  return world.price(mkt.market.symbol, gridT) * (1 + basis / 10_000);
}

export function midAt(world: SimWorld, mkt: MarketState, t: number): Decimal {
  const gridT = world.gridTime(t);
  const rev = world.revision;
  if (mkt.priceCache.gridT !== gridT || mkt.priceCache.rev !== rev) {
    const mid = new Decimal(midFloat(world, mkt, gridT).toPrecision(10));
    mkt.priceCache = { gridT, rev, mid, mark: roundToStep(mid, mkt.market.tickSize) };
  }
  return mkt.priceCache.mid;
}

export function markAt(world: SimWorld, mkt: MarketState, t: number): Decimal {
  midAt(world, mkt, t);
  return mkt.priceCache.mark;
}

/** Best prices including users' resting orders. */
export function touch(world: SimWorld, mkt: MarketState, t: number): { bestBid: Decimal; bestAsk: Decimal } {
  const gridT = world.gridTime(t);
  const mid = midAt(world, mkt, t);
  let bestBid = mkt.book.best('bid', mid, gridT, gridT) ?? mkt.market.tickSize;
  let bestAsk = mkt.book.best('ask', mid, gridT, gridT) ?? mid;
  const ub = mkt.bids[0]?.price;
  const ua = mkt.asks[0]?.price;
  if (ub?.gt(bestBid)) bestBid = ub;
  if (ua?.lt(bestAsk)) bestAsk = ua;
  return { bestBid, bestAsk };
}

export function wouldCross(world: SimWorld, mkt: MarketState, side: Side, price: Decimal, t: number): boolean {
  const { bestBid, bestAsk } = touch(world, mkt, t);
  return side === 'buy' ? price.gte(bestAsk) : price.lte(bestBid);
}

/** Generated prints in (from, to], newest first, at most `limit`. */
export function backgroundTrades(
  world: SimWorld,
  mkt: MarketState,
  from: number,
  to: number,
  limit: number,
): SimTrade[] {
  const m = mkt.market;
  const out: SimTrade[] = [];
  const firstSecond = Math.max(Math.floor(world.originMs / 1000), Math.floor(from / 1000) + 1);
  const maxScan = Math.max(200, Math.ceil((limit / TAPE_PROBABILITY) * 4));
  for (let s = Math.floor(to / 1000), n = 0; s >= firstSecond && out.length < limit && n < maxScan; s--, n++) {
    if (uniformAt(mkt.tapeSeed, s, 0) >= TAPE_PROBABILITY) continue;
    const t = s * 1000;
    const mid = midAt(world, mkt, t);
    const half = mid.mul(m.spreadBps).div(20_000);
    const side: Side = uniformAt(mkt.tapeSeed, s, 1) < 0.5 ? 'buy' : 'sell';
    const price = side === 'buy' ? ceilToStep(mid.add(half), m.tickSize) : floorToStep(mid.sub(half), m.tickSize);
    const usd = m.depthUsd * 0.05 * (0.1 + 2 * uniformAt(mkt.tapeSeed, s, 2));
    let size = floorToStep(new Decimal((usd / mid.toNumber()).toPrecision(8)), m.lotSize);
    if (size.lt(m.lotSize)) size = m.lotSize;
    out.push({
      id: String(BACKGROUND_TRADE_ID_BASE + s * 100 + mkt.index),
      symbol: m.symbol,
      price,
      size,
      side,
      time: t,
      liquidation: false,
    });
  }
  return out;
}
