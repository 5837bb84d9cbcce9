/**
 * Hedge latency: wall time from the pilot leg's fill being confirmed (position read back) to the hedge order
 * leaving the process, over many opens on the simulator. Target p99 < 5 ms.
 * Also: state save time (target < 5 ms).
 * Run: pnpm --filter rotation-bot bench
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectVenues } from '@dn/connect';
import { createLogger, Decimal, HaltSentinel, VirtualClock } from '@dn/core';
import { RotationBot } from '../src/bot.js';
import { configSchema } from '../src/config.js';
import { type BotState, createStateStore } from '../src/state.js';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-bench-'));
const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 5), mode: 'stepped' });
const log = createLogger({ name: 'bench', level: 'silent', console: false });
const conn = await connectVenues({
  mode: 'paper',
  venues: ['extended', 'pacifica'],
  seed: 5,
  speed: 1,
  collateral: new Decimal(1_000_000),
  log,
  transport: 'engine',
  clock,
});
const config = configSchema.parse({
  hold_duration_hours: 1,
  wait_between_cycles_minutes: 1,
  check_interval_seconds: 600,
  scan_interval_seconds: 60,
  notional_per_position: 1000,
  filters: { min_net_apr_pct: -1e9, min_combined_volume_usd: 0 },
  halt_file: path.join(dir, 'HALT'),
});
const bot = new RotationBot({
  config,
  venues: conn.venues,
  clock,
  log,
  store: createStateStore(path.join(dir, 'state.json')),
  halt: new HaltSentinel(config.halt_file),
  print: () => undefined,
});
await bot.init();
const until = clock.now() + 200 * 3_600_000;
let done = false;
const run = bot.run(until).finally(() => {
  done = true;
});
while (!done) {
  await new Promise((r) => setTimeout(r, 0));
  const next = clock.nextTimerAt();
  if (next !== undefined && !done) await clock.advanceTo(Math.min(next, until));
}
await run;
const lat = bot.metrics.hedgeLatencyMs;
console.log(
  `hedge latency over ${lat.length} hedges: p50 ${pct(lat, 50).toFixed(3)} ms, p99 ${pct(lat, 99).toFixed(3)} ms, max ${Math.max(...lat).toFixed(3)} ms (target p99 < 5 ms)`,
);

// State save: the state as the bot keeps it (open cycle + the last completed cycles), temp + fsync + rename.
const store = createStateStore(path.join(dir, 'save-bench.json'));
const state: BotState = bot.currentState;
const saves: number[] = [];
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  await store.save(state);
  saves.push(performance.now() - t0);
}
console.log(
  `state save (${state.history.length} completed cycles): p50 ${pct(saves, 50).toFixed(2)} ms, p99 ${pct(saves, 99).toFixed(2)} ms (target < 5 ms)`,
);
await conn.close();
await fs.rm(dir, { recursive: true, force: true });
