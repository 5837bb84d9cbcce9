/**
 * Scan speed at real scale: the simulator's default universe (100 markets per venue, 80 shared by any two) through
 * the real connectors and protocols with their public rate limits on, 50 ms injected by the simulator on every
 * REST answer. Three figures per venue pair, in round trips (wall time / 50 ms):
 *   cold    — nothing cached: markets + stats, then the candidates' books;
 *   steady  — markets cached (the bot refreshes them on a schedule): stats, then books over REST;
 *   stream  — as `rotation-bot scan --watch`: books fed by the venues' streams, stats only over REST.
 * Targets: steady ≤ 2, cold ≤ 3. Also the REST calls one scan makes per venue. Every figure is measured twice, with
 * 50 ms and with 0 ms injected: the difference over 50 ms is the round trips the scan waits for; the 0 ms time is
 * the CPU of the in-process simulator, the connectors' parsing and the scan itself (one process, shared cores).
 * Run: pnpm --filter rotation-bot bench   (or: tsx --conditions=@dn/source bench/scan.bench.ts)
 */
import { connectVenues, type VenueHandle, type VenueName } from '@dn/connect';
import { createLogger, Decimal, type Market, type PerpVenue } from '@dn/core';
import { configSchema } from '../src/config.js';
import { StreamBooks } from '../src/scan-books.js';
import { type ScanResult, scan } from '../src/scanner.js';

const LATENCY_MS = 50;
const RUNS = 7;
const log = createLogger({ name: 'bench', level: 'silent', console: false });

/** Counts REST-backed calls per venue (streams are not counted). */
function counted(handles: VenueHandle[], calls: Map<VenueName, number>): VenueHandle[] {
  const rest = new Set(['getMarkets', 'getAllStats', 'getOrderBook', 'getFunding']);
  return handles.map((h) => ({
    ...h,
    venue: new Proxy(h.venue, {
      get(target, prop, receiver) {
        const f = Reflect.get(target, prop, receiver);
        if (typeof f !== 'function') return f;
        if (typeof prop === 'string' && rest.has(prop)) calls.set(h.name, (calls.get(h.name) ?? 0) + 1);
        return f.bind(target);
      },
    }) as PerpVenue,
  }));
}

const fmt = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const rt = (ms: number) => (ms / LATENCY_MS).toFixed(2);

for (const pair of [
  ['extended', 'pacifica'],
  ['edgex', 'lighter'],
] as const) {
  // No clock passed: the paper simulator runs in real time and the connectors keep their public rate limits.
  const conn = await connectVenues({
    mode: 'paper',
    venues: [...pair],
    seed: 1,
    speed: 1,
    collateral: new Decimal(10000),
    log,
  });
  const config = configSchema.parse({ venues: [...pair] });
  const calls = new Map<VenueName, number>();
  const venues = counted(conn.venues, calls);
  const setLatency = (ms: number) => {
    for (const sim of conn.sims?.values() ?? []) sim.faults.probabilistic = ms > 0 ? { latencyMs: ms } : {};
  };
  const once = async (cache: Map<VenueName, Map<string, Market>>, books?: StreamBooks) => {
    calls.clear();
    const t0 = performance.now();
    const result: ScanResult = await scan(venues, config, {
      log,
      now: () => Date.now(),
      marketCache: cache,
      ...(books ? { books } : {}),
    });
    return { ms: performance.now() - t0, result, calls: Object.fromEntries(calls) };
  };
  const cache = new Map<VenueName, Map<string, Market>>();
  await once(cache);
  const books = new StreamBooks(log);
  await once(cache, books);
  // Let the streams deliver their first books.
  await new Promise((r) => setTimeout(r, 1500));
  const modes = {
    cold: () => once(new Map()),
    steady: () => once(cache),
    stream: () => once(cache, books),
  };
  const lines: string[] = [];
  let last: ScanResult | undefined;
  for (const [name, run] of Object.entries(modes)) {
    const at: Record<number, number> = {};
    let used: Record<string, number> = {};
    for (const latency of [0, LATENCY_MS]) {
      setLatency(latency);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await run();
        times.push(r.ms);
        used = r.calls;
        last = r.result;
      }
      at[latency] = median(times);
    }
    const waited = ((at[LATENCY_MS] as number) - (at[0] as number)) / LATENCY_MS;
    lines.push(
      `  ${name.padEnd(6)}  ${waited.toFixed(2)} round trips waited (median ${(at[LATENCY_MS] as number).toFixed(0)} ms with ${LATENCY_MS} ms/call, ${(at[0] as number).toFixed(0)} ms CPU at 0 ms; ${rt(at[LATENCY_MS] as number)} RT of wall time); REST calls ${fmt(used)}`,
    );
  }
  await books.close();
  const pairs = (last?.opportunities.length ?? 0) + (last?.filtered?.length ?? 0);
  const symbols = new Set([...(last?.opportunities ?? []), ...(last?.filtered ?? [])].map((o) => o.symbol)).size;
  console.log(
    `scan ${pair.join(' + ')}: ${symbols} common symbols, ${pairs} ordered pairs (${last?.opportunities.length ?? 0} priced with books), rate limits on; targets steady ≤ 2, cold ≤ 3\n${lines.join('\n')}`,
  );
  await conn.close();
}
