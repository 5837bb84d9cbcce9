import type { Clock, TimerHandle } from '../clock/clock.js';
import { type AlertEvent, dedupKey, severityRank } from './event.js';

interface Entry {
  /** Occurrences in the current window, including the one sent at its start (if it was). */
  occurrences: number;
  /** Whether the window began with a message that went out at once (the first window of a key). */
  sentAtStart: boolean;
  /** The latest repeat: its time and details are the freshest facts. */
  latest: AlertEvent | undefined;
  timer: TimerHandle;
}

/**
 * Folds repeats of one event (same kind, venue, symbol and message) into one message per window. The first
 * occurrence goes out at once — an operator must not wait a minute to hear of a halt. Repeats inside the window are
 * counted; when it ends, if there was any repeat, ONE message "<message> (×N)" goes out, N being every occurrence in
 * that window (the first included), and the window starts again, so a condition that persists yields one message
 * per window. A window with no repeat forgets the key.
 */
export class AlertDeduplicator {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly emit: (event: AlertEvent) => void,
  ) {}

  /** True when `event` should be sent now; false when it was counted into a pending repeat summary. */
  offer(event: AlertEvent): boolean {
    if (this.windowMs <= 0) return true;
    const key = dedupKey(event);
    const entry = this.entries.get(key);
    if (entry) {
      entry.occurrences += 1;
      entry.latest = mergeSeverity(entry.latest, event);
      return false;
    }
    this.entries.set(key, { occurrences: 1, sentAtStart: true, latest: undefined, timer: this.startWindow(key) });
    return true;
  }

  /** Keys inside their window (for stats and tests). */
  get size(): number {
    return this.entries.size;
  }

  /** Sends every pending repeat summary now and forgets all windows (shutdown). */
  flush(): void {
    const entries = [...this.entries.values()];
    this.close();
    for (const e of entries) if (e.latest && repeats(e) > 0) this.emit({ ...e.latest, count: e.occurrences });
  }

  /** Forgets all windows without sending. */
  close(): void {
    for (const e of this.entries.values()) this.clock.clearTimeout(e.timer);
    this.entries.clear();
  }

  private startWindow(key: string): TimerHandle {
    return this.clock.setTimeout(() => this.windowEnded(key), this.windowMs);
  }

  private windowEnded(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (repeats(entry) === 0 || !entry.latest) {
      this.entries.delete(key);
      return;
    }
    const summary: AlertEvent = { ...entry.latest, count: entry.occurrences };
    entry.occurrences = 0;
    entry.sentAtStart = false;
    entry.latest = undefined;
    entry.timer = this.startWindow(key);
    this.emit(summary);
  }
}

/** Occurrences not yet reported by any message. */
function repeats(e: Entry): number {
  return e.occurrences - (e.sentAtStart ? 1 : 0);
}

/** A repeat summary carries the worst severity among the events it stands for. */
function mergeSeverity(previous: AlertEvent | undefined, next: AlertEvent): AlertEvent {
  if (!previous || severityRank(next.severity) >= severityRank(previous.severity)) return next;
  return { ...next, severity: previous.severity };
}
