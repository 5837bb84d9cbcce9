import { VirtualClock } from '@dn/core';
import { SimEngine, SimWorld } from '@dn/sim/engine';

export const T0 = Date.UTC(2025, 0, 1);

type SimVenue = ConstructorParameters<typeof SimEngine>[0]['venue'];

/**
 * The tests' usual market: a stepped clock at T0, one simulated venue (world seed 42, engine seed 7) with account `mm`
 * holding $10,000, started; other participants' market orders fill the quotes unless `takerFlow` is false.
 */
export function simSession(o: { venue?: SimVenue; takerFlow?: boolean } = {}) {
  const clock = new VirtualClock({ startMs: T0, mode: 'stepped' });
  const world = new SimWorld({ seed: 42, clock });
  const engine = new SimEngine({
    venue: o.venue ?? 'extended',
    world,
    clock,
    seed: 7,
    accounts: [{ id: 'mm', collateral: '10000' }],
  });
  if (o.takerFlow !== false) {
    engine.setTakerFlow({ seed: 1, default: { arrivalRate: 1, kappaPerBp: 0.3, meanSizeUsd: 150 } });
  }
  engine.start(1_000);
  return { clock, world, engine };
}
