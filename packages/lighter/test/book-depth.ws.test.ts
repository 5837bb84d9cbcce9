import { InvalidInputError, type OrderBookSnapshot } from '@dn/core';
import { waitFor } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { LighterVenue } from '../src/index.js';
import { closeReplays, fixtureJson, replay } from './support/real-fixtures.js';

afterEach(closeReplays);

/** The nautilus `subscribed/order_book` capture deepened to three levels a side (constructed, unordered on purpose). */
function deepSnapshot(): string {
  const frame = fixtureJson<{ order_book: Record<string, unknown> }>('nautilus.ws_order_book_subscribed.json');
  frame.order_book.bids = [
    { price: '1999.00', size: '0.0300' },
    { price: '2000.00', size: '0.0200' },
    { price: '1998.50', size: '0.0400' },
  ];
  frame.order_book.asks = [
    { price: '2341.25', size: '340.1028' },
    { price: '2325.00', size: '99.0000' },
    { price: '2350.00', size: '1.0000' },
  ];
  return JSON.stringify(frame);
}

/** A venue whose `/stream` answers the `order_book/0` subscribe with the deep snapshot; `subscribes` counts them. */
async function venue(): Promise<{ venue: LighterVenue; subscribes: () => number }> {
  let subscribes = 0;
  const { venue } = await replay([], {
    sockets: [
      {
        path: '/stream',
        onConnect: (send: (f: unknown) => void) => send({ type: 'connected', session_id: 'replay' }),
        onMessage: (text: string, send: (f: unknown) => void) => {
          const msg = JSON.parse(text) as { type?: string; channel?: string };
          if (msg.type !== 'subscribe' || msg.channel !== 'order_book/0') return;
          subscribes++;
          send(deepSnapshot());
        },
      },
    ],
  });
  return { venue, subscribes: () => subscribes };
}

async function firstBook(v: LighterVenue, depth?: number): Promise<OrderBookSnapshot> {
  const books: OrderBookSnapshot[] = [];
  await v.subscribeOrderBook('ETH', (b) => books.push(b), depth === undefined ? {} : { depth });
  return waitFor(async () => books[0], 'a book', 3_000, 10);
}

const prices = (levels: OrderBookSnapshot['bids']): string[] => levels.map((l) => l.price.toFixed());

describe('LighterVenue.subscribeOrderBook depth', () => {
  it('depth 1 hands over only the best bid and ask', async () => {
    const b = await firstBook((await venue()).venue, 1);
    expect(prices(b.bids)).toEqual(['2000']);
    expect(prices(b.asks)).toEqual(['2325']);
  });

  it('depth 2 gives two levels per side, best first', async () => {
    const b = await firstBook((await venue()).venue, 2);
    expect(prices(b.bids)).toEqual(['2000', '1999']);
    expect(prices(b.asks)).toEqual(['2325', '2341.25']);
  });

  it('without a depth (default 20) every level of the shallower book is kept', async () => {
    const b = await firstBook((await venue()).venue);
    expect([b.bids.length, b.asks.length]).toEqual([3, 3]);
  });

  it.each([0, 1.5, -1])('refuses depth %s with InvalidInputError before subscribing', async (depth) => {
    const { venue: v, subscribes } = await venue();
    const err = await v.subscribeOrderBook('ETH', () => undefined, { depth }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).context).toMatchObject({ field: 'depth', value: depth, venue: 'lighter' });
    expect(subscribes()).toBe(0);
  });
});
