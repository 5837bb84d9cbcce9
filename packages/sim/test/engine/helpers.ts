import { Decimal, type KnownVenueId, VirtualClock } from '@dn/core';
import { SimEngine, type SimEngineOptions, SimWorld } from '../../src/engine/index.js';

/** 2025-01-01T00:00:00Z: hour- and day-aligned, so funding boundaries fall on round offsets. */
export const T0 = Date.UTC(2025, 0, 1);

export interface Setup {
  clock: VirtualClock;
  world: SimWorld;
  engine: SimEngine;
}

export function setup(
  venue: KnownVenueId = 'extended',
  extra: Partial<SimEngineOptions> = {},
  worldSeed = 42,
  startMs = T0,
): Setup {
  const clock = new VirtualClock({ startMs, mode: 'stepped' });
  const world = new SimWorld({ seed: worldSeed, clock });
  const engine = new SimEngine({
    venue,
    world,
    clock,
    seed: 7,
    accounts: [
      { id: 'a', collateral: '100000' },
      { id: 'b', collateral: '100000' },
    ],
    ...extra,
  });
  return { clock, world, engine };
}

export function sum(xs: readonly Decimal[]): Decimal {
  return xs.reduce((s, x) => s.add(x), new Decimal(0));
}

export function ledgerSum(engine: SimEngine, accountId: string): Decimal {
  return sum(engine.ledger(accountId).map((e) => e.amount));
}

/** Captures a thrown SimRejectError's code. */
export function rejectCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}
