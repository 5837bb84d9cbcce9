import type { Clock, HaltSentinel, Logger, PerpVenue } from '@dn/core';
import { DEFAULT_FLATTEN_OPTIONS, type FlattenDeps, flatten, type HaltStatus } from '@dn/execution';
import type { CloseOutcome, Closer } from './monitor.js';

export interface CloserDeps {
  /** The monitor's venues: reduce-only, so a close can never become an open. */
  venues: ReadonlyMap<string, PerpVenue>;
  halt: HaltSentinel;
  clock: Clock;
  log: Logger;
}

/**
 * Closes symbols through @dn/execution's `flatten`, the same reduce-only, read-back, widening-band close that
 * emergency-exit uses — on every venue, since a pair's other leg may sit on any of them. The halt sentinel is written
 * first, with the trigger as its reason, so no bot re-opens what is being closed.
 */
export function createCloser(deps: CloserDeps): Closer {
  return async (symbols, reason): Promise<CloseOutcome> => {
    const haltStatus = await writeSentinel(deps.halt, reason, symbols);
    const flattenDeps: FlattenDeps = { clock: deps.clock, log: deps.log, haltStatus, haltBy: 'liquidation-monitor' };
    const result = await flatten(
      [...deps.venues].map(([name, venue]) => ({ name, venue })),
      flattenDeps,
      { ...DEFAULT_FLATTEN_OPTIONS, symbols },
    );
    const left = new Map<string, string>();
    for (const v of result.venues) {
      if (!v.reachable) left.set(`${v.venue}:*`, v.error ?? 'unreachable');
      for (const p of v.positions) {
        if (p.after === undefined) left.set(`${v.venue}:${p.symbol}`, p.error ?? 'size unknown after the close');
        else if (!p.after.isZero())
          left.set(`${v.venue}:${p.symbol}`, `${p.after} left${p.error ? ` (${p.error})` : ''}`);
      }
      for (const o of v.openOrders) left.set(`${v.venue}:${o.symbol}`, `order ${o.id} still open`);
    }
    return { flat: result.flat, left };
  };
}

/** Writes the sentinel unless one is there (it may hold a bot's own reason, which the operator needs). */
async function writeSentinel(halt: HaltSentinel, reason: string, symbols: readonly string[]): Promise<HaltStatus> {
  try {
    const existing = await halt.read();
    if (existing) return { state: 'already-present', path: halt.path, reason: existing.reason };
    await halt.write({ reason, by: 'liquidation-monitor', details: { symbols } });
    return { state: 'written', path: halt.path };
  } catch (e) {
    // Closing matters more than the sentinel: go on; flatten reports the failure.
    return { state: 'failed', path: halt.path, error: (e as Error).message };
  }
}
