import { VirtualClock } from '@dn/core';
import { EngineVenue, SimEngine, SimWorld } from '@dn/sim/engine';
import type { FlattenTarget } from '../src/index.js';

export const ACCOUNT = 'test-account';

export interface Bed {
  clock: VirtualClock;
  engines: Map<string, SimEngine>;
  targets: FlattenTarget[];
  venue(name: string): EngineVenue;
}

/** Engines of `venues` on one world, on a fast virtual clock (backoffs of seconds take milliseconds). */
export function bed(venues: string[], seed = 7): Bed {
  const clock = new VirtualClock({ startMs: Date.UTC(2025, 0, 6), mode: { speed: 2_000 } });
  const world = new SimWorld({ seed, clock });
  const engines = new Map<string, SimEngine>();
  const targets: FlattenTarget[] = [];
  for (const name of venues) {
    const engine = new SimEngine({ venue: name, world, clock, seed });
    engine.deposit(ACCOUNT, '100000');
    engines.set(name, engine);
    targets.push({ name, venue: new EngineVenue(engine, ACCOUNT) });
  }
  return {
    clock,
    engines,
    targets,
    venue: (name) => targets.find((t) => t.name === name)?.venue as EngineVenue,
  };
}

export { type Call, fastOptions, guardOrders, instrument, open, positionsOf, rest } from '../src/testing/index.js';
export { silentLog } from './harness.js';

export const MUTATING = new Set(['placeOrder', 'cancelOrder', 'cancelAllOrders', 'setLeverage']);
