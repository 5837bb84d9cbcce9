import { Decimal, errorSummary } from '@dn/core';
import { clientOrderId } from './client-id.js';
import { executeIoc } from './ioc.js';
import { ReadFailedError, readPosition } from './reads.js';
import type { CycleState, LegState } from './state.js';
import type { LegVenue, TwoLegDeps } from './two-leg.js';
import { bandFor, haltFor, iocDeps, saveSafely } from './unwind.js';

/**
 * Closes both legs reduce-only, re-reading positions after every attempt until both are flat. Legs are sent together
 * so neither stands alone longer than one round trip; the time one leg is flat while the other is not is counted as
 * a naked window. A position read that keeps failing does not end the close: the leg's last known size is closed
 * reduce-only (it cannot overshoot) and read again. Writes the halt sentinel when a leg cannot be closed.
 * State saves are best effort: a full disk must not keep a due close or stop-loss from going out.
 */
export async function closePair(
  cycle: CycleState,
  legs: { first: LegVenue; second: LegVenue },
  deps: TwoLegDeps & { maxAttempts?: number },
): Promise<void> {
  cycle.phase = 'closing';
  cycle.step = 'closing';
  await saveSafely(deps, cycle);
  const maxAttempts = deps.maxAttempts ?? 6;
  const pairs: Array<[LegVenue, LegState]> = [
    [legs.first, cycle.first],
    [legs.second, cycle.second],
  ];
  let firstFlatAt: number | undefined;
  const endNaked = () => {
    if (firstFlatAt !== undefined) deps.onNakedWindow?.(performance.now() - firstFlatAt);
    firstFlatAt = undefined;
  };
  try {
    // One more read than attempts: the last attempt's result is checked before anything is declared failed.
    for (let attempt = 1; ; attempt++) {
      const deadline = performance.now() + deps.singleLegTimeoutMs;
      const sizes = await Promise.all(
        pairs.map(([l]) =>
          readPosition(l.venue, cycle.symbol, deadline, deps).catch((e: unknown) => {
            if (!(e instanceof ReadFailedError)) throw e;
            return undefined;
          }),
        ),
      );
      if (sizes.every((s) => s?.isZero())) {
        cycle.first.size = '0';
        cycle.second.size = '0';
        cycle.step = 'closed';
        await saveSafely(deps, cycle);
        return;
      }
      if (firstFlatAt === undefined && sizes.some((s) => s?.isZero())) firstFlatAt = performance.now();
      if (attempt > maxAttempts) {
        await haltFor(
          deps,
          `could not close ${cycle.symbol}: ${legs.first.name}=${sizes[0] ?? 'unreadable'} ${legs.second.name}=${sizes[1] ?? 'unreadable'}`,
          cycle,
        );
      }
      await Promise.all(
        pairs.map(async ([leg, state], i) => {
          // Unreadable: close what the state says is there; reduce-only cannot open or flip anything.
          const size = sizes[i] ?? new Decimal(state.size);
          if (size.isZero()) return;
          // Numbered by the leg's order count, which survives restarts: a resumed close never reuses an id.
          const id = clientOrderId(cycle.id, `c${state.clientOrderIds.length + 1}${i === 0 ? 'a' : 'b'}`);
          state.clientOrderIds.push(id);
          await saveSafely(deps, cycle);
          const res = await executeIoc(
            {
              venue: leg.venue,
              symbol: cycle.symbol,
              side: size.gt(0) ? 'sell' : 'buy',
              size: size.abs(),
              reduceOnly: true,
              clientOrderId: id,
              band: bandFor(deps, attempt, 'reduce'),
            },
            iocDeps(deps),
          ).catch((e: unknown) => ({ kind: 'unknown' as const, reason: errorSummary(e) }));
          if (res.kind !== 'done')
            deps.log.warn(
              { venue: leg.name, outcome: res.kind, reason: 'reason' in res ? res.reason : undefined },
              'close attempt not confirmed',
            );
        }),
      );
      cycle.step = `close_attempt_${attempt}`;
      await saveSafely(deps, cycle);
      await deps.clock.sleep(Math.min(500 * attempt, 5_000));
    }
  } finally {
    endNaked();
  }
}
