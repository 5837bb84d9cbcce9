import { describe, expect, it } from 'vitest';
import { NonceManager } from '../../src/index.js';

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
