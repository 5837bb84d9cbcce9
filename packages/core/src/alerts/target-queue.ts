import type { Logger } from 'pino';
import { backoffDelay } from '../transport/backoff.js';
import { TokenBucketRateLimiter } from '../transport/rate-limiter.js';
import { sleep } from '../transport/sleep.js';
import { type AlertEvent, severityRank } from './event.js';
import { AlertDeliveryError } from './http-post.js';
import type { AlertTarget } from './targets.js';

export interface TargetQueueOptions {
  /** Events waiting; beyond it the oldest of the lowest severity is dropped. */
  capacity: number;
  maxPerMinute: number;
  requestTimeoutMs: number;
  /** Attempts per event, first included. */
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  log: Logger;
  /** Aborted by `Alerter.close()`: stops waits and in-flight requests. */
  signal: AbortSignal;
}

export interface AlertTargetStats {
  target: string;
  sent: number;
  /** Events given up on after their last attempt, or refused by the receiver. */
  failed: number;
  /** Events dropped because the queue was full. */
  dropped: number;
  /** Events waiting or being sent now. */
  pending: number;
}

/** A receiver's "wait this long" is honoured, but never enough to hold a critical alert for minutes. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * One target's delivery line: a bounded queue drained by a single worker, one event at a time, in order. The
 * caller only ever pushes; everything slow (rate limit waits, timeouts, retries) happens on the worker.
 */
export class TargetQueue {
  private readonly queue: AlertEvent[] = [];
  private readonly limiter: TokenBucketRateLimiter;
  private running = false;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly counts = { sent: 0, failed: 0, dropped: 0 };

  constructor(
    private readonly target: AlertTarget,
    private readonly options: TargetQueueOptions,
  ) {
    // Rate limits protect the receiver (Telegram counts in wall time), so this runs on real time, not the app clock.
    this.limiter = new TokenBucketRateLimiter({
      capacity: options.maxPerMinute,
      refillPerInterval: options.maxPerMinute,
      intervalMs: 60_000,
      venue: `alerts:${target.name}`,
    });
  }

  push(event: AlertEvent): void {
    if (this.options.signal.aborted) return;
    if (this.queue.length >= this.options.capacity) this.dropOne();
    this.queue.push(event);
    this.kick();
  }

  stats(): AlertTargetStats {
    return { target: this.target.name, ...this.counts, pending: this.queue.length + this.inFlight };
  }

  /** Resolves when nothing is waiting or in flight. */
  whenIdle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Called after the close signal aborted: forgets what is still waiting. Returns how many events that was. */
  abandon(): number {
    const n = this.queue.length;
    this.queue.length = 0;
    return n;
  }

  private dropOne(): void {
    // Keep the alerts that matter: the oldest event of the lowest severity present goes first.
    let victim = 0;
    for (let i = 1; i < this.queue.length; i++) {
      const a = this.queue[i] as AlertEvent;
      if (severityRank(a.severity) < severityRank((this.queue[victim] as AlertEvent).severity)) victim = i;
    }
    const [dropped] = this.queue.splice(victim, 1);
    this.counts.dropped += 1;
    if (this.counts.dropped === 1 || this.counts.dropped % 100 === 0) {
      this.options.log.warn(
        { alertTarget: this.target.name, droppedTotal: this.counts.dropped, droppedKind: dropped?.kind },
        'alert queue full: dropped an alert',
      );
    }
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.queue.length > 0 && !this.options.signal.aborted) {
        this.kick();
        return;
      }
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    });
  }

  private async drain(): Promise<void> {
    for (let event = this.queue.shift(); event; event = this.queue.shift()) {
      if (this.options.signal.aborted) return;
      this.inFlight = 1;
      try {
        await this.deliverWithRetry(event);
      } catch (e) {
        // Nothing may escape the worker: a bug here must cost an alert, not the app.
        this.counts.failed += 1;
        this.options.log.warn(
          { alertTarget: this.target.name, alertKind: event.kind, errorType: (e as Error)?.name },
          'alert delivery failed unexpectedly',
        );
      } finally {
        this.inFlight = 0;
      }
    }
  }

  private async deliverWithRetry(event: AlertEvent): Promise<void> {
    const { signal, maxAttempts } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.limiter.acquire(1, signal);
      } catch {
        return; // closed while waiting for a token
      }
      try {
        await this.target.deliver(event, { signal, timeoutMs: this.options.requestTimeoutMs });
        this.counts.sent += 1;
        return;
      } catch (e) {
        if (signal.aborted) return;
        const err = e instanceof AlertDeliveryError ? e : undefined;
        const retry = err?.retryable === true && attempt < maxAttempts;
        if (!retry) {
          this.counts.failed += 1;
          this.options.log.warn(
            {
              alertTarget: this.target.name,
              endpoint: this.target.endpoint,
              alertKind: event.kind,
              attempts: attempt,
              httpStatus: err?.context.httpStatus,
              reason: err?.shortMessage ?? (e as Error)?.name,
            },
            'alert not delivered',
          );
          return;
        }
        const backoff = backoffDelay(attempt, {
          baseDelayMs: this.options.retryBaseDelayMs,
          maxDelayMs: this.options.retryMaxDelayMs,
        });
        const waitMs = Math.max(backoff, Math.min(err?.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
        this.options.log.debug(
          { alertTarget: this.target.name, alertKind: event.kind, attempt, waitMs, reason: err?.shortMessage },
          'alert delivery failed, retrying',
        );
        if (!(await sleep(waitMs, signal))) return;
      }
    }
  }
}
