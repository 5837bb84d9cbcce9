/**
 * Scan speed at real scale: the simulator's default universe (100 markets per venue, 80 shared by any two) served by
 * a standalone simulator in its own process (as a venue is remote: its CPU is not the scanner's), through the real
 * connectors with their public rate limits on, and a local proxy in front of each venue's REST port that holds every
 * call 50 ms. Three figures per venue pair, in round trips (wall time / 50 ms):
 *   cold    — nothing cached: markets + stats, then the candidates' books;
 *   steady  — markets cached (the bot refreshes them on a schedule): stats, then books over REST;
 *   stream  — as `rotation-bot scan --watch`: books fed by the venues' streams, stats only over REST.
 * Targets: steady ≤ 2, cold ≤ 3. Cold and steady scans each start with the venues' full public rate budgets (fresh
 * clients), as the bot's scans minutes apart do. Also the REST calls one scan makes per venue. Every figure is measured twice, with
 * 50 ms and with 0 ms injected: the difference over 50 ms is the round trips the scan waits for; the 0 ms time is
 * the CPU of the in-process simulator, the connectors' parsing and the scan itself (one process, shared cores).
 * Run: pnpm --filter rotation-bot bench   (or: tsx --conditions=@dn/source bench/scan.bench.ts)
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectVenues, type VenueHandle, type VenueName } from '@dn/connect';
import { createLogger, Decimal, type Market, type PerpVenue } from '@dn/core';
import { configSchema } from '../src/config.js';
import { StreamBooks } from '../src/scan-books.js';
import { type ScanResult, scan } from '../src/scanner.js';

/** A REST proxy on 127.0.0.1 that forwards to `target` after `delay.ms`. */
async function delayProxy(target: URL, delay: { ms: number }): Promise<{ url: string; close: () => void }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const out = http.request(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        out.on('error', () => res.destroy());
        out.end(Buffer.concat(chunks));
      }, delay.ms);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.close();
      agent.destroy();
    },
  };
}

/** Starts `dn-sim` for `venues` in its own process; resolves with its connection file once written. */
async function standaloneSim(venues: readonly string[], dir: string) {
  const out = path.join(dir, 'sim-connection.json');
  const cli = path.resolve(import.meta.dirname, '../../../packages/sim/src/cli.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx/esm', '--conditions=@dn/source', cli, '--venues', venues.join(','), '--out', out],
    { stdio: 'ignore', cwd: path.dirname(cli) },
  );
  for (let i = 0; i < 600; i++) {
    const text = await fs.readFile(out, 'utf8').catch(() => '');
    if (text) return { file: out, text, stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('standalone simulator did not start in 60 s');
}

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
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-scan-bench-'));
  const sim = await standaloneSim(pair, dir);
  const delay = { ms: 0 };
  const file = JSON.parse(sim.text) as { venues: Record<string, { restUrl: string }> };
  const proxies = await Promise.all(
    pair.map(async (v) => {
      const entry = file.venues[v] as { restUrl: string };
      const proxy = await delayProxy(new URL(entry.restUrl), delay);
      entry.restUrl = proxy.url;
      return proxy;
    }),
  );
  const simFile = path.join(dir, 'via-proxy.json');
  await fs.writeFile(simFile, JSON.stringify(file));
  const connect = () =>
    connectVenues({
      mode: 'sim-file',
      simFile,
      venues: [...pair],
      seed: 1,
      speed: 1,
      collateral: new Decimal(10000),
      log,
    });
  const conn = await connect();
  const config = configSchema.parse({ venues: [...pair] });
  const calls = new Map<VenueName, number>();
  const venues = counted(conn.venues, calls);
  const setLatency = (ms: number) => {
    delay.ms = ms;
  };
  /**
   * One scan. Without `books` it runs on fresh clients (`warm`: after one unmeasured markets call, as a running
   * bot's clients): their rate budgets full, as for the bot, whose scans are
   * `check_interval_seconds` apart (Pacifica's public budget is 100 credits a minute: back-to-back scans would
   * measure the budget's refill, not the scan).
   */
  const once = async (cache: Map<VenueName, Map<string, Market>>, books?: StreamBooks, warm = false) => {
    const own = books ? undefined : await connect();
    // A running bot's clients have long loaded what they keep (markets, symbol maps): warm them, unmeasured.
    if (own && warm) await Promise.all(own.venues.map((h) => h.venue.getMarkets()));
    calls.clear();
    const t0 = performance.now();
    const result: ScanResult = await scan(own ? counted(own.venues, calls) : venues, config, {
      log,
      now: () => Date.now(),
      marketCache: cache,
      ...(books ? { books } : {}),
    });
    const ms = performance.now() - t0;
    await own?.close();
    return { ms, result, calls: Object.fromEntries(calls) };
  };
  const cache = new Map<VenueName, Map<string, Market>>();
  await once(cache);
  const books = new StreamBooks(log);
  await once(cache, books);
  // Let the streams deliver their first books.
  await new Promise((r) => setTimeout(r, 1500));
  const modes = {
    cold: () => once(new Map()),
    steady: () => once(cache, undefined, true),
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
    `scan ${pair.join(' + ')}: ${symbols} common symbols, ${pairs} ordered pairs (${last?.opportunities.length ?? 0} priced with books), standalone simulator, rate limits on; targets steady ≤ 2, cold ≤ 3\n${lines.join('\n')}`,
  );
  await conn.close();
  for (const p of proxies) p.close();
  sim.stop();
  await fs.rm(dir, { recursive: true, force: true });
}
