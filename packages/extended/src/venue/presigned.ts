import { type Decimal, type PlaceOrderParameters, toDecimal } from '@dn/core';
import type { ExtendedOrderBody, OrderBuilder } from '../signing/order-types.js';
import type { ExtendedMarket } from '../wire.js';

/** Options of `ExtendedVenue.enablePresigning`. */
export interface PresignOptions {
  /**
   * Oldest presigned order still sent, ms of the client's clock (default 1 000). Its expiry is its signing time +
   * `orderTtlMs`, so a sent presigned order expires at most this much earlier than one built when it is sent.
   */
  maxAgeMs?: number;
  /** Presigned orders kept at most (default 64); when full, stale ones are dropped first, then the oldest. */
  maxEntries?: number;
  /**
   * What signs presigned orders (default: `buildOrder` on this thread). A builder running on a worker thread keeps
   * the hashing and signing, and their garbage, off the thread that answers book updates. Each body it returns is
   * checked against what was asked before it is kept.
   */
  build?: OrderBuilder;
}

/** What a presigned order was built from, checked again when it is taken. */
export interface PresignedEntry {
  body: ExtendedOrderBody;
  /** Client clock at signing (`expiryEpochMillis` = this + the order TTL). */
  signedAt: number;
  /** The market object it was normalised and scaled against (a refetched market list makes it stale). */
  market: ExtendedMarket;
  /** The fee cap signed into it. */
  fee: Decimal;
  /** `body` as JSON without its `id` ({@link orderTextWithoutId}): the request text is made when it is signed. */
  text: string;
}

/**
 * A body's JSON text without its `id`, made ahead of time for a presigned order; {@link orderTextWithId} completes
 * it with the id chosen when it is sent (the id is not signed). A body holds only strings, numbers and booleans, for
 * which `JSON.stringify` writes what the transport's lossless serialiser writes; a bigint would throw here, when the
 * order is presigned, never when it is sent.
 */
export function orderTextWithoutId(body: ExtendedOrderBody): string {
  return JSON.stringify({ ...body, id: undefined });
}

/** The request text of a presigned order sent under `id`. */
export function orderTextWithId(textWithoutId: string, id: string): string {
  const rest = textWithoutId.slice(1);
  return `{"id":${JSON.stringify(id)}${rest === '}' ? '' : ','}${rest}`;
}

/** Parameters a presigned order can stand for: a plain limit order, no caller expiry, no band. */
export type PresignOrderParameters = Pick<
  PlaceOrderParameters,
  'symbol' | 'side' | 'size' | 'price' | 'timeInForce' | 'reduceOnly'
> & { type: 'limit' };

const ELIGIBLE = new Set(['symbol', 'side', 'type', 'size', 'price', 'timeInForce', 'reduceOnly', 'clientOrderId']);

/**
 * The lookup key of an order, or undefined when a presigned order cannot stand for it: anything but a limit order
 * with only symbol, side, size, price, time in force, reduce-only (and a client id, which is not signed). Equal
 * decimals give equal keys (`100.10` and `100.1`).
 */
export function presignKey(p: PlaceOrderParameters): string | undefined {
  if (p.type !== 'limit' || p.price === undefined) return undefined;
  for (const k of Object.keys(p)) {
    if (!ELIGIBLE.has(k) && (p as unknown as Record<string, unknown>)[k] !== undefined) return undefined;
  }
  try {
    const price = toDecimal(p.price, 'price');
    const size = toDecimal(p.size, 'size');
    return `${p.symbol}|${p.side}|${price.toString()}|${size.toString()}|${p.timeInForce ?? ''}|${p.reduceOnly === true}`;
  } catch {
    // The normal path refuses it with the proper error.
    return undefined;
  }
}

/**
 * Orders signed ahead of time, one per key. `take` removes the entry whatever it finds (an order is sent at most
 * once, and never again after a failed send) and returns it only when still fresh: not older than `maxAgeMs`, same
 * market object, same fee cap.
 */
export class PresignedOrders {
  private readonly entries = new Map<string, PresignedEntry>();
  readonly maxAgeMs: number;
  readonly maxEntries: number;
  readonly build: OrderBuilder | undefined;
  /** Counters: sent from the store, found stale and dropped, evicted for room. */
  readonly stats = { hits: 0, stale: 0, evicted: 0 };

  constructor(options: PresignOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 1_000;
    this.maxEntries = options.maxEntries ?? 64;
    this.build = options.build;
    if (!(this.maxAgeMs > 0) || !Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new RangeError('presigning needs maxAgeMs > 0 and maxEntries >= 1');
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** True when `key` holds an entry that is fresh at `now` and will still be `forMs` later. */
  hasFresh(key: string, now: number, forMs = 0): boolean {
    const e = this.entries.get(key);
    return e !== undefined && this.isFresh(e, now) && this.isFresh(e, now + forMs);
  }

  /** Keeps `entry` under `key`; when full, stale entries go first, then the oldest. */
  put(key: string, entry: PresignedEntry, now: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.prune(now);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.stats.evicted++;
    }
    this.entries.set(key, entry);
  }

  /** Removes and returns the entry of `key` when it is fresh for `market` and `fee` at `now`. */
  take(key: string, now: number, market: ExtendedMarket, fee: Decimal | undefined): PresignedEntry | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    this.entries.delete(key);
    if (!this.isFresh(e, now) || e.market !== market || fee === undefined || !e.fee.eq(fee)) {
      this.stats.stale++;
      return undefined;
    }
    this.stats.hits++;
    return e;
  }

  /** Drops entries no longer fresh at `now`. */
  prune(now: number): void {
    for (const [k, e] of this.entries) {
      if (!this.isFresh(e, now)) {
        this.entries.delete(k);
        this.stats.stale++;
      }
    }
  }

  clear(): void {
    this.entries.clear();
  }

  private isFresh(e: PresignedEntry, now: number): boolean {
    return now >= e.signedAt && now - e.signedAt <= this.maxAgeMs;
  }
}
