import type { OrderBookSnapshot, PerpVenue, SubscribeOrderBookOptions } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { type Call, crashSwitch, faulty, instrument } from '../src/testing/index.js';

/** Records the options its `subscribeOrderBook` receives (`this` is used, as in a connector). */
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

const calls: Call[] = [];
const PROBES: Array<[string, (v: PerpVenue) => PerpVenue]> = [
  ['instrument', (v) => instrument('a', v, calls)],
  ['faulty', (v) => faulty(v, { placeOrder: async () => undefined })],
  ['crashSwitch().venue', (v) => crashSwitch(undefined).venue(v)],
];

describe.each(PROBES)('%s', (_name, wrap) => {
  it('hands subscribeOrderBook’s depth to the inner venue', async () => {
    const inner = new BookVenue();
    await wrap(inner as unknown as PerpVenue).subscribeOrderBook('BTC', () => undefined, { depth: 2 });
    expect(inner.seen).toEqual([{ depth: 2 }]);
  });
});
