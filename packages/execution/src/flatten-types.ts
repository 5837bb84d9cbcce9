import { type Clock, Decimal, type Logger, type Side, type UnifiedSymbol } from '@dn/core';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import type { OrderSnapshot } from './survey.js';
import type { HaltWriter } from './types.js';

export interface FlattenOptions {
  /** Only these unified symbols; undefined = every symbol. */
  symbols?: readonly UnifiedSymbol[];
  /** Close orders per position (and cancel rounds per venue) before giving up. */
  maxAttempts: number;
  /** Price band of the first close order, as a fraction (0.005 = 0.5 %). Doubled on each retry… */
  initialBand: Decimal;
  /** …up to this. */
  maxBand: Decimal;
  /** Backoff between attempts, ms of clock time. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Retries of one call after a transient failure (429, transport error). */
  retry: RetryPolicy;
  /** Reads of an order's state after sending it. */
  confirmReads: number;
  confirmIntervalMs: number;
  /** Survey only: nothing is written, cancelled or sent. */
  dryRun: boolean;
}

export const DEFAULT_FLATTEN_OPTIONS: FlattenOptions = {
  maxAttempts: 8,
  initialBand: new Decimal('0.005'),
  maxBand: new Decimal('0.05'),
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  retry: DEFAULT_RETRY,
  confirmReads: 3,
  confirmIntervalMs: 200,
  dryRun: false,
};

export interface FlattenDeps {
  clock: Clock;
  log: Logger;
  /** Written before any cancel or order; undefined = no sentinel (the operator opted out). */
  halt?: HaltWriter;
  /** `by` of the halt record written (the app's name). Default `dn-execution`. */
  haltBy?: string;
  /** The sentinel was already dealt with by the caller (written before waiting for the bots): report this. */
  haltStatus?: HaltStatus;
  onEvent?: (event: FlattenEvent) => void;
  /** Jitter source of the backoff; tests pass a fixed one. */
  random?: () => number;
}

export type HaltStatus =
  | { state: 'written'; path: string }
  /** Left untouched: it may hold a bot's reason for halting, which the operator needs. */
  | { state: 'already-present'; path: string; reason: string }
  | { state: 'failed'; path: string; error: string }
  | { state: 'skipped-dry-run' }
  | { state: 'disabled' };

export type OrderAttemptResult = 'filled' | 'partial' | 'unfilled' | 'rejected' | 'unknown';

export type FlattenEvent =
  | { type: 'halt'; status: HaltStatus }
  | { type: 'venue-unreachable'; venue: string; error: string }
  | { type: 'cancel'; venue: string; round: number; before: number; remaining: number }
  | {
      type: 'order';
      venue: string;
      symbol: UnifiedSymbol;
      attempt: number;
      side: Side;
      size: Decimal;
      band: Decimal;
      result: OrderAttemptResult;
      reason?: string;
    }
  | { type: 'position'; venue: string; symbol: UnifiedSymbol; size: Decimal }
  | { type: 'gave-up'; venue: string; symbol: UnifiedSymbol; remaining: Decimal | undefined; reason: string };

export interface PositionResult {
  venue: string;
  symbol: UnifiedSymbol;
  /** Signed size when first seen. */
  before: Decimal;
  /** Signed size at the last successful read; undefined when the last read failed (unknown). */
  after: Decimal | undefined;
  /** Absolute size reduced: |before| − |after|, never negative. */
  closed: Decimal;
  /** Close orders sent. */
  attempts: number;
  /** Fills of our close orders; undefined when they could not be read. */
  fills: number | undefined;
  /** Fees of those fills in quote currency (negative = rebate); undefined when unknown. */
  fees: Decimal | undefined;
  error?: string;
}

export interface VenueResult {
  venue: string;
  reachable: boolean;
  error?: string;
  positions: PositionResult[];
  /** Open orders still there at the end (in a dry run: all of them). */
  openOrders: OrderSnapshot[];
  ordersCancelled: number;
}

export interface FlattenResult {
  /** Every venue reachable, every position in scope zero, no open order in scope. */
  flat: boolean;
  dryRun: boolean;
  halt: HaltStatus;
  venues: VenueResult[];
  startedAt: number;
  finishedAt: number;
}
