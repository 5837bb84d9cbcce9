import { ceilToStep, Decimal, floorToStep } from '@dn/core';
import { avellanedaStoikovQuotes, glftQuotes } from '@dn/math';
import type { MarketConfig } from './config.js';

/** What a quoter needs from the venue's market: grid and minimum size. */
export interface MarketGrid {
  tickSize: Decimal;
  lotSize: Decimal;
  minSize: Decimal;
  minNotional?: Decimal;
}

export interface QuoteInputs {
  mid: Decimal;
  /** Best prices of the local book; post-only quotes never cross them. */
  bestBid?: Decimal;
  bestAsk?: Decimal;
  /** Signed position, base units. */
  inventory: Decimal;
  /** σ of the mid's log returns per √second (a fraction). */
  sigma: number;
  /** Funding rate per interval (a fraction; positive = longs pay). */
  funding: number;
  /** κ (per fraction of mid) and A (per second) of λ(δ) = A·e^(−κδ), fitted or from config. */
  kappa: number;
  arrivalRate: number;
  /**
   * Maker fee rate the quote must earn back (fees_override.makerFeeRate, else the venue's market fee); negative = a
   * rebate, which narrows the quote. Absent: 0.
   */
  makerFeeRate?: Decimal;
  /** Risk gates: false zeroes that side. */
  allowBuy: boolean;
  allowSell: boolean;
}

export interface QuoteSide {
  price: Decimal;
  /** Zero means: no order on this side. */
  size: Decimal;
}

export interface QuoteTarget {
  reservation: Decimal;
  /** Half spread as a fraction of the reservation price (seed) or of the mid (models). */
  halfSpread: Decimal;
  bid: QuoteSide;
  ask: QuoteSide;
}

const ZERO = new Decimal(0);

/**
 * Seed 002's quoter, for parity: fair = mid − q·K; half spread h = base_spread + α·σ + β·funding/3 +
 * |q|·inventory_spread_multiplier·base_spread + maker fee rate (0 when not given, so the seed's formula is unchanged); bid = fair·(1 − h), ask = fair·(1 + h); sizes cap/mid ∓ q·sensitivity;
 * the side that adds to an inventory beyond 80 % of cap/mid is switched off.
 */
export function seedQuote(cfg: MarketConfig, grid: MarketGrid, x: QuoteInputs): QuoteTarget {
  const k = coefficients(cfg);
  const q = x.inventory;
  const fair = x.mid.minus(q.mul(k.K));
  const half = k.baseSpread
    .plus(k.alpha.mul(num(x.sigma)))
    .plus(k.beta.mul(num(x.funding)).div(3))
    .plus(q.abs().mul(k.inventorySpreadMultiplier).mul(k.baseSpread))
    .plus(x.makerFeeRate ?? ZERO);
  const base = cfg.quote_notional_cap_usd.div(x.mid);
  const skew = q.mul(k.inventorySensitivity);
  let bidSize = base.minus(skew);
  let askSize = base.plus(skew);
  const threshold = base.mul('0.8');
  if (q.gt(threshold)) bidSize = ZERO;
  if (q.lt(threshold.neg())) askSize = ZERO;
  return finish(cfg, grid, x, {
    reservation: fair,
    halfSpread: half,
    bidPrice: fair.mul(Decimal.sub(1, half)),
    askPrice: fair.mul(Decimal.add(1, half)),
    bidSize,
    askSize,
  });
}

/**
 * Avellaneda–Stoikov or GLFT from @dn/math, run on the mid normalised to 1 so that γ, κ and σ are scale free:
 * σ is a fraction per √s, κ per fraction of the mid, q in quote-size units (position / (cap/mid)). The seed's
 * volatility and funding terms still widen the result (α·σ + β·funding/3), so the keys keep their meaning, and so
 * does the maker fee rate (a rebate narrows it).
 */
export function modelQuote(cfg: MarketConfig, grid: MarketGrid, x: QuoteInputs): QuoteTarget {
  const unit = cfg.quote_notional_cap_usd.div(x.mid);
  const qUnits = x.inventory.div(unit);
  const common = { mid: 1, inventory: qUnits, gamma: cfg.gamma, sigma: x.sigma, kappa: x.kappa };
  const m =
    cfg.model === 'glft'
      ? glftQuotes({ ...common, arrivalRate: x.arrivalRate })
      : avellanedaStoikovQuotes({ ...common, timeToHorizon: cfg.horizon_sec });
  const k = coefficients(cfg);
  const extra = k.alpha
    .mul(num(x.sigma))
    .plus(k.beta.mul(num(x.funding)).div(3))
    .plus(k.baseSpread)
    .plus(x.makerFeeRate ?? ZERO);
  const bidF = m.bid.minus(extra);
  const askF = m.ask.plus(extra);
  return finish(cfg, grid, x, {
    reservation: x.mid.mul(m.reservationPrice),
    halfSpread: askF.minus(bidF).div(2),
    bidPrice: x.mid.mul(bidF),
    askPrice: x.mid.mul(askF),
    bidSize: unit,
    askSize: unit,
  });
}

export function computeQuote(cfg: MarketConfig, grid: MarketGrid, x: QuoteInputs): QuoteTarget {
  return cfg.model === 'seed' ? seedQuote(cfg, grid, x) : modelQuote(cfg, grid, x);
}

interface RawQuote {
  reservation: Decimal;
  halfSpread: Decimal;
  bidPrice: Decimal;
  askPrice: Decimal;
  bidSize: Decimal;
  askSize: Decimal;
}

/**
 * Onto the venue's grid: bid floored and ask ceiled to the tick (never tighter than asked), post-only prices pulled
 * behind the touch, sizes floored to the lot and capped at cap/mid, below-minimum and gated sides zeroed.
 */
export function finish(cfg: MarketConfig, grid: MarketGrid, x: QuoteInputs, r: RawQuote): QuoteTarget {
  let bid = floorToStep(r.bidPrice, grid.tickSize);
  let ask = ceilToStep(r.askPrice, grid.tickSize);
  if (cfg.post_only) {
    if (x.bestAsk && bid.gte(x.bestAsk)) bid = x.bestAsk.minus(grid.tickSize);
    if (x.bestBid && ask.lte(x.bestBid)) ask = x.bestBid.plus(grid.tickSize);
  }
  if (ask.lte(bid)) ask = bid.plus(grid.tickSize);
  const cap = cfg.quote_notional_cap_usd.div(x.mid);
  const size = (s: Decimal, price: Decimal, allowed: boolean): Decimal => {
    if (!allowed || s.lte(0) || price.lte(0)) return ZERO;
    const floored = floorToStep(Decimal.min(Decimal.max(s, cfg.min_order_size), cap), grid.lotSize);
    if (floored.lt(grid.minSize) || floored.lt(cfg.min_order_size) || floored.isZero()) return ZERO;
    if (grid.minNotional && floored.mul(price).lt(grid.minNotional)) return ZERO;
    return floored;
  };
  return {
    reservation: r.reservation,
    halfSpread: r.halfSpread,
    bid: { price: bid, size: size(r.bidSize, bid, x.allowBuy) },
    ask: { price: ask, size: size(r.askSize, ask, x.allowSell) },
  };
}

/** A JS number (a config coefficient, σ, funding) as a Decimal, through its shortest decimal string. */
function num(v: number): Decimal {
  return new Decimal(String(v));
}

interface Coefficients {
  K: Decimal;
  alpha: Decimal;
  beta: Decimal;
  baseSpread: Decimal;
  inventorySpreadMultiplier: Decimal;
  inventorySensitivity: Decimal;
}

/** A market's config coefficients as Decimals, made once per config object (not on every book update). */
const coefficientCache = new WeakMap<MarketConfig, Coefficients>();

function coefficients(cfg: MarketConfig): Coefficients {
  let k = coefficientCache.get(cfg);
  if (!k) {
    k = {
      K: num(cfg.K),
      alpha: num(cfg.alpha),
      beta: num(cfg.beta),
      baseSpread: num(cfg.base_spread),
      inventorySpreadMultiplier: num(cfg.inventory_spread_multiplier),
      inventorySensitivity: num(cfg.inventory_sensitivity),
    };
    coefficientCache.set(cfg, k);
  }
  return k;
}
