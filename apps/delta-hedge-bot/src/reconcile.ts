import { type Clock, Decimal, type PerpVenue, StateError } from '@dn/core';
import { confirmOrder } from '@dn/execution';
import type { HedgeState } from './state.js';

export interface ReconcileResult {
  state: HedgeState;
  /** Human lines: what was adopted or resolved. */
  notes: string[];
}

/**
 * The saved book against the venue before any order (the venue is the truth). A rebalance order left pending by the
 * last process is looked up by its client id first and its fill counted. Then, per leg: within `tolerance` of the
 * saved size the venue's size is adopted (with a note when they differ); beyond it nothing is traded and the start is
 * refused with both sizes, since a difference the bot cannot explain is someone else's trade or a lost fill.
 * @throws StateError when a leg is beyond tolerance or the pending order's outcome cannot be learned
 */
export async function reconcile(
  state: HedgeState,
  venue: PerpVenue,
  deps: { clock: Clock; tolerance: Decimal; confirmTimeoutMs: number; statePath: string },
): Promise<ReconcileResult> {
  const notes: string[] = [];
  const expected = { long: new Decimal(state.positions.long), short: new Decimal(state.positions.short) };
  let pending = state.pending;
  if (pending) {
    const outcome = await confirmOrder(
      { venue, symbol: pending.symbol, clientOrderId: pending.clientOrderId },
      undefined,
      { clock: deps.clock, confirmTimeoutMs: deps.confirmTimeoutMs },
    );
    if (outcome.kind === 'unknown') {
      throw new StateError(
        `the last rebalance order (${pending.side} ${pending.size} ${pending.symbol}, client id ${pending.clientOrderId}) cannot be looked up`,
        { path: deps.statePath, reason: outcome.reason },
        { details: 'Nothing was sent. Check the order on the venue, then start again.' },
      );
    }
    const signed = pending.side === 'buy' ? outcome.filled : outcome.filled.neg();
    expected[pending.leg] = expected[pending.leg].plus(signed);
    notes.push(`last rebalance order ${pending.clientOrderId}: ${outcome.filled.toString()} filled (counted)`);
    pending = null;
  }
  const positions = await venue.getPositions();
  const size = (symbol: string) => positions.find((p) => p.symbol === symbol)?.size ?? new Decimal(0);
  const actual = { long: size(state.long), short: size(state.short) };
  const beyond = (['long', 'short'] as const).filter((leg) =>
    actual[leg].minus(expected[leg]).abs().gt(deps.tolerance),
  );
  if (beyond.length > 0) {
    const what = beyond
      .map((leg) => `${state[leg]}: saved ${expected[leg].toString()}, venue ${actual[leg].toString()}`)
      .join('; ');
    throw new StateError(
      `positions on ${state.venue} differ from the saved book beyond the tolerance ${deps.tolerance.toString()} (${what})`,
      { path: deps.statePath, reason: 'position mismatch' },
      {
        details:
          'Nothing was sent. Another program or a manual trade changed the legs: close or restore them on the venue so ' +
          'they match, or move the state file away to start from a flat book.',
      },
    );
  }
  for (const leg of ['long', 'short'] as const) {
    if (!actual[leg].eq(expected[leg])) {
      notes.push(
        `warning: ${state[leg]} is ${actual[leg].toString()} on the venue, saved ${expected[leg].toString()}: within tolerance, adopted`,
      );
    }
  }
  return {
    state: {
      ...state,
      pending,
      positions: { long: actual.long.toString(), short: actual.short.toString(), at: deps.clock.now() },
    },
    notes,
  };
}
