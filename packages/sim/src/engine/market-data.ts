import { type BookLevel, type Candle, Decimal, floorToStep, InvalidInputError, roundToStep } from '@dn/core';
import { cash, ZERO } from './account.js';
import type { EngineCore, MarketState } from './engine-core.js';
import { backgroundTrades, markAt, midAt, midFloat, touch } from './prices.js';
import { smoothNoise, uniformAt } from './random.js';
import type { BookSide } from './synthetic-book.js';
import type { SimBook, SimFundingInfo, SimTrade } from './types.js';
import { GRID_MS, HOUR_MS, type SimWorld } from './world.js';

const MAX_CANDLES = 5_000;

/** Generated liquidity net of what was taken, plus users' resting orders, aggregated per price. */
export function bookView(world: SimWorld, mkt: MarketState, t: number, depth: number): SimBook {
  const gridT = world.gridTime(t);
  const mid = midAt(world, mkt, t);
  const merge = (side: BookSide): BookLevel[] => {
    const levels = new Map<string, BookLevel>();
    for (const l of mkt.book.levels(side, mid, gridT, gridT)) levels.set(l.price.toString(), { ...l });
    for (const o of side === 'bid' ? mkt.bids : mkt.asks) {
      const key = (o.price as Decimal).toString();
      const rem = o.size.sub(o.filledSize);
      const l = levels.get(key);
      if (l) l.size = l.size.add(rem);
      else levels.set(key, { price: o.price as Decimal, size: rem });
    }
    const out = [...levels.values()];
    out.sort((a, b) => (side === 'bid' ? b.price.cmp(a.price) : a.price.cmp(b.price)));
    return out.slice(0, depth);
  };
  return { symbol: mkt.market.symbol, bids: merge('bid'), asks: merge('ask'), timestamp: t, sequence: mkt.sequence };
}

export function fundingInfo(world: SimWorld, mkt: MarketState, t: number): SimFundingInfo {
  const m = mkt.market;
  const ivMs = m.fundingIntervalHours * HOUR_MS;
  return {
    symbol: m.symbol,
    rate: mkt.funding.rateAt(t, m.fundingIntervalHours, m.fundingRateCap),
    intervalHours: m.fundingIntervalHours,
    nextFundingTime: (Math.floor(t / ivMs) + 1) * ivMs,
    cap: m.fundingRateCap,
    markPrice: markAt(world, mkt, t),
    indexPrice: roundToStep(world.priceDecimal(m.symbol, t), m.tickSize),
  };
}

/** Newest first: users' prints merged with the generated background tape. */
export function recentTrades(world: SimWorld, mkt: MarketState, t: number, limit: number): SimTrade[] {
  const bg = backgroundTrades(world, mkt, Number.NEGATIVE_INFINITY, t, limit);
  const user = mkt.trades.slice(-limit).reverse();
  const out: SimTrade[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < bg.length || j < user.length)) {
    const a = bg[i];
    const b = user[j];
    if (b && (!a || b.time >= a.time)) {
      out.push({ ...b });
      j++;
    } else if (a) {
      out.push(a);
      i++;
    }
  }
  return out;
}

/**
 * OHLC of the venue mid from the price grid (1 s points for intervals up to 5 min, 1 min points up to a day,
 * hourly beyond), oldest first. Only the past since the world's origin: the candle in progress ends at now. Volume is
 * the background flow.
 */
export function candlesOf(world: SimWorld, mkt: MarketState, intervalMs: number, since: number, end: number): Candle[] {
  if (!Number.isSafeInteger(intervalMs) || intervalMs < GRID_MS || intervalMs % GRID_MS !== 0) {
    throw new InvalidInputError('candle interval must be a positive multiple of 1000 ms', {
      field: 'intervalMs',
      value: intervalMs,
    });
  }
  // The market did not trade before its world began: no candle ends before the origin (a flat "history" there would
  // look like real data to an estimator); the one in progress at the origin opens at the origin's price.
  let start = Math.max(
    Math.floor(since / intervalMs) * intervalMs,
    Math.floor(world.originMs / intervalMs) * intervalMs,
  );
  if (start > end) return [];
  const count = Math.floor((end - start) / intervalMs) + 1;
  if (count > MAX_CANDLES) start += (count - MAX_CANDLES) * intervalMs;
  const res = intervalMs <= 300_000 ? GRID_MS : intervalMs <= 86_400_000 ? 60_000 : HOUR_MS;
  const m = mkt.market;
  const out: Candle[] = [];
  for (let c = start; c <= end; c += intervalMs) {
    let open = 0;
    let high = Number.NEGATIVE_INFINITY;
    let low = Number.POSITIVE_INFINITY;
    let close = 0;
    const last = Math.min(c + intervalMs - 1, end);
    for (let t = c; t <= last; t += res) {
      const p = midFloat(world, mkt, t);
      if (t === c) open = p;
      if (p > high) high = p;
      if (p < low) low = p;
      close = p;
    }
    const d = (x: number): Decimal => roundToStep(new Decimal(x.toPrecision(10)), m.tickSize);
    const vol = ((m.dailyVolumeUsd * intervalMs) / 86_400_000 / open) * (0.5 + uniformAt(mkt.tapeSeed, c / 1000, 9));
    out.push({
      time: c,
      open: d(open),
      high: d(high),
      low: d(low),
      close: d(close),
      volume: floorToStep(new Decimal(vol.toPrecision(10)), m.lotSize),
    });
  }
  return out;
}

/** Touch, 24 h volume and open interest: the generated background flow plus users' own. */
export function activity(
  core: EngineCore,
  mkt: MarketState,
  t: number,
): { bestBid: Decimal; bestAsk: Decimal; volume24h: Decimal; openInterest: Decimal } {
  const m = mkt.market;
  const mid = midAt(core.world, mkt, t);
  const { bestBid, bestAsk } = touch(core.world, mkt, t);
  const day = 86_400_000;
  let userVolume = ZERO;
  for (const tr of mkt.trades) if (tr.time > t - day) userVolume = userVolume.add(tr.price.mul(tr.size));
  const bgVolume = new Decimal(
    (m.dailyVolumeUsd * (1 + 0.3 * Math.tanh(smoothNoise(mkt.tapeSeed, t, HOUR_MS, 1)))).toFixed(2),
  );
  let userOi = ZERO;
  for (const a of core.accounts.values()) {
    const p = a.positions.get(m.symbol);
    if (p?.size.gt(0)) userOi = userOi.add(p.size);
  }
  const bgOi = floorToStep(
    new Decimal(
      (
        (m.openInterestUsd * (1 + 0.2 * Math.tanh(smoothNoise(mkt.tapeSeed, t, 4 * HOUR_MS, 2)))) /
        mid.toNumber()
      ).toPrecision(10),
    ),
    m.lotSize,
  );
  return { bestBid, bestAsk, volume24h: bgVolume.add(cash(userVolume)), openInterest: bgOi.add(userOi) };
}
