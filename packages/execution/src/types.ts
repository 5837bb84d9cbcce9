import type { Alerter, Clock, Decimal, HaltRecord, Logger, Market, PerpVenue, Side, UnifiedSymbol } from '@dn/core';
import type { ExecutionEvent } from './events.js';
import type { IocMetricOutcome } from './ioc.js';

/** One venue of a pair, under the name the app knows it by, with the market of the pair's symbol on it. */
export interface LegVenue<N extends string = string> {
  name: N;
  venue: PerpVenue;
  market: Market;
}

/** The two venues of a pair: `first` carries the pilot (opened first), `second` the hedge. */
export interface PairLegs<N extends string = string> {
  first: LegVenue<N>;
  second: LegVenue<N>;
}

/** One leg of a pair as the caller persists it; the functions here update it in place before every order. */
export interface LegState {
  venue: string;
  /** Side of the opening order: buy = long leg, sell = short leg. */
  side: Side;
  /** Every client order id sent for this leg (opening, hedge top-ups, unwinds, closes), in order. */
  clientOrderIds: string[];
  /** Signed size confirmed on the venue (decimal string). */
  size: string;
  entryPrice?: string;
}

/**
 * Where a pair's open or close stands, saved with it for crash diagnostics (`planned` and `adopted` are the apps'
 * own: a plan saved before the pilot, a hedged pair found on the venues). The hedge and close steps count their
 * attempts in `PairState.stepAttempt`.
 */
export const PAIR_STEPS = [
  'planned',
  'adopted',
  'pilot_sent',
  'pilot_confirmed',
  'unwinding_unclear_pilot',
  'hedge_sent',
  'hedge_confirmed',
  'trimming_hedge_excess',
  'unwinding_pilot_excess',
  'open',
  'closing',
  'close_attempt',
  'closed',
  'reconciled',
] as const;

export type PairStep = (typeof PAIR_STEPS)[number];

/**
 * A delta-neutral pair as the caller persists it (an app's own state may hold more fields: the functions are generic
 * over it and hand the same object back to `persist`). Client order ids derive from `id`, so it must be unique per
 * pair and stable across restarts.
 */
export interface PairState {
  id: string;
  symbol: UnifiedSymbol;
  phase: 'opening' | 'open' | 'closing';
  /** Last step reached inside the phase. */
  step: PairStep;
  /** Attempt number of `hedge_sent`, `hedge_confirmed` and `close_attempt` (1 = first); absent for other steps. */
  stepAttempt?: number;
  first: LegState;
  second: LegState;
  /** Absolute base size each leg should reach (decimal string). */
  targetSize: string;
  /** Hedged size per leg once open (absolute). */
  openedSize?: string;
  /** Clock ms when the pair became open. */
  openedAt?: number;
  /** Clock ms when the open started; fills are looked up from a minute before it. */
  startedAt: number;
  /** Why an open was aborted (hedge refused, pilot unfilled). */
  abortReason?: string;
}

/** The halt sentinel, as far as execution needs it (`HaltSentinel` from @dn/core fits). */
export interface HaltWriter {
  readonly path: string;
  read(): Promise<HaltRecord | undefined>;
  write(record: Omit<HaltRecord, 'at'>): Promise<void>;
}

/**
 * Price band policy: the first order's band, widened ×1.5 per retry up to ×4, never past the cap — a hedge or close
 * that would pay more slippage than the trade's expected edge is unwound (or left to the next attempt) instead.
 */
export interface BandPolicy {
  /** Band of the first order, as a fraction of the best price (0.005 = 0.5 %). */
  band: Decimal;
  /** Widest band a hedge retry may use, fraction (see {@link edgeBandCap}). */
  bandCap?: Decimal;
  /** Widest band a reduce-only order (unwind, trim, close) may use, fraction; defaults to `bandCap`. */
  reduceBandCap?: Decimal;
}

/** What the leg-risk functions (`openPair`, `closePair`, `reduceTo`, `reconcilePair`) need. */
export interface LegRiskDeps<P extends PairState = PairState> extends BandPolicy {
  clock: Clock;
  log: Logger;
  /** Written (then `HaltedError` thrown) when a leg cannot be made safe: an unwind or a close that failed. */
  halt: HaltWriter;
  /** `by` of the halt records written (the app's name). Default `dn-execution`. */
  haltBy?: string;
  /** Operator alerts: a leg at risk (`leg_failure`) and every halt written. */
  alerter?: Alerter;
  /** Every IOC once its outcome is settled: venue, outcome, real ms from send to outcome. Must not throw. */
  onOrder?: (venue: string, outcome: IocMetricOutcome, latencyMs: number) => void;
  /** Error code of a failed send (`VENUE_REJECTED`, `TIMEOUT`, …). Must not throw. */
  onError?: (code: string) => void;
  /** Typed events for a UI or a log (see {@link ExecutionEvent}). Must not throw. */
  onEvent?: (event: ExecutionEvent) => void;
  /** Persists the pair after every step, before the next opening order leaves the process. */
  persist: (pair: P) => Promise<void>;
  /**
   * Persists before a risk-reducing order (hedge, unwind, close, trim) without blocking it: a disk that cannot be
   * written must not keep a leg naked. Defaults to `persist` with failures logged.
   */
  persistSafe?: (pair: P) => Promise<void>;
  /** How long one leg may stand unhedged, real ms (the single-leg deadline). */
  singleLegTimeoutMs: number;
  /** Called with the wall-clock time a single leg stood unhedged (ms) whenever a naked window closes. */
  onNakedWindow?: (ms: number) => void;
  /** Called when a hedge order leaves the process: real ms since the pilot was sent. */
  onHedgeLatency?: (ms: number) => void;
}
