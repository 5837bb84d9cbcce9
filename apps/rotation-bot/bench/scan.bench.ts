/**
 * Scan speed: a full scan of every common market on two venues with 50 ms injected on every call.
 * The scanner issues one parallel round of markets + stats, then one parallel round of books, so the wall time
 * should stay near 2–3 round trips however many markets there are (the bound: 4).
 * Run: pnpm --filter rotation-bot bench
 */
import { connectVenues, type VenueHandle } from '@dn/connect';
import { createLogger, Decimal, type PerpVenue, VirtualClock } from '@dn/core';
import { configSchema } from '../src/config.js';
import { scan } from '../src/scanner.js';

const LATENCY_MS = 50;

function withLatency(venue: PerpVenue, counter: { calls: number }): PerpVenue {
  return new Proxy(venue, {
    get(target, prop, receiver) {
      const f = Reflect.get(target, prop, receiver);
      if (typeof f !== 'function') return f;
      return async (...args: unknown[]) => {
        counter.calls += 1;
        await new Promise((r) => setTimeout(r, LATENCY_MS));
        return f.apply(target, args);
      };
    },
  });
}

const log = createLogger({ name: 'bench', level: 'silent', console: false });
const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 5), mode: { speed: 1 } });
const conn = await connectVenues({
  mode: 'paper',
  venues: ['extended', 'pacifica'],
  seed: 1,
  speed: 1,
  collateral: new Decimal(10000),
  log,
  clock,
});
const counter = { calls: 0 };
const venues: VenueHandle[] = conn.venues.map((v) => ({ ...v, venue: withLatency(v.venue, counter) }));
const config = configSchema.parse({});
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const cache = new Map();
  counter.calls = 0;
  const t0 = performance.now();
  const result = await scan(venues, config, { log, now: () => clock.now(), marketCache: cache });
  const ms = performance.now() - t0;
  times.push(ms);
  if (i === 0) {
    const symbols = new Set(result.opportunities.map((o) => o.symbol)).size;
    console.log(
      `scan: ${symbols} common symbols, ${result.opportunities.length} ordered pairs, ${counter.calls} calls`,
    );
  }
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] as number;
console.log(
  `scan wall time with ${LATENCY_MS} ms per call: median ${median.toFixed(1)} ms = ${(median / LATENCY_MS).toFixed(2)} round trips (best ${(times[0] as number).toFixed(1)} ms, worst ${(times[times.length - 1] as number).toFixed(1)} ms)`,
);
await conn.close();
