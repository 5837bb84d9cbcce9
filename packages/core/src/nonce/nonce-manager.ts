/**
 * Monotonic nonces per signer key. Each call returns a value strictly greater than any returned before for that key,
 * even when the clock stands still or steps back. Seeded from time (ms) by default, or from a venue's
 * next-nonce endpoint via `resync`.
 */
export class NonceManager {
  private readonly last = new Map<string, bigint>();

  constructor(private readonly seed: () => bigint = () => BigInt(Date.now())) {}

  next(key: string): bigint {
    const prev = this.last.get(key);
    const candidate = this.seed();
    const value = prev === undefined || candidate > prev ? candidate : prev + 1n;
    this.last.set(key, value);
    return value;
  }

  /** Resets the key so the next call returns exactly `nextValue` (after a venue reported the expected nonce). */
  resync(key: string, nextValue: bigint): void {
    this.last.set(key, nextValue - 1n);
  }

  /** Last value handed out for the key, if any. */
  peek(key: string): bigint | undefined {
    return this.last.get(key);
  }
}

/** A nonce sequence that is only ever incremented by one (venues like Lighter reject gaps). */
export class SequentialNonce {
  private nextValue: bigint | undefined;
  private readonly waiters: Array<() => void> = [];
  private locked = false;

  /** Sets the next nonce to hand out (from the venue's nextNonce). */
  reset(nextValue: bigint): void {
    this.nextValue = nextValue;
  }

  get initialized(): boolean {
    return this.nextValue !== undefined;
  }

  /**
   * Runs `fn` with the next nonce, one caller at a time, so nonces reach the venue in order.
   * The nonce is consumed only when `fn` resolves; on failure the caller decides (resync or `consume`).
   */
  async withNext<T>(fn: (nonce: bigint) => Promise<T>): Promise<T> {
    await this.lock();
    try {
      if (this.nextValue === undefined) throw new Error('SequentialNonce used before reset()');
      const nonce = this.nextValue;
      const result = await fn(nonce);
      this.nextValue = nonce + 1n;
      return result;
    } finally {
      this.unlock();
    }
  }

  /** Marks the current nonce as used without a successful send (e.g. the outcome is unknown). */
  consume(): void {
    if (this.nextValue !== undefined) this.nextValue += 1n;
  }

  private async lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private unlock(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }
}
