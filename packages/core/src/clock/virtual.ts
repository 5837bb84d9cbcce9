import type { Clock, TimerHandle } from './clock.js';
import { sleepOn } from './real.js';

export interface VirtualClockOptions {
  /** Virtual time at start, ms since epoch. */
  startMs: number;
  /**
   * `'stepped'`: time moves only through `advance()` / `advanceTo()`.
   * A number N: time runs N× faster than wall time from construction (timers fire on real timers scaled by 1/N).
   */
  mode: 'stepped' | { speed: number };
  /** Wall-clock start, for a clock that must follow another process's clock (simulator connection file). */
  realStartMs?: number;
}

interface PendingTimer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
  real?: NodeJS.Timeout;
}

/**
 * A clock whose timers fire in virtual time. In stepped mode, `advance()` fires due timers in time order and lets
 * the promise chains they start settle before moving on, so async code behaves as it would in real time.
 */
export class VirtualClock implements Clock {
  private readonly startMs: number;
  private readonly realStartMs: number;
  private readonly speed: number | undefined;
  private steppedNow: number;
  private nextId = 1;
  private seq = 0;
  private readonly timers = new Map<number, PendingTimer>();

  constructor(options: VirtualClockOptions) {
    this.startMs = options.startMs;
    this.steppedNow = options.startMs;
    this.realStartMs = options.realStartMs ?? Date.now();
    if (options.mode !== 'stepped') {
      if (!(options.mode.speed > 0)) throw new RangeError('VirtualClock speed must be > 0');
      this.speed = options.mode.speed;
    }
  }

  get isStepped(): boolean {
    return this.speed === undefined;
  }

  /** Speed factor (1 for stepped, where it is meaningless). */
  get speedFactor(): number {
    return this.speed ?? 1;
  }

  now(): number {
    if (this.speed === undefined) return this.steppedNow;
    return Math.floor(this.startMs + (Date.now() - this.realStartMs) * this.speed);
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const timer: PendingTimer = { id, at: this.now() + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.set(id, timer);
    if (this.speed !== undefined) {
      timer.real = setTimeout(() => {
        this.timers.delete(id);
        fn();
      }, Math.max(0, ms) / this.speed);
    }
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    const t = this.timers.get(handle.id);
    if (t?.real) clearTimeout(t.real);
    this.timers.delete(handle.id);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Virtual time of the earliest pending timer, if any. */
  nextTimerAt(): number | undefined {
    let at: number | undefined;
    for (const t of this.timers.values()) if (at === undefined || t.at < at) at = t.at;
    return at;
  }

  /** Number of timers not yet fired. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Stepped mode: moves time forward by `ms`, firing every timer due on the way. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.now() + ms);
  }

  /** Stepped mode: moves time to `targetMs`, firing due timers in order (ties in creation order). */
  async advanceTo(targetMs: number): Promise<void> {
    if (this.speed !== undefined) throw new Error('advance() is only available on a stepped VirtualClock');
    for (;;) {
      await settle();
      const next = this.nextDue(targetMs);
      if (!next) break;
      this.timers.delete(next.id);
      this.steppedNow = Math.max(this.steppedNow, next.at);
      next.fn();
    }
    this.steppedNow = Math.max(this.steppedNow, targetMs);
    await settle();
  }

  /**
   * Stepped mode: moves time forward whenever the code under test waits on this clock, until `work` settles.
   * Time moves only when a timer is pending and real I/O (files, sockets) has had its turn, so virtual time never
   * races ahead of code that is busy. `untilMs` caps the virtual time; `realTimeoutMs` (default 60 s) the wall time.
   * @throws Error when `work` is still pending after `realTimeoutMs`.
   */
  async runUntilSettled<T>(work: Promise<T>, options: { untilMs?: number; realTimeoutMs?: number } = {}): Promise<T> {
    let done = false;
    const settled = work.finally(() => {
      done = true;
    });
    settled.catch(() => undefined);
    const deadline = Date.now() + (options.realTimeoutMs ?? 60_000);
    while (!done) {
      if (Date.now() > deadline)
        throw new Error(`still running after ${options.realTimeoutMs ?? 60_000} ms of real time`);
      await new Promise((r) => setTimeout(r, 0));
      const next = this.nextTimerAt();
      if (next === undefined || done) continue;
      const cap = options.untilMs === undefined ? next : Math.min(next, Math.max(options.untilMs, this.now()));
      await this.advanceTo(cap);
    }
    return settled;
  }

  private nextDue(targetMs: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers.values()) {
      if (t.at > targetMs) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/** Lets pending promise callbacks (several hops deep) run before the next timer fires. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((r) => setImmediate(r));
}
