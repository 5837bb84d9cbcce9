import { describe, expect, it } from 'vitest';
import { OrderBook, SequenceGapError } from '../../src/book/index.js';
import { isDnError } from '../../src/errors/index.js';

const level = (price: string, size: string): [string, string] => [price, size];

describe('increment sequencing (Extended seq)', () => {
  function book(): OrderBook {
    const b = new OrderBook({ symbol: 'ETH', priceDecimals: 2, sizeDecimals: 3 });
    b.applySnapshot({ bids: [level('3000', '1')], asks: [level('3000.5', '1')], sequence: 1 });
    return b;
  }

  it('accepts consecutive sequences', () => {
    const b = book();
    expect(b.applyDelta({ bids: [level('3000', '2')], sequence: 2 })).toEqual({ ok: true });
    expect(b.applyDelta({ asks: [level('3000.5', '3')], sequence: 3 })).toEqual({ ok: true });
    expect(b.sequence).toBe(3);
    expect(b.bestAsk()?.size).toBe('3');
  });

  it('reports a skipped sequence as a gap, does not apply it, and clears the book', () => {
    const b = book();
    b.applyDelta({ sequence: 2 });
    const r = b.applyDelta({ bids: [level('3000', '9')], sequence: 4 });
    expect(r).toEqual({ ok: false, reason: 'gap', gap: { mode: 'increment', expected: 3, received: 4 } });
    expect(b.synced).toBe(false);
    expect(b.sequence).toBeUndefined();
    expect(b.bestBid()).toBeUndefined();
    // Everything after a gap is refused until a snapshot.
    expect(b.applyDelta({ sequence: 5 })).toEqual({ ok: false, reason: 'not-synced' });
    b.applySnapshot({ bids: [level('2999', '1')], asks: [], sequence: 5 });
    expect(b.applyDelta({ sequence: 6 })).toEqual({ ok: true });
  });

  it('reports a duplicate or older sequence as a gap', () => {
    const b = book();
    expect(b.applyDelta({ sequence: 1 })).toMatchObject({ ok: false, gap: { expected: 2, received: 1 } });
  });

  it('refuses deltas before any snapshot', () => {
    const b = new OrderBook({ priceDecimals: 2, sizeDecimals: 3 });
    expect(b.applyDelta({ bids: [level('1', '1')], sequence: 1 })).toEqual({ ok: false, reason: 'not-synced' });
    expect(b.levelCount('bid')).toBe(0);
  });

  it('requires a safe-integer sequence on snapshots and deltas', () => {
    const b = new OrderBook({ priceDecimals: 2, sizeDecimals: 3 });
    expect(() => b.applySnapshot({ bids: [], asks: [] })).toThrow(/sequence must be a safe integer/);
    const s = book();
    expect(() => s.applyDelta({ bids: [level('3000', '1')] })).toThrow(/sequence must be a safe integer/);
    expect(s.synced).toBe(false);
    const t = book();
    expect(() => t.applyDelta({ sequence: 2.5 })).toThrow(/sequence/);
  });

  it('applyDeltaOrThrow throws a SequenceGapError with the gap in its context', () => {
    const b = book();
    let caught: unknown;
    try {
      b.applyDeltaOrThrow({ sequence: 10 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SequenceGapError);
    expect(isDnError(caught, 'TRANSPORT')).toBe(true);
    expect((caught as SequenceGapError).context).toEqual({
      symbol: 'ETH',
      mode: 'increment',
      reason: 'gap',
      expected: 2,
      received: 10,
    });
    expect(() => b.applyDeltaOrThrow({ sequence: 11 })).toThrow(/ETH order book is not synced/);
  });
});

describe('chained sequencing (Lighter begin_nonce / nonce)', () => {
  function book(): OrderBook {
    const b = new OrderBook({ symbol: 'BTC', priceDecimals: 1, sizeDecimals: 5, sequenceMode: 'chained' });
    b.applySnapshot({ bids: [level('100000.1', '1')], asks: [level('100000.2', '1')], sequence: 5000 });
    return b;
  }

  it('accepts a delta whose prevSequence equals the last sequence, even when numbers jump', () => {
    const b = book();
    expect(b.applyDelta({ bids: [level('100000.1', '2')], prevSequence: 5000, sequence: 5017 })).toEqual({ ok: true });
    expect(b.applyDelta({ asks: [level('100000.2', '0')], prevSequence: 5017, sequence: 5020 })).toEqual({ ok: true });
    expect(b.sequence).toBe(5020);
    expect(b.bestAsk()).toBeUndefined();
  });

  it('reports a broken chain as a gap', () => {
    const b = book();
    b.applyDelta({ prevSequence: 5000, sequence: 5010 });
    expect(b.applyDelta({ bids: [level('1', '1')], prevSequence: 5011, sequence: 5020 })).toEqual({
      ok: false,
      reason: 'gap',
      gap: { mode: 'chained', expected: 5010, received: 5011 },
    });
    expect(b.synced).toBe(false);
  });

  it('requires prevSequence', () => {
    const b = book();
    expect(() => b.applyDelta({ sequence: 5001 })).toThrow(/prevSequence must be a safe integer/);
  });
});

describe('no sequencing (snapshot feeds)', () => {
  it('applies snapshots and deltas without sequence fields', () => {
    const b = new OrderBook({ priceDecimals: 3, sizeDecimals: 2, sequenceMode: 'none' });
    b.applySnapshot({ bids: [level('1.5', '1')], asks: [] });
    expect(b.sequence).toBeUndefined();
    expect(b.applyDelta({ bids: [level('1.5', '3')] })).toEqual({ ok: true });
    expect(b.bestBid()?.size).toBe('3');
    expect(b.applyDelta({ sequence: 99 })).toEqual({ ok: true });
    expect(b.sequence).toBe(99);
  });
});
