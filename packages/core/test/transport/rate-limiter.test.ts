import { describe, expect, it } from 'vitest';
import { InvalidInputError, parseRetryAfter, TokenBucketRateLimiter, TransportError } from '../../src/index.js';

describe('TokenBucketRateLimiter', () => {
  it('serves a burst up to capacity, then waits for refill in FIFO order', async () => {
    const bucket = new TokenBucketRateLimiter({ capacity: 3, refillPerInterval: 1, intervalMs: 40 });
    const start = performance.now();
    const order: string[] = [];
    await Promise.all([
      bucket.acquire(3).then(() => order.push('a')),
      bucket.acquire(2).then(() => order.push('b')),
      bucket.acquire(1).then(() => order.push('c')),
    ]);
    // b needs 2 new tokens (~80 ms), c one more (~40 ms): c must not jump ahead of b.
    expect(order).toEqual(['a', 'b', 'c']);
    expect(performance.now() - start).toBeGreaterThanOrEqual(110);
  });

  it('tryAcquire never waits', () => {
    const bucket = new TokenBucketRateLimiter({ capacity: 2, refillPerInterval: 1, intervalMs: 60_000 });
    expect(bucket.tryAcquire(2)).toBe(true);
    expect(bucket.tryAcquire(1)).toBe(false);
  });

  it('rejects a waiter whose signal aborts and serves the next one', async () => {
    const bucket = new TokenBucketRateLimiter({ capacity: 1, refillPerInterval: 1, intervalMs: 50 });
    await bucket.acquire(1);
    const ac = new AbortController();
    const aborted = bucket.acquire(1, ac.signal);
    const next = bucket.acquire(1);
    ac.abort();
    await expect(aborted).rejects.toBeInstanceOf(TransportError);
    await expect(next).resolves.toBeUndefined();
    expect(bucket.pending).toBe(0);
  });

  it('refuses a weight above capacity (it could never be served)', () => {
    const bucket = new TokenBucketRateLimiter({ capacity: 5, refillPerInterval: 5, intervalMs: 1000 });
    expect(() => bucket.acquire(6)).toThrow(InvalidInputError);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, fractions, HTTP dates and rejects garbage', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('0.25', now)).toBe(250);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:03 GMT', now)).toBe(3_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
