import { type Decimal, errorSummary, HaltedError, type Side } from '@dn/core';
import { bandFor } from './band.js';
import { clientOrderId } from './client-id.js';
import { emit } from './events.js';
import { type IocDeps, placeIoc } from './ioc.js';
import { NakedWindow } from './naked.js';
import { readPosition } from './reads.js';
import type { LegRiskDeps, LegState, LegVenue, PairState, PairStep } from './types.js';

export const opposite = (s: Side): Side => (s === 'buy' ? 'sell' : 'buy');

/** Reduces one leg toward `keepAbs` (absolute size) with reduce-only IOCs; returns the final signed position. */
export async function reduceTo<P extends PairState>(
  leg: LegVenue,
  pair: P,
  state: LegState,
  keepAbs: Decimal,
  deps: LegRiskDeps<P>,
): Promise<Decimal> {
  const readDeadline = () => performance.now() + Math.max(2_000, deps.singleLegTimeoutMs / 2);
  let pos = await readPosition(leg.venue, pair.symbol, readDeadline(), deps);
  for (let attempt = 1; attempt <= 5 && pos.abs().gt(keepAbs); attempt++) {
    const id = clientOrderId(pair.id, `u${state.clientOrderIds.length + 1}`);
    state.clientOrderIds.push(id);
    await saveSafely(deps, pair);
    const excess = pos.abs().minus(keepAbs);
    await placeIoc(
      {
        venue: leg.venue,
        symbol: pair.symbol,
        side: opposite(pos.gt(0) ? 'buy' : 'sell'),
        size: excess,
        reduceOnly: true,
        clientOrderId: id,
        band: bandFor(deps, attempt + 1, 'reduce'),
      },
      iocDeps(deps),
    ).catch((e: unknown) => deps.log.error({ err: errorSummary(e) }, 'unwind attempt failed'));
    pos = await readPosition(leg.venue, pair.symbol, readDeadline(), deps);
    state.size = pos.toString();
    await saveSafely(deps, pair);
  }
  return pos;
}

/** Reduces a leg by `size` with one reduce-only IOC (used when only the pilot's own records are certain). */
export async function reduceBy<P extends PairState>(
  leg: LegVenue,
  pair: P,
  state: LegState,
  size: Decimal,
  deps: LegRiskDeps<P>,
): Promise<void> {
  if (size.isZero()) return;
  const id = clientOrderId(pair.id, `u${state.clientOrderIds.length + 1}`);
  state.clientOrderIds.push(id);
  await saveSafely(deps, pair);
  await placeIoc(
    {
      venue: leg.venue,
      symbol: pair.symbol,
      side: opposite(state.side),
      size,
      reduceOnly: true,
      clientOrderId: id,
      band: bandFor(deps, 2, 'reduce'),
    },
    iocDeps(deps),
  ).catch((e: unknown) => deps.log.error({ err: errorSummary(e) }, 'unwind attempt failed'));
}

/** Saves before a risk-reducing step; a failed write is logged, never allowed to hold the order back. */
export async function saveSafely<P extends PairState>(deps: LegRiskDeps<P>, pair: P): Promise<void> {
  if (deps.persistSafe) return deps.persistSafe(pair);
  await deps
    .persist(pair)
    .catch((e: unknown) =>
      deps.log.error(
        { err: errorSummary(e), cycle: pair.id },
        'state save failed; sending the reduce-only order anyway',
      ),
    );
}

/**
 * Writes the halt sentinel for `reason` (alerting and emitting `halt` first), then throws `HaltedError`. A sentinel
 * that cannot be written is logged as fatal; the error is thrown either way.
 */
export async function haltFor<P extends PairState>(deps: LegRiskDeps<P>, reason: string, pair: P): Promise<never> {
  deps.log.fatal({ reason, cycle: pair.id }, 'writing halt sentinel');
  deps.alerter?.send({
    kind: 'halt',
    symbol: pair.symbol,
    message: `halted: ${reason}`,
    details: { cycle: pair.id },
  });
  let written = true;
  await deps.halt
    .write({ reason, by: deps.haltBy ?? 'dn-execution', details: { cycle: pair.id, symbol: pair.symbol } })
    .catch((e: unknown) => {
      written = false;
      deps.log.fatal({ err: errorSummary(e) }, 'halt sentinel could not be written');
    });
  emit(deps.onEvent, { type: 'halt', pair: pair.id, symbol: pair.symbol, reason, sentinel: deps.halt.path, written });
  throw new HaltedError({ sentinelPath: deps.halt.path, reason });
}

/** A leg is or was unhedged: critical, the operator must look at both accounts. */
export function legFailure<P extends PairState>(deps: LegRiskDeps<P>, pair: P, venue: string, message: string): void {
  deps.alerter?.send({
    kind: 'leg_failure',
    severity: 'critical',
    venue,
    symbol: pair.symbol,
    message,
    details: { cycle: pair.id, first: pair.first.size, second: pair.second.size },
  });
  emit(deps.onEvent, { type: 'leg-failure', pair: pair.id, venue, symbol: pair.symbol, message });
}

/** Records the step (and its attempt number, for retried steps) on the pair, saved with its next persist, and emits it. */
export function setStep<P extends PairState>(deps: LegRiskDeps<P>, pair: P, step: PairStep, attempt?: number): void {
  pair.step = step;
  if (attempt === undefined) delete pair.stepAttempt;
  else pair.stepAttempt = attempt;
  emit(deps.onEvent, {
    type: 'step',
    pair: pair.id,
    symbol: pair.symbol,
    step,
    ...(attempt === undefined ? {} : { attempt }),
  });
}

/** A naked window of `pair` reported to `onNakedWindow` and as a `naked-window` event. */
export function nakedWindow<P extends PairState>(deps: LegRiskDeps<P>, pair: P): NakedWindow {
  return new NakedWindow((ms) => {
    deps.onNakedWindow?.(ms);
    emit(deps.onEvent, { type: 'naked-window', pair: pair.id, symbol: pair.symbol, ms });
  });
}

/** The IOC settings of a leg-risk step: confirmation within half the single-leg deadline (at least 2 s). */
export function iocDeps<P extends PairState>(deps: LegRiskDeps<P>): IocDeps {
  return {
    clock: deps.clock,
    log: deps.log,
    confirmTimeoutMs: Math.max(2_000, deps.singleLegTimeoutMs / 2),
    onOrder: deps.onOrder,
    onError: deps.onError,
    onEvent: deps.onEvent,
  };
}
