import Decimal from 'decimal.js';
import { InvalidInputError } from '../errors/index.js';
import { PriceLevels } from './price-levels.js';
import {
  type AxisScale,
  formatUnits,
  parseSteps,
  parseUnitsFloorBig,
  resolveAxis,
  type ScaleErrorContext,
} from './scaled.js';
import { SequenceGapError } from './sequence-gap-error.js';
import type {
  ApplyDeltaResult,
  BookDecimal,
  BookDeltaInput,
  BookDepth,
  BookSide,
  BookSnapshotInput,
  DecimalBookDepth,
  DecimalPriceLevel,
  FillEstimate,
  NotionalVwapResult,
  OrderBookOptions,
  PriceLevel,
  PriceLevelInput,
  SequenceMode,
  SequenceStamp,
  SlippageReference,
  SlippageResult,
  SpreadResult,
  TakerSide,
  VwapResult,
} from './types.js';
import { VwapScaledResult } from './vwap-scaled-result.js';

const OK: ApplyDeltaResult = Object.freeze({ ok: true });
const NOT_SYNCED: ApplyDeltaResult = Object.freeze({ ok: false, reason: 'not-synced' });
const TEN_THOUSAND = new Decimal(10_000);
const HUNDRED = new Decimal(100);

/**
 * A price-level (L2) order book for one market, shared by every connector and the simulator.
 *
 * Prices and sizes are exact: the book is created with the market's decimals or tick/lot, and holds
 * prices as integer tick counts and sizes as integer lot counts (both ≤ 2^53, checked). Decimal strings
 * or Decimals come in and go out at the edge; notional sums use bigint, so nothing drifts.
 *
 * Two APIs:
 * - **edge** (`applySnapshot`, `applyDelta`, `bestBid`, `mid`, `vwap`, …): decimal strings / Decimal.
 * - **scaled fast path** (`applyDeltaScaled`, `bestBidTicks`, `vwapScaled`, …): integer ticks and lots as
 *   JS numbers, no string parsing and no allocation per call. `priceToTicks`/`ticksToPrice` convert.
 *
 * Sync contract: deltas apply only after a snapshot. A sequence gap, `clear()`, or any error thrown while
 * applying a snapshot or delta clears the book and marks it unsynced (`synced === false`) until the next
 * snapshot; an unsynced book is empty, so it never shows stale prices.
 *
 * @example
 * const book = new OrderBook({ symbol: 'BTC', tickSize: '0.1', lotSize: '0.00001' });
 * book.applySnapshot({ bids: [['100000.1', '0.5']], asks: [{ price: '100000.2', size: '1' }], sequence: 1 });
 * const r = book.applyDelta({ bids: [['100000.1', '0']], sequence: 2 });
 * if (!r.ok) resubscribe();
 * book.vwap('buy', '0.75');
 */
export class OrderBook {
  readonly symbol: string | undefined;
  readonly sequenceMode: SequenceMode;
  /** Decimals of a price string this book emits and accepts. */
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  /** Price increment, e.g. "0.1". One tick. */
  readonly tickSize: string;
  /** Size increment, e.g. "0.00001". One lot. */
  readonly lotSize: string;

  private readonly price: AxisScale;
  private readonly size: AxisScale;
  private readonly bids = new PriceLevels(1);
  private readonly asks = new PriceLevels(-1);
  private seq: number | undefined;
  private isSynced = false;
  // Reused for error reporting only, so parsing a level allocates nothing.
  private readonly priceCtx: ScaleErrorContext;
  private readonly sizeCtx: ScaleErrorContext;
  private readonly levelPriceCtx: ScaleErrorContext;
  private readonly levelSizeCtx: ScaleErrorContext;
  private readonly scratch = new VwapScaledResult();

  constructor(options: OrderBookOptions) {
    this.symbol = options.symbol;
    this.price = resolveAxis('price', options.priceDecimals, options.tickSize, options.symbol);
    this.size = resolveAxis('size', options.sizeDecimals, options.lotSize, options.symbol);
    const mode = options.sequenceMode ?? 'increment';
    if (mode !== 'increment' && mode !== 'chained' && mode !== 'none') {
      throw new InvalidInputError('sequenceMode must be increment, chained or none', {
        field: 'sequenceMode',
        value: mode,
      });
    }
    this.sequenceMode = mode;
    this.priceDecimals = this.price.decimals;
    this.sizeDecimals = this.size.decimals;
    this.tickSize = this.price.step;
    this.lotSize = this.size.step;
    this.priceCtx = { field: 'price', symbol: this.symbol };
    this.sizeCtx = { field: 'size', symbol: this.symbol };
    this.levelPriceCtx = { field: 'price', symbol: this.symbol, list: 'bids', index: 0 };
    this.levelSizeCtx = { field: 'size', symbol: this.symbol, list: 'bids', index: 0 };
  }

  /** Sequence of the last snapshot or delta applied; undefined when unsynced or in mode `none` without one. */
  get sequence(): number | undefined {
    return this.seq;
  }

  /** True after a snapshot, until a gap, an apply error or `clear()`. Read nothing from an unsynced book. */
  get synced(): boolean {
    return this.isSynced;
  }

  // ---------------------------------------------------------------- updates (edge)

  /**
   * Replaces the whole book. Levels may come in any order; zero sizes are skipped.
   * @throws InvalidInputError on a bad price/size (negative, off tick/lot, not a decimal), a price listed
   *   twice on one side, or a missing/invalid `sequence` when the mode is not `none`. The book is then cleared.
   */
  applySnapshot(snapshot: BookSnapshotInput): void {
    this.loadSnapshot(
      () => snapshot.sequence,
      (name, sign) => this.parseSnapshotSide(snapshot[name], name, sign),
    );
  }

  /**
   * Checks the delta's sequence, then sets each listed level to its new absolute size (0 removes it).
   * Returns `{ ok: false }` without applying anything on a gap (the book is then cleared) or when unsynced.
   * @throws InvalidInputError on a bad level or missing sequence fields; the book is then cleared.
   */
  applyDelta(delta: BookDeltaInput): ApplyDeltaResult {
    const result = this.advanceSequence(delta);
    if (!result.ok) return result;
    try {
      if (delta.bids) this.applyLevels(delta.bids, 'bids', this.bids);
      if (delta.asks) this.applyLevels(delta.asks, 'asks', this.asks);
    } catch (e) {
      this.clear();
      throw e;
    }
    return OK;
  }

  /**
   * `applyDelta` that throws instead of returning a failed result.
   * @throws SequenceGapError on a gap or when unsynced; InvalidInputError as `applyDelta`.
   */
  applyDeltaOrThrow(delta: BookDeltaInput): void {
    const result = this.applyDelta(delta);
    if (result.ok) return;
    const base = { symbol: this.symbol, mode: this.sequenceMode };
    throw new SequenceGapError(
      result.reason === 'gap'
        ? { ...base, reason: 'gap', expected: result.gap.expected, received: result.gap.received }
        : { ...base, reason: 'not-synced' },
    );
  }

  /**
   * Sequence check alone, for callers that then apply levels with `applyDeltaScaled`.
   * On success the book's sequence moves to `stamp.sequence`; on a gap the book is cleared.
   * @throws InvalidInputError when the fields the mode needs are missing or not safe integers (book cleared).
   */
  advanceSequence(stamp: SequenceStamp): ApplyDeltaResult {
    if (!this.isSynced) return NOT_SYNCED;
    const mode = this.sequenceMode;
    if (mode === 'none') {
      if (stamp.sequence !== undefined) this.seq = this.checkSeqValue(stamp.sequence, 'sequence');
      return OK;
    }
    const sequence = this.checkSeqValue(stamp.sequence, 'sequence');
    const last = this.seq as number;
    if (mode === 'increment') {
      if (sequence !== last + 1) return this.gap({ mode, expected: last + 1, received: sequence });
    } else {
      const prev = this.checkSeqValue(stamp.prevSequence, 'prevSequence');
      if (prev !== last) return this.gap({ mode, expected: last, received: prev });
    }
    this.seq = sequence;
    return OK;
  }

  /** Empties both sides, forgets the sequence and marks the book unsynced. */
  clear(): void {
    this.bids.clear();
    this.asks.clear();
    this.seq = undefined;
    this.isSynced = false;
  }

  // ---------------------------------------------------------------- updates (scaled fast path)

  /**
   * Fast path: sets the level at `priceTicks` (price / tickSize) to `sizeLots` (size / lotSize); 0 removes it.
   * No parsing, no allocation; does not check or move the sequence (call `advanceSequence` first).
   * @throws InvalidInputError when unsynced, on a side other than bid/ask, on a non-integer, non-positive or
   *   out-of-range price, or a negative or non-integer size. The book is then cleared.
   */
  applyDeltaScaled(side: BookSide, priceTicks: number, sizeLots: number): void {
    if (
      !(
        this.isSynced &&
        priceTicks > 0 &&
        priceTicks <= this.price.maxSteps &&
        Number.isInteger(priceTicks) &&
        sizeLots >= 0 &&
        sizeLots <= this.size.maxSteps &&
        Number.isInteger(sizeLots)
      )
    ) {
      this.rejectScaled(side, priceTicks, sizeLots);
    }
    if (side === 'bid') this.bids.set(priceTicks, sizeLots);
    else if (side === 'ask') this.asks.set(priceTicks, sizeLots);
    else this.rejectScaled(side, priceTicks, sizeLots);
  }

  /**
   * Fast path snapshot: replaces the book with levels given as parallel arrays of ticks and lots
   * (any order; zero sizes skipped). Same errors and sequence rules as `applySnapshot`.
   */
  applySnapshotScaled(snapshot: {
    bidTicks: ArrayLike<number>;
    bidLots: ArrayLike<number>;
    askTicks: ArrayLike<number>;
    askLots: ArrayLike<number>;
    sequence?: number;
  }): void {
    this.loadSnapshot(
      () => snapshot.sequence,
      (name, sign) =>
        name === 'bids'
          ? this.collectScaled(snapshot.bidTicks, snapshot.bidLots, name, sign)
          : this.collectScaled(snapshot.askTicks, snapshot.askLots, name, sign),
    );
  }

  // ---------------------------------------------------------------- conversions

  /**
   * Price → integer ticks.
   * @throws InvalidInputError when not a positive multiple of the tick, or beyond 2^53 units.
   */
  priceToTicks(price: BookDecimal): number {
    const ticks = parseSteps(price, this.price.decimals, this.price.stepUnits, this.price.step, this.priceCtx);
    if (ticks === 0) throw this.nonPositivePrice(price);
    return ticks;
  }

  /** Integer ticks → minimal decimal string. */
  ticksToPrice(ticks: number): string {
    if (!Number.isInteger(ticks) || Math.abs(ticks) > this.price.maxSteps) {
      throw new InvalidInputError('ticks must be an integer within the book range', { field: 'ticks', value: ticks });
    }
    return formatUnits(ticks * this.price.stepUnits, this.price.decimals);
  }

  /**
   * Size → integer lots.
   * @throws InvalidInputError when negative, not a multiple of the lot, or beyond 2^53 units.
   */
  sizeToLots(size: BookDecimal): number {
    return parseSteps(size, this.size.decimals, this.size.stepUnits, this.size.step, this.sizeCtx);
  }

  /** Integer lots → minimal decimal string. */
  lotsToSize(lots: number): string {
    if (!Number.isInteger(lots) || Math.abs(lots) > this.size.maxSteps) {
      throw new InvalidInputError('lots must be an integer within the book range', { field: 'lots', value: lots });
    }
    return formatUnits(lots * this.size.stepUnits, this.size.decimals);
  }

  // ---------------------------------------------------------------- queries (edge)

  bestBid(): PriceLevel | undefined {
    return this.bids.count === 0 ? undefined : this.levelAt(this.bids, 0);
  }

  bestAsk(): PriceLevel | undefined {
    return this.asks.count === 0 ? undefined : this.levelAt(this.asks, 0);
  }

  /** (best bid + best ask) / 2, exact. Undefined unless both sides have a level. */
  mid(): Decimal | undefined {
    if (this.bids.count === 0 || this.asks.count === 0) return undefined;
    const sum = (BigInt(this.bids.ticksAt(0)) + BigInt(this.asks.ticksAt(0))) * BigInt(this.price.stepUnits);
    // Halving adds at most one decimal: x/2 = 5x/10.
    return new Decimal(formatUnits(sum * 5n, this.price.decimals + 1));
  }

  /** best ask − best bid, and relative to the mid. Undefined unless both sides have a level. */
  spread(): SpreadResult | undefined {
    const mid = this.mid();
    if (mid === undefined) return undefined;
    const ticks = this.asks.ticksAt(0) - this.bids.ticksAt(0);
    const absolute = new Decimal(formatUnits(ticks * this.price.stepUnits, this.price.decimals));
    const ratio = absolute.div(mid);
    return { absolute, bps: ratio.mul(TEN_THOUSAND), pct: ratio.mul(HUNDRED) };
  }

  /** True when best bid ≥ best ask: the feed or our state is inconsistent, or the venue lets the book cross. */
  isCrossed(): boolean {
    return this.bids.count > 0 && this.asks.count > 0 && this.bids.ticksAt(0) >= this.asks.ticksAt(0);
  }

  /** Top `n` levels of each side, best first. */
  depth(n: number): BookDepth {
    if (!Number.isInteger(n) || n < 0) {
      throw new InvalidInputError('depth must be a non-negative integer', { field: 'n', value: n });
    }
    return { bids: this.collectLevels(this.bids, n), asks: this.collectLevels(this.asks, n) };
  }

  /** Top `n` levels of each side as Decimals, best first (what a venue's `OrderBookSnapshot` carries). */
  depthDecimal(n: number): DecimalBookDepth {
    const { bids, asks } = this.depth(n);
    const toDecimal = (l: PriceLevel): DecimalPriceLevel => ({
      price: new Decimal(l.price),
      size: new Decimal(l.size),
    });
    return { bids: bids.map(toDecimal), asks: asks.map(toDecimal) };
  }

  /** Every level of one side, best first. */
  levels(side: BookSide): PriceLevel[] {
    const levels = this.sideLevels(side);
    return this.collectLevels(levels, levels.count);
  }

  /** Number of levels on one side. */
  levelCount(side: BookSide): number {
    return this.sideLevels(side).count;
  }

  /** Size resting at exactly `price` on `side`, "0" when there is no level there. */
  sizeAt(side: BookSide, price: BookDecimal): string {
    return this.lotsToSize(this.sideLevels(side).lotsAtPrice(this.priceToTicks(price)));
  }

  /**
   * Volume-weighted average price of taking `size` base: buying walks the asks, selling walks the bids.
   * `complete` is false when the book is thinner than `size`; then `filled` < `size`.
   * @throws InvalidInputError when `size` is negative or not a multiple of the lot.
   */
  vwap(side: TakerSide, size: BookDecimal): VwapResult {
    const wanted = parseSteps(size, this.size.decimals, this.size.stepUnits, this.size.step, this.sizeCtx);
    const walk = this.vwapScaled(side, wanted, this.scratch);
    const levels = this.walkedLevels(side);
    // The scaled walk's float notional can exceed 2^53; recompute it exactly.
    let notional = 0n;
    let left = wanted;
    for (let d = 0; d < walk.levels; d++) {
      const take = Math.min(levels.lotsAt(d), left);
      notional += BigInt(levels.ticksAt(d)) * BigInt(take);
      left -= take;
    }
    return {
      ...this.estimate(side, walk.filledLots, notional, walk.levels, walk.complete),
      requestedSize: new Decimal(this.lotsToSize(wanted)),
    };
  }

  /**
   * How much base `quote` buys (side `buy`) or how much base must be sold to receive `quote` (side `sell`),
   * walking whole lots: on the last level only as many lots as the remaining quote pays for.
   * `complete` is false when the book runs out before `quote` is reached.
   * @throws InvalidInputError when `quote` is negative or not a decimal.
   */
  vwapForNotional(side: TakerSide, quote: BookDecimal): NotionalVwapResult {
    const scale = this.price.decimals + this.size.decimals;
    const requested = parseUnitsFloorBig(quote, scale, { field: 'quote', symbol: this.symbol });
    const unitsPerTickLot = BigInt(this.price.stepUnits) * BigInt(this.size.stepUnits);
    const levels = this.walkedLevels(side);
    let remaining = requested;
    let filled = 0n;
    let used = 0;
    let complete = remaining === 0n;
    for (let d = 0; d < levels.count && !complete; d++) {
      const lotCost = BigInt(levels.ticksAt(d)) * unitsPerTickLot;
      const available = BigInt(levels.lotsAt(d));
      let take = remaining / lotCost;
      if (take >= available) take = available;
      else complete = true;
      if (take > 0n) {
        filled += take;
        remaining -= take * lotCost;
        used++;
      }
      if (remaining === 0n) complete = true;
    }
    const notionalTickLots = (requested - remaining) / unitsPerTickLot;
    return {
      ...this.estimate(side, Number(filled), notionalTickLots, used, complete),
      requestedNotional: new Decimal(formatUnits(requested, scale)),
    };
  }

  /**
   * VWAP of taking `size` and its distance from a reference price: the mid (default) or the best price
   * of the walked side. Positive slippage = worse than the reference.
   * @throws InvalidInputError as `vwap`.
   */
  slippage(side: TakerSide, size: BookDecimal, reference: SlippageReference = 'mid'): SlippageResult {
    const v = this.vwap(side, size);
    let referencePrice: Decimal | undefined;
    if (reference === 'mid') referencePrice = this.mid();
    else if (reference === 'best') referencePrice = v.bestPrice ?? this.bestPriceOf(side);
    else throw new InvalidInputError('reference must be mid or best', { field: 'reference', value: reference });
    let slippage: Decimal | undefined;
    let slippageBps: Decimal | undefined;
    if (v.averagePrice !== undefined && referencePrice !== undefined) {
      slippage = side === 'buy' ? v.averagePrice.minus(referencePrice) : referencePrice.minus(v.averagePrice);
      slippageBps = slippage.div(referencePrice).mul(TEN_THOUSAND);
    }
    return { ...v, reference, referencePrice, slippage, slippageBps };
  }

  // ---------------------------------------------------------------- queries (scaled fast path)

  /** Fast path: best bid in ticks, undefined when the side is empty. */
  bestBidTicks(): number | undefined {
    return this.bids.count === 0 ? undefined : this.bids.ticksAt(0);
  }

  /** Fast path: best ask in ticks, undefined when the side is empty. */
  bestAskTicks(): number | undefined {
    return this.asks.count === 0 ? undefined : this.asks.ticksAt(0);
  }

  /** Fast path: price in ticks of the level `depth` from the top (0 = best). Check `levelCount` first. */
  priceTicksAt(side: BookSide, depth: number): number {
    const levels = this.sideLevels(side);
    this.checkDepth(levels, depth);
    return levels.ticksAt(depth);
  }

  /** Fast path: size in lots of the level `depth` from the top (0 = best). Check `levelCount` first. */
  sizeLotsAt(side: BookSide, depth: number): number {
    const levels = this.sideLevels(side);
    this.checkDepth(levels, depth);
    return levels.lotsAt(depth);
  }

  /**
   * Fast path VWAP: walks the book for `sizeLots` lots into `out` (reuse one to avoid allocation).
   * `out.notional` (ticks × lots) is exact only while `out.exact`; `out.averageTicks` is a float for signals,
   * never for an order price. Use `vwap()` for exact Decimal results.
   * @throws InvalidInputError when `sizeLots` is not a non-negative safe integer.
   */
  vwapScaled(side: TakerSide, sizeLots: number, out: VwapScaledResult = new VwapScaledResult()): VwapScaledResult {
    if (!(sizeLots >= 0 && Number.isSafeInteger(sizeLots))) {
      throw new InvalidInputError('sizeLots must be a non-negative safe integer', {
        field: 'sizeLots',
        value: sizeLots,
      });
    }
    const levels = this.walkedLevels(side);
    const keys = levels.keys;
    const sizes = levels.lots;
    const sign = levels.sign;
    let remaining = sizeLots;
    let notional = 0;
    let used = 0;
    let i = levels.count - 1;
    for (; i >= 0 && remaining > 0; i--) {
      const available = sizes[i]!;
      const take = Math.min(available, remaining);
      notional += keys[i]! * sign * take;
      remaining -= take;
      used++;
    }
    out.filledLots = sizeLots - remaining;
    out.notional = notional;
    // Every term is non-negative, so if the rounded total is still ≤ 2^53−1 no term or partial sum rounded.
    out.exact = notional <= Number.MAX_SAFE_INTEGER;
    out.levels = used;
    out.complete = remaining === 0;
    out.bestTicks = used > 0 ? keys[levels.count - 1]! * sign : Number.NaN;
    out.worstTicks = used > 0 ? keys[i + 1]! * sign : Number.NaN;
    return out;
  }

  // ---------------------------------------------------------------- internals

  private sideLevels(side: BookSide): PriceLevels {
    if (side === 'bid') return this.bids;
    if (side === 'ask') return this.asks;
    throw new InvalidInputError('side must be bid or ask', { field: 'side', value: side });
  }

  private walkedLevels(side: TakerSide): PriceLevels {
    if (side === 'buy') return this.asks;
    if (side === 'sell') return this.bids;
    throw new InvalidInputError('side must be buy or sell', { field: 'side', value: side });
  }

  private bestPriceOf(side: TakerSide): Decimal | undefined {
    const levels = this.walkedLevels(side);
    return levels.count === 0 ? undefined : new Decimal(this.ticksToPrice(levels.ticksAt(0)));
  }

  private checkDepth(levels: PriceLevels, depth: number): void {
    if (!(Number.isInteger(depth) && depth >= 0 && depth < levels.count)) {
      throw new InvalidInputError('depth is outside the book', {
        field: 'depth',
        value: depth,
        expected: `integer in [0, ${levels.count})`,
      });
    }
  }

  private levelAt(levels: PriceLevels, depth: number): PriceLevel {
    return { price: this.ticksToPrice(levels.ticksAt(depth)), size: this.lotsToSize(levels.lotsAt(depth)) };
  }

  private collectLevels(levels: PriceLevels, n: number): PriceLevel[] {
    const count = Math.min(n, levels.count);
    const out = new Array<PriceLevel>(count);
    for (let d = 0; d < count; d++) out[d] = this.levelAt(levels, d);
    return out;
  }

  private estimate(
    side: TakerSide,
    filledLots: number,
    notionalTickLots: bigint,
    used: number,
    complete: boolean,
  ): FillEstimate {
    const levels = this.walkedLevels(side);
    const filled = new Decimal(this.lotsToSize(filledLots));
    const notional = new Decimal(
      formatUnits(
        notionalTickLots * BigInt(this.price.stepUnits) * BigInt(this.size.stepUnits),
        this.price.decimals + this.size.decimals,
      ),
    );
    const touched = used > 0;
    return {
      side,
      filled,
      notional,
      averagePrice: touched ? notional.div(filled) : undefined,
      bestPrice: touched ? new Decimal(this.ticksToPrice(levels.ticksAt(0))) : undefined,
      worstPrice: touched ? new Decimal(this.ticksToPrice(levels.ticksAt(used - 1))) : undefined,
      levelsConsumed: used,
      complete,
    };
  }

  private checkSeqValue(value: number | undefined, field: 'sequence' | 'prevSequence'): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.clear();
      throw new InvalidInputError(`${this.symbol ? `${this.symbol}: ` : ''}${field} must be a safe integer`, {
        field,
        value,
        expected: `a safe integer (sequence mode ${this.sequenceMode})`,
      });
    }
    return value;
  }

  private checkSnapshotSequence(sequence: number | undefined): number | undefined {
    if (this.sequenceMode === 'none' && sequence === undefined) return undefined;
    return this.checkSeqValue(sequence, 'sequence');
  }

  private gap(gap: { mode: 'increment' | 'chained'; expected: number; received: number }): ApplyDeltaResult {
    this.clear();
    return { ok: false, reason: 'gap', gap };
  }

  private parseLevel(level: PriceLevelInput, list: 'bids' | 'asks', index: number, out: Float64Array): void {
    const pc = this.levelPriceCtx;
    const sc = this.levelSizeCtx;
    pc.list = sc.list = list;
    pc.index = sc.index = index;
    let price: BookDecimal | undefined;
    let size: BookDecimal | undefined;
    if (Array.isArray(level)) {
      price = level[0];
      size = level[1];
    } else if (typeof level === 'object' && level !== null) {
      price = (level as { price: BookDecimal }).price;
      size = (level as { size: BookDecimal }).size;
    }
    if (price === undefined || size === undefined) {
      throw new InvalidInputError(`${this.symbol ? `${this.symbol}: ` : ''}${list}[${index}] is not a level`, {
        field: `${list}[${index}]`,
        expected: '{ price, size } or [price, size]',
      });
    }
    const ticks = parseSteps(price, this.price.decimals, this.price.stepUnits, this.price.step, pc);
    if (ticks === 0) throw this.nonPositivePrice(price, `${list}[${index}].price`);
    out[0] = ticks;
    out[1] = parseSteps(size, this.size.decimals, this.size.stepUnits, this.size.step, sc);
  }

  private readonly levelScratch = new Float64Array(2);

  private applyLevels(list: readonly PriceLevelInput[], name: 'bids' | 'asks', target: PriceLevels): void {
    const parsed = this.levelScratch;
    for (let i = 0; i < list.length; i++) {
      this.parseLevel(list[i]!, name, i, parsed);
      target.set(parsed[0]!, parsed[1]!);
    }
  }

  /**
   * Replaces both sides with what `side` reads (bids first), after the snapshot's sequence check. Any error clears
   * the book before it is thrown: a half-loaded book is never left synced.
   */
  private loadSnapshot(
    sequenceOf: () => number | undefined,
    side: (name: 'bids' | 'asks', sign: 1 | -1) => [Float64Array, Float64Array, number],
  ): void {
    try {
      const sequence = this.checkSnapshotSequence(sequenceOf());
      const [bidKeys, bidLots, nb] = side('bids', 1);
      const [askKeys, askLots, na] = side('asks', -1);
      this.bids.load(bidKeys, bidLots, nb);
      this.asks.load(askKeys, askLots, na);
      this.seq = sequence;
      this.isSynced = true;
    } catch (e) {
      this.clear();
      throw e;
    }
  }

  private parseSnapshotSide(
    list: readonly PriceLevelInput[],
    name: 'bids' | 'asks',
    sign: 1 | -1,
  ): [Float64Array, Float64Array, number] {
    if (!Array.isArray(list)) {
      throw new InvalidInputError(`snapshot ${name} must be an array`, { field: name });
    }
    const ticks = new Float64Array(list.length);
    const lots = new Float64Array(list.length);
    const parsed = this.levelScratch;
    let n = 0;
    for (let i = 0; i < list.length; i++) {
      this.parseLevel(list[i]!, name, i, parsed);
      if (parsed[1] === 0) continue;
      ticks[n] = parsed[0]!;
      lots[n] = parsed[1]!;
      n++;
    }
    return this.sortSide(ticks, lots, n, name, sign);
  }

  private collectScaled(
    ticksIn: ArrayLike<number>,
    lotsIn: ArrayLike<number>,
    name: 'bids' | 'asks',
    sign: 1 | -1,
  ): [Float64Array, Float64Array, number] {
    if (ticksIn.length !== lotsIn.length) {
      throw new InvalidInputError(`snapshot ${name}: ticks and lots differ in length`, {
        field: name,
        value: { ticks: ticksIn.length, lots: lotsIn.length },
      });
    }
    const ticks = new Float64Array(ticksIn.length);
    const lots = new Float64Array(ticksIn.length);
    let n = 0;
    for (let i = 0; i < ticksIn.length; i++) {
      const t = ticksIn[i]!;
      const l = lotsIn[i]!;
      if (!(t > 0 && t <= this.price.maxSteps && Number.isInteger(t))) {
        throw new InvalidInputError(`${name}[${i}] price ticks out of range`, {
          field: `${name}[${i}].priceTicks`,
          value: t,
          expected: `integer in [1, ${this.price.maxSteps}]`,
        });
      }
      if (!(l >= 0 && l <= this.size.maxSteps && Number.isInteger(l))) {
        throw new InvalidInputError(`${name}[${i}] size lots out of range`, {
          field: `${name}[${i}].sizeLots`,
          value: l,
          expected: `integer in [0, ${this.size.maxSteps}]`,
        });
      }
      if (l === 0) continue;
      ticks[n] = t;
      lots[n] = l;
      n++;
    }
    return this.sortSide(ticks, lots, n, name, sign);
  }

  /** Sorts parsed levels into PriceLevels key order (ascending key, best last); duplicates are an error. */
  private sortSide(
    ticks: Float64Array,
    lots: Float64Array,
    n: number,
    name: 'bids' | 'asks',
    sign: 1 | -1,
  ): [Float64Array, Float64Array, number] {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => ticks[a]! * sign - ticks[b]! * sign);
    const keys = new Float64Array(n);
    const sortedLots = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const j = order[i]!;
      keys[i] = ticks[j]! * sign;
      sortedLots[i] = lots[j]!;
      if (i > 0 && keys[i] === keys[i - 1]) {
        const price = this.ticksToPrice(ticks[j]!);
        throw new InvalidInputError(
          `${this.symbol ? `${this.symbol}: ` : ''}snapshot ${name} list price ${price} twice`,
          {
            field: name,
            value: price,
            expected: 'one level per price',
          },
        );
      }
    }
    return [keys, sortedLots, n];
  }

  private nonPositivePrice(price: BookDecimal, field = 'price'): InvalidInputError {
    return new InvalidInputError(`${this.symbol ? `${this.symbol}: ` : ''}${field} must be positive`, {
      field,
      value: typeof price === 'string' ? price : price.toString(),
      expected: '> 0',
    });
  }

  private rejectScaled(side: BookSide, priceTicks: number, sizeLots: number): never {
    const synced = this.isSynced;
    this.clear();
    if (!synced) {
      throw new InvalidInputError('Order book is not synced: apply a snapshot before deltas', {
        field: 'book',
        expected: 'a snapshot first',
      });
    }
    if (side !== 'bid' && side !== 'ask') {
      throw new InvalidInputError('side must be bid or ask', { field: 'side', value: side });
    }
    if (!(priceTicks > 0 && priceTicks <= this.price.maxSteps && Number.isInteger(priceTicks))) {
      throw new InvalidInputError('priceTicks must be a positive integer within the book range', {
        field: 'priceTicks',
        value: priceTicks,
        expected: `integer in [1, ${this.price.maxSteps}]`,
      });
    }
    throw new InvalidInputError('sizeLots must be a non-negative integer within the book range', {
      field: 'sizeLots',
      value: sizeLots,
      expected: `integer in [0, ${this.size.maxSteps}]`,
    });
  }
}
