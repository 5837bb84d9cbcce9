import type { Decimal, PerpVenue, Side, TimeInForce } from '@dn/core';
import type { ExtendedVenue, OrderBuilder } from '@dn/extended';
import type { MarketGrid, QuoteTarget } from './quote.js';

/** The presigning surface of a venue (ExtendedVenue): see `ExtendedVenue.enablePresigning`. */
type PresignVenue = Pick<ExtendedVenue, 'enablePresigning' | 'presignOrder'> &
  Partial<Pick<ExtendedVenue, 'presignStats'>>;

/** One order the next quote pass may send. */
export interface PresignCandidate {
  side: Side;
  size: Decimal;
  /** Names the order (side, price on the tick grid, size) without computing its price. */
  key: string;
  /** Its price, computed only when it is signed. */
  price(): Decimal;
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
export function createPresigner(
  venue: PerpVenue,
  maxAgeMs: number,
  now: () => number,
  build?: OrderBuilder,
): Presigner | undefined {
  if (!canPresign(venue)) return undefined;
  // Room for every candidate of a few passes (both sides, half-tick steps up to ±10 ticks): what an earlier pass
  // signed is still there when the mid comes back.
  venue.enablePresigning({ maxAgeMs, maxEntries: 256, ...(build ? { build } : {}) });
  return new Presigner(venue, maxAgeMs, now, build !== undefined);
}

export class Presigner {
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Orders signed ahead (including ones never used). */
  signed = 0;
  failed = 0;
  /**
   * Candidates known to be in the venue's store, by key → when (venue clock) that was learnt. A pass's ladder is
   * mostly the last one's, so most candidates are skipped here without asking the venue (which would compute the
   * order's key from its decimals). Forgotten whenever the store loses an entry (sent, stale, evicted), and after
   * a quarter of the age limit, so nothing the venue no longer holds is skipped for long.
   */
  private readonly held = new Map<string, number>();
  private removals = -1;

  /** `usesThread`: the venue signs them with a builder given to it (the signing thread). */
  constructor(
    private readonly venue: PresignVenue,
    private readonly maxAgeMs: number,
    private readonly now: () => number,
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
    this.held.clear();
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
    this.syncHeld();
    for (let i = 0; ; i++) {
      if (gen !== this.generation) return;
      const batch = next(i);
      if (!batch) return;
      for (const c of batch) {
        if (gen !== this.generation) return;
        const now = this.now();
        const at = this.held.get(`${timeInForce}|${c.key}`);
        if (at !== undefined && now - at < this.maxAgeMs / 4) continue;
        try {
          const did = await this.venue.presignOrder({
            symbol,
            side: c.side,
            type: 'limit',
            size: c.size,
            price: c.price(),
            timeInForce,
          });
          // False: a fresh one is already kept (or the order cannot be presigned): either way, nothing to do.
          this.syncHeld();
          if (this.held.size >= MAX_HELD) this.held.clear();
          this.held.set(`${timeInForce}|${c.key}`, now);
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

  /** Forgets what is held when the venue's store has lost an entry since the last look. */
  private syncHeld(): void {
    const s = this.venue.presignStats?.();
    const removals = s ? s.hits + s.stale + s.evicted : 0;
    if (removals !== this.removals) this.held.clear();
    this.removals = removals;
  }
}

/** More than the venue's store keeps (256): the memory is dropped rather than grown. */
const MAX_HELD = 1024;

/** Tick offsets, nearest first: 0, 1, −1, 2, −2, … up to ±`ticks`. */
export function tickLadder(ticks: number): number[] {
  const out = [0];
  for (let k = 1; k <= ticks; k++) out.push(k, -k);
  return out;
}

/**
 * The orders the next passes most likely ask for: each quoted side's price moved by 0, ±1, … ±`ticks` ticks,
 * nearest first, at the side's current size, one offset per call (both sides). A mid move shifts both quotes by
 * about as many ticks, and every price on the grid in that range is covered; a candidate's key is two integers and
 * its size's text, and its price is computed only when it is signed (no quote model on the idle path). A side with
 * zero size (gated, or over the inventory threshold) is left out.
 */
export function ladderAround(
  target: QuoteTarget,
  grid: MarketGrid,
  ticks: number,
): (i: number) => PresignCandidate[] | undefined {
  const offsets = tickLadder(ticks);
  const sides = [
    { side: 'buy' as const, ...target.bid },
    { side: 'sell' as const, ...target.ask },
  ]
    .filter((q) => q.size.gt(0))
    .map((q) => ({ ...q, ticks: onGrid(q.price, grid.tickSize), sizeText: q.size.toFixed() }));
  return (i) => {
    const k = offsets[i];
    if (k === undefined) return undefined;
    const out: PresignCandidate[] = [];
    for (const q of sides) {
      if (q.ticks === undefined) {
        // Off the grid (quotes are rounded to it, so only a grid changed under us): the decimal way.
        const price = q.price.plus(grid.tickSize.mul(k));
        if (price.gt(0))
          out.push({ side: q.side, size: q.size, key: `${q.side}|${price}|${q.sizeText}`, price: () => price });
        continue;
      }
      const at = q.ticks + k;
      if (at <= 0) continue;
      out.push({
        side: q.side,
        size: q.size,
        key: `${q.side}|${at}|${q.sizeText}`,
        price: () => grid.tickSize.mul(at),
      });
    }
    return out;
  };
}

/** `price` in ticks when it is a whole number of them (and a safe integer), else undefined. */
function onGrid(price: Decimal, tickSize: Decimal): number | undefined {
  const n = price.div(tickSize);
  return n.isInteger() && n.abs().lte(Number.MAX_SAFE_INTEGER) ? n.toNumber() : undefined;
}
