import type { OrderBookSnapshot, PerpVenue, SubscribeOrderBookOptions } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { afterEachOrder, guardOpenings, reduceOnlyVenue } from '../src/index.js';

/** A class instance, as connectors are: records the options its `subscribeOrderBook` receives (`this` is used). */
class BookVenue {
  readonly id = 'fake';
  readonly seen: Array<SubscribeOrderBookOptions | undefined> = [];

  async subscribeOrderBook(
    _symbol: string,
    _onBook: (b: OrderBookSnapshot) => void,
    options?: SubscribeOrderBookOptions,
  ) {
    this.seen.push(options);
    return { unsubscribe: async () => undefined };
  }
}

const WRAPPERS: Array<[string, (v: PerpVenue) => PerpVenue]> = [
  ['afterEachOrder', (v) => afterEachOrder(v, () => undefined)],
  ['guardOpenings', (v) => guardOpenings(v, () => undefined)],
  ['reduceOnlyVenue', (v) => reduceOnlyVenue(v, 'test')],
  [
    'stacked',
    (v) =>
      reduceOnlyVenue(
        guardOpenings(
          afterEachOrder(v, () => undefined),
          () => undefined,
        ),
        'test',
      ),
  ],
];

describe.each(WRAPPERS)('%s', (_name, wrap) => {
  it('hands subscribeOrderBook’s depth to the inner venue (a dropped option would mean its default depth)', async () => {
    const inner = new BookVenue();
    const v = wrap(inner as unknown as PerpVenue);
    await v.subscribeOrderBook('BTC', () => undefined, { depth: 1 });
    await v.subscribeOrderBook('ETH', () => undefined);
    expect(inner.seen).toEqual([{ depth: 1 }, undefined]);
  });
});
