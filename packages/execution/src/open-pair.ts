import { Decimal, errorSummary, floorToStep, HaltedError, isDnError, type Side } from '@dn/core';
import { bandFor } from './band.js';
import { clientOrderId } from './client-id.js';
import { placeIoc } from './ioc.js';
import { confirmPilotFill } from './pilot-fill.js';
import { readPosition } from './reads.js';
import type { LegRiskDeps, PairLegs, PairState } from './types.js';
import { haltFor, iocDeps, legFailure, nakedWindow, reduceBy, reduceTo, saveSafely, setStep } from './unwind.js';

/** A hedge that fails this often within the single-leg timeout is not going to fill: unwind instead. */
const MAX_HEDGE_ATTEMPTS = 6;

const signed = (side: Side, size: Decimal): Decimal => (side === 'buy' ? size : size.neg());

/** How `openPair` ended: `open` (both legs hold `pair.openedSize`) or `aborted` (both flat, see `pair.abortReason`). */
export type OpenPairResult = 'open' | 'aborted';

/**
 * Opens a hedged pair leg by leg: the pilot leg first as a marketable limit IOC, its fill confirmed by its order, its
 * fills and the position agreeing, then the hedge sized from that fill (never more than the pilot's own records
 * confirm). Every step after the pilot leaves runs under the single-leg deadline: reads are retried inside it, an
 * over-filled hedge is trimmed, and whatever is not hedged when it expires is unwound reduce-only. Anything
 * undecidable (records that disagree, an unwind that fails) unwinds what is certain and writes the halt sentinel.
 * Nothing thrown after the pilot escapes without that.
 *
 * `pair` is updated in place (sizes, client ids, step, phase) and persisted through `deps` before every order.
 * @throws HaltedError when either venue already holds the symbol (nothing sent), or after writing the sentinel.
 */
export async function openPair<P extends PairState>(
  pair: P,
  legs: PairLegs,
  deps: LegRiskDeps<P>,
): Promise<OpenPairResult> {
  const { first, second } = legs;
  const target = new Decimal(pair.targetSize);
  // Before the pilot nothing is at risk: a read that keeps failing ends the attempt (the pair is reconciled).
  const preDeadline = performance.now() + deps.singleLegTimeoutMs;
  const firstBefore = await readPosition(first.venue, pair.symbol, preDeadline, deps);
  const secondBefore = await readPosition(second.venue, pair.symbol, preDeadline, deps);
  if (!firstBefore.isZero() || !secondBefore.isZero()) {
    throw new HaltedError({
      sentinelPath: deps.halt.path,
      reason: `refusing to open ${pair.symbol}: existing position ${first.name}=${firstBefore} ${second.name}=${secondBefore}`,
    });
  }

  // 1. Pilot leg. The client id is persisted before the order leaves (strictly: an opening order never goes out
  // unrecorded), so a crash here is reconcilable.
  const pilotId = clientOrderId(pair.id, 'p');
  pair.first.clientOrderIds.push(pilotId);
  setStep(deps, pair, 'pilot_sent');
  await deps.persist(pair);
  // Leg timing is wall-clock: it measures how fast the process reacts, which a sped-up simulated clock must not
  // distort. The window opens when the pilot leaves: from then on a leg may stand alone.
  const sentAt = performance.now();
  const deadline = sentAt + deps.singleLegTimeoutMs;
  const naked = nakedWindow(deps, pair);
  naked.start(sentAt);
  let pilotFilled = new Decimal(0);
  try {
    const pilot = await placeIoc(
      {
        venue: first.venue,
        symbol: pair.symbol,
        side: pair.first.side,
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
      { symbol: pair.symbol, side: pair.first.side, clientOrderId: pilotId, since: pair.startedAt - 60_000 },
      pilot,
      deadline,
      deps,
    );
    pilotFilled = fill.confirmed;
    pair.first.size = signed(pair.first.side, pilotFilled).toString();
    if (fill.averagePrice) pair.first.entryPrice = fill.averagePrice.toString();
    if (!fill.agreed) {
      deps.log.error({ venue: first.name, readings: fill.detail }, 'pilot records disagree; unwinding what is certain');
      setStep(deps, pair, 'unwinding_unclear_pilot');
      legFailure(deps, pair, first.name, `pilot records on ${first.name} disagree; unwinding what is certain`);
      await reduceBy(first, pair, pair.first, pilotFilled, deps);
      return await haltFor(
        deps,
        `pilot on ${first.name} ${pair.symbol}: order, fills and position disagree (${fill.detail}); unwound ${pilotFilled} reduce-only, check the account`,
        pair,
      );
    }
    setStep(deps, pair, 'pilot_confirmed');
    if (pilotFilled.isZero()) {
      naked.discard();
      pair.abortReason = `pilot on ${first.name} did not fill (${pilot.kind === 'done' ? 'nothing at the band' : pilot.reason})`;
      await saveSafely(deps, pair);
      deps.log.info(
        { venue: first.name, symbol: pair.symbol, outcome: pilot.kind },
        'pilot leg did not fill; cycle aborted',
      );
      return 'aborted';
    }

    // 2. Hedge, sized from the confirmed pilot fill, floored to the hedge venue's lot.
    const hedgeRefusal: { reason?: string } = {};
    const hedged = await hedge(pair, legs, pilotFilled, sentAt, deadline, deps, hedgeRefusal);

    // 3. Over-filled hedge (a late fill plus a retry): trimmed reduce-only right away, not at the next check.
    let kept = hedged;
    if (hedged.gt(pilotFilled)) {
      deps.log.warn(
        { symbol: pair.symbol, pilot: pilotFilled.toString(), hedged: hedged.toString() },
        'hedge over-filled; trimming',
      );
      setStep(deps, pair, 'trimming_hedge_excess');
      const left = await reduceTo(second, pair, pair.second, pilotFilled, deps);
      if (!left.abs().eq(pilotFilled)) {
        legFailure(deps, pair, second.name, `hedge trim on ${second.name} failed; the pair is unequal`);
        return await haltFor(
          deps,
          `trim of ${second.name} ${pair.symbol} failed: position ${left}, pilot ${pilotFilled}`,
          pair,
        );
      }
      kept = pilotFilled;
    }

    // 4. Whatever of the pilot is not hedged is unwound (reduce-only: it can only shrink the pilot).
    if (pilotFilled.gt(kept)) {
      deps.log.warn(
        { symbol: pair.symbol, pilot: pilotFilled.toString(), hedged: kept.toString() },
        'hedge incomplete; unwinding the excess',
      );
      setStep(deps, pair, 'unwinding_pilot_excess');
      const left = await reduceTo(first, pair, pair.first, kept, deps);
      if (!left.abs().eq(kept)) {
        legFailure(deps, pair, first.name, `unwind of the unhedged ${first.name} leg failed; it may be naked`);
        return await haltFor(
          deps,
          `unwind of ${first.name} ${pair.symbol} failed: position ${left}, hedge ${kept}`,
          pair,
        );
      }
    }
    naked.end();
    if (kept.isZero()) {
      pair.abortReason = `hedge on ${second.name} not filled${hedgeRefusal.reason ? `: ${hedgeRefusal.reason}` : ''}`;
      return 'aborted';
    }
    pair.phase = 'open';
    setStep(deps, pair, 'open');
    pair.openedSize = kept.toString();
    pair.openedAt = deps.clock.now();
    await saveSafely(deps, pair);
    return 'open';
  } catch (e) {
    if (isDnError(e, 'HALTED')) throw e;
    // Anything unexpected inside the naked window: flatten what is certain, then stop for a human.
    deps.log.error({ err: errorSummary(e), cycle: pair.id }, 'open failed with a leg at risk; unwinding');
    legFailure(deps, pair, first.name, `open failed mid-way with a leg at risk (${errorSummary(e)}); unwinding`);
    await reduceTo(first, pair, pair.first, new Decimal(0), deps).catch(() => undefined);
    await reduceTo(second, pair, pair.second, new Decimal(0), deps).catch(() => undefined);
    return await haltFor(
      deps,
      `open of ${pair.symbol} failed mid-way (${errorSummary(e)}); unwound, check both accounts`,
      pair,
    );
  } finally {
    naked.end();
  }
}

/** Sends hedge IOCs until the hedge venue holds `pilotFilled`, the attempts run out or the deadline passes. */
async function hedge<P extends PairState>(
  pair: P,
  legs: PairLegs,
  pilotFilled: Decimal,
  sentAt: number,
  deadline: number,
  deps: LegRiskDeps<P>,
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
    const id = clientOrderId(pair.id, `h${attempt}`);
    pair.second.clientOrderIds.push(id);
    setStep(deps, pair, 'hedge_sent', attempt);
    // Saved while the hedge is in flight, not before: every ms a leg stands alone is risk, and a restart does not
    // need the hedge's client id (reconciliation trusts the venues' positions).
    const saving = saveSafely(deps, pair);
    deps.onHedgeLatency?.(performance.now() - sentAt);
    const res = await placeIoc(
      {
        venue: second.venue,
        symbol: pair.symbol,
        side: pair.second.side,
        size: hedgeTarget.minus(hedged),
        reduceOnly: false,
        clientOrderId: id,
        band: bandFor(deps, attempt),
      },
      iocDeps(deps),
    );
    await saving;
    // Past the deadline the read still gets a few tries: the answer decides how much of the pilot to unwind.
    hedged = (await readPosition(second.venue, pair.symbol, Math.max(deadline, performance.now() + 2_000), deps)).abs();
    pair.second.size = signed(pair.second.side, hedged).toString();
    if (res.kind === 'done' && res.averagePrice) pair.second.entryPrice = res.averagePrice.toString();
    setStep(deps, pair, 'hedge_confirmed', attempt);
    await saveSafely(deps, pair);
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
