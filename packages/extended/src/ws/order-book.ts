import { Decimal, OrderBook, type OrderBookSnapshot, type PriceLevelInput } from '@dn/core';
import { type BookFrameData, readBookData } from './book-frame.js';
import type { ExtendedStreamEnvelope } from './stream.js';

/** What one stream message did to the local book (`waiting`: nothing, e.g. a frame of another type). */
export type BookSyncResult = 'updated' | 'waiting' | 'resync';

export interface ExtendedBookSyncOptions {
  symbol: string;
  tickSize: Decimal;
  lotSize: Decimal;
}

/**
 * Local book of one `/orderbooks/{market}` connection: SNAPSHOT replaces it, DELTA applies `c` (the new absolute
 * size; `q` is the change) and must carry `seq` = previous + 1. A gap, a malformed message or a level off the
 * tick/lot grid clears the book and asks for a resync: the venue only re-sends a snapshot on a new connection
 * (docs: "on a gap, reconnect"). `seq` restarts on every connection, so `reset()` is called for each new one.
 * Pure: no I/O, easy to test.
 */
export class ExtendedBookSync {
  readonly book: OrderBook;
  private timestamp = 0;

  constructor(readonly options: ExtendedBookSyncOptions) {
    this.book = new OrderBook({
      symbol: options.symbol,
      tickSize: options.tickSize.toFixed(),
      lotSize: options.lotSize.toFixed(),
      sequenceMode: 'increment',
    });
  }

  reset(): void {
    this.book.clear();
  }

  apply(message: ExtendedStreamEnvelope): BookSyncResult {
    const type = message.type?.toUpperCase();
    // A frame that is neither a snapshot nor a delta says nothing about the book: it is not a gap.
    if (type !== 'SNAPSHOT' && type !== 'DELTA') return 'waiting';
    const data = readBookData(message.data);
    if (!data || message.seq === undefined) {
      this.book.clear();
      return 'resync';
    }
    try {
      if (type === 'SNAPSHOT') {
        this.book.applySnapshot({
          bids: data.b.map((l) => ({ price: l.p, size: l.q })),
          asks: data.a.map((l) => ({ price: l.p, size: l.q })),
          sequence: message.seq,
        });
      } else {
        if (!this.book.synced) return 'waiting';
        const r = this.book.applyDelta({
          sequence: message.seq,
          bids: this.deltaLevels(data, 'b'),
          asks: this.deltaLevels(data, 'a'),
        });
        if (!r.ok) return r.reason === 'gap' ? 'resync' : 'waiting';
      }
    } catch {
      this.book.clear();
      return 'resync';
    }
    this.timestamp = message.ts ?? Date.now();
    return 'updated';
  }

  /** Top `depth` levels per side, best first. */
  snapshot(depth: number): OrderBookSnapshot {
    const d = this.book.depthDecimal(depth);
    const seq = this.book.sequence;
    return {
      symbol: this.options.symbol,
      bids: d.bids,
      asks: d.asks,
      timestamp: this.timestamp,
      ...(seq !== undefined ? { sequence: seq } : {}),
    };
  }

  private deltaLevels(data: BookFrameData, side: 'b' | 'a'): PriceLevelInput[] {
    const bookSide = side === 'b' ? 'bid' : 'ask';
    return data[side].map((l) => {
      // `c` is authoritative; without it, add the change to what we hold.
      if (l.c !== undefined) return { price: l.p, size: l.c.startsWith('-') ? '0' : l.c };
      const size = new Decimal(l.q).add(this.book.sizeAt(bookSide, l.p));
      return { price: l.p, size: size.isNegative() ? '0' : size };
    });
  }
}
