/**
 * @dn/execution — leg-risk execution on any `PerpVenue`: the primitives every dn app trades through.
 *
 * - `placeIoc`: marketable limit IOC whose fill is read back from the venue; a lost answer is looked up by client id,
 *   never re-sent.
 * - `openPair`: pilot, hedge sized from the pilot's confirmed fill, over-fill trim and unwind of the unhedged rest,
 *   all under the single-leg deadline; halt on a failed unwind.
 * - `closePair`, `reduceTo`: reduce-only until flat (or down to a size); halt when a leg cannot be closed.
 * - `reconcilePair`: a saved pair brought in line with its venues.
 * - `flatten`: every position on every venue closed reduce-only, orders cancelled, dust reported.
 * - `clientOrderId`, `bandFor` / `edgeBandCap`, `NakedWindow`, typed `ExecutionEvent`s.
 *
 * Halts write the caller's halt sentinel (`HaltSentinel` from @dn/core) and throw @dn/core's `HaltedError`.
 */
export { bandFor, edgeBandCap } from './band.js';
export { clientOrderId } from './client-id.js';
export {
  type CloseOrderDeps,
  type CloseOrderOutcome,
  type CloseOrderRequest,
  sendCloseOrder,
} from './close-order.js';
export { type ClosePairOptions, closePair } from './close-pair.js';
export type { ExecutionEvent } from './events.js';
export { flatten, writeHalt } from './flatten.js';
export { logFlattenEvent } from './flatten-log.js';
export {
  DEFAULT_FLATTEN_OPTIONS,
  type FlattenDeps,
  type FlattenEvent,
  type FlattenOptions,
  type FlattenResult,
  type HaltStatus,
  type OrderAttemptResult,
  type PositionResult,
  type VenueResult,
} from './flatten-types.js';
export {
  confirmOrder,
  type IocDeps,
  type IocMetricOutcome,
  type IocOutcome,
  type IocRequest,
  placeIoc,
} from './ioc.js';
export { NakedWindow } from './naked.js';
export { type OpenPairResult, openPair } from './open-pair.js';
export { confirmPilotFill, type PilotFill } from './pilot-fill.js';
export { type ReadDeps, ReadFailedError, readPosition, readWithin } from './reads.js';
export { haltOnMismatch, type ReconcilePairOptions, reconcilePair } from './reconcile-pair.js';
export { DEFAULT_RETRY, isTransient, type RetryPolicy, withRetry } from './retry.js';
export {
  type FlattenTarget,
  inScope,
  type OrderSnapshot,
  type PositionSnapshot,
  type SurveyOptions,
  surveyAll,
  surveyVenue,
  type VenueSurvey,
} from './survey.js';
export type {
  BandPolicy,
  HaltWriter,
  LegRiskDeps,
  LegState,
  LegVenue,
  PairLegs,
  PairState,
  PairStep,
} from './types.js';
export { PAIR_STEPS } from './types.js';
export { reduceTo } from './unwind.js';
