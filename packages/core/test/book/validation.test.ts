import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { OrderBook, type PriceLevelInput } from '../../src/book/index.js';
import { InvalidInputError } from '../../src/errors/index.js';
import { thrownBy } from '../../src/testing/index.js';

function synced(): OrderBook {
  const b = new OrderBook({ symbol: 'BTC', tickSize: '0.1', lotSize: '0.00001' });
  b.applySnapshot({ bids: [['100000', '1']], asks: [['100000.1', '1']], sequence: 1 });
  return b;
}

const thrown = (fn: () => unknown): InvalidInputError => thrownBy(InvalidInputError, fn);

describe('construction', () => {
  it('needs decimals or a step for each axis', () => {
    expect(() => new OrderBook({ sizeDecimals: 2 })).toThrow(/priceDecimals or tickSize/);
    expect(() => new OrderBook({ priceDecimals: 2 })).toThrow(/sizeDecimals or lotSize/);
  });

  it('refuses bad decimals and steps', () => {
    expect(() => new OrderBook({ priceDecimals: -1, sizeDecimals: 0 })).toThrow(/integer between 0 and 18/);
    expect(() => new OrderBook({ priceDecimals: 1.5, sizeDecimals: 0 })).toThrow(/integer between/);
    expect(() => new OrderBook({ tickSize: '0', sizeDecimals: 0 })).toThrow(/tickSize must be positive/);
    expect(() => new OrderBook({ tickSize: '-0.1', sizeDecimals: 0 })).toThrow(/must not be negative/);
    expect(() => new OrderBook({ tickSize: 'abc', sizeDecimals: 0 })).toThrow(/not a decimal number/);
    expect(() => new OrderBook({ tickSize: '0.05', priceDecimals: 1, sizeDecimals: 0 })).toThrow(/finer than/);
    expect(
      () => new OrderBook({ priceDecimals: 0, sizeDecimals: 0, sequenceMode: 'odd' as unknown as 'none' }),
    ).toThrow(/sequenceMode/);
  });

  it('normalises the tick and lot and accepts both forms together', () => {
    const b = new OrderBook({ tickSize: '0.50', priceDecimals: 2, lotSize: new Decimal('1e-3') });
    expect(b.tickSize).toBe('0.5');
    expect(b.priceDecimals).toBe(2);
    expect(b.lotSize).toBe('0.001');
    expect(b.sizeDecimals).toBe(3);
    expect(b.priceToTicks('1.5')).toBe(3);
  });
});

describe('level validation', () => {
  it('refuses a negative size with the level in the error', () => {
    const b = synced();
    const e = thrown(() =>
      b.applyDelta({
        bids: [
          ['100000', '1'],
          ['99999.9', '-0.1'],
        ],
        sequence: 2,
      }),
    );
    expect(e.shortMessage).toBe('BTC: bids[1].size must not be negative');
    expect(e.context).toMatchObject({ field: 'bids[1].size', value: '-0.1' });
    // A delta that failed half-way leaves an untrustworthy book: it is cleared.
    expect(b.synced).toBe(false);
    expect(b.levelCount('bid')).toBe(0);
  });

  it('refuses a price off the tick and a size off the lot', () => {
    expect(thrown(() => synced().applyDelta({ asks: [['100000.15', '1']], sequence: 2 })).context).toEqual({
      field: 'asks[0].price',
      value: '100000.15',
      expected: 'a multiple of 0.1',
    });
    expect(thrown(() => synced().applyDelta({ asks: [['100000.2', '0.000015']], sequence: 2 })).shortMessage).toBe(
      'BTC: asks[0].size is not a multiple of 0.00001',
    );
    const halfTick = new OrderBook({ tickSize: '0.5', sizeDecimals: 0 });
    expect(() => halfTick.applySnapshot({ bids: [['10.2', '1']], asks: [], sequence: 1 })).toThrow(
      /bids\[0\].price is not a multiple of 0.5/,
    );
  });

  it('accepts trailing zeros beyond the scale', () => {
    const b = synced();
    b.applyDelta({ bids: [['100000.10000', '2.000000000']], sequence: 2 });
    expect(b.bestBid()).toEqual({ price: '100000.1', size: '2' });
  });

  it('refuses zero and negative prices', () => {
    expect(() => synced().applyDelta({ bids: [['0', '1']], sequence: 2 })).toThrow(/bids\[0\].price must be positive/);
    expect(() => synced().applyDelta({ bids: [['-5', '1']], sequence: 2 })).toThrow(/must not be negative/);
  });

  it('refuses non-decimal strings, JS numbers and malformed levels', () => {
    for (const bad of ['', '.', 'abc', '1,5', ' 1', '0x10', 'NaN', 'Infinity']) {
      expect(() => synced().applyDelta({ bids: [[bad, '1']], sequence: 2 }), bad).toThrow(/not a decimal number/);
    }
    const float = [[0.1, '1']] as unknown as PriceLevelInput[];
    expect(() => synced().applyDelta({ bids: float, sequence: 2 })).toThrow(/decimal string or a Decimal/);
    const broken = [{ price: '1' }] as unknown as PriceLevelInput[];
    expect(() => synced().applyDelta({ bids: broken, sequence: 2 })).toThrow(/bids\[0\] is not a level/);
    expect(() => synced().applyDelta({ bids: [[new Decimal(Number.NaN), '1']], sequence: 2 })).toThrow(/not finite/);
  });

  it('refuses bad query inputs', () => {
    const b = synced();
    expect(() => b.vwap('buy', '-1')).toThrow(/size must not be negative/);
    expect(() => b.vwap('buy', '0.000001')).toThrow(/not a multiple of 0.00001/);
    expect(() => b.vwap('long' as 'buy', '1')).toThrow(/side must be buy or sell/);
    expect(() => b.vwapForNotional('sell', '-10')).toThrow(/quote must not be negative/);
    expect(() => b.levels('bids' as 'bid')).toThrow(/side must be bid or ask/);
    expect(() => b.depth(-1)).toThrow(/depth must be a non-negative integer/);
    expect(() => b.slippage('buy', '1', 'last' as 'mid')).toThrow(/reference must be mid or best/);
    expect(() => b.ticksToPrice(1.5)).toThrow(/ticks must be an integer/);
  });
});

describe('scaled input validation', () => {
  it('refuses deltas before a snapshot', () => {
    const b = new OrderBook({ priceDecimals: 1, sizeDecimals: 1 });
    expect(() => b.applyDeltaScaled('bid', 10, 1)).toThrow(/not synced/);
  });

  it('refuses bad ticks, lots and sides, and clears the book', () => {
    const cases: [string, number, number, RegExp][] = [
      ['bid', 0, 1, /priceTicks/],
      ['bid', 1.5, 1, /priceTicks/],
      ['ask', Number.NaN, 1, /priceTicks/],
      ['ask', 2 ** 53, 1, /priceTicks/],
      ['bid', 10, -1, /sizeLots/],
      ['bid', 10, 0.5, /sizeLots/],
      ['bid', 10, Number.POSITIVE_INFINITY, /sizeLots/],
      ['buy', 10, 1, /side must be bid or ask/],
    ];
    for (const [side, ticks, lots, message] of cases) {
      const b = synced();
      expect(() => b.applyDeltaScaled(side as 'bid', ticks, lots), `${side} ${ticks} ${lots}`).toThrow(message);
      expect(b.synced).toBe(false);
    }
  });

  it('refuses scaled snapshots with mismatched or invalid arrays', () => {
    const b = new OrderBook({ priceDecimals: 1, sizeDecimals: 1 });
    expect(() =>
      b.applySnapshotScaled({ bidTicks: [1, 2], bidLots: [1], askTicks: [], askLots: [], sequence: 1 }),
    ).toThrow(/differ in length/);
    expect(() =>
      b.applySnapshotScaled({ bidTicks: [1], bidLots: [-1], askTicks: [], askLots: [], sequence: 1 }),
    ).toThrow(/size lots out of range/);
    expect(() =>
      b.applySnapshotScaled({ bidTicks: [3, 3], bidLots: [1, 1], askTicks: [], askLots: [], sequence: 1 }),
    ).toThrow(/twice/);
  });

  it('respects a lot bigger than one unit when converting back', () => {
    const b = new OrderBook({ tickSize: '0.25', lotSize: '10' });
    b.applySnapshotScaled({ bidTicks: [5], bidLots: [3], askTicks: [], askLots: [], sequence: 1 });
    expect(b.bestBid()).toEqual({ price: '1.25', size: '30' });
    expect(b.sizeToLots('40')).toBe(4);
    expect(() => b.sizeToLots('45')).toThrow(/multiple of 10/);
  });
});
