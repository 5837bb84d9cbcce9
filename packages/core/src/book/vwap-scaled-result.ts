/**
 * Output of `OrderBook.vwapScaled`, the allocation-free VWAP walk. Create one and pass it to every call.
 * Prices are integer ticks and sizes integer lots of the book that filled it.
 */
export class VwapScaledResult {
  /** Lots the book can fill (≤ requested). */
  filledLots = 0;
  /** Σ ticks × lots taken. Exact only while `exact` is true. */
  notional = 0;
  /** False when `notional` passed 2^53 and lost precision; use `OrderBook.vwap` for an exact result. */
  exact = true;
  /** Levels touched, the last one possibly partially. */
  levels = 0;
  /** True when the book had enough depth for the whole request. */
  complete = false;
  /** Price of the first level touched, NaN when nothing filled. */
  bestTicks = Number.NaN;
  /** Price of the last level touched, NaN when nothing filled. */
  worstTicks = Number.NaN;

  /** notional / filledLots as a float (NaN when nothing filled): for signals and analytics, never an order price. */
  get averageTicks(): number {
    return this.filledLots > 0 ? this.notional / this.filledLots : Number.NaN;
  }
}
