import { Decimal, errorSummary } from '@dn/core';
import { bandFor } from './band.js';
import { clientOrderId } from './client-id.js';
import { placeIoc } from './ioc.js';
import { ReadFailedError, readPosition } from './reads.js';
import type { LegRiskDeps, LegState, LegVenue, PairLegs, PairState } from './types.js';
import { haltFor, iocDeps, nakedWindow, saveSafely, setStep } from './unwind.js';

export interface ClosePairOptions {
  /** Reduce-only rounds before the halt sentinel is written. Default 6. */
  maxAttempts?: number;
}

/**
 * Closes both legs reduce-only, re-reading positions after every attempt until both are flat. Legs are sent together
 * so neither stands alone longer than one round trip; the time one leg is flat while the other is not is counted as
 * a naked window. A position read that keeps failing does not end the close: the leg's last known size is closed
 * reduce-only (it cannot overshoot) and read again. Writes the halt sentinel when a leg cannot be closed.
 * State saves are best effort: a full disk must not keep a due close or stop-loss from going out.
 * @throws HaltedError after writing the sentinel, when the legs are not flat after `maxAttempts` rounds.
 */
export async function closePair<P extends PairState>(
  pair: P,
  legs: PairLegs,
  deps: LegRiskDeps<P> & ClosePairOptions,
): Promise<void> {
  pair.phase = 'closing';
  setStep(deps, pair, 'closing');
  await saveSafely(deps, pair);
  const maxAttempts = deps.maxAttempts ?? 6;
  const pairs: Array<[LegVenue, LegState]> = [
    [legs.first, pair.first],
    [legs.second, pair.second],
  ];
  const naked = nakedWindow(deps, pair);
  try {
    // One more read than attempts: the last attempt's result is checked before anything is declared failed.
    for (let attempt = 1; ; attempt++) {
      const deadline = performance.now() + deps.singleLegTimeoutMs;
      const sizes = await Promise.all(
        pairs.map(([l]) =>
          readPosition(l.venue, pair.symbol, deadline, deps).catch((e: unknown) => {
            if (!(e instanceof ReadFailedError)) throw e;
            return undefined;
          }),
        ),
      );
      if (sizes.every((s) => s?.isZero())) {
        pair.first.size = '0';
        pair.second.size = '0';
        setStep(deps, pair, 'closed');
        await saveSafely(deps, pair);
        return;
      }
      if (sizes.some((s) => s?.isZero())) naked.start();
      if (attempt > maxAttempts) {
        await haltFor(
          deps,
          `could not close ${pair.symbol}: ${legs.first.name}=${sizes[0] ?? 'unreadable'} ${legs.second.name}=${sizes[1] ?? 'unreadable'}`,
          pair,
        );
      }
      await Promise.all(
        pairs.map(async ([leg, state], i) => {
          // Unreadable: close what the state says is there; reduce-only cannot open or flip anything.
          const size = sizes[i] ?? new Decimal(state.size);
          if (size.isZero()) return;
          // Numbered by the leg's order count, which survives restarts: a resumed close never reuses an id.
          const id = clientOrderId(pair.id, `c${state.clientOrderIds.length + 1}${i === 0 ? 'a' : 'b'}`);
          state.clientOrderIds.push(id);
          await saveSafely(deps, pair);
          const res = await placeIoc(
            {
              venue: leg.venue,
              symbol: pair.symbol,
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
      setStep(deps, pair, 'close_attempt', attempt);
      await saveSafely(deps, pair);
      await deps.clock.sleep(Math.min(500 * attempt, 5_000));
    }
  } finally {
    naked.end();
  }
}
