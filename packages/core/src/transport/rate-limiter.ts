import { InvalidInputError, TransportError } from '../errors/index.js';

export interface TokenBucketOptions {
  /** Most tokens the bucket holds (the burst size). The bucket starts full. */
  capacity: number;
  /** Tokens added per `intervalMs`, accrued continuously (e.g. 1000 per 60_000 ms). */
  refillPerInterval: number;
  intervalMs: number;
  /** Venue name, only for error context. */
  venue?: string;
}

interface Waiter {
  weight: number;
  resolve: () => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * Token bucket shared by every request to one venue budget (per IP, per account, …).
 * Waiters are served first-in first-out so a heavy request is not starved by a stream of light
 * ones; while any waiter is queued, new callers queue behind it. One timer at a time wakes the
 * head of the queue when enough tokens will have accrued, so waiting costs no CPU.
 */
export class TokenBucketRateLimiter {
  readonly capacity: number;
  private readonly ratePerMs: number;
  private readonly venue: string | undefined;
  private tokens: number;
  private lastRefill: number;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: TokenBucketOptions) {
    if (!(options.capacity > 0) || !(options.refillPerInterval > 0) || !(options.intervalMs > 0)) {
      throw new InvalidInputError('Rate limiter needs positive capacity, refillPerInterval and intervalMs', {
        field: 'rateLimiter',
        value: { ...options },
        venue: options.venue,
      });
    }
    this.capacity = options.capacity;
    this.ratePerMs = options.refillPerInterval / options.intervalMs;
    this.venue = options.venue;
    this.tokens = options.capacity;
    this.lastRefill = performance.now();
  }

  /** Tokens available now (fractional while refilling). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes `weight` tokens if they are available now and nobody is queued; never waits. */
  tryAcquire(weight = 1): boolean {
    this.checkWeight(weight);
    this.refill();
    if (this.queue.length > 0 || this.tokens < weight) return false;
    this.tokens -= weight;
    return true;
  }

  /**
   * Resolves once `weight` tokens have been taken. Rejects with `TransportError` if `signal`
   * aborts while waiting (nothing was sent), and with `InvalidInputError` if `weight` exceeds the
   * capacity (it could never be served).
   */
  acquire(weight = 1, signal?: AbortSignal): Promise<void> {
    this.checkWeight(weight);
    if (signal?.aborted) return Promise.reject(this.abortError());
    if (this.tryAcquire(weight)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { weight, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(this.abortError());
          // The head may have changed: recompute the wake-up.
          this.schedule();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Number of callers currently waiting. */
  get pending(): number {
    return this.queue.length;
  }

  private checkWeight(weight: number): void {
    if (!(weight > 0) || weight > this.capacity) {
      throw new InvalidInputError('Rate limit weight must be positive and at most the bucket capacity', {
        field: 'weight',
        value: weight,
        expected: `0 < weight <= ${this.capacity}`,
        venue: this.venue,
      });
    }
  }

  private abortError(): TransportError {
    return new TransportError('Aborted while waiting for the rate limiter', { venue: this.venue });
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.lastRefill) * this.ratePerMs);
    this.lastRefill = now;
  }

  private schedule(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.drain();
    const head = this.queue[0];
    if (!head) return;
    const waitMs = Math.max(1, Math.ceil((head.weight - this.tokens) / this.ratePerMs));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, waitMs);
  }

  private drain(): void {
    this.refill();
    for (let head = this.queue[0]; head && this.tokens >= head.weight; head = this.queue[0]) {
      this.queue.shift();
      this.tokens -= head.weight;
      if (head.onAbort) head.signal?.removeEventListener('abort', head.onAbort);
      head.resolve();
    }
  }
}

/** Per-endpoint weights are passed to `acquire`; this factory only reads better at call sites. */
export function createTokenBucket(options: TokenBucketOptions): TokenBucketRateLimiter {
  return new TokenBucketRateLimiter(options);
}

/** What the HTTP transport needs from a limiter: any implementation (e.g. one shared across processes) fits. */
export interface RateLimiter {
  acquire(weight: number, signal?: AbortSignal): Promise<void>;
  /**
   * Optional: takes `weight` tokens if they are at hand now, never waiting. The transport tries it first, so that a
   * request within budget is written in the caller's turn of the event loop (no turn lost to an already-resolved
   * `acquire`); `false` falls back to `acquire`.
   */
  tryAcquire?(weight: number): boolean;
}
