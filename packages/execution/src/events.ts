import type { Decimal, Side, UnifiedSymbol } from '@dn/core';
import type { IocMetricOutcome } from './ioc.js';
import type { PairStep } from './types.js';

/**
 * What the leg-risk functions report while they work, for a UI or a log. Events describe; they never steer: a
 * handler must not throw, and nothing waits for it.
 */
export type ExecutionEvent =
  /** An IOC settled (after read-back): how it ended and how long the venue took, real ms. */
  | {
      type: 'order';
      venue: string;
      symbol: UnifiedSymbol;
      side: Side;
      size: Decimal;
      reduceOnly: boolean;
      clientOrderId: string;
      outcome: IocMetricOutcome;
      filled: Decimal;
      latencyMs: number;
    }
  /** A pair reached a step of its open or close (the value saved in `PairState.step`). */
  | { type: 'step'; pair: string; symbol: UnifiedSymbol; step: PairStep; attempt?: number }
  /** A single leg stood unhedged for `ms` (real time) and is now hedged, flat or unwound. */
  | { type: 'naked-window'; pair: string; symbol: UnifiedSymbol; ms: number }
  /** A leg is or was unhedged and needs a human to look at both accounts. */
  | { type: 'leg-failure'; pair: string; venue: string; symbol: UnifiedSymbol; message: string }
  /** The halt sentinel was written (or its write failed: `written: false`); a `HaltedError` follows. */
  | { type: 'halt'; pair?: string; symbol?: UnifiedSymbol; reason: string; sentinel: string; written: boolean };

/** Calls `onEvent`, swallowing what it throws: a broken UI must not stop an unwind. */
export function emit(onEvent: ((e: ExecutionEvent) => void) | undefined, event: ExecutionEvent): void {
  if (!onEvent) return;
  try {
    onEvent(event);
  } catch {
    // ignored on purpose: see above
  }
}
