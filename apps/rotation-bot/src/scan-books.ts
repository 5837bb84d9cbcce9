import type { Logger, OrderBookSnapshot, PerpVenue, Subscription } from '@dn/core';
import type { VenueName } from './config.js';

/**
 * How many book requests the scanner keeps in flight per venue, and how many books one scan may ask a venue for
 * over REST. From the venues' public limits (shared/venues/*.md): Extended 1,000 req/min per IP; Pacifica ~125
 * credits/min without an API key, a book ~12 credits (heavy GET); Lighter 60 weighted req/min on a standard
 * account; edgeX unpublished. The connectors' own limiters enforce the budgets; these keep one scan from queueing
 * behind them for minutes (Pacifica would take ~6 min for 80 books).
 */
export const BOOK_CONCURRENCY: Record<VenueName, number> = { extended: 16, pacifica: 8, lighter: 8, edgex: 8 };

/** Symbols whose books one scan fetches at most (the best candidates by gross APR after the cheap filters). */
export const DEFAULT_MAX_BOOK_SYMBOLS = 8;

/** Books kept current by the venues' streams, so a repeated scan needs no book request. */
export interface BookSource {
  /** The latest book of `symbol` on `venue` if one arrived, else undefined (the scanner then asks over REST). */
  get(venue: VenueName, symbol: string): OrderBookSnapshot | undefined;
  /** Symbols the next scans will want per venue: subscribe to new ones, drop the others. */
  want(venue: VenueName, venueApi: PerpVenue, symbols: readonly string[]): void;
}

/**
 * A BookSource over `subscribeOrderBook`: one stream per (venue, symbol) the scanner wants, at most
 * `maxPerVenue` per venue (Lighter allows 500 subscriptions per connection, Pacifica one book channel per symbol).
 */
export class StreamBooks implements BookSource {
  private readonly books = new Map<string, OrderBookSnapshot>();
  private readonly subs = new Map<string, Promise<Subscription | undefined>>();

  constructor(
    private readonly log: Logger,
    private readonly maxPerVenue = 24,
  ) {}

  get(venue: VenueName, symbol: string): OrderBookSnapshot | undefined {
    return this.books.get(`${venue}:${symbol}`);
  }

  want(venue: VenueName, api: PerpVenue, symbols: readonly string[]): void {
    const wanted = new Set(symbols.slice(0, this.maxPerVenue).map((s) => `${venue}:${s}`));
    for (const [key, sub] of this.subs) {
      if (!key.startsWith(`${venue}:`) || wanted.has(key)) continue;
      this.subs.delete(key);
      this.books.delete(key);
      void sub.then((s) => s?.unsubscribe()).catch(() => undefined);
    }
    for (const key of wanted) {
      if (this.subs.has(key)) continue;
      const symbol = key.slice(venue.length + 1);
      this.subs.set(
        key,
        api
          .subscribeOrderBook(symbol, (book) => {
            if (this.subs.has(key)) this.books.set(key, book);
          })
          .catch((e: unknown) => {
            // A refused stream is not fatal: the scanner falls back to REST for this book.
            this.log.debug({ venue, symbol, err: (e as Error).message }, 'book stream refused');
            this.subs.delete(key);
            return undefined;
          }),
      );
    }
  }

  async close(): Promise<void> {
    const all = [...this.subs.values()];
    this.subs.clear();
    this.books.clear();
    await Promise.all(all.map((s) => s.then((x) => x?.unsubscribe()).catch(() => undefined)));
  }
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inBatches<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}
