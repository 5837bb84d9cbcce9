import { type BookLevel, Decimal, OrderBook, type OrderBookSnapshot } from '@dn/core';

/**
 * How `CHANGED` depth levels are read. No source settles it (edgex.md §7.5): the older WS doc calls them increments
 * ("0 = delete, positive = increase, negative = decrease"), the OpenAPI `Depth` schema just lists `{price, size}`.
 * - `absolute`: the level's new size (0 removes it);
 * - `delta`: a change added to the level (0 removes it);
 * - `auto` (default): absolute until a negative size proves the stream sends increments, then delta.
 */
export type EdgexDepthChanges = 'auto' | 'absolute' | 'delta';

/** What the stream must do after a message: nothing, or throw the book away and ask for a new snapshot. */
export type DepthVerdict = { emit: boolean; resync?: 'gap' | 'mode-switch' | 'crossed' | 'invalid' | 'refresh' };

export interface EdgexDepthBookOptions {
  symbol: string;
  tickSize: Decimal;
  lotSize: Decimal;
  changes?: EdgexDepthChanges;
  /** A fresh snapshot at least this often, bounding any drift the venue offers no checksum to detect (default 60 s). */
  resnapshotMs?: number;
  now?: () => number;
}

/**
 * One contract's book from `depth.{id}.{n}`: a snapshot, then CHANGED messages chained by `startVersion` =
 * previous `endVersion` + 1. Whichever reading of CHANGED holds, the book is never shown in a state it cannot be in:
 * a version gap, a crossed book, a level driven below zero, or the first proof of increments throws the book away
 * (the caller resubscribes for a new snapshot), and a periodic resnapshot bounds undetectable drift.
 */
export class EdgexDepthBook {
  readonly book: OrderBook;
  private readonly symbol: string;
  private mode: 'absolute' | 'delta';
  private readonly auto: boolean;
  private readonly resnapshotMs: number;
  private readonly now: () => number;
  private snapshotAt = 0;

  constructor(options: EdgexDepthBookOptions) {
    this.symbol = options.symbol;
    this.book = new OrderBook({
      symbol: options.symbol,
      tickSize: options.tickSize,
      lotSize: options.lotSize,
      sequenceMode: 'chained',
    });
    const changes = options.changes ?? 'auto';
    this.auto = changes === 'auto';
    this.mode = changes === 'delta' ? 'delta' : 'absolute';
    this.resnapshotMs = options.resnapshotMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The reading in use (`auto` starts as `absolute`). */
  get changes(): 'absolute' | 'delta' {
    return this.mode;
  }

  snapshot(bids: BookLevel[], asks: BookLevel[], endVersion: number): DepthVerdict {
    try {
      this.book.applySnapshot({ bids, asks, sequence: endVersion });
    } catch {
      return this.resync('invalid');
    }
    this.snapshotAt = this.now();
    if (this.book.isCrossed()) return this.resync('crossed');
    return { emit: true };
  }

  changed(bids: BookLevel[], asks: BookLevel[], startVersion: number, endVersion: number): DepthVerdict {
    if (!this.book.synced) return { emit: false }; // waiting for the snapshot a resync asked for
    const negative = [...bids, ...asks].some((l) => l.size.isNegative());
    if (negative && this.mode === 'absolute') {
      // Only increments can be negative: every earlier positive change was misread, so start over.
      if (this.auto) {
        this.mode = 'delta';
        return this.resync('mode-switch');
      }
      return this.resync('invalid');
    }
    const abs = (side: 'bid' | 'ask', levels: BookLevel[]): BookLevel[] =>
      this.mode === 'absolute' ? levels : levels.map((l) => this.added(side, l));
    let res: ReturnType<OrderBook['applyDelta']>;
    try {
      res = this.book.applyDelta({
        bids: abs('bid', bids),
        asks: abs('ask', asks),
        sequence: endVersion,
        prevSequence: startVersion - 1,
      });
    } catch {
      return this.resync('invalid');
    }
    if (!res.ok) return res.reason === 'gap' ? this.resync('gap') : { emit: false };
    if (this.book.isCrossed()) return this.resync('crossed');
    if (this.now() - this.snapshotAt >= this.resnapshotMs) {
      // Asked once: the book stays usable until the new snapshot replaces it.
      this.snapshotAt = this.now();
      return { emit: true, resync: 'refresh' };
    }
    return { emit: true };
  }

  depth(levels: number, timestamp: number): OrderBookSnapshot {
    const d = this.book.depthDecimal(levels);
    const snap: OrderBookSnapshot = { symbol: this.symbol, bids: d.bids, asks: d.asks, timestamp };
    if (this.book.sequence !== undefined) snap.sequence = this.book.sequence;
    return snap;
  }

  /** Increment reading: 0 deletes the level; otherwise the change is added, and a level driven to ≤ 0 is gone. */
  private added(side: 'bid' | 'ask', l: BookLevel): BookLevel {
    if (l.size.isZero()) return l;
    const size = new Decimal(this.book.sizeAt(side, l.price)).add(l.size);
    return { price: l.price, size: size.gt(0) ? size : new Decimal(0) };
  }

  private resync(reason: NonNullable<DepthVerdict['resync']>): DepthVerdict {
    this.book.clear();
    return { emit: false, resync: reason };
  }
}
