import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { marketMakerConfigSchema } from '../src/config.js';
import { ActionBudget, needsReplace, ReplaceCoalescer } from '../src/replace.js';
import { riskGate } from '../src/risk.js';

const risk = marketMakerConfigSchema.parse({
  markets: { 'ETH-USD': {} },
  risk: { max_net_position_usd: 500, max_open_orders: 4, min_balance_usd: 10 },
}).risk;
const d = (v: string | number) => new Decimal(v);

describe('risk gate', () => {
  it('inside every limit: both sides', () => {
    expect(riskGate(risk, { netPositionUsd: d(499), openOrders: 3, equity: d(100) })).toMatchObject({
      allowBuy: true,
      allowSell: true,
      breaches: [],
    });
  });
  it('net position at the limit zeroes only the adding side', () => {
    expect(riskGate(risk, { netPositionUsd: d(500), openOrders: 0, equity: d(100) })).toMatchObject({
      allowBuy: false,
      allowSell: true,
    });
    expect(riskGate(risk, { netPositionUsd: d(-500), openOrders: 0, equity: d(100) })).toMatchObject({
      allowBuy: true,
      allowSell: false,
    });
  });
  it('open orders or equity below minimum: flat stops both sides, a position may still reduce', () => {
    expect(riskGate(risk, { netPositionUsd: d(0), openOrders: 4, equity: d(100) })).toMatchObject({
      allowBuy: false,
      allowSell: false,
    });
    expect(riskGate(risk, { netPositionUsd: d(50), openOrders: 0, equity: d('9.99') })).toMatchObject({
      allowBuy: false,
      allowSell: true,
    });
    const unknown = riskGate(risk, { netPositionUsd: d(-50), openOrders: 0, equity: undefined });
    expect(unknown).toMatchObject({ allowBuy: true, allowSell: false });
    expect(unknown.breaches).toEqual(['equity unknown']);
  });
});

describe('replace threshold', () => {
  const cur = { price: d(3000), size: d('0.05') };
  it('replaces at or past the threshold, not below', () => {
    // 3 bps of 3000 = 0.9
    expect(needsReplace(cur, { price: d('3000.8'), size: d('0.05') }, 3)).toBe(false);
    expect(needsReplace(cur, { price: d('3000.9'), size: d('0.05') }, 3)).toBe(true);
    expect(needsReplace(cur, { price: d('2999.1'), size: d('0.05') }, 3)).toBe(true);
  });
  it('a size change or a removal always replaces; nothing resting and nothing wanted does not', () => {
    expect(needsReplace(cur, { price: d(3000), size: d('0.04') }, 3)).toBe(true);
    expect(needsReplace(cur, { price: d(3000), size: d(0) }, 3)).toBe(true);
    expect(needsReplace(undefined, { price: d(3000), size: d(0) }, 3)).toBe(false);
    expect(needsReplace(undefined, { price: d(3000), size: d('0.01') }, 3)).toBe(true);
  });
  it('threshold 0 still ignores an identical price', () => {
    expect(needsReplace(cur, { price: d(3000), size: d('0.05') }, 0)).toBe(false);
  });
});

describe('coalescing and budget', () => {
  it('one replace per side per window; removals are never delayed', () => {
    const c = new ReplaceCoalescer(400);
    expect(c.admit('ETH:buy', 1000)).toBe(true);
    expect(c.admit('ETH:buy', 1399)).toBe(false);
    expect(c.admit('ETH:sell', 1399)).toBe(true);
    expect(c.admit('ETH:buy', 1200, true)).toBe(true);
    expect(c.admit('ETH:buy', 1599)).toBe(false);
    expect(c.admit('ETH:buy', 1600)).toBe(true);
  });
  it('the action budget refills at its rate', () => {
    const b = new ActionBudget(4, 0);
    expect(b.take(0, 4)).toBe(true);
    expect(b.take(0)).toBe(false);
    expect(b.take(249)).toBe(false);
    expect(b.take(250)).toBe(true);
  });
});
