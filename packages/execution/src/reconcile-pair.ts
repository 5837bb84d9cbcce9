import { Decimal, HaltedError } from '@dn/core';
import { closePair } from './close-pair.js';
import { emit } from './events.js';
import type { LegRiskDeps, PairLegs, PairState } from './types.js';
import { reduceTo } from './unwind.js';

export interface ReconcilePairOptions {
  /** Signed sizes already read from the venues (e.g. with every other position); read here when absent. */
  positions?: { first: Decimal; second: Decimal };
}

/**
 * Brings a saved pair in line with its two venues, which are the truth. Open orders of the symbol on both venues are
 * cancelled (left from a crash, they would fill later and unbalance the pair); a close that was under way is finished
 * (reduce-only until flat); an unhedged excess is reduced reduce-only to the hedged size, its time counted as a naked
 * window. A leg on the wrong side, or a reduction that fails, writes the halt sentinel: software must not guess.
 * @returns the pair as the venues hold it (phase `open`, step `reconciled`), or `null` when both legs are flat.
 * @throws HaltedError after writing the sentinel.
 */
export async function reconcilePair<P extends PairState>(
  pair: P,
  legs: PairLegs,
  deps: LegRiskDeps<P>,
  options: ReconcilePairOptions = {},
): Promise<P | null> {
  const sizeOn = async (leg: PairLegs['first']) =>
    (await leg.venue.getPositions()).find((p) => p.symbol === pair.symbol)?.size ?? new Decimal(0);
  const read = options.positions ?? {
    first: await sizeOn(legs.first),
    second: await sizeOn(legs.second),
  };
  await Promise.all([legs.first.venue.cancelAllOrders(pair.symbol), legs.second.venue.cancelAllOrders(pair.symbol)]);

  let f = read.first;
  let s = read.second;
  const wrongSide = (size: Decimal, side: 'buy' | 'sell') => !size.isZero() && (side === 'buy') !== size.gt(0);
  if (wrongSide(f, pair.first.side) || wrongSide(s, pair.second.side)) {
    return haltOnMismatch(
      deps,
      `cycle ${pair.id}: a leg is on the wrong side (${pair.first.venue} ${f}, ${pair.second.venue} ${s})`,
    );
  }
  if (pair.phase === 'closing') {
    // A close was under way: finish it now, before anything else (reduce-only until flat, halt if it cannot).
    const resumed: P = {
      ...pair,
      first: { ...pair.first, size: f.toString() },
      second: { ...pair.second, size: s.toString() },
    };
    await closePair(resumed, legs, deps);
    return null;
  }
  if (!f.abs().eq(s.abs())) {
    const keep = Decimal.min(f.abs(), s.abs());
    const firstIsBigger = f.abs().gt(keep);
    const [leg, legState] = firstIsBigger ? [legs.first, pair.first] : [legs.second, pair.second];
    deps.log.warn(
      { cycle: pair.id, first: f.toString(), second: s.toString() },
      'legs unequal; reducing the larger leg',
    );
    // Part of one leg stands unhedged from (at the latest) now until the reduction: counted like any naked window.
    const since = performance.now();
    const left = await reduceTo(leg, pair, legState, keep, deps).finally(() => {
      const ms = performance.now() - since;
      deps.onNakedWindow?.(ms);
      emit(deps.onEvent, { type: 'naked-window', pair: pair.id, symbol: pair.symbol, ms });
    });
    if (!left.abs().eq(keep))
      return haltOnMismatch(deps, `cycle ${pair.id}: could not reduce ${leg.name} to ${keep} (at ${left})`);
    if (firstIsBigger) f = left;
    else s = left;
  }
  if (f.isZero() && s.isZero()) {
    deps.log.info({ cycle: pair.id }, 'both legs flat on the venues; cycle ended');
    return null;
  }
  return {
    ...pair,
    phase: 'open',
    step: 'reconciled',
    openedAt: pair.openedAt ?? deps.clock.now(),
    openedSize: f.abs().toString(),
    first: { ...pair.first, size: f.toString() },
    second: { ...pair.second, size: s.toString() },
  };
}

/**
 * Saved state and the venues disagree in a way software must not repair: alerts `reconciliation_mismatch` and
 * `halt`, writes the sentinel (`by`: `<haltBy> reconcile`), throws `HaltedError`.
 */
export async function haltOnMismatch(
  deps: Pick<LegRiskDeps, 'log' | 'alerter' | 'halt' | 'haltBy' | 'onEvent'>,
  reason: string,
): Promise<never> {
  deps.log.fatal({ reason }, 'reconciliation failed; writing halt sentinel');
  deps.alerter?.send({ kind: 'reconciliation_mismatch', message: reason });
  deps.alerter?.send({ kind: 'halt', message: `halted: ${reason}` });
  await deps.halt.write({ reason, by: `${deps.haltBy ?? 'dn-execution'} reconcile` });
  emit(deps.onEvent, { type: 'halt', reason, sentinel: deps.halt.path, written: true });
  throw new HaltedError({ sentinelPath: deps.halt.path, reason });
}
