import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { unifiedSymbol } from '../src/config.js';
import { decideLeg, stopLossBreach, targetSizes } from '../src/decide.js';

const d = (v: string) => new Decimal(v);
const market = { lotSize: d('0.001'), minSize: d('0.001'), minNotional: d('10') };
const base = { price: d('3000'), market, tolerance: d('0.0001'), minOrder: d('0.0001') };

describe('target sizes', () => {
  it('long the base size; short h* × long notional / short price, rounded to the short lot', () => {
    const t = targetSizes({
      baseSize: d('0.01'),
      ratio: 0.6228,
      longPrice: d('95000'),
      shortPrice: d('3300'),
      longLot: d('0.0001'),
      shortLot: d('0.001'),
    });
    // 0.01 × 95000 × 0.6228 / 3300 = 0.17929… → 0.179
    expect(t.long.toString()).toBe('0.01');
    expect(t.short.toString()).toBe('-0.179');
  });
  it('the long leg is floored to its lot, never above the configured size', () => {
    const t = targetSizes({
      baseSize: d('0.01234'),
      ratio: 0.5,
      longPrice: d('100'),
      shortPrice: d('100'),
      longLot: d('0.001'),
      shortLot: d('0.0001'),
    });
    expect(t.long.toString()).toBe('0.012');
    expect(t.short.toString()).toBe('-0.006');
  });
});

describe('rebalance decisions at the boundaries', () => {
  it('off by exactly the tolerance: hold; just beyond: trade', () => {
    const tol = { ...base, tolerance: d('0.002'), market: { ...market, minNotional: undefined } };
    expect(decideLeg({ ...tol, current: d('-0.177'), target: d('-0.179') })).toEqual({
      action: 'hold',
      reason: 'within-tolerance',
    });
    expect(decideLeg({ ...tol, current: d('-0.176'), target: d('-0.179') })).toMatchObject({
      action: 'trade',
      side: 'sell',
      size: d('0.003'),
      reduceOnly: false,
    });
  });
  it('an order below MIN_ORDER_SIZE is not sent; at it, it is', () => {
    const cfg = { ...base, minOrder: d('0.005'), market: { ...market, minNotional: undefined } };
    expect(decideLeg({ ...cfg, current: d('0'), target: d('0.004') })).toEqual({
      action: 'hold',
      reason: 'below-min-order',
    });
    expect(decideLeg({ ...cfg, current: d('0'), target: d('0.005') })).toMatchObject({
      action: 'trade',
      size: d('0.005'),
    });
  });
  it("below the venue's minimum size or notional: hold", () => {
    const big = { ...base, market: { lotSize: d('0.001'), minSize: d('0.01'), minNotional: undefined } };
    expect(decideLeg({ ...big, current: d('0'), target: d('0.009') })).toEqual({
      action: 'hold',
      reason: 'below-venue-minimum',
    });
    // 0.003 × 3000 = 9 < 10 USD; 0.004 × 3000 = 12 ≥ 10.
    expect(decideLeg({ ...base, current: d('0'), target: d('0.003') })).toEqual({
      action: 'hold',
      reason: 'below-min-notional',
    });
    expect(decideLeg({ ...base, current: d('0'), target: d('0.004') })).toMatchObject({ action: 'trade' });
  });
  it('a difference smaller than a lot is not traded (floored to zero)', () => {
    expect(decideLeg({ ...base, current: d('0.1'), target: d('0.1009') })).toEqual({
      action: 'hold',
      reason: 'below-min-order',
    });
  });
  it('shrinking a position is reduce-only; growing or flipping is not', () => {
    expect(decideLeg({ ...base, current: d('-0.2'), target: d('-0.18') })).toMatchObject({
      side: 'buy',
      size: d('0.02'),
      reduceOnly: true,
    });
    expect(decideLeg({ ...base, current: d('0.01'), target: d('-0.18') })).toMatchObject({
      side: 'sell',
      reduceOnly: false,
    });
  });
});

describe('stop-loss rule', () => {
  const leg = (pnl: string, notional: string) => ({ unrealizedPnl: d(pnl), notional: d(notional) });
  it('leg mode (the seed): a leg losing more than the percentage of its notional', () => {
    expect(stopLossBreach({ long: leg('-80', '1000'), short: leg('10', '600') }, d('0.08'), 'leg')).toBeUndefined();
    expect(stopLossBreach({ long: leg('-80.01', '1000'), short: leg('80', '600') }, d('0.08'), 'leg')).toContain(
      'long leg loss -80.01',
    );
  });
  it('pair mode: the combined loss over the combined notional', () => {
    expect(stopLossBreach({ long: leg('-100', '1000'), short: leg('60', '600') }, d('0.08'), 'pair')).toBeUndefined();
    expect(stopLossBreach({ long: leg('-100', '1000'), short: leg('-30', '600') }, d('0.08'), 'pair')).toContain(
      'pair loss -130.00',
    );
  });
  it('no legs, no breach', () => {
    expect(stopLossBreach({}, d('0.08'), 'leg')).toBeUndefined();
  });
});

describe('symbols', () => {
  it("the seed's BTC-PERP and the venues' spellings name the unified symbol", () => {
    for (const [text, want] of [
      ['BTC-PERP', 'BTC'],
      ['ETH-PERP', 'ETH'],
      ['BTC-USD', 'BTC'],
      ['ethusdt', 'ETH'],
      ['ETH_USDC', 'ETH'],
      ['BTC', 'BTC'],
      ['1000PEPE-PERP', '1000PEPE'],
    ]) {
      expect(unifiedSymbol(text as string)).toBe(want);
    }
  });
});
