import { expect } from 'vitest';
import { ACCOUNT } from './vectors.js';

/** Runs `fn`, expects it to throw a `cls` (naming `field` when given), and returns the error for more checks. */
export function expectError<E extends Error>(fn: () => unknown, cls: new (...args: never[]) => E, field?: string): E {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(cls);
    if (field !== undefined) expect((e as { context?: { field?: string } }).context?.field).toBe(field);
    return e as E;
  }
  throw new Error('expected an error');
}

/** A limit order of the FAKE account on the fixtures' BTC contract (10000001); `order` sets the rest. */
export function btcLimitOrder<T extends object>(order: T) {
  return { accountId: ACCOUNT, contractId: '10000001', type: 'LIMIT' as const, ...order };
}
