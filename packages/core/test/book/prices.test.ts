import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../src/book/index.js';

describe('best / mid / spread exactness', () => {
  it('keeps 0.1 + 0.2 style prices exact', () => {
    const b = new OrderBook({ tickSize: '0.1', lotSize: '0.1' });
    b.applySnapshot({ bids: [['0.1', '0.1']], asks: [['0.3', '0.2']], sequence: 1 });
    b.applyDelta({ bids: [['0.2', '0.3']], sequence: 2 });
    expect(b.bestBid()).toEqual({ price: '0.2', size: '0.3' });
    expect(b.mid()?.toString()).toBe('0.25');
    expect(b.spread()?.absolute.toString()).toBe('0.1');
    expect(b.spread()?.pct.toString()).toBe('40');
    expect(b.spread()?.bps.toString()).toBe('4000');
  });

  it('computes mid and spread of 100000.1 / 100000.2 at a 0.1 tick without drift', () => {
    const b = new OrderBook({ symbol: 'BTC', tickSize: '0.1', lotSize: '0.00001' });
    b.applySnapshot({ bids: [['100000.1', '0.00001']], asks: [['100000.2', '1.23456']], sequence: 1 });
    expect(b.bestBid()).toEqual({ price: '100000.1', size: '0.00001' });
    expect(b.bestAsk()).toEqual({ price: '100000.2', size: '1.23456' });
    expect(b.mid()?.toFixed()).toBe('100000.15');
    const s = b.spread();
    expect(s?.absolute.toFixed()).toBe('0.1');
    // 0.1 / 100000.15 × 10 000, to decimal.js precision.
    expect(s?.bps.toSignificantDigits(12).toFixed()).toBe('0.00999998500002');
    expect(s?.pct.eq(s.bps.div(100))).toBe(true);
  });

  it('handles a 0.5 tick', () => {
    const b = new OrderBook({ tickSize: '0.5', sizeDecimals: 0 });
    b.applySnapshot({ bids: [['120000.5', '1']], asks: [['120001', '1']], sequence: 1 });
    expect(b.bestBidTicks()).toBe(240001);
    expect(b.mid()?.toFixed()).toBe('120000.75');
    expect(b.ticksToPrice(240001)).toBe('120000.5');
    expect(() => b.priceToTicks('120000.3')).toThrow(/not a multiple of 0.5/);
  });

  it('keeps BTC 120000.5 at 0.1 tick with 0.00001 lots exact through many deltas', () => {
    const b = new OrderBook({ symbol: 'BTC', priceDecimals: 1, sizeDecimals: 5 });
    b.applySnapshot({ bids: [['120000.5', '0.00001']], asks: [['120000.6', '0.00003']], sequence: 1 });
    // 0.00001 added 10 000 times as absolute sizes: a float accumulator would drift.
    let seq = 1;
    for (let i = 2; i <= 10_000; i++) {
      b.applyDelta({ bids: [['120000.5', new Decimal('0.00001').mul(i).toFixed()]], sequence: ++seq });
    }
    expect(b.bestBid()).toEqual({ price: '120000.5', size: '0.1' });
    const v = b.vwap('sell', '0.1');
    expect(v.notional.toFixed()).toBe('12000.05');
    expect(v.averagePrice?.toFixed()).toBe('120000.5');
  });

  it('accepts prices far above BTC and refuses those beyond 2^53 units', () => {
    const b = new OrderBook({ priceDecimals: 8, sizeDecimals: 8 });
    b.applySnapshot({ bids: [['90071992.54740991', '90071992.54740991']], asks: [], sequence: 1 });
    expect(b.bestBid()).toEqual({ price: '90071992.54740991', size: '90071992.54740991' });
    expect(() => b.applySnapshot({ bids: [['90071992.54740992', '1']], asks: [], sequence: 1 })).toThrow(
      /too large for this book's scale/,
    );
  });

  it('returns undefined mid and spread when a side is empty', () => {
    const b = new OrderBook({ priceDecimals: 1, sizeDecimals: 1 });
    b.applySnapshot({ bids: [['1', '1']], asks: [], sequence: 1 });
    expect(b.mid()).toBeUndefined();
    expect(b.spread()).toBeUndefined();
    expect(b.bestAsk()).toBeUndefined();
    expect(b.isCrossed()).toBe(false);
  });
});

describe('crossed book', () => {
  it('detects best bid above best ask, and equal prices', () => {
    const b = new OrderBook({ priceDecimals: 1, sizeDecimals: 1 });
    b.applySnapshot({ bids: [['100', '1']], asks: [['100.1', '1']], sequence: 1 });
    expect(b.isCrossed()).toBe(false);
    b.applyDelta({ bids: [['100.1', '1']], sequence: 2 });
    expect(b.isCrossed()).toBe(true);
    b.applyDelta({ bids: [['100.1', '0']], asks: [['99.9', '1']], sequence: 3 });
    expect(b.isCrossed()).toBe(true);
    expect(b.spread()?.absolute.toFixed()).toBe('-0.1');
    expect(b.mid()?.toFixed()).toBe('99.95');
    b.applyDelta({ asks: [['99.9', '0']], sequence: 4 });
    expect(b.isCrossed()).toBe(false);
  });
});
