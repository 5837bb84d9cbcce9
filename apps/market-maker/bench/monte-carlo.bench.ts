/**
 * Monte Carlo study in the spirit of Avellaneda & Stoikov (2008) §4, on the simulator with the taker flow: the
 * inventory-aware strategy (A–S quotes around the reservation price) against a symmetric one around the mid with the
 * same average spread, over the same price paths and the same taker flow (one seed per path). Reports, per strategy,
 * mean and standard deviation of the final profit (spread + inventory + fees, USD) and of the final inventory (USD).
 * Run: pnpm --filter market-maker exec tsx --conditions=@dn/source bench/monte-carlo.bench.ts
 *      (MC_RUNS paths, default 10; MC_MINUTES simulated minutes each, default 10)
 */
import { Decimal } from '@dn/core';
import { EngineVenue } from '@dn/sim/engine';
import { marketMakerConfigSchema } from '../src/config.js';
import { newMaker, simSession } from '../test/sim-session.js';

const runs = Number(process.env.MC_RUNS ?? 10);
const minutes = Number(process.env.MC_MINUTES ?? 10);
const KAPPA = 5000;

interface Outcome {
  profit: number;
  inventoryUsd: number;
  meanHalfSpread: number;
  fills: number;
}

async function path(seed: number, market: Record<string, unknown>): Promise<Outcome> {
  const { clock, engine } = simSession({ seed, collateral: '1000000', meanSizeUsd: 100 });
  const config = marketMakerConfigSchema.parse({
    quote_loop_ms: 250,
    replace_coalesce_ms: 0,
    dead_mans_switch_sec: 0,
    max_actions_per_sec: 1000,
    risk: { max_net_position_usd: 1_000_000, max_open_orders: 100, min_balance_usd: 0 },
    markets: {
      ETH: {
        alpha: 0,
        beta: 0,
        kappa: KAPPA,
        fit_intensity: false,
        quote_notional_cap_usd: 100,
        replace_threshold_bps: 0.5,
        min_order_size: 0.001,
        ...market,
      },
    },
  });
  const maker = newMaker({
    venue: new EngineVenue(engine, 'mm'),
    clock,
    config,
  });
  await maker.start();
  let halfSum = 0;
  let halfN = 0;
  for (let s = 0; s < minutes * 60; s++) {
    for (let k = 0; k < 4; k++) await clock.advance(250);
    const h = maker.runs.get('ETH')?.last?.halfSpread;
    if (h) {
      halfSum += h.toNumber();
      halfN++;
    }
  }
  const run = maker.runs.get('ETH')!;
  const split = run.pnl.split();
  const out = {
    profit: split.total.toNumber(),
    inventoryUsd: run.pnl.positionSize.mul(run.mid ?? new Decimal(0)).toNumber(),
    meanHalfSpread: halfSum / Math.max(1, halfN),
    fills: run.pnl.fills,
  };
  await maker.stop({ cancelAll: true });
  engine.stop();
  return out;
}

const stats = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
  return { m, sd };
};

const inventory: Outcome[] = [];
for (let i = 1; i <= runs; i++)
  inventory.push(await path(i, { model: 'avellaneda-stoikov', gamma: 50, horizon_sec: 300, base_spread: 0 }));
const target = stats(inventory.map((o) => o.meanHalfSpread)).m;
// γ → 0: no skew, half spread 1/κ; base_spread tops it up to the inventory strategy's average.
const symmetric: Outcome[] = [];
for (let i = 1; i <= runs; i++) {
  symmetric.push(
    await path(i, {
      model: 'avellaneda-stoikov',
      gamma: 1e-9,
      horizon_sec: 300,
      base_spread: Math.max(0, target - 1 / KAPPA),
    }),
  );
}
const row = (name: string, os: Outcome[]) => {
  const p = stats(os.map((o) => o.profit));
  const q = stats(os.map((o) => o.inventoryUsd));
  const h = stats(os.map((o) => o.meanHalfSpread));
  const f = stats(os.map((o) => o.fills));
  return `| ${name} | ${(h.m * 1e4).toFixed(2)} | ${f.m.toFixed(0)} | ${p.m.toFixed(2)} | ${p.sd.toFixed(2)} | ${q.m.toFixed(1)} | ${q.sd.toFixed(1)} |`;
};
process.stdout.write(
  [
    `${runs} paths × ${minutes} simulated minutes, ETH, taker flow A = 1/s, κ = 0.3/bp, mean 100 USD; quotes 100 USD`,
    '| strategy | mean half spread (bp) | fills | profit mean (USD) | profit sd | final inventory mean (USD) | inventory sd |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row('inventory (A–S, γ = 50, T − t = 300 s)', inventory),
    row('symmetric (same average spread)', symmetric),
    '',
  ].join('\n'),
);
process.exit(0);
