export interface TimerHandle {
  readonly id: number;
}

/**
 * Source of time for everything that trades. Apps take a Clock so the simulator can run a 48 h hold in seconds.
 * Transport timeouts deliberately stay on real time and do not use this.
 */
export interface Clock {
  /** ms since epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('Aborted');
}
