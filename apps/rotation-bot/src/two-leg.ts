import {
  type Alerter,
  type Clock,
  Decimal,
  errorSummary,
  floorToStep,
  type HaltSentinel,
  type Logger,
  type Market,
  type PerpVenue,
  type Side,
} from '@dn/core';
import { clientOrderId } from './client-id.js';
import type { VenueName } from './config.js';
import { HaltError } from './halt-error.js';
import { executeIoc, type IocDeps } from './ioc.js';
import { confirmPilotFill } from './pilot-fill.js';
import { readPosition } from './reads.js';
import type { CycleState, LegState } from './state.js';
import { bandFor, haltFor, iocDeps, reduceTo, saveSafely } from './unwind.js';

export { closePair } from './close-pair.js';
export { HaltError } from './halt-error.js';
export { reduceTo } from './unwind.js';

export interface LegVenue {
  name: VenueName;
  venue: PerpVenue;
  market: Market;
}

export interface TwoLegDeps {
  clock: Clock;
  log: Logger;
  halt: HaltSentinel;
  /** Operator alerts: a leg at risk (`leg_failure`) and every halt written. */
  alerter?: Alerter;
  /** Metrics hooks of every IOC (see `IocDeps`). */
  onOrder?: IocDeps['onOrder'];
  onError?: IocDeps['onError'];
  /** Persists the cycle after every step, before the next order leaves the process. */
  persist: (cycle: CycleState) => Promise<void>;
  /**
   * Persists before a risk-reducing order (hedge, unwind, close, trim) without blocking it: a disk that cannot be
   * written must not keep a leg naked. Defaults to `persist` with failures logged.
   */
  persistSafe?: (cycle: CycleState) => Promise<void>;
  /** Price band as a fraction (0.005 = 0.5 %); widened on retries, never past `bandCap`. */
  band: Decimal;
  /** Widest band any retry may use, fraction (B10: no retry pays more than the edge it trades for). */
  bandCap?: Decimal;
  /** Widest band a reduce-only order (unwind, trim, close) may use, fraction; defaults to `bandCap`. */
  reduceBandCap?: Decimal;
  singleLegTimeoutMs: number;
  /** Called with the wall-clock time a single leg stood unhedged (ms) whenever a naked window closes. */
  onNakedWindow?: (ms: number) => void;
  /** Called when a hedge order leaves the process: real ms since the first leg's fill was confirmed. */
  onHedgeLatency?: (ms: number) => void;
}

/** A hedge that fails this often within the single-leg timeout is not going to fill: unwind instead. */
const MAX_HEDGE_ATTEMPTS = 6;

const signed = (side: Side, size: Decimal): Decimal => (side === 'buy' ? size : size.neg());

/**
 * Opens a hedged pair leg by leg: the pilot leg first as a marketable limit IOC, its fill confirmed by its order, its
 * fills and the position agreeing, then the hedge sized from that fill. Every step after the pilot leaves runs under
 * the single-leg deadline: reads are retried inside it, and whatever is not hedged when it expires is unwound
 * reduce-only. Anything undecidable (records that disagree, an unwind that fails) unwinds what is certain and writes
 * the halt sentinel. Nothing thrown after the pilot escapes without that.
 */
export async function openPair(
  cycle: CycleState,
  legs: { first: LegVenue; second: LegVenue },
  deps: TwoLegDeps,
): Promise<'open' | 'aborted'> {
  const { first, second } = legs;
  const target = new Decimal(cycle.targetSize);
  // Before the pilot nothing is at risk: a read that keeps failing ends the attempt (the cycle is reconciled).
  const preDeadline = performance.now() + deps.singleLegTimeoutMs;
  const firstBefore = await readPosition(first.venue, cycle.symbol, preDeadline, deps);
  const secondBefore = await readPosition(second.venue, cycle.symbol, preDeadline, deps);
  if (!firstBefore.isZero() || !secondBefore.isZero()) {
    throw new HaltError(
      `refusing to open ${cycle.symbol}: existing position ${first.name}=${firstBefore} ${second.name}=${secondBefore}`,
    );
  }

  // 1. Pilot leg. The client id is persisted before the order leaves (strictly: an opening order never goes out
  // unrecorded), so a crash here is reconcilable.
  const pilotId = clientOrderId(cycle.id, 'p');
  cycle.first.clientOrderIds.push(pilotId);
  cycle.step = 'pilot_sent';
  await deps.persist(cycle);
  // Leg timing is wall-clock: it measures how fast the bot reacts, which a sped-up simulated clock must not distort.
  // The window opens when the pilot leaves: from then on a leg may stand alone.
  const sentAt = performance.now();
  const deadline = sentAt + deps.singleLegTimeoutMs;
  let naked = true;
  const endNaked = () => {
    if (!naked) return;
    naked = false;
    deps.onNakedWindow?.(performance.now() - sentAt);
  };
  let pilotFilled = new Decimal(0);
  try {
    const pilot = await executeIoc(
      {
        venue: first.venue,
        symbol: cycle.symbol,
        side: cycle.first.side,
        size: target,
        reduceOnly: false,
        clientOrderId: pilotId,
        band: deps.band,
      },
      iocDeps(deps),
    );
    const fill = await confirmPilotFill(
      first,
      // A minute of slack: the venue stamps fills with its own clock.
      { symbol: cycle.symbol, side: cycle.first.side, clientOrderId: pilotId, since: cycle.startedAt - 60_000 },
      pilot,
      deadline,
      deps,
    );
    pilotFilled = fill.confirmed;
    cycle.first.size = signed(cycle.first.side, pilotFilled).toString();
    if (fill.averagePrice) cycle.first.entryPrice = fill.averagePrice.toString();
    if (!fill.agreed) {
      deps.log.error({ venue: first.name, readings: fill.detail }, 'pilot records disagree; unwinding what is certain');
      cycle.step = 'unwinding_unclear_pilot';
      legFailure(deps, cycle, first.name, `pilot records on ${first.name} disagree; unwinding what is certain`);
      await reduceBy(first, cycle, cycle.first, pilotFilled, deps);
      return await haltFor(
        deps,
        `pilot on ${first.name} ${cycle.symbol}: order, fills and position disagree (${fill.detail}); unwound ${pilotFilled} reduce-only, check the account`,
        cycle,
      );
    }
    cycle.step = 'pilot_confirmed';
    if (pilotFilled.isZero()) {
      naked = false;
      cycle.abortReason = `pilot on ${first.name} did not fill (${pilot.kind === 'done' ? 'nothing at the band' : pilot.reason})`;
      await saveSafely(deps, cycle);
      deps.log.info(
        { venue: first.name, symbol: cycle.symbol, outcome: pilot.kind },
        'pilot leg did not fill; cycle aborted',
      );
      return 'aborted';
    }

    // 2. Hedge, sized from the confirmed pilot fill, floored to the hedge venue's lot.
    const hedgeRefusal: { reason?: string } = {};
    const hedged = await hedge(cycle, legs, pilotFilled, sentAt, deadline, deps, hedgeRefusal);

    // 3. Over-filled hedge (a late fill plus a retry): trimmed reduce-only right away, not at the next check (B9).
    let kept = hedged;
    if (hedged.gt(pilotFilled)) {
      deps.log.warn(
        { symbol: cycle.symbol, pilot: pilotFilled.toString(), hedged: hedged.toString() },
        'hedge over-filled; trimming',
      );
      cycle.step = 'trimming_hedge_excess';
      const left = await reduceTo(second, cycle, cycle.second, pilotFilled, deps);
      if (!left.abs().eq(pilotFilled)) {
        legFailure(deps, cycle, second.name, `hedge trim on ${second.name} failed; the pair is unequal`);
        return await haltFor(
          deps,
          `trim of ${second.name} ${cycle.symbol} failed: position ${left}, pilot ${pilotFilled}`,
          cycle,
        );
      }
      kept = pilotFilled;
    }

    // 4. Whatever of the pilot is not hedged is unwound (reduce-only: it can only shrink the pilot).
    if (pilotFilled.gt(kept)) {
      deps.log.warn(
        { symbol: cycle.symbol, pilot: pilotFilled.toString(), hedged: kept.toString() },
        'hedge incomplete; unwinding the excess',
      );
      cycle.step = 'unwinding_pilot_excess';
      const left = await reduceTo(first, cycle, cycle.first, kept, deps);
      if (!left.abs().eq(kept)) {
        legFailure(deps, cycle, first.name, `unwind of the unhedged ${first.name} leg failed; it may be naked`);
        return await haltFor(
          deps,
          `unwind of ${first.name} ${cycle.symbol} failed: position ${left}, hedge ${kept}`,
          cycle,
        );
      }
    }
    endNaked();
    if (kept.isZero()) {
      cycle.abortReason = `hedge on ${second.name} not filled${hedgeRefusal.reason ? `: ${hedgeRefusal.reason}` : ''}`;
      return 'aborted';
    }
    cycle.phase = 'open';
    cycle.step = 'open';
    cycle.openedSize = kept.toString();
    cycle.openedAt = deps.clock.now();
    await saveSafely(deps, cycle);
    return 'open';
  } catch (e) {
    if (e instanceof HaltError) throw e;
    // Anything unexpected inside the naked window: flatten what is certain, then stop for a human.
    deps.log.error({ err: errorSummary(e), cycle: cycle.id }, 'open failed with a leg at risk; unwinding');
    legFailure(deps, cycle, first.name, `open failed mid-way with a leg at risk (${errorSummary(e)}); unwinding`);
    await reduceTo(first, cycle, cycle.first, new Decimal(0), deps).catch(() => undefined);
    await reduceTo(second, cycle, cycle.second, new Decimal(0), deps).catch(() => undefined);
    return await haltFor(
      deps,
      `open of ${cycle.symbol} failed mid-way (${errorSummary(e)}); unwound, check both accounts`,
      cycle,
    );
  } finally {
    endNaked();
  }
}

/** A leg is or was unhedged: critical, the operator must look at both accounts. */
function legFailure(deps: TwoLegDeps, cycle: CycleState, venue: VenueName, message: string): void {
  deps.alerter?.send({
    kind: 'leg_failure',
    severity: 'critical',
    venue,
    symbol: cycle.symbol,
    message,
    details: { cycle: cycle.id, first: cycle.first.size, second: cycle.second.size },
  });
}

/** Sends hedge IOCs until the hedge venue holds `pilotFilled`, the attempts run out or the deadline passes. */
async function hedge(
  cycle: CycleState,
  legs: { first: LegVenue; second: LegVenue },
  pilotFilled: Decimal,
  sentAt: number,
  deadline: number,
  deps: TwoLegDeps,
  refusal: { reason?: string },
): Promise<Decimal> {
  const { second } = legs;
  const hedgeTarget = floorToStep(pilotFilled, second.market.lotSize);
  let hedged = new Decimal(0);
  let attempt = 0;
  // The first hedge always goes out; the deadline only stops retries.
  while (
    hedgeTarget.gte(second.market.minSize) &&
    hedged.lt(hedgeTarget) &&
    attempt < MAX_HEDGE_ATTEMPTS &&
    (attempt === 0 || performance.now() <= deadline)
  ) {
    if (attempt > 0) await deps.clock.sleep(Math.min(250 * attempt, 1_000));
    attempt += 1;
    const id = clientOrderId(cycle.id, `h${attempt}`);
    cycle.second.clientOrderIds.push(id);
    cycle.step = `hedge_sent_${attempt}`;
    // Saved while the hedge is in flight, not before: every ms a leg stands alone is risk, and a restart does not
    // need the hedge's client id (reconciliation trusts the venues' positions).
    const saving = saveSafely(deps, cycle);
    deps.onHedgeLatency?.(performance.now() - sentAt);
    const res = await executeIoc(
      {
        venue: second.venue,
        symbol: cycle.symbol,
        side: cycle.second.side,
        size: hedgeTarget.minus(hedged),
        reduceOnly: false,
        clientOrderId: id,
        band: bandFor(deps, attempt),
      },
      iocDeps(deps),
    );
    await saving;
    // Past the deadline the read still gets a few tries: the answer decides how much of the pilot to unwind.
    hedged = (
      await readPosition(second.venue, cycle.symbol, Math.max(deadline, performance.now() + 2_000), deps)
    ).abs();
    cycle.second.size = signed(cycle.second.side, hedged).toString();
    if (res.kind === 'done' && res.averagePrice) cycle.second.entryPrice = res.averagePrice.toString();
    cycle.step = `hedge_confirmed_${attempt}`;
    await saveSafely(deps, cycle);
    if (res.kind === 'rejected') {
      refusal.reason = res.reason;
      deps.log.warn({ venue: second.name, reason: res.reason }, 'hedge rejected');
    }
  }
  if (hedgeTarget.lt(second.market.minSize)) {
    refusal.reason = `pilot fill ${pilotFilled} is below ${second.name}'s minimum size ${second.market.minSize}`;
  }
  return hedged;
}

/** Reduces a leg by `size` with one reduce-only IOC (used when only the pilot's own records are certain). */
async function reduceBy(leg: LegVenue, cycle: CycleState, state: LegState, size: Decimal, deps: TwoLegDeps) {
  if (size.isZero()) return;
  const id = clientOrderId(cycle.id, `u${state.clientOrderIds.length + 1}`);
  state.clientOrderIds.push(id);
  await saveSafely(deps, cycle);
  await executeIoc(
    {
      venue: leg.venue,
      symbol: cycle.symbol,
      side: state.side === 'buy' ? 'sell' : 'buy',
      size,
      reduceOnly: true,
      clientOrderId: id,
      band: bandFor(deps, 2, 'reduce'),
    },
    iocDeps(deps),
  ).catch((e: unknown) => deps.log.error({ err: errorSummary(e) }, 'unwind attempt failed'));
}
