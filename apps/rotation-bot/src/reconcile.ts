import { type Alerter, Decimal, type HaltSentinel, type Logger, type Position } from '@dn/core';
import type { VenueName } from './config.js';
import type { VenueHandle } from './scanner.js';
import type { BotState, CycleState } from './state.js';
import { closePair, HaltError, type LegVenue, reduceTo, type TwoLegDeps } from './two-leg.js';

export interface ReconcileDeps {
  venues: VenueHandle[];
  log: Logger;
  halt: HaltSentinel;
  alerter?: Alerter;
  twoLeg: TwoLegDeps;
  legsFor: (cycle: CycleState) => { first: LegVenue; second: LegVenue };
  now: () => number;
}

/**
 * Brings saved state in line with the venues, which are the truth. Explainable differences are repaired: an
 * unhedged excess is reduced (reduce-only) to the hedged size, a hedged pair with no saved cycle is adopted, a cycle
 * whose legs are both gone is ended. Anything else — positions on symbols the bot does not own, a pair that is not
 * opposite — writes the halt sentinel: software must not guess.
 */
export async function reconcile(state: BotState, deps: ReconcileDeps): Promise<BotState> {
  const positions = new Map<VenueName, Position[]>();
  await Promise.all(
    deps.venues.map(async ({ name, venue }) => {
      positions.set(
        name,
        (await venue.getPositions()).filter((p) => !p.size.isZero()),
      );
    }),
  );
  const cycle = state.cycle;
  const owned = cycle?.symbol;
  const foreign = [...positions.entries()].flatMap(([venue, ps]) =>
    ps.filter((p) => p.symbol !== owned).map((p) => ({ venue, p })),
  );

  if (!cycle) {
    if (foreign.length === 0) return state;
    const adopted = adoptable(foreign, deps.now());
    if (adopted) {
      deps.log.warn(
        { symbol: adopted.symbol, long: adopted.first.venue, short: adopted.second.venue },
        'adopting a hedged pair found on the venues',
      );
      return { ...state, cycle: { ...adopted, startedAt: deps.now(), openedAt: deps.now() } };
    }
    return haltWith(
      deps,
      `unexplained positions: ${foreign.map((f) => `${f.venue} ${f.p.symbol} ${f.p.size}`).join(', ')}`,
    );
  }
  if (foreign.length > 0) {
    return haltWith(
      deps,
      `positions outside the bot's cycle: ${foreign.map((f) => `${f.venue} ${f.p.symbol} ${f.p.size}`).join(', ')}`,
    );
  }

  // Open orders left from a crash would fill later and unbalance the pair.
  const legs = deps.legsFor(cycle);
  await Promise.all([legs.first.venue.cancelAllOrders(cycle.symbol), legs.second.venue.cancelAllOrders(cycle.symbol)]);

  const sizeOf = (v: VenueName) => positions.get(v)?.find((p) => p.symbol === cycle.symbol)?.size ?? new Decimal(0);
  let f = sizeOf(cycle.first.venue);
  let s = sizeOf(cycle.second.venue);
  const wrongSide = (size: Decimal, side: 'buy' | 'sell') => !size.isZero() && (side === 'buy') !== size.gt(0);
  if (wrongSide(f, cycle.first.side) || wrongSide(s, cycle.second.side)) {
    return haltWith(
      deps,
      `cycle ${cycle.id}: a leg is on the wrong side (${cycle.first.venue} ${f}, ${cycle.second.venue} ${s})`,
    );
  }
  if (cycle.phase === 'closing') {
    // A close was under way: finish it now, before anything else (reduce-only until flat, halt if it cannot).
    const resumed = {
      ...cycle,
      first: { ...cycle.first, size: f.toString() },
      second: { ...cycle.second, size: s.toString() },
    };
    await closePair(resumed, legs, deps.twoLeg);
    return { ...state, cycle: null };
  }
  if (!f.abs().eq(s.abs())) {
    const keep = Decimal.min(f.abs(), s.abs());
    const firstIsBigger = f.abs().gt(keep);
    const [leg, legState] = firstIsBigger ? [legs.first, cycle.first] : [legs.second, cycle.second];
    deps.log.warn(
      { cycle: cycle.id, first: f.toString(), second: s.toString() },
      'legs unequal; reducing the larger leg',
    );
    // Part of one leg stands unhedged from (at the latest) now until the reduction: counted like any naked window.
    const since = performance.now();
    const left = await reduceTo(leg, cycle, legState, keep, deps.twoLeg).finally(() =>
      deps.twoLeg.onNakedWindow?.(performance.now() - since),
    );
    if (!left.abs().eq(keep))
      return haltWith(deps, `cycle ${cycle.id}: could not reduce ${leg.name} to ${keep} (at ${left})`);
    if (firstIsBigger) f = left;
    else s = left;
  }
  if (f.isZero() && s.isZero()) {
    deps.log.info({ cycle: cycle.id }, 'both legs flat on the venues; cycle ended');
    return { ...state, cycle: null };
  }
  return {
    ...state,
    cycle: {
      ...cycle,
      phase: 'open',
      step: 'reconciled',
      openedAt: cycle.openedAt ?? deps.now(),
      openedSize: f.abs().toString(),
      first: { ...cycle.first, size: f.toString() },
      second: { ...cycle.second, size: s.toString() },
    },
  };
}

/** Two opposite, equal positions of one symbol on two venues form a pair the bot can manage. */
function adoptable(
  found: Array<{ venue: VenueName; p: Position }>,
  now: number,
): Omit<CycleState, 'startedAt'> | undefined {
  if (found.length !== 2) return undefined;
  const [a, b] = found as [{ venue: VenueName; p: Position }, { venue: VenueName; p: Position }];
  if (a.p.symbol !== b.p.symbol || a.venue === b.venue) return undefined;
  if (!a.p.size.plus(b.p.size).isZero()) return undefined;
  return {
    // Unique: client ids derive from the cycle id, and a later adoption must not collide with this one's orders.
    id: `adopted-${a.p.symbol}-${now.toString(36)}`,
    symbol: a.p.symbol,
    phase: 'open',
    step: 'adopted',
    first: {
      venue: a.venue,
      side: a.p.size.gt(0) ? 'buy' : 'sell',
      clientOrderIds: [],
      size: a.p.size.toString(),
      entryPrice: a.p.entryPrice.toString(),
    },
    second: {
      venue: b.venue,
      side: b.p.size.gt(0) ? 'buy' : 'sell',
      clientOrderIds: [],
      size: b.p.size.toString(),
      entryPrice: b.p.entryPrice.toString(),
    },
    targetSize: a.p.size.abs().toString(),
    openedSize: a.p.size.abs().toString(),
    adopted: true,
  };
}

async function haltWith(deps: ReconcileDeps, reason: string): Promise<never> {
  deps.log.fatal({ reason }, 'reconciliation failed; writing halt sentinel');
  deps.alerter?.send({ kind: 'reconciliation_mismatch', message: reason });
  deps.alerter?.send({ kind: 'halt', message: `halted: ${reason}` });
  await deps.halt.write({ reason, by: 'rotation-bot reconcile' });
  throw new HaltError(reason);
}
