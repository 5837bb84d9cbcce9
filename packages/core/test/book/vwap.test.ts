import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { OrderBook, VwapScaledResult } from '../../src/book/index.js';

function book(): OrderBook {
  const b = new OrderBook({ symbol: 'SOL', tickSize: '0.1', lotSize: '0.01' });
  b.applySnapshot({
    bids: [
      ['100', '0.5'],
      ['99.9', '0.25'],
      ['99', '1'],
    ],
    asks: [
      ['100.1', '1'],
      ['100.2', '2'],
      ['100.5', '3'],
    ],
    sequence: 1,
  });
  return b;
}

const str = (d: Decimal | undefined): string | undefined => d?.toFixed();

/** `result` with every Decimal as its plain string: one `toMatchObject` states several fields at once. */
function plain(result: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v instanceof Decimal ? v.toFixed() : v]));
}

describe('vwap by base size', () => {
  it('walks the asks when buying, across levels, partially filling the last one', () => {
    const v = book().vwap('buy', '2.5');
    // 1 × 100.1 + 1.5 × 100.2 = 100.1 + 150.3 = 250.4; 250.4 / 2.5 = 100.16
    expect(plain(v)).toMatchObject({ filled: '2.5', notional: '250.4', averagePrice: '100.16', requestedSize: '2.5' });
    expect(plain(v)).toMatchObject({ bestPrice: '100.1', worstPrice: '100.2', levelsConsumed: 2, complete: true });
    expect(v.side).toBe('buy');
  });

  it('walks the bids when selling', () => {
    const v = book().vwap('sell', '0.75');
    // 0.5 × 100 + 0.25 × 99.9 = 50 + 24.975 = 74.975; / 0.75 = 99.9666…
    expect(str(v.notional)).toBe('74.975');
    expect(v.averagePrice?.eq(new Decimal('74.975').div('0.75'))).toBe(true);
    expect(str(v.worstPrice)).toBe('99.9');
    expect(v.levelsConsumed).toBe(2);
  });

  it('takes exactly whole levels', () => {
    const v = book().vwap('buy', '3');
    expect(plain(v)).toMatchObject({ notional: '300.5', levelsConsumed: 2, complete: true });
  });

  it('reports insufficient depth', () => {
    const v = book().vwap('buy', '10');
    // 100.1 + 2 × 100.2 + 3 × 100.5 = 100.1 + 200.4 + 301.5 = 602
    expect(plain(v)).toMatchObject({ complete: false, filled: '6', notional: '602' });
    expect(plain(v)).toMatchObject({ worstPrice: '100.5', levelsConsumed: 3 });
    expect(v.averagePrice?.eq(new Decimal(602).div(6))).toBe(true);
  });

  it('handles zero size and an empty side', () => {
    const zero = book().vwap('sell', '0');
    expect(zero.complete).toBe(true);
    expect(zero.levelsConsumed).toBe(0);
    expect(zero.averagePrice).toBeUndefined();
    const empty = new OrderBook({ priceDecimals: 1, sizeDecimals: 2 });
    empty.applySnapshot({ bids: [], asks: [], sequence: 1 });
    const v = empty.vwap('buy', '1');
    expect(v.complete).toBe(false);
    expect(str(v.filled)).toBe('0');
    expect(v.bestPrice).toBeUndefined();
    expect(v.worstPrice).toBeUndefined();
  });

  it('stays exact when Σ ticks × lots exceeds 2^53', () => {
    const b = new OrderBook({ priceDecimals: 2, sizeDecimals: 8 });
    b.applySnapshot({ bids: [], asks: [['50000000.01', '900']], sequence: 1 });
    const v = b.vwap('buy', '700.00000001');
    // 50000000.01 × 700.00000001 = 35000000007 + 0.5000000001: 21 significant digits, more than
    // decimal.js's default precision of 20 would keep.
    expect(str(v.notional)).toBe('35000000007.5000000001');
    const fast = b.vwapScaled('buy', b.sizeToLots('700.00000001'));
    expect(fast.exact).toBe(false);
    expect(fast.filledLots).toBe(70000000001);
  });
});

describe('vwap for a quote notional', () => {
  it('spends the quote across levels in whole lots', () => {
    const v = book().vwapForNotional('buy', '200');
    // 100.1 for 1 at 100.1; 99.9 left buys floor(99.9 / 1.002) = 99 lots of 0.01 at 100.2 = 99.198
    expect(plain(v)).toMatchObject({ filled: '1.99', notional: '199.298', worstPrice: '100.2' });
    expect(plain(v)).toMatchObject({ requestedNotional: '200', levelsConsumed: 2, complete: true });
  });

  it('fills exactly when the quote matches whole levels', () => {
    const v = book().vwapForNotional('sell', '50');
    expect(plain(v)).toMatchObject({ filled: '0.5', averagePrice: '100', levelsConsumed: 1, complete: true });
  });

  it('reports insufficient depth', () => {
    const v = book().vwapForNotional('buy', '1000');
    expect(v.complete).toBe(false);
    expect(str(v.filled)).toBe('6');
    expect(str(v.notional)).toBe('602');
  });

  it('is complete when the rest cannot buy one lot', () => {
    const v = book().vwapForNotional('buy', '1.001');
    expect(str(v.filled)).toBe('0.01');
    expect(str(v.notional)).toBe('1.001');
    const dust = book().vwapForNotional('buy', '0.5');
    expect(plain(dust)).toMatchObject({ filled: '0', levelsConsumed: 0, complete: true });
  });

  it('truncates a quote finer than price × size resolution', () => {
    const v = book().vwapForNotional('buy', '1.0019999');
    expect(str(v.requestedNotional)).toBe('1.001');
  });
});

describe('slippage', () => {
  it('against the mid', () => {
    const s = book().slippage('buy', '2.5');
    // mid = 100.05, average 100.16
    expect(s.reference).toBe('mid');
    expect(str(s.referencePrice)).toBe('100.05');
    expect(str(s.slippage)).toBe('0.11');
    expect(s.slippageBps?.eq(new Decimal('0.11').div('100.05').mul(10_000))).toBe(true);
  });

  it('against the best price of the walked side, positive when worse', () => {
    const s = book().slippage('sell', '0.75', 'best');
    expect(str(s.referencePrice)).toBe('100');
    expect(s.slippage?.eq(new Decimal(100).minus(new Decimal('74.975').div('0.75')))).toBe(true);
    expect(s.slippage?.isPositive()).toBe(true);
    const top = book().slippage('buy', '1', 'best');
    expect(str(top.slippage)).toBe('0');
  });

  it('is undefined without a reference or fill', () => {
    const b = new OrderBook({ priceDecimals: 1, sizeDecimals: 1 });
    b.applySnapshot({ bids: [], asks: [['10', '1']], sequence: 1 });
    const s = b.slippage('buy', '1');
    expect(s.referencePrice).toBeUndefined();
    expect(s.slippage).toBeUndefined();
    expect(str(b.slippage('buy', '1', 'best').slippage)).toBe('0');
  });
});

describe('vwapScaled (fast path)', () => {
  it('matches the exact walk in ticks and lots and reuses the output object', () => {
    const b = book();
    const out = new VwapScaledResult();
    const r = b.vwapScaled('buy', 250, out);
    expect(r).toBe(out);
    expect(r.filledLots).toBe(250);
    expect(r.notional).toBe(1001 * 100 + 1002 * 150);
    expect(r.averageTicks).toBeCloseTo(1001.6, 9);
    expect(r.exact).toBe(true);
    expect(r.bestTicks).toBe(1001);
    expect(r.worstTicks).toBe(1002);
    expect(r.levels).toBe(2);
    expect(r.complete).toBe(true);
    b.vwapScaled('sell', 1000, out);
    expect(out.complete).toBe(false);
    expect(out.filledLots).toBe(175);
    expect(out.worstTicks).toBe(990);
    b.vwapScaled('sell', 0, out);
    expect(out.levels).toBe(0);
    expect(out.averageTicks).toBeNaN();
  });

  it('refuses a non-integer size', () => {
    expect(() => book().vwapScaled('buy', 1.5)).toThrow(/sizeLots/);
    expect(() => book().vwapScaled('buy', -1)).toThrow(/sizeLots/);
  });
});
