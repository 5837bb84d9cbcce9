import type { Decimal, PerpVenue, Side, TimeInForce } from '@dn/core';
import type { ExtendedVenue, OrderBuilder } from '@dn/extended';
import type { MarketGrid, QuoteTarget } from './quote.js';

/** The presigning surface of a venue (ExtendedVenue): see `ExtendedVenue.enablePresigning`. */
type PresignVenue = Pick<ExtendedVenue, 'enablePresigning' | 'presignOrder'> &
  Partial<Pick<ExtendedVenue, 'presignStats'>>;

/** One order the next quote pass may send. */
export interface PresignCandidate {
  side: Side;
  price: Decimal;
  size: Decimal;
}

/** Real ms between the end of a quote pass and its first presign: the pass's own requests reach the socket first. */
const START_DELAY_MS = 2;

/** True when `venue` can presign orders (Extended). */
export function canPresign(venue: PerpVenue): venue is PerpVenue & PresignVenue {
  const v = venue as Partial<PresignVenue>;
  return typeof v.enablePresigning === 'function' && typeof v.presignOrder === 'function';
}

/**
 * Config `presign_ticks` (opt-in): signs, in idle time, the orders the next book updates most likely ask for, so that
 * `placeOrder` finds them signed (the venue checks, on use, that each is fresh and sends it at most once).
 * One order is signed at a time (each in its own turn of the event loop, or on the signing thread when `build` runs
 * there), and a book update stops the job (`interrupt`): the pass it starts schedules a new one. Undefined when the
 * venue cannot presign (the caller says so).
 */
export function createPresigner(venue: PerpVenue, maxAgeMs: number, build?: OrderBuilder): Presigner | undefined {
  if (!canPresign(venue)) return undefined;
  // Room for every candidate of a few passes (both sides, half-tick steps up to ±10 ticks): what an earlier pass
  // signed is still there when the mid comes back.
  venue.enablePresigning({ maxAgeMs, maxEntries: 256, ...(build ? { build } : {}) });
  return new Presigner(venue, build !== undefined);
}

export class Presigner {
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Orders signed ahead (including ones never used). */
  signed = 0;
  failed = 0;

  /** `usesThread`: the venue signs them with a builder given to it (the signing thread). */
  constructor(
    private readonly venue: PresignVenue,
    readonly usesThread = false,
  ) {}

  /**
   * Replaces any job in progress with one that presigns, in order, the candidates `next(i)` gives (i = 0, 1, …
   * until it returns undefined). Candidates are computed lazily, one per turn, so a job costs nothing once stopped.
   */
  schedule(symbol: string, timeInForce: TimeInForce, next: (i: number) => PresignCandidate[] | undefined): void {
    const gen = ++this.generation;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run(gen, symbol, timeInForce, next);
    }, START_DELAY_MS);
  }

  /** A book update arrived: the job in progress stops before its next signature. */
  interrupt(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops presigning and empties the venue's store. */
  stop(): void {
    this.interrupt();
    this.sentBeforeStop = this.sent;
    this.venue.enablePresigning(false);
  }

  /** Presigned orders the venue has sent (kept after `stop`, which empties the venue's store). */
  get sent(): number {
    return this.venue.presignStats?.()?.hits ?? this.sentBeforeStop;
  }
  private sentBeforeStop = 0;

  private async run(
    gen: number,
    symbol: string,
    timeInForce: TimeInForce,
    next: (i: number) => PresignCandidate[] | undefined,
  ): Promise<void> {
    for (let i = 0; ; i++) {
      if (gen !== this.generation) return;
      const batch = next(i);
      if (!batch) return;
      for (const c of batch) {
        if (gen !== this.generation) return;
        if (c.size.lte(0)) continue;
        try {
          const did = await this.venue.presignOrder({
            symbol,
            side: c.side,
            type: 'limit',
            size: c.size,
            price: c.price,
            timeInForce,
          });
          if (did) {
            this.signed++;
            // Yield a turn after each signature: a book update waits for at most one.
            await new Promise((r) => setImmediate(r));
          }
        } catch {
          // Refused (e.g. below a minimum): placeOrder would refuse it too and says why; nothing is kept.
          this.failed++;
        }
      }
    }
  }
}

/** Tick offsets, nearest first: 0, 1, −1, 2, −2, … up to ±`ticks`. */
export function tickLadder(ticks: number): number[] {
  const out = [0];
  for (let k = 1; k <= ticks; k++) out.push(k, -k);
  return out;
}

/**
 * The orders the next passes most likely ask for: each quoted side's price moved by 0, ±1, … ±`ticks` ticks,
 * nearest first, at the side's current size, one offset per call (both sides). A mid move shifts both quotes by
 * about as many ticks, and every price on the grid in that range is covered; costs two additions a candidate (no
 * quote model on the idle path). A side with zero size (gated, or over the inventory threshold) is left out.
 */
export function ladderAround(
  target: QuoteTarget,
  grid: MarketGrid,
  ticks: number,
): (i: number) => PresignCandidate[] | undefined {
  const offsets = tickLadder(ticks);
  return (i) => {
    const k = offsets[i];
    if (k === undefined) return undefined;
    const move = grid.tickSize.mul(k);
    const out: PresignCandidate[] = [];
    if (target.bid.size.gt(0)) out.push({ side: 'buy', price: target.bid.price.plus(move), size: target.bid.size });
    if (target.ask.size.gt(0)) out.push({ side: 'sell', price: target.ask.price.plus(move), size: target.ask.size });
    return out.filter((c) => c.price.gt(0));
  };
}
