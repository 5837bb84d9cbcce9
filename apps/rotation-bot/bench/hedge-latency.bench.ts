import * as http from 'node:http';
import * as path from 'node:path';
import type { VenueHandle } from '@dn/connect';
import { paperWorld } from '@dn/connect/testing';
import { HaltSentinel, type PerpVenue } from '@dn/core';
import { RotationBot } from '../src/bot.js';
import { configSchema } from '../src/config.js';
import { type BotState, createStateStore } from '../src/state.js';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};
const fmt = (xs: number[]) =>
  `p50 ${pct(xs, 50).toFixed(3)} ms, p99 ${pct(xs, 99).toFixed(3)} ms, max ${Math.max(...xs).toFixed(3)} ms`;

const world = await paperWorld({
  venues: ['extended', 'pacifica'],
  seed: 5,
  collateral: 1_000_000,
  startMs: Date.UTC(2026, 0, 5),
  tmpPrefix: 'dn-bench-',
});
const { dir, clock, log, conn } = world;

// (b): when the hedge venue's placeOrder is called, and when each order request is handed to its socket.
const calls: number[] = [];
const sent: number[] = [];
const end = http.ClientRequest.prototype.end;
http.ClientRequest.prototype.end = function (this: http.ClientRequest, ...args: unknown[]) {
  if (this.method === 'POST' && /orders\/create/.test(this.path)) sent.push(performance.now());
  return (end as (...a: unknown[]) => http.ClientRequest).apply(this, args);
} as typeof end;
const venues: VenueHandle[] = conn.venues.map((v) =>
  v.name !== 'pacifica'
    ? v
    : {
        ...v,
        venue: new Proxy(v.venue, {
          get(target, prop, receiver) {
            const f = Reflect.get(target, prop, receiver);
            if (prop !== 'placeOrder' || typeof f !== 'function') return typeof f === 'function' ? f.bind(target) : f;
            return (...args: unknown[]) => {
              calls.push(performance.now());
              return f.apply(target, args);
            };
          },
        }) as PerpVenue,
      },
);
const config = configSchema.parse({
  hold_duration_hours: 1,
  wait_between_cycles_minutes: 1,
  check_interval_seconds: 600,
  scan_interval_seconds: 60,
  notional_per_position: 1000,
  symbols_to_monitor: ['BTC', 'ETH', 'SOL'],
  filters: { min_net_apr_pct: -1e9, min_combined_volume_usd: 0 },
  halt_file: path.join(dir, 'HALT'),
});
const bot = new RotationBot({
  config,
  venues,
  clock,
  log,
  store: createStateStore(path.join(dir, 'state.json')),
  halt: new HaltSentinel(config.halt_file),
  print: () => undefined,
});
await bot.init();
const until = clock.now() + 120 * 3_600_000;
await clock.runUntilSettled(bot.run(until), { untilMs: until, realTimeoutMs: 600_000 });
const inBot = bot.metrics.hedgeLatencyMs;
// Hedges are the opening buys/sells on the hedge venue: pair each placeOrder call with the next arrival.
const transit: number[] = [];
for (const t of calls) {
  const a = sent.find((x) => x >= t);
  if (a !== undefined) transit.push(a - t);
}
console.log(`hedges: ${inBot.length} (over the real Extended and Pacifica connectors)`);
console.log(`  (a) pilot confirmed → hedge placeOrder call: ${fmt(inBot)}`);
console.log(
  `  (b) placeOrder call → signed request handed to the socket, all ${transit.length} orders: ${fmt(transit)}`,
);
console.log(`  total p99 ≤ ${(pct(inBot, 99) + pct(transit, 99)).toFixed(3)} ms (target < 5 ms)`);

// State save: the state as the bot keeps it (open cycle + the last completed cycles), temp + fsync + rename.
const store = createStateStore(path.join(dir, 'save-bench.json'));
const state: BotState = bot.currentState;
const saves: number[] = [];
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  await store.save(state);
  saves.push(performance.now() - t0);
}
console.log(`state save (${state.history.length} completed cycles): ${fmt(saves)} (target < 5 ms)`);
await world.close();
