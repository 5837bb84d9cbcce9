import type Decimal from 'decimal.js';

/** A side of the book. */
export type BookSide = 'bid' | 'ask';

/** The taker's direction: buying walks the asks, selling walks the bids. */
export type TakerSide = 'buy' | 'sell';

/** A price or size at the edge: a decimal string ("100000.1", "1e-5") or a Decimal. Never a JS float. */
export type BookDecimal = string | Decimal;

/** A level as venues send it: `{ price, size }` or `[price, size]`. Size is the absolute size at that price. */
export type PriceLevelInput =
  | { readonly price: BookDecimal; readonly size: BookDecimal }
  | readonly [BookDecimal, BookDecimal];

/** A level as the book returns it: minimal decimal strings ("100000.1", "0.00001"). */
export interface PriceLevel {
  price: string;
  size: string;
}

/** Top `n` levels of each side, best first. */
export interface BookDepth {
  bids: PriceLevel[];
  asks: PriceLevel[];
}

/** A level as Decimals; structurally the `BookLevel` of the venue-neutral `OrderBookSnapshot`. */
export interface DecimalPriceLevel {
  price: Decimal;
  size: Decimal;
}

/** Top `n` levels of each side as Decimals, best first. */
export interface DecimalBookDepth {
  bids: DecimalPriceLevel[];
  asks: DecimalPriceLevel[];
}

/**
 * How deltas are chained to what came before.
 * - `increment`: each delta's `sequence` must be the previous one + 1 (Extended `seq`).
 * - `chained`: each delta's `prevSequence` must equal the previous message's `sequence`
 *   (Lighter `begin_nonce` / `nonce`).
 * - `none`: no continuity check (snapshot-only feeds such as Pacifica's `book`).
 */
export type SequenceMode = 'increment' | 'chained' | 'none';

export interface OrderBookOptions {
  /** Unified symbol, used in error messages only. */
  symbol?: string;
  /** Decimals of a price. Give this, `tickSize`, or both (then the tick must sit on the decimals grid). */
  priceDecimals?: number;
  /** Price increment as a decimal string, e.g. "0.1" or "0.5". Defaults to 10^-priceDecimals. */
  tickSize?: BookDecimal;
  /** Decimals of a size. Give this, `lotSize`, or both. */
  sizeDecimals?: number;
  /** Size increment as a decimal string, e.g. "0.00001". Defaults to 10^-sizeDecimals. */
  lotSize?: BookDecimal;
  /** Continuity check applied to deltas. Default `increment`. */
  sequenceMode?: SequenceMode;
}

/** Sequence fields of a snapshot or delta. Must be safe integers. */
export interface SequenceStamp {
  /** This message's sequence (Extended `seq`, Lighter `nonce`). */
  sequence?: number;
  /** The sequence this message follows (Lighter `begin_nonce`); required in `chained` mode. */
  prevSequence?: number;
}

/** A full book. Levels need not be sorted; zero sizes are ignored; a price listed twice on a side is an error. */
export interface BookSnapshotInput {
  bids: readonly PriceLevelInput[];
  asks: readonly PriceLevelInput[];
  /** Required unless the book's sequence mode is `none`. */
  sequence?: number;
}

/** Changed levels with their new absolute size; size 0 removes the level. */
export interface BookDeltaInput extends SequenceStamp {
  bids?: readonly PriceLevelInput[];
  asks?: readonly PriceLevelInput[];
}

/** A missing message between the book's state and a delta. */
export interface SequenceGap {
  mode: 'increment' | 'chained';
  /** `increment`: the next sequence we needed; `chained`: the book's last sequence. */
  expected: number;
  /** `increment`: the delta's `sequence`; `chained`: the delta's `prevSequence`. */
  received: number;
}

/**
 * Outcome of applying a delta. On `gap` the delta is NOT applied and the book is cleared and marked
 * unsynced; `not-synced` means no snapshot has been applied since creation, `clear()` or the last gap.
 * In both cases resync from a fresh snapshot.
 */
export type ApplyDeltaResult =
  | { ok: true }
  | { ok: false; reason: 'gap'; gap: SequenceGap }
  | { ok: false; reason: 'not-synced' };

/** Relative measures are against the mid. Absolute is negative when the book is crossed. */
export interface SpreadResult {
  absolute: Decimal;
  /** absolute / mid × 10 000. */
  bps: Decimal;
  /** absolute / mid × 100. */
  pct: Decimal;
}

/** What taking liquidity from one side would do, computed exactly from the levels. */
export interface FillEstimate {
  side: TakerSide;
  /** Base size the book can fill (≤ requested). */
  filled: Decimal;
  /** Quote spent: Σ price × size over the levels taken, exact. */
  notional: Decimal;
  /** notional / filled (decimal.js precision), undefined when nothing fills. */
  averagePrice: Decimal | undefined;
  /** First level touched (the top of the walked side), undefined when nothing fills. */
  bestPrice: Decimal | undefined;
  /** Last level touched, undefined when nothing fills. */
  worstPrice: Decimal | undefined;
  /** Number of levels touched, the last one possibly partially. */
  levelsConsumed: number;
  /** True when the book had enough depth for the whole request. */
  complete: boolean;
}

export interface VwapResult extends FillEstimate {
  requestedSize: Decimal;
}

export interface NotionalVwapResult extends FillEstimate {
  /** Quote amount asked for, truncated to the book's price × size resolution. */
  requestedNotional: Decimal;
}

export type SlippageReference = 'mid' | 'best';

/**
 * Slippage is positive when the fill is worse than the reference: average above it when buying,
 * below it when selling. `undefined` when nothing fills or the reference price is missing.
 */
export interface SlippageResult extends VwapResult {
  reference: SlippageReference;
  /** Mid, or the best price of the walked side (best ask when buying, best bid when selling). */
  referencePrice: Decimal | undefined;
  /** Quote per base unit. */
  slippage: Decimal | undefined;
  /** slippage / referencePrice × 10 000. */
  slippageBps: Decimal | undefined;
}
