import { OrderBook, type OrderBookSnapshot, TransportError } from '@dn/core';
import type { LighterMarketInfo } from '../symbols.js';
import * as wire from '../wire.js';
import type { LighterFrame, LighterStream } from './stream.js';

export interface OrderBookStreamOptions {
  depth: number;
  onBook: (book: OrderBookSnapshot) => void;
  onError?: (e: Error) => void;
  /** Called after a continuity gap triggered a resubscribe (for metrics and tests). */
  onResync?: () => void;
}

/**
 * `order_book/{m}`: the `subscribed/order_book` snapshot, then deltas chained by `begin_nonce` = previous `nonce`
 * (offsets are not contiguous since Dec 2025, lighter-python #105). On a gap the book clears itself and the channel
 * is unsubscribed and subscribed again for a fresh snapshot; nothing is emitted until it arrives.
 */
export class OrderBookStream {
  readonly book: OrderBook;
  readonly channel: string;
  private resyncs = 0;

  constructor(
    private readonly stream: LighterStream,
    private readonly market: LighterMarketInfo,
    private readonly options: OrderBookStreamOptions,
  ) {
    this.channel = `order_book/${market.marketIndex}`;
    this.book = new OrderBook({
      symbol: market.symbol,
      priceDecimals: market.priceDecimals,
      sizeDecimals: market.sizeDecimals,
      sequenceMode: 'chained',
    });
  }

  get resyncCount(): number {
    return this.resyncs;
  }

  start(): Promise<void> {
    return this.stream.subscribe(this.channel, {
      onFrame: (frame) => this.onFrame(frame),
      onDisconnect: () => this.book.clear(),
    });
  }

  stop(): void {
    this.stream.unsubscribe(this.channel);
  }

  private onFrame(frame: LighterFrame): void {
    const type = frame.type ?? '';
    if (!type.endsWith('/order_book')) return;
    const parsed = wire.wsOrderBookSchema.safeParse(frame['order_book']);
    if (!parsed.success) {
      this.options.onError?.(new TransportError('Malformed Lighter order_book frame', { venue: 'lighter' }));
      return;
    }
    const ob = parsed.data;
    const bids = ob.bids.map((l) => ({ price: l.price, size: l.size }));
    const asks = ob.asks.map((l) => ({ price: l.price, size: l.size }));
    try {
      if (type.startsWith('subscribed/')) {
        this.book.applySnapshot({ bids, asks, sequence: ob.nonce });
      } else {
        // A delta without begin_nonce cannot be chained: treat it as a gap rather than guess.
        const r = this.book.applyDelta({ bids, asks, sequence: ob.nonce, prevSequence: ob.begin_nonce ?? -1 });
        if (!r.ok) {
          if (r.reason === 'gap') this.resync();
          return;
        }
      }
    } catch (e) {
      this.options.onError?.(e as Error);
      this.resync();
      return;
    }
    const depth = this.book.depthDecimal(this.options.depth);
    this.options.onBook({
      symbol: this.market.symbol,
      bids: depth.bids,
      asks: depth.asks,
      timestamp: typeof frame['timestamp'] === 'string' ? Number(frame['timestamp']) : Date.now(),
      sequence: ob.nonce,
    });
  }

  private resync(): void {
    this.resyncs++;
    this.book.clear();
    this.stream.resubscribe(this.channel);
    this.options.onResync?.();
  }
}
