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
