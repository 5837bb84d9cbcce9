import { Decimal, type PerpVenue, type PlaceOrderParameters } from '@dn/core';
import type { FlattenTarget } from '../survey.js';

/** One method call seen by `instrument`. */
export interface Call {
  venue: string;
  method: string;
  args: unknown[];
}

/**
 * Wraps a venue: every method call is recorded in `calls` (shared across venues when given) and passes `before`
 * first, which may throw to simulate failures or inspect the venue's state at that moment.
 */
export function instrument(
  name: string,
  venue: PerpVenue,
  calls: Call[],
  before?: (method: string, args: unknown[]) => void | Promise<void>,
): PerpVenue {
  return new Proxy(venue, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return async (...args: unknown[]) => {
        calls.push({ venue: name, method: prop, args });
        if (before) await before(prop, args);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Wraps a venue so chosen calls fail or lie as scripted; everything else passes through. */
export function faulty(
  venue: PerpVenue,
  script: Partial<Record<keyof PerpVenue, (args: unknown[], real: () => Promise<unknown>) => Promise<unknown>>>,
): PerpVenue {
  return new Proxy(venue, {
    get(target, prop, receiver) {
      const real = Reflect.get(target, prop, receiver);
      const hook = script[prop as keyof PerpVenue];
      if (typeof real !== 'function' || !hook) return typeof real === 'function' ? real.bind(target) : real;
      return (...args: unknown[]) => hook(args, () => real.apply(target, args));
    },
  });
}

/** Every order sent must be reduce-only, on the closing side, and no larger than the position at that moment. */
export function guardOrders(targets: FlattenTarget[], calls: Call[], violations: string[]): FlattenTarget[] {
  return targets.map((t) => ({
    name: t.name,
    venue: instrument(t.name, t.venue, calls, async (method, args) => {
      if (method !== 'placeOrder') return;
      const p = args[0] as PlaceOrderParameters;
      const pos = (await t.venue.getPositions()).find((x) => x.symbol === p.symbol)?.size ?? new Decimal(0);
      const size = new Decimal(p.size.toString());
      if (p.reduceOnly !== true) violations.push(`${t.name} ${p.symbol}: not reduce-only`);
      if (size.gt(pos.abs())) violations.push(`${t.name} ${p.symbol}: size ${size} > |position| ${pos.abs()}`);
      if ((p.side === 'buy') !== pos.lt(0)) violations.push(`${t.name} ${p.symbol}: ${p.side} on position ${pos}`);
    }),
  }));
}
