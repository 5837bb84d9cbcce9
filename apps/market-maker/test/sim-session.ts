import { VirtualClock } from '@dn/core';
import { SimEngine, SimWorld } from '@dn/sim/engine';
import { enabledMarkets } from '../src/config.js';
import { type MakerOptions, MarketMaker } from '../src/maker.js';

export const T0 = Date.UTC(2025, 0, 1);

type SimVenue = ConstructorParameters<typeof SimEngine>[0]['venue'];

/**
 * The tests' usual market: a stepped clock at T0, one simulated venue (world seed 42, engine seed 7) with account `mm`
 * holding $10,000, started; other participants' market orders (seed 1, $150 on average) fill the quotes unless
 * `takerFlow` is false. `seed` puts one seed on the world, the engine and the taker flow.
 */
export function simSession(
  o: { venue?: SimVenue; takerFlow?: boolean; seed?: number; collateral?: string; meanSizeUsd?: number } = {},
) {
  const clock = new VirtualClock({ startMs: T0, mode: 'stepped' });
  const world = new SimWorld({ seed: o.seed ?? 42, clock });
  const engine = new SimEngine({
    venue: o.venue ?? 'extended',
    world,
    clock,
    seed: o.seed ?? 7,
    accounts: [{ id: 'mm', collateral: o.collateral ?? '10000' }],
  });
  if (o.takerFlow !== false) {
    engine.setTakerFlow({
      seed: o.seed ?? 1,
      default: { arrivalRate: 1, kappaPerBp: 0.3, meanSizeUsd: o.meanSizeUsd ?? 150 },
    });
  }
  engine.start(1_000);
  return { clock, world, engine };
}

/** A maker quoting every enabled market of its config, not halted unless `isHalted` says so; not started yet. */
export function newMaker(o: Omit<MakerOptions, 'markets' | 'isHalted'> & Partial<Pick<MakerOptions, 'isHalted'>>) {
  return new MarketMaker({ markets: enabledMarkets(o.config), isHalted: () => false, ...o });
}
