import type { OrderBookSnapshot, SubscribeOrderBookOptions } from '../types/index.js';

/**
 * A venue that only records the options each `subscribeOrderBook` call receives, for tests of wrappers that must
 * hand them on. A class instance, as connectors are, so a wrapper that loses `this` fails.
 */
export class BookOptionsRecorder {
  readonly id = 'fake';
  readonly seen: Array<SubscribeOrderBookOptions | undefined> = [];

  async subscribeOrderBook(
    _symbol: string,
    _onBook: (b: OrderBookSnapshot) => void,
    options?: SubscribeOrderBookOptions,
  ): Promise<{ unsubscribe: () => Promise<void> }> {
    this.seen.push(options);
    return { unsubscribe: async () => undefined };
  }
}
