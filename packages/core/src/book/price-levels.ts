const INITIAL_CAPACITY = 64;

/**
 * One side of a book as two parallel typed arrays sorted by key, best level LAST.
 *
 * The key is the price in ticks for bids and its negation for asks, so both sides sort ascending and the
 * best price sits at the end: updates cluster near the top of the book, so inserts and removes there move
 * only a few elements. Sizes are integer lot counts. Float64Array holds every integer up to 2^53 exactly.
 * No allocation per update except when capacity doubles.
 */
export class PriceLevels {
  /** +1 for bids (key = ticks), -1 for asks (key = -ticks). */
  readonly sign: 1 | -1;
  keys: Float64Array;
  lots: Float64Array;
  count = 0;

  constructor(sign: 1 | -1) {
    this.sign = sign;
    this.keys = new Float64Array(INITIAL_CAPACITY);
    this.lots = new Float64Array(INITIAL_CAPACITY);
  }

  /** Sets the size at `ticks` (absolute); 0 removes the level. Inputs are already validated. */
  set(ticks: number, lots: number): void {
    const key = ticks * this.sign;
    const keys = this.keys;
    const count = this.count;
    // Most updates hit the top few levels: test the best level before searching.
    let lo: number;
    if (count > 0 && keys[count - 1]! <= key) {
      lo = keys[count - 1] === key ? count - 1 : count;
    } else {
      lo = 0;
      let hi = count;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid]! < key) lo = mid + 1;
        else hi = mid;
      }
    }
    if (lo < count && keys[lo] === key) {
      if (lots === 0) this.removeAt(lo);
      else this.lots[lo] = lots;
    } else if (lots !== 0) {
      this.insertAt(lo, key, lots);
    }
  }

  private insertAt(index: number, key: number, lots: number): void {
    if (this.count === this.keys.length) this.grow();
    const keys = this.keys;
    const sizes = this.lots;
    for (let i = this.count; i > index; i--) {
      keys[i] = keys[i - 1]!;
      sizes[i] = sizes[i - 1]!;
    }
    keys[index] = key;
    sizes[index] = lots;
    this.count++;
  }

  private removeAt(index: number): void {
    const keys = this.keys;
    const sizes = this.lots;
    const last = this.count - 1;
    for (let i = index; i < last; i++) {
      keys[i] = keys[i + 1]!;
      sizes[i] = sizes[i + 1]!;
    }
    this.count = last;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const sizes = new Float64Array(this.lots.length * 2);
    keys.set(this.keys);
    sizes.set(this.lots);
    this.keys = keys;
    this.lots = sizes;
  }

  /** Price in ticks of the level `depth` steps from the top (0 = best). Caller checks `depth < count`. */
  ticksAt(depth: number): number {
    return this.keys[this.count - 1 - depth]! * this.sign;
  }

  /** Size in lots of the level `depth` steps from the top (0 = best). Caller checks `depth < count`. */
  lotsAt(depth: number): number {
    return this.lots[this.count - 1 - depth]!;
  }

  /** Size in lots resting at exactly `ticks`, 0 when there is no level there. */
  lotsAtPrice(ticks: number): number {
    const key = ticks * this.sign;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.count && this.keys[lo] === key ? this.lots[lo]! : 0;
  }

  /** Replaces every level with the first `n` entries of `keys`/`lots`, which must be sorted by ascending key. */
  load(keys: Float64Array, lots: Float64Array, n: number): void {
    if (this.keys.length < n) {
      let capacity = this.keys.length;
      while (capacity < n) capacity *= 2;
      this.keys = new Float64Array(capacity);
      this.lots = new Float64Array(capacity);
    }
    this.keys.set(keys.subarray(0, n));
    this.lots.set(lots.subarray(0, n));
    this.count = n;
  }

  clear(): void {
    this.count = 0;
  }
}
