import { type Clock, Decimal, errorSummary, type Logger, type PerpVenue, type UnifiedSymbol } from '@dn/core';

/** Reads retried inside a leg's deadline: a failed read is not an answer, and must not end the step. */
export interface ReadDeps {
  clock: Clock;
  log: Logger;
}

/** Most attempts one read gets, whatever the deadline: a venue that fails this often is down, not flaky. */
const MAX_READ_ATTEMPTS = 8;

/** Every attempt of a read failed inside its deadline (the venue is down or refusing, not merely slow). */
export class ReadFailedError extends Error {
  override name = 'ReadFailedError';
}

/**
 * Runs `read` until it answers, retrying with a short backoff while `performance.now()` is before `deadline` (real
 * time: it bounds how long a leg stands alone, which a sped-up simulated clock must not stretch).
 * @throws ReadFailedError when every attempt failed.
 */
export async function readWithin<T>(
  what: string,
  read: () => Promise<T>,
  deadline: number,
  deps: ReadDeps,
): Promise<T> {
  let last = '';
  for (let attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
    try {
      return await read();
    } catch (e) {
      last = errorSummary(e);
      deps.log.warn({ what, attempt, err: last }, 'read failed; retrying inside the deadline');
    }
    if (attempt > 0 && performance.now() >= deadline) break;
    await deps.clock.sleep(Math.min(100 * 2 ** attempt, 1_000));
  }
  throw new ReadFailedError(`${what} failed: ${last}`);
}

/** Signed position size of `symbol` on `venue` (0 when flat), retried inside the deadline. */
export function readPosition(
  venue: PerpVenue,
  symbol: UnifiedSymbol,
  deadline: number,
  deps: ReadDeps,
): Promise<Decimal> {
  return readWithin(
    `${venue.id} position ${symbol}`,
    async () => (await venue.getPositions()).find((p) => p.symbol === symbol)?.size ?? new Decimal(0),
    deadline,
    deps,
  );
}
