import { VirtualClock } from '@dn/core';
import { SimEngine, SimWorld } from '@dn/sim/engine';
import { enabledMarkets, marketMakerConfigSchema } from '../src/config.js';
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

/**
 * A config that quotes ETH-USD tight and often (2 bp spread, every move replaced at once, no coalescing, no DMS,
 * risk limits out of the way): the tick-to-order bench's and the presigning tests'. `extra` adds or replaces keys.
 */
export function busyQuotingConfig(extra: Record<string, unknown> = {}) {
  return marketMakerConfigSchema.parse({
    replace_mode: 'back-to-back',
    replace_coalesce_ms: 0,
    dead_mans_switch_sec: 0,
    risk: { max_net_position_usd: 100_000, max_open_orders: 100, min_balance_usd: 0 },
    markets: { 'ETH-USD': { base_spread: 0.0002, K: 0, replace_threshold_bps: 0, quote_notional_cap_usd: 100 } },
    ...extra,
  });
}
