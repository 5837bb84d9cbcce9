/**
 * Scan speed: a full scan of every common market on two venues, through the real connectors and protocols, with
 * 50 ms injected by the simulator on every REST answer. The scanner makes one parallel round of markets + stats
 * and one of books, so the wall time should stay near 2–3 round trips however many markets there are (bound: 4).
 * Run: pnpm --filter rotation-bot bench
 */
import { connectVenues } from '@dn/connect';
import { createLogger, Decimal, VirtualClock } from '@dn/core';
import { configSchema } from '../src/config.js';
import { scan } from '../src/scanner.js';

const LATENCY_MS = 50;
const log = createLogger({ name: 'bench', level: 'silent', console: false });

for (const venues of [
  ['extended', 'pacifica'],
  ['edgex', 'lighter'],
] as const) {
  const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 5), mode: { speed: 1 } });
  const conn = await connectVenues({
    mode: 'paper',
    venues: [...venues],
    seed: 1,
    speed: 1,
    collateral: new Decimal(10000),
    log,
    clock,
  });
  for (const sim of conn.sims?.values() ?? []) sim.faults.probabilistic = { latencyMs: LATENCY_MS };
  const config = configSchema.parse({ venues: [...venues] });
  const times: number[] = [];
  let pairs = 0;
  let symbols = 0;
  let cold = 0;
  // The first scan is cold (markets loaded); the bot then keeps them, as every later scan here does.
  const marketCache = new Map();
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const result = await scan(conn.venues, config, { log, now: () => clock.now(), marketCache });
    const ms = performance.now() - t0;
    if (i === 0) cold = ms;
    else times.push(ms);
    pairs = result.opportunities.length;
    symbols = new Set(result.opportunities.map((o) => o.symbol)).size;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;
  console.log(
    `scan ${venues.join(' + ')}: ${symbols} common symbols, ${pairs} ordered pairs; with ${LATENCY_MS} ms per REST call: median ${median.toFixed(0)} ms = ${(median / LATENCY_MS).toFixed(2)} round trips (best ${(times[0] as number).toFixed(0)}, worst ${(times[times.length - 1] as number).toFixed(0)} ms; bound 4); first (cold) scan ${cold.toFixed(0)} ms = ${(cold / LATENCY_MS).toFixed(2)} round trips`,
  );
  await conn.close();
}
