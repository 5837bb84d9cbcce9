import { Decimal, errorSummary, type Side } from '@dn/core';
import { clientOrderId } from './client-id.js';
import { HaltError } from './halt-error.js';
import { executeIoc } from './ioc.js';
import { readPosition } from './reads.js';
import type { CycleState, LegState } from './state.js';
import type { LegVenue, TwoLegDeps } from './two-leg.js';

const opposite = (s: Side): Side => (s === 'buy' ? 'sell' : 'buy');

/** Reduces one leg toward `keepAbs` (absolute size) with reduce-only IOCs; returns the final signed position. */
export async function reduceTo(
  leg: LegVenue,
  cycle: CycleState,
  state: LegState,
  keepAbs: Decimal,
  deps: TwoLegDeps,
): Promise<Decimal> {
  const readDeadline = () => performance.now() + Math.max(2_000, deps.singleLegTimeoutMs / 2);
  let pos = await readPosition(leg.venue, cycle.symbol, readDeadline(), deps);
  for (let attempt = 1; attempt <= 5 && pos.abs().gt(keepAbs); attempt++) {
    const id = clientOrderId(cycle.id, `u${state.clientOrderIds.length + 1}`);
    state.clientOrderIds.push(id);
    await saveSafely(deps, cycle);
    const excess = pos.abs().minus(keepAbs);
    await executeIoc(
      {
        venue: leg.venue,
        symbol: cycle.symbol,
        side: opposite(pos.gt(0) ? 'buy' : 'sell'),
        size: excess,
        reduceOnly: true,
        clientOrderId: id,
        band: bandFor(deps, attempt + 1, 'reduce'),
      },
      iocDeps(deps),
    ).catch((e: unknown) => deps.log.error({ err: errorSummary(e) }, 'unwind attempt failed'));
    pos = await readPosition(leg.venue, cycle.symbol, readDeadline(), deps);
    state.size = pos.toString();
    await saveSafely(deps, cycle);
  }
  return pos;
}

/** Saves before a risk-reducing step; a failed write is logged, never allowed to hold the order back. */
export async function saveSafely(deps: TwoLegDeps, cycle: CycleState): Promise<void> {
  if (deps.persistSafe) return deps.persistSafe(cycle);
  await deps
    .persist(cycle)
    .catch((e: unknown) =>
      deps.log.error(
        { err: errorSummary(e), cycle: cycle.id },
        'state save failed; sending the reduce-only order anyway',
      ),
    );
}

export async function haltFor(deps: TwoLegDeps, reason: string, cycle: CycleState): Promise<never> {
  deps.log.fatal({ reason, cycle: cycle.id }, 'writing halt sentinel');
  deps.alerter?.send({
    kind: 'halt',
    symbol: cycle.symbol,
    message: `halted: ${reason}`,
    details: { cycle: cycle.id },
  });
  await deps.halt
    .write({ reason, by: 'rotation-bot', details: { cycle: cycle.id, symbol: cycle.symbol } })
    .catch((e: unknown) => deps.log.fatal({ err: errorSummary(e) }, 'halt sentinel could not be written'));
  throw new HaltError(reason);
}

export function iocDeps(deps: TwoLegDeps) {
  return {
    clock: deps.clock,
    log: deps.log,
    confirmTimeoutMs: Math.max(2_000, deps.singleLegTimeoutMs / 2),
    onOrder: deps.onOrder,
    onError: deps.onError,
  };
}

/**
 * Band for a retry: ×1.5 per attempt, at most ×4, and never past `bandCap` — a hedge or close that would pay more
 * slippage than the trade's expected edge is unwound (or left to the next attempt) instead (B10).
 */
export function bandFor(deps: TwoLegDeps, attempt: number, kind: 'hedge' | 'reduce' = 'hedge'): Decimal {
  const widened = deps.band.mul(Decimal.min(new Decimal(1.5).pow(attempt - 1), 4));
  const cap = kind === 'hedge' ? deps.bandCap : (deps.reduceBandCap ?? deps.bandCap);
  return cap ? Decimal.min(widened, Decimal.max(cap, deps.band)) : widened;
}
