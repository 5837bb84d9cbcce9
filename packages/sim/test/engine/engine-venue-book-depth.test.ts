import { InvalidInputError, type OrderBookSnapshot } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { EngineVenue } from '../../src/engine/index.js';
import { setup } from './helpers.js';

/** Books seen by a subscription with `depth` while a market order changes the book. */
async function booksAfterATrade(depth?: number): Promise<OrderBookSnapshot[]> {
  const { engine } = setup('lighter');
  const venue = new EngineVenue(engine, 'a');
  const books: OrderBookSnapshot[] = [];
  await venue.subscribeOrderBook('BTC', (b) => books.push(b), depth === undefined ? undefined : { depth });
  await venue.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
  await venue.close();
  return books;
}

describe('EngineVenue.subscribeOrderBook depth', () => {
  it('depth 1 and 2 give exactly that many levels per side of the deeper generated book', async () => {
    const one = await booksAfterATrade(1);
    expect(one.length).toBeGreaterThan(0);
    for (const b of one) expect([b.bids.length, b.asks.length]).toEqual([1, 1]);
    const two = await booksAfterATrade(2);
    for (const b of two) expect([b.bids.length, b.asks.length]).toEqual([2, 2]);
    // Same engine seed, same book: the depth-1 snapshot is the top of the depth-2 one.
    expect(one[0]?.bids[0]?.price.eq(two[0]?.bids[0]?.price ?? 0)).toBe(true);
    expect(two[0]?.bids[0]?.price.gt(two[0]?.bids[1]?.price ?? Number.POSITIVE_INFINITY)).toBe(true);
  });

  it('without a depth, 20 levels per side (as getOrderBook)', async () => {
    const [b] = await booksAfterATrade();
    expect([b?.bids.length, b?.asks.length]).toEqual([20, 20]);
  });

  it.each([0, 1.5, -1])('refuses depth %s with InvalidInputError before subscribing', async (depth) => {
    const { engine } = setup('lighter');
    const venue = new EngineVenue(engine, 'a');
    const books: OrderBookSnapshot[] = [];
    const err = await venue.subscribeOrderBook('BTC', (b) => books.push(b), { depth }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).context).toMatchObject({ field: 'depth', value: depth, venue: 'lighter' });
    await venue.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
    expect(books).toEqual([]);
    await venue.close();
  });
});
