import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../src/book/index.js';

/** Deterministic PRNG so a failure reproduces. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('OrderBook against a naive model', () => {
  it('matches a Map-based book over random deltas concentrated near the top', () => {
    const rand = lcg(42);
    const book = new OrderBook({ priceDecimals: 0, sizeDecimals: 0, sequenceMode: 'none' });
    book.applySnapshot({ bids: [], asks: [] });
    const model = { bid: new Map<number, number>(), ask: new Map<number, number>() };
    for (let i = 0; i < 20_000; i++) {
      const side = rand() < 0.5 ? 'bid' : 'ask';
      // Skewed toward the top: bids below 10 000, asks above it.
      const offset = Math.floor(rand() ** 3 * 300);
      const ticks = side === 'bid' ? 10_000 - offset : 10_001 + offset;
      const lots = rand() < 0.3 ? 0 : 1 + Math.floor(rand() * 1000);
      book.applyDeltaScaled(side, ticks, lots);
      if (lots === 0) model[side].delete(ticks);
      else model[side].set(ticks, lots);
      if (i % 997 === 0) check();
    }
    check();

    function check(): void {
      for (const side of ['bid', 'ask'] as const) {
        const expected = [...model[side].entries()]
          .sort((a, b) => (side === 'bid' ? b[0] - a[0] : a[0] - b[0]))
          .map(([p, s]) => ({ price: String(p), size: String(s) }));
        expect(book.levels(side)).toEqual(expected);
      }
      // VWAP of the fast path equals a direct sum over the model.
      const asks = [...model.ask.entries()].sort((a, b) => a[0] - b[0]);
      let left = 2500;
      let notional = 0;
      for (const [p, s] of asks) {
        const take = Math.min(s, left);
        notional += p * take;
        left -= take;
        if (left === 0) break;
      }
      const r = book.vwapScaled('buy', 2500);
      expect(r.notional).toBe(notional);
      expect(r.complete).toBe(left === 0);
      expect(book.vwap('buy', '2500').notional.toFixed()).toBe(String(notional));
    }
  });
});
