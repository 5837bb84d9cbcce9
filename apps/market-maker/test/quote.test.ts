import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { type MarketConfig, marketMakerConfigSchema } from '../src/config.js';
import { computeQuote, type MarketGrid, modelQuote, type QuoteInputs, seedQuote } from '../src/quote.js';

function market(over: Record<string, unknown>): MarketConfig {
  return marketMakerConfigSchema.parse({ markets: { 'ETH-USD': over } }).markets[0]!;
}
const grid: MarketGrid = { tickSize: new Decimal('0.1'), lotSize: new Decimal('0.001'), minSize: new Decimal('0.001') };
const inputs = (over: Partial<QuoteInputs> = {}): QuoteInputs => ({
  mid: new Decimal(3000),
  inventory: new Decimal(0),
  sigma: 0,
  funding: 0,
  kappa: 5000,
  arrivalRate: 1,
  allowBuy: true,
  allowSell: true,
  ...over,
});
// Seed 002's ETH-USD entry.
const seedEth = {
  K: 2,
  alpha: 0.001,
  beta: 0.008,
  base_spread: 0.00015,
  quote_notional_cap_usd: 150,
  min_order_size: 0.01,
  inventory_sensitivity: 0.9,
  inventory_spread_multiplier: 0.2,
};

describe('seed quoter', () => {
  it('matches the hand-computed quote (fair, half spread, rounding, skewed sizes)', () => {
    const q = seedQuote(
      market(seedEth),
      grid,
      inputs({ inventory: new Decimal('0.01'), sigma: 0.0001, funding: 0.0003 }),
    );
    // fair = 3000 − 0.01·2; h = 0.00015 + 0.001·0.0001 + 0.008·0.0003/3 + 0.01·0.2·0.00015
    expect(q.reservation.toString()).toBe('2999.98');
    expect(q.halfSpread.toString()).toBe('0.0001512');
    // 2999.98·(1 − h) = 2999.526403… floored; 2999.98·(1 + h) = 3000.433596… ceiled
    expect(q.bid.price.toString()).toBe('2999.5');
    expect(q.ask.price.toString()).toBe('3000.5');
    // base 150/3000 = 0.05; skew 0.009: bid 0.041, ask 0.059 capped at 0.05 (the USD cap)
    expect(q.bid.size.toString()).toBe('0.041');
    expect(q.ask.size.toString()).toBe('0.05');
  });

  it('the maker fee rate widens the half spread by itself; a rebate narrows it', () => {
    const fee = seedQuote(market(seedEth), grid, inputs({ makerFeeRate: new Decimal('0.00015') }));
    // h = 0.00015 + 0.00015; 3000·(1 ∓ 0.0003) = 2999.1 / 3000.9
    expect(fee.halfSpread.toString()).toBe('0.0003');
    expect(fee.bid.price.toString()).toBe('2999.1');
    expect(fee.ask.price.toString()).toBe('3000.9');
    const rebate = seedQuote(market(seedEth), grid, inputs({ makerFeeRate: new Decimal('-0.0001') }));
    expect(rebate.halfSpread.toString()).toBe('0.00005');
    const as0 = modelQuote(market({ ...seedEth, model: 'avellaneda-stoikov' }), grid, inputs());
    const as1 = modelQuote(
      market({ ...seedEth, model: 'avellaneda-stoikov' }),
      grid,
      inputs({ makerFeeRate: new Decimal('0.0002') }),
    );
    expect(as1.halfSpread.minus(as0.halfSpread).toString()).toBe('0.0002');
  });

  it('switches off the adding side past 80 % of cap/mid', () => {
    const long = seedQuote(market(seedEth), grid, inputs({ inventory: new Decimal('0.0401') }));
    expect(long.bid.size.isZero()).toBe(true);
    expect(long.ask.size.gt(0)).toBe(true);
    const short = seedQuote(market(seedEth), grid, inputs({ inventory: new Decimal('-0.0401') }));
    expect(short.ask.size.isZero()).toBe(true);
    expect(short.bid.size.gt(0)).toBe(true);
  });

  it('risk gates zero a side; sizes below the minimum are zero, not rounded up past the cap', () => {
    const gated = seedQuote(market(seedEth), grid, inputs({ allowBuy: false }));
    expect(gated.bid.size.isZero()).toBe(true);
    expect(gated.ask.size.toString()).toBe('0.05');
    // cap 20 USD at 3000 = 0.00666 < min_order_size 0.01: nothing to quote
    const tiny = seedQuote(market({ ...seedEth, quote_notional_cap_usd: 20 }), grid, inputs());
    expect(tiny.bid.size.isZero() && tiny.ask.size.isZero()).toBe(true);
  });

  it('post-only quotes never cross the touch', () => {
    // A large short inventory pushes fair far above the mid: the bid would cross the ask.
    const q = seedQuote(
      market({ ...seedEth, K: 100 }),
      grid,
      inputs({ inventory: new Decimal('-0.02'), bestBid: new Decimal('2999.9'), bestAsk: new Decimal('3000.1') }),
    );
    expect(q.bid.price.toString()).toBe('3000');
    expect(q.ask.price.gt(q.bid.price)).toBe(true);
  });
});

describe('model quoters', () => {
  const as = { model: 'avellaneda-stoikov', base_spread: 0, alpha: 0, beta: 0, gamma: 0.5, horizon_sec: 60 };

  it('Avellaneda–Stoikov matches the closed form on the normalised mid', () => {
    const sigma = 0.0001;
    const kappa = 5000;
    const q = modelQuote(
      market({ ...as, quote_notional_cap_usd: 300 }),
      grid,
      inputs({ sigma, kappa, inventory: new Decimal('0.2') }),
    );
    // q in quote units: 0.2 / (300/3000) = 2; r = 1 − 2·γσ²τ; spread = γσ²τ + (2/γ)ln(1 + γ/κ)
    const r = 1 - 2 * 0.5 * sigma * sigma * 60;
    const spread = 0.5 * sigma * sigma * 60 + (2 / 0.5) * Math.log1p(0.5 / kappa);
    expect(q.reservation.toNumber()).toBeCloseTo(3000 * r, 8);
    expect(q.halfSpread.toNumber()).toBeCloseTo(spread / 2, 12);
    expect(q.bid.price.toNumber()).toBe(Math.floor(3000 * (r - spread / 2) * 10) / 10);
    expect(q.ask.price.toNumber()).toBe(Math.ceil(3000 * (r + spread / 2) * 10) / 10);
    expect(q.bid.size.toString()).toBe('0.1');
  });

  it('GLFT matches the closed form and skews against inventory', () => {
    const cfg = market({ ...as, model: 'glft', gamma: 2, quote_notional_cap_usd: 300 });
    const x = inputs({ sigma: 0.001, kappa: 2000, arrivalRate: 0.5, inventory: new Decimal('0.1') });
    const q = computeQuote(cfg, grid, x);
    const c1 = Math.log1p(2 / 2000) / 2;
    const c2 = Math.sqrt((2 / (2 * 2000 * 0.5)) * (1 + 2 / 2000) ** (1 + 2000 / 2));
    const bidD = c1 + (3 / 2) * c2 * 0.001;
    const askD = c1 - (1 / 2) * c2 * 0.001;
    expect(q.reservation.toNumber()).toBeCloseTo(3000 * (1 - c2 * 0.001), 8);
    expect(q.bid.price.toNumber()).toBe(Math.floor(3000 * (1 - bidD) * 10) / 10);
    expect(q.ask.price.toNumber()).toBe(Math.ceil(3000 * (1 + askD) * 10) / 10);
    const flat = computeQuote(cfg, grid, { ...x, inventory: new Decimal(0) });
    expect(q.reservation.lt(flat.reservation)).toBe(true);
  });

  it('GLFT and A–S agree at σ = 0 and tend to 1/κ as γ → 0', () => {
    const x = inputs({ sigma: 0, kappa: 4000 });
    for (const gamma of [1e-6, 0.5, 20]) {
      const a = modelQuote(market({ ...as, gamma }), grid, x);
      const g = modelQuote(market({ ...as, gamma, model: 'glft' }), grid, x);
      expect(a.halfSpread.toNumber()).toBeCloseTo(g.halfSpread.toNumber(), 14);
    }
    const small = modelQuote(market({ ...as, gamma: 1e-6 }), grid, x);
    expect(small.halfSpread.toNumber()).toBeCloseTo(1 / 4000, 9);
  });

  it("the seed's σ, funding and base terms widen the model's spread", () => {
    const x = inputs({ sigma: 0.0002, funding: 0.0003 });
    const bare = modelQuote(market(as), grid, x);
    const wide = modelQuote(market({ ...as, alpha: 1, beta: 1, base_spread: 0.0001 }), grid, x);
    const extra = 1 * 0.0002 + 0.0003 / 3 + 0.0001;
    expect(wide.halfSpread.minus(bare.halfSpread).toNumber()).toBeCloseTo(extra, 12);
  });
});
