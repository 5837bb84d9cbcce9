import { Decimal, floorToStep, InvalidInputError } from '@dn/core';
import { ZERO } from './account.js';
import type { EngineCore, MarketState } from './engine-core.js';
import { fillRestingAtOwnPrice } from './matching.js';
import { midAt, midFloat } from './prices.js';
import { seedFor, uniformAt } from './random.js';
import type { SimOrder } from './types.js';
import { GRID_MS } from './world.js';

/**
 * Market orders from other participants, per market: Poisson arrivals whose intensity of reaching a distance δ from
 * the mid is λ(δ) = A·e^(−κδ) (Avellaneda & Stoikov 2008 §2), δ in basis points of the mid so one setting fits every
 * price level. A fraction of the flow is informed: it trades in the direction of the mid's next one-second move.
 */
export interface TakerFlowParams {
  /** A: market orders per second (reaching the mid, δ = 0). */
  arrivalRate: number;
  /** κ per basis point: an order reaches δ bps from the mid with probability e^(−κδ). */
  kappaPerBp: number;
  /** Mean order size in USD; sizes are exponential with this mean, floored to the lot (at least one lot). */
  meanSizeUsd: number;
  /** Share of arrivals that know the next move (0..1, default 0). */
  informedFraction?: number;
}

export interface TakerFlowConfig {
  /** Every market's flow unless `markets` names it. */
  default?: TakerFlowParams;
  markets?: Record<string, TakerFlowParams | null>;
  /** Seeds the arrivals (default 0): the same seed gives the same flow whatever the orders resting. */
  seed?: number;
}

/** @throws InvalidInputError on a negative or non-finite parameter. */
export function checkTakerFlow(cfg: TakerFlowConfig): TakerFlowConfig {
  const all = [cfg.default, ...Object.values(cfg.markets ?? {})].filter((p): p is TakerFlowParams => Boolean(p));
  for (const p of all) {
    const ok =
      Number.isFinite(p.arrivalRate) &&
      p.arrivalRate >= 0 &&
      Number.isFinite(p.kappaPerBp) &&
      p.kappaPerBp > 0 &&
      Number.isFinite(p.meanSizeUsd) &&
      p.meanSizeUsd > 0 &&
      (p.informedFraction === undefined || (p.informedFraction >= 0 && p.informedFraction <= 1));
    if (!ok) throw new InvalidInputError('taker flow: A ≥ 0, κ > 0, mean size > 0, informed share in [0, 1]', {});
  }
  return cfg;
}

export function flowFor(cfg: TakerFlowConfig, symbol: string): TakerFlowParams | undefined {
  const m = cfg.markets?.[symbol];
  if (m === null) return undefined;
  return m ?? cfg.default;
}

/** One market order of the flow at a grid point. */
export interface TakerArrival {
  side: 'buy' | 'sell';
  /** How far past the mid it trades, bps. */
  reachBps: number;
  sizeUsd: number;
  informed: boolean;
}

/** The arrivals in the second ending at grid time `t`: a pure function of seed, market, t. */
export function arrivalsAt(
  cfg: TakerFlowConfig,
  mkt: MarketState,
  p: TakerFlowParams,
  t: number,
  nextMove: () => number,
): TakerArrival[] {
  const seed = seedFor(cfg.seed ?? 0, `takers:${mkt.market.symbol}`);
  const k = Math.floor(t / GRID_MS);
  const lambda = (p.arrivalRate * GRID_MS) / 1000;
  // Inverse CDF of Poisson(λ), capped: a misconfigured A must not stall the engine.
  const u = uniformAt(seed, k, 0);
  let n = 0;
  let pk = Math.exp(-lambda);
  let cdf = pk;
  while (u > cdf && n < 1_000) {
    n++;
    pk *= lambda / n;
    cdf += pk;
  }
  const out: TakerArrival[] = [];
  for (let i = 0; i < n; i++) {
    const informed = uniformAt(seed, k, 1, i) < (p.informedFraction ?? 0);
    const move = informed ? nextMove() : 0;
    const side = informed && move !== 0 ? (move > 0 ? 'buy' : 'sell') : uniformAt(seed, k, 2, i) < 0.5 ? 'buy' : 'sell';
    out.push({
      side,
      reachBps: -Math.log(uniformAt(seed, k, 3, i)) / p.kappaPerBp,
      sizeUsd: -Math.log(uniformAt(seed, k, 4, i)) * p.meanSizeUsd,
      informed,
    });
  }
  return out;
}

/**
 * Lets the flow of the second ending at `t` hit users' resting orders: a buy reaching δ takes asks priced at or below
 * mid·(1 + δ), best price first, then time; each fill is a maker fill at the resting order's price.
 * @returns whether any resting order traded (the caller refreshes its price bounds)
 */
export function runTakerFlow(core: EngineCore, mkt: MarketState, cfg: TakerFlowConfig, t: number): boolean {
  const p = flowFor(cfg, mkt.market.symbol);
  if (!p || p.arrivalRate === 0 || (mkt.bids.length === 0 && mkt.asks.length === 0)) return false;
  const midF = midFloat(core.world, mkt, t);
  const arrivals = arrivalsAt(cfg, mkt, p, t, () => midFloat(core.world, mkt, t + GRID_MS) - midF);
  if (arrivals.length === 0) return false;
  const mid = midAt(core.world, mkt, t);
  const m = mkt.market;
  let traded = false;
  for (const a of arrivals) {
    const buy = a.side === 'buy';
    const reach = new Decimal(a.reachBps.toPrecision(12)).div(10_000);
    const limit = buy ? mid.mul(reach.add(1)) : mid.mul(Decimal.sub(1, reach));
    let remaining = Decimal.max(floorToStep(new Decimal(a.sizeUsd.toPrecision(12)).div(mid), m.lotSize), m.lotSize);
    const book = buy ? mkt.asks : mkt.bids;
    for (const o of [...book]) {
      if (remaining.lte(0)) break;
      const price = o.price as Decimal;
      if (buy ? price.gt(limit) : price.lt(limit)) break;
      if (o.expiresAt !== undefined && o.expiresAt <= t) continue;
      const q = fillResting(core, mkt, o, remaining, t);
      if (q.gt(0)) traded = true;
      remaining = remaining.sub(q);
    }
  }
  return traded;
}

function fillResting(core: EngineCore, mkt: MarketState, o: SimOrder, max: Decimal, t: number): Decimal {
  if (!core.requireAccount(o.accountId).open.has(o.id)) return ZERO;
  return fillRestingAtOwnPrice(core, mkt, o, max, t);
}
