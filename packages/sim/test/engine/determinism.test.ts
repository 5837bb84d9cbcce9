import { describe, expect, it } from 'vitest';
import { setup } from './helpers.js';

describe('determinism', () => {
  it('same seeds and same times give identical books, prices, funding and fills, whatever the query cadence', async () => {
    const dense = setup('lighter');
    const sparse = setup('lighter');
    const results = { dense: [] as unknown[], sparse: [] as unknown[] };
    for (let step = 0; step < 6; step++) {
      // dense asks for data every 10 s, sparse only at the step times
      for (let i = 0; i < 30; i++) {
        await dense.clock.advance(10_000);
        dense.engine.book('ETH', 5);
        dense.engine.funding('BTC');
      }
      await sparse.clock.advance(300_000);
      for (const [k, s] of [
        ['dense', dense],
        ['sparse', sparse],
      ] as const) {
        const r = s.engine.placeOrder('a', {
          symbol: 'ETH',
          side: step % 2 ? 'sell' : 'buy',
          type: 'market',
          size: '2',
        });
        const book = s.engine.book('ETH', 5);
        results[k].push({
          fills: r.fills.map((f) => [f.price.toString(), f.size.toString(), f.fee.toString()]),
          bids: book.bids.map((l) => [l.price.toString(), l.size.toString()]),
          asks: book.asks.map((l) => [l.price.toString(), l.size.toString()]),
          mark: s.engine.markPrice('SOL').toString(),
          funding: s.engine.funding('DOGE').rate.toString(),
        });
      }
    }
    expect(results.sparse).toEqual(results.dense);
    await dense.clock.advance(4 * 3_600_000);
    await sparse.clock.advance(4 * 3_600_000);
    expect(sparse.engine.ledger('a')).toEqual(dense.engine.ledger('a'));
    expect(sparse.engine.fundingHistory('ETH')).toEqual(dense.engine.fundingHistory('ETH'));
  });

  it('a different engine seed changes the venue (basis, book noise, funding) but not the world', () => {
    const a = setup('extended', { seed: 1 });
    const b = setup('extended', { seed: 2 });
    expect(a.engine.indexPrice('BTC').eq(b.engine.indexPrice('BTC'))).toBe(true);
    expect(a.engine.funding('BTC').rate.eq(b.engine.funding('BTC').rate)).toBe(false);
    expect(a.engine.book('BTC', 3)).not.toEqual(b.engine.book('BTC', 3));
  });

  it('venues on one world track the same price with a small basis', () => {
    const ext = setup('extended');
    const edgex = setup('edgex');
    const a = ext.engine.markPrice('ETH');
    const b = edgex.engine.markPrice('ETH');
    expect(a.sub(b).abs().div(a).lt('0.001')).toBe(true);
    const spread = (s: typeof ext): number => {
      const bk = s.engine.book('BTC', 1);
      return (
        (bk.asks[0]?.price
          .sub(bk.bids[0]?.price ?? 0)
          .div(bk.bids[0]?.price ?? 1)
          .toNumber() ?? 0) * 10_000
      );
    };
    expect(spread(ext)).toBeGreaterThan(0.5);
    expect(spread(ext)).toBeLessThan(6);
  });
});
