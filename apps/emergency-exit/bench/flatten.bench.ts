/**
 * How long a flatten takes and how many venue calls it makes, for 4 venues with 3 positions and 1 resting order each:
 * on in-process engines (no protocol), clean and with a rejection plus partial fills on every venue; then through the
 * real connectors against the simulator's protocol front-ends on loopback (stepped clock: backoffs cost no wall time,
 * so the figure is signing, HTTP and matching).
 * Run: pnpm --filter emergency-exit bench
 */
import { createLogger, Decimal, VirtualClock } from '@dn/core';
import { DEFAULT_FLATTEN_OPTIONS, type FlattenTarget, flatten } from '@dn/execution';
import { EngineVenue, SimEngine, SimWorld } from '@dn/sim';
import { connectAll } from '../src/connect.js';
import { drive } from '../test/helpers.js';

const VENUES = ['extended', 'pacifica', 'edgex', 'lighter'];
const log = createLogger({ name: 'bench', level: 'silent', console: false });

async function once(seed: number, faults: boolean): Promise<{ ms: number; calls: number; flat: boolean }> {
  const clock = new VirtualClock({ startMs: Date.UTC(2025, 0, 6), mode: { speed: 10_000 } });
  const world = new SimWorld({ seed, clock });
  const targets: FlattenTarget[] = [];
  let calls = 0;
  for (const name of VENUES) {
    const engine = new SimEngine({ venue: name, world, clock, seed });
    engine.deposit('b', '100000');
    const venue = new EngineVenue(engine, 'b');
    await venue.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.02', slippage: '0.02' });
    await venue.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '0.5', slippage: '0.02' });
    await venue.placeOrder({ symbol: 'SOL', side: 'buy', type: 'market', size: '5', slippage: '0.02' });
    await venue.placeOrder({ symbol: 'SOL', side: 'buy', type: 'limit', size: '1', price: '100', timeInForce: 'GTT' });
    if (faults) {
      engine.faults.rejectNext(1);
      engine.faults.partialFillOnly('0.5', 2);
    }
    const counted = new Proxy(venue, {
      get(target, prop, receiver) {
        const v: unknown = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          calls += 1;
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    targets.push({ name, venue: counted });
  }
  const t0 = performance.now();
  const r = await flatten(
    targets,
    { clock, log, random: () => 0.5 },
    { ...DEFAULT_FLATTEN_OPTIONS, confirmIntervalMs: 50 },
  );
  return { ms: performance.now() - t0, calls, flat: r.flat };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

for (const faults of [false, true]) {
  const times: number[] = [];
  let calls = 0;
  let flat = 0;
  const runs = 20;
  for (let i = 0; i < runs; i++) {
    const r = await once(i + 1, faults);
    times.push(r.ms);
    calls += r.calls;
    if (r.flat) flat += 1;
  }
  times.sort((a, b) => a - b);
  console.log(
    `${faults ? 'with faults' : 'clean      '}: 4 venues x 3 positions + 1 order, ${runs} runs: ` +
      `p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms (wall, fast virtual clock), ` +
      `${new Decimal(calls).div(runs).toFixed(1)} venue calls/run, flat ${flat}/${runs}`,
  );
}

async function onceProtocol(seed: number, faults: boolean): Promise<{ ms: number; flat: boolean }> {
  const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 5), mode: 'stepped' });
  const c = await connectAll({
    mode: 'paper',
    venues: ['extended', 'pacifica', 'edgex', 'lighter'],
    seed,
    collateral: new Decimal(100_000),
    log,
    timeoutMs: 10_000,
    clock,
    transport: 'protocol',
  });
  try {
    for (const { venue } of c.targets) {
      await drive(
        clock,
        venue.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.02', slippage: '0.02' }),
      );
      await drive(
        clock,
        venue.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '0.5', slippage: '0.02' }),
      );
      await drive(clock, venue.placeOrder({ symbol: 'SOL', side: 'buy', type: 'market', size: '5', slippage: '0.02' }));
      await drive(
        clock,
        venue.placeOrder({ symbol: 'SOL', side: 'buy', type: 'limit', size: '1', price: '100', timeInForce: 'GTT' }),
      );
    }
    if (faults) {
      for (const e of c.engines?.values() ?? []) {
        e.faults.rejectNext(1);
        e.faults.partialFillOnly('0.5', 2);
      }
    }
    const t0 = performance.now();
    const r = await drive(
      clock,
      flatten(c.targets, { clock, log, random: () => 0.5 }, { ...DEFAULT_FLATTEN_OPTIONS, confirmIntervalMs: 50 }),
      120_000,
    );
    return { ms: performance.now() - t0, flat: r.flat };
  } finally {
    await c.close();
  }
}

for (const faults of [false, true]) {
  const times: number[] = [];
  let flat = 0;
  const runs = 5;
  for (let i = 0; i < runs; i++) {
    const r = await onceProtocol(i + 1, faults);
    times.push(r.ms);
    if (r.flat) flat += 1;
  }
  times.sort((a, b) => a - b);
  console.log(
    `protocol ${faults ? 'faults' : 'clean '}: 4 venues x 3 positions + 1 order, ${runs} runs: ` +
      `p50 ${pct(times, 50).toFixed(1)} ms, max ${pct(times, 100).toFixed(1)} ms (wall, real connectors on loopback), ` +
      `flat ${flat}/${runs}`,
  );
}
