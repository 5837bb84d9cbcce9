import type { PerpVenue } from '@dn/core';

/**
 * Where a crash test kills the run: before or after its n-th state save, before its n-th order is sent, or once the
 * n-th order was sent (the venue has it, the run never hears back).
 */
export type CrashPoint = { kind: 'save-before' | 'save-after' | 'order-before' | 'order-sent'; n: number };

/** A kill -9 in process: from the chosen point on, every call of the old run hangs, as if the process were gone. */
export interface CrashSwitch {
  /** Resolves when the run is killed. */
  dead: Promise<void>;
  isKilled(): boolean;
  /** Saves and orders seen so far (the kill point counts). */
  counts(): { saves: number; orders: number };
  /** Wraps the run's save: counted, and killed before or after it at the chosen point. */
  save<A extends unknown[]>(real: (...args: A) => unknown): (...args: A) => Promise<void>;
  /** Wraps a venue of the run: every call hangs once killed; `placeOrder` is counted and may be the kill point. */
  venue(venue: PerpVenue): PerpVenue;
}

const never = () => new Promise<never>(() => undefined);

/** A crash switch for `point` (undefined: the run is never killed, only counted). */
export function crashSwitch(point: CrashPoint | undefined): CrashSwitch {
  let killed = false;
  let saves = 0;
  let orders = 0;
  let onKill: () => void = () => undefined;
  const dead = new Promise<void>((r) => {
    onKill = r;
  });
  const kill = (): Promise<never> => {
    killed = true;
    onKill();
    return never();
  };
  const at = (kind: CrashPoint['kind'], n: number) => point?.kind === kind && point.n === n;
  return {
    dead,
    isKilled: () => killed,
    counts: () => ({ saves, orders }),
    save:
      (real) =>
      async (...args) => {
        if (killed) return never();
        const n = ++saves;
        if (at('save-before', n)) return kill();
        await real(...args);
        if (killed) return never();
        if (at('save-after', n)) return kill();
      },
    venue: (venue) =>
      new Proxy(venue, {
        get(target, prop, receiver) {
          const f = Reflect.get(target, prop, receiver);
          if (typeof f !== 'function') return f;
          return async (...args: unknown[]) => {
            if (killed) return never();
            if (prop !== 'placeOrder') return f.apply(target, args);
            const n = ++orders;
            if (at('order-before', n)) return kill();
            const res = await f.apply(target, args);
            if (killed) return never();
            if (at('order-sent', n)) return kill();
            return res;
          };
        },
      }),
  };
}
