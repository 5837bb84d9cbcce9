import { describe, expect, it } from 'vitest';
import { NonceManager, SequentialNonce } from '../../src/index.js';

describe('NonceManager', () => {
  it('is strictly increasing per key even when time stands still or goes back', () => {
    let t = 1000n;
    const m = new NonceManager(() => t);
    expect(m.next('a')).toBe(1000n);
    expect(m.next('a')).toBe(1001n);
    t = 900n;
    expect(m.next('a')).toBe(1002n);
    expect(m.next('b')).toBe(900n);
    t = 5000n;
    expect(m.next('a')).toBe(5000n);
    m.resync('a', 42n);
    expect(m.next('a')).toBe(5000n);
  });
});

describe('SequentialNonce', () => {
  it('serialises concurrent users and hands out consecutive nonces', async () => {
    const n = new SequentialNonce();
    n.reset(10n);
    const used: bigint[] = [];
    await Promise.all(
      [1, 2, 3, 4].map(() =>
        n.withNext(async (nonce) => {
          await new Promise((r) => setTimeout(r, 2));
          used.push(nonce);
        }),
      ),
    );
    expect(used).toEqual([10n, 11n, 12n, 13n]);
  });
  it('does not consume a nonce when the send fails', async () => {
    const n = new SequentialNonce();
    n.reset(1n);
    await expect(n.withNext(async () => Promise.reject(new Error('rejected')))).rejects.toThrow('rejected');
    expect(await n.withNext(async (x) => x)).toBe(1n);
  });
});
