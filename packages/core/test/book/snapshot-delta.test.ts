import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../src/book/index.js';

/** Levels written `price@size`, space-separated: `at('100@1 99.8@2')` is [['100', '1'], ['99.8', '2']]. */
const at = (text: string) => text.split(' ').map((level) => level.split('@') as [string, string]);

/** One side of `book` as `price@size` text, best first. */
const side = (book: OrderBook, s: 'bid' | 'ask') =>
  book
    .levels(s)
    .map((l) => `${l.price}@${l.size}`)
    .join(' ');

function btcBook(): OrderBook {
  return new OrderBook({ symbol: 'BTC', tickSize: '0.1', lotSize: '0.001' });
}

describe('OrderBook snapshot', () => {
  it('sorts unsorted levels best first and skips zero sizes', () => {
    const book = btcBook();
    book.applySnapshot({
      bids: at('99.8@1 100.0@2 99.9@0 99.9000@3.000'),
      asks: [
        { price: '100.3', size: '1' },
        { price: '100.1', size: '0.5' },
        { price: '100.2', size: '0' },
      ],
      sequence: 7,
    });
    expect(side(book, 'bid')).toBe('100@2 99.9@3 99.8@1');
    expect(side(book, 'ask')).toBe('100.1@0.5 100.3@1');
    expect(book.sequence).toBe(7);
    expect(book.synced).toBe(true);
  });

  it('accepts Decimal and exponent inputs', () => {
    const book = new OrderBook({ priceDecimals: 2, sizeDecimals: 8 });
    book.applySnapshot({
      bids: [[new Decimal('1.5'), '1e-8']],
      asks: [['1.6E0', new Decimal('0.00000002')]],
      sequence: 1,
    });
    expect(book.bestBid()).toEqual({ price: '1.5', size: '0.00000001' });
    expect(book.bestAsk()).toEqual({ price: '1.6', size: '0.00000002' });
  });

  it('replaces the previous book entirely', () => {
    const book = btcBook();
    book.applySnapshot({ bids: [['100', '1']], asks: [['101', '1']], sequence: 1 });
    book.applySnapshot({ bids: [['90', '2']], asks: [], sequence: 50 });
    expect(book.levels('bid')).toEqual([{ price: '90', size: '2' }]);
    expect(book.levelCount('ask')).toBe(0);
    expect(book.sequence).toBe(50);
  });

  it('refuses a price listed twice on one side and leaves the book cleared', () => {
    const book = btcBook();
    book.applySnapshot({ bids: [['100', '1']], asks: [['101', '1']], sequence: 1 });
    expect(() =>
      book.applySnapshot({
        bids: at('100@1 100.0@2'),
        asks: [],
        sequence: 2,
      }),
    ).toThrow(/bids list price 100 twice/);
    expect(book.synced).toBe(false);
    expect(book.bestBid()).toBeUndefined();
  });

  it('loads a large snapshot given worst-first', () => {
    const book = new OrderBook({ priceDecimals: 0, sizeDecimals: 0 });
    const bids = Array.from({ length: 1000 }, (_, i) => [String(i + 1), String(i + 1)] as const);
    book.applySnapshot({ bids, asks: [], sequence: 1 });
    expect(book.levelCount('bid')).toBe(1000);
    expect(book.bestBid()).toEqual({ price: '1000', size: '1000' });
    expect(book.priceTicksAt('bid', 999)).toBe(1);
  });
});

describe('OrderBook delta', () => {
  // Gaps of 0.2 leave room to insert between levels.
  function seeded(): OrderBook {
    const book = btcBook();
    book.applySnapshot({
      bids: at('100@1 99.8@2 99.6@3'),
      asks: at('100.4@1 100.6@2 100.8@3'),
      sequence: 10,
    });
    return book;
  }

  it('updates existing levels with the absolute size', () => {
    const book = seeded();
    expect(book.applyDelta({ bids: [['99.8', '5.5']], asks: [['100.4', '0.25']], sequence: 11 })).toEqual({ ok: true });
    expect(book.sizeAt('bid', '99.8')).toBe('5.5');
    expect(book.sizeAt('bid', '99.7')).toBe('0');
    expect(book.bestAsk()).toEqual({ price: '100.4', size: '0.25' });
    expect(book.levelCount('bid')).toBe(3);
  });

  it('inserts new levels at the top, in the middle and at the bottom', () => {
    const book = seeded();
    book.applyDelta({
      bids: at('100.1@4 99.9@5 99.5@6'),
      asks: at('100.3@7 100.5@8 101@9'),
      sequence: 11,
    });
    expect(side(book, 'bid')).toBe('100.1@4 100@1 99.9@5 99.8@2 99.6@3 99.5@6');
    expect(side(book, 'ask')).toBe('100.3@7 100.4@1 100.5@8 100.6@2 100.8@3 101@9');
  });

  it('removes levels on size zero, at the top and deeper, and ignores removal of absent levels', () => {
    const book = seeded();
    book.applyDelta({
      bids: at('100@0 99.6@0.000 50@0'),
      asks: [['100.6', '0']],
      sequence: 11,
    });
    expect(book.levels('bid')).toEqual([{ price: '99.8', size: '2' }]);
    expect(side(book, 'ask')).toBe('100.4@1 100.8@3');
  });

  it('applies a price listed twice in one delta in order (last wins)', () => {
    const book = seeded();
    book.applyDelta({
      asks: at('100.4@0 100.4@4'),
      sequence: 11,
    });
    expect(book.bestAsk()).toEqual({ price: '100.4', size: '4' });
  });

  it('applies scaled deltas after advanceSequence', () => {
    const book = seeded();
    expect(book.advanceSequence({ sequence: 11 }).ok).toBe(true);
    book.applyDeltaScaled('bid', book.priceToTicks('100.2'), book.sizeToLots('0.5'));
    book.applyDeltaScaled('bid', 1002, 1500);
    book.applyDeltaScaled('ask', 1004, 0);
    expect(book.bestBid()).toEqual({ price: '100.2', size: '1.5' });
    expect(book.bestAsk()).toEqual({ price: '100.6', size: '2' });
    expect(book.sequence).toBe(11);
  });

  it('loads a scaled snapshot', () => {
    const book = btcBook();
    book.applySnapshotScaled({
      bidTicks: [999, 1000],
      bidLots: [1, 0],
      askTicks: [1002],
      askLots: [2500],
      sequence: 3,
    });
    expect(book.levels('bid')).toEqual([{ price: '99.9', size: '0.001' }]);
    expect(book.bestAsk()).toEqual({ price: '100.2', size: '2.5' });
    expect(book.sequence).toBe(3);
  });

  it('returns depth(n) per side and Decimal depth', () => {
    const book = seeded();
    expect(book.depth(2)).toEqual({
      bids: [
        { price: '100', size: '1' },
        { price: '99.8', size: '2' },
      ],
      asks: [
        { price: '100.4', size: '1' },
        { price: '100.6', size: '2' },
      ],
    });
    expect(book.depth(0)).toEqual({ bids: [], asks: [] });
    expect(book.depth(50).bids).toHaveLength(3);
    const dec = book.depthDecimal(1);
    expect(dec.asks[0]?.price.eq('100.4')).toBe(true);
    expect(dec.bids[0]?.size.eq(1)).toBe(true);
  });

  it('exposes levels for allocation-free iteration', () => {
    const book = seeded();
    expect(book.bestBidTicks()).toBe(1000);
    expect(book.bestAskTicks()).toBe(1004);
    expect(book.priceTicksAt('ask', 2)).toBe(1008);
    expect(book.sizeLotsAt('bid', 2)).toBe(3000);
    expect(() => book.priceTicksAt('ask', 3)).toThrow(/outside the book/);
    book.clear();
    expect(book.bestBidTicks()).toBeUndefined();
  });
});
