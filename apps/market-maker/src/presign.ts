import type { Decimal, PerpVenue, Side, TimeInForce } from '@dn/core';
import type { ExtendedVenue, OrderBuilder } from '@dn/extended';
import type { MarketGrid, QuoteTarget } from './quote.js';

/** The presigning surface of a venue (ExtendedVenue): see `ExtendedVenue.enablePresigning`. */
type PresignVenue = Pick<ExtendedVenue, 'enablePresigning' | 'presignOrder'> &
  Partial<Pick<ExtendedVenue, 'presignStats'>>;

/** One quoted side of a ladder: its current quote, and the candidates' memory key and grid position. */
export interface LadderSide {
  side: Side;
  price: Decimal;
  size: Decimal;
  /** Side and size: with the time in force, names the candidates' row in the presigner's memory. */
  key: string;
  /** `price` in ticks when it is a whole number of them, else undefined (then nothing is memorised). */
  ticks: bigint | undefined;
}

/** The orders the next passes most likely ask for: each side's price moved by each offset (ticks, nearest first). */
export interface PresignLadder {
  offsets: number[];
  tickSize: Decimal;
  sides: LadderSide[];
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
   * What the venue's store is known to hold: per time in force, side and size, the grid positions (ticks) → when
   * (venue clock) that was learnt. A pass's ladder is mostly the last one's, so most candidates are skipped here
   * without a decimal or a string being made. Forgotten whenever the store loses an entry (sent, stale, evicted),
   * and after a quarter of the age limit, so nothing the venue no longer holds is skipped for long.
   */
  private readonly held = new Map<string, Map<bigint, number>>();
  private removals = -1;

  /** `usesThread`: the venue signs them with a builder given to it (the signing thread). */
  constructor(
    private readonly venue: PresignVenue,
    private readonly maxAgeMs: number,
    private readonly now: () => number,
    readonly usesThread = false,
  ) {}

  /**
   * Replaces any job in progress with one that presigns the ladder's candidates, nearest offset first, both sides at
   * each offset. A book update stops it before its next signature.
   */
  schedule(symbol: string, timeInForce: TimeInForce, ladder: PresignLadder | (() => PresignLadder)): void {
    const gen = ++this.generation;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A ladder given as a function is made here, when the job starts: off the quote pass's path.
      void this.run(gen, symbol, timeInForce, typeof ladder === 'function' ? ladder() : ladder);
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

  private async run(gen: number, symbol: string, timeInForce: TimeInForce, ladder: PresignLadder): Promise<void> {
    this.syncHeld();
    if (this.held.size > MAX_HELD_ROWS) this.held.clear();
    const rows = ladder.sides.map((q) => (q.ticks === undefined ? undefined : this.row(`${timeInForce}|${q.key}`)));
    for (const k of ladder.offsets) {
      for (let s = 0; s < ladder.sides.length; s++) {
        if (gen !== this.generation) return;
        const q = ladder.sides[s] as LadderSide;
        const row = rows[s];
        const at = q.ticks === undefined ? undefined : q.ticks + BigInt(k);
        const now = this.now();
        if (row && at !== undefined) {
          const learnt = row.get(at);
          if (learnt !== undefined && now - learnt < this.maxAgeMs / 4) continue;
        }
        const price = ladderPrice(ladder, q, k);
        if (price.lte(0)) continue;
        try {
          const did = await this.venue.presignOrder({
            symbol,
            side: q.side,
            type: 'limit',
            size: q.size,
            price,
            timeInForce,
          });
          // False: a fresh one is already kept (or the order cannot be presigned): either way, nothing to do.
          this.syncHeld();
          if (row && at !== undefined) row.set(at, now);
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

  private row(key: string): Map<bigint, number> {
    let row = this.held.get(key);
    if (!row) this.held.set(key, (row = new Map()));
    return row;
  }

  /** Forgets what is held when the venue's store has lost an entry since the last look. */
  private syncHeld(): void {
    const s = this.venue.presignStats?.();
    const removals = s ? s.hits + s.stale + s.evicted : 0;
    // Rows are emptied, not dropped: a running job keeps writing to the ones it holds.
    if (removals !== this.removals) for (const row of this.held.values()) row.clear();
    this.removals = removals;
  }
}

/** Rows (time in force, side, size) kept at most; sizes change with inventory, old rows are dropped all at once. */
const MAX_HELD_ROWS = 64;

/** Tick offsets, nearest first: 0, 1, −1, 2, −2, … up to ±`ticks`. */
export function tickLadder(ticks: number): number[] {
  const out = [0];
  for (let k = 1; k <= ticks; k++) out.push(k, -k);
  return out;
}

/**
 * The orders the next passes most likely ask for: each quoted side's price moved by 0, ±1, … ±`ticks` ticks,
 * nearest first, at the side's current size. A mid move shifts both quotes by about as many ticks, and every price on
 * the grid in that range is covered; no quote model on the idle path. A side with zero size (gated, or over the
 * inventory threshold) is left out. `also`: further quotes to cover the same way after `target`'s (the quotes that
 * would follow a fill), each side once.
 */
export function ladderAround(
  target: QuoteTarget,
  grid: MarketGrid,
  ticks: number,
  also: QuoteTarget[] = [],
): PresignLadder {
  const sides: LadderSide[] = [];
  const seen = new Set<string>();
  for (const t of [target, ...also]) {
    for (const [side, q] of [
      ['buy', t.bid],
      ['sell', t.ask],
    ] as const) {
      if (!q.size.gt(0)) continue;
      const key = `${side}|${q.size.toFixed()}`;
      const at = onGrid(q.price, grid.tickSize);
      const id = `${key}|${at ?? q.price.toFixed()}`;
      if (seen.has(id)) continue;
      seen.add(id);
      sides.push({ side, ...q, key, ticks: at });
    }
  }
  return { offsets: tickLadder(ticks), tickSize: grid.tickSize, sides };
}

/** The price of `q` moved by `k` ticks (made from the grid position when there is one: one multiplication). */
export function ladderPrice(ladder: PresignLadder, q: LadderSide, k: number): Decimal {
  if (q.ticks === undefined) return q.price.plus(ladder.tickSize.mul(k));
  return ladder.tickSize.mul((q.ticks + BigInt(k)).toString());
}

/** `price` in ticks when it is a whole number of them, else undefined. A scaled price: a bigint, never a float. */
function onGrid(price: Decimal, tickSize: Decimal): bigint | undefined {
  const n = price.div(tickSize);
  return n.isInteger() ? BigInt(n.toFixed()) : undefined;
}
