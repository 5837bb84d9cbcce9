import { type OrderBookSnapshot, parseJson } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { type ChannelHandler, type LighterMarketInfo, type LighterStream, OrderBookStream } from '../src/index.js';

function fakeStream() {
  const calls: string[] = [];
  let handler: ChannelHandler | undefined;
  const stream = {
    async subscribe(channel: string, h: ChannelHandler) {
      calls.push(`subscribe ${channel}`);
      handler = h;
    },
    resubscribe(channel: string) {
      calls.push(`resubscribe ${channel}`);
    },
    unsubscribe(channel: string) {
      calls.push(`unsubscribe ${channel}`);
    },
  } as unknown as LighterStream;
  // Frames as the venue sends them (numbers kept as text, as the stream parses them).
  const push = (json: string) => handler?.onFrame(parseJson(json, 'string-all') as never, {} as never);
  return { stream, calls, push, disconnect: () => handler?.onDisconnect?.() };
}

const BTC = { symbol: 'BTC', marketIndex: 1, priceDecimals: 1, sizeDecimals: 5 } as LighterMarketInfo;

describe('OrderBookStream', () => {
  it('applies the snapshot and begin_nonce-chained deltas, resubscribes on a gap', async () => {
    const f = fakeStream();
    const books: OrderBookSnapshot[] = [];
    const s = new OrderBookStream(f.stream, BTC, { depth: 5, onBook: (b) => books.push(b) });
    await s.start();
    expect(f.calls).toEqual(['subscribe order_book/1']);
    f.push(
      '{"type":"subscribed/order_book","channel":"order_book:1","offset":10,"order_book":{"code":0,"asks":[{"price":"100.1","size":"1.00000"}],"bids":[{"price":"99.9","size":"2.00000"},{"price":"99.8","size":"1.00000"}],"offset":10,"nonce":500,"begin_nonce":500}}',
    );
    expect(books[0]?.bids.map((l) => l.price.toString())).toEqual(['99.9', '99.8']);
    f.push(
      '{"type":"update/order_book","channel":"order_book:1","offset":17,"order_book":{"asks":[],"bids":[{"price":"99.9","size":"0"}],"offset":17,"nonce":503,"begin_nonce":500}}',
    );
    expect(books[1]?.bids.map((l) => l.price.toString())).toEqual(['99.8']);
    expect(books[1]?.sequence).toBe(503);
    // begin_nonce 504 ≠ 503: a message was lost.
    f.push(
      '{"type":"update/order_book","channel":"order_book:1","order_book":{"asks":[],"bids":[{"price":"99.7","size":"1"}],"nonce":506,"begin_nonce":504}}',
    );
    expect(books).toHaveLength(2);
    expect(s.resyncCount).toBe(1);
    expect(f.calls).toContain('resubscribe order_book/1');
    expect(s.book.synced).toBe(false);
    // Deltas before the new snapshot are ignored; the snapshot restores the book.
    f.push(
      '{"type":"update/order_book","channel":"order_book:1","order_book":{"asks":[],"bids":[],"nonce":507,"begin_nonce":506}}',
    );
    expect(books).toHaveLength(2);
    f.push(
      '{"type":"subscribed/order_book","channel":"order_book:1","order_book":{"asks":[{"price":"100.2","size":"1"}],"bids":[{"price":"99.7","size":"1"}],"nonce":600}}',
    );
    expect(books[2]?.asks[0]?.price.toString()).toBe('100.2');
    f.disconnect();
    expect(s.book.synced).toBe(false);
  });
});
