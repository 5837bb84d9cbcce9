/**
 * Cost of `Alerter.send()` to trading code while the only target hangs (never answers). Prints figures; asserts nothing.
 * Run: pnpm exec tsx --conditions=@dn/source bench/alerts.bench.ts   (from packages/core)
 *
 * Target: p99 well under 5 ms per send(), whatever the target does.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertsConfigSchema, createAlerter, createLogger } from '../src/index.js';

const SENDS = Number(process.env.SENDS ?? 20_000);

const held: ServerResponse[] = [];
const server = createServer((_req, res) => held.push(res));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

const alerter = createAlerter(
  alertsConfigSchema.parse({ webhook: { url: `http://127.0.0.1:${port}/hook` }, request_timeout_ms: 30_000 }),
  { log: createLogger({ name: 'bench', console: false }), app: 'bench', env: {} },
);
alerter.send({ kind: 'info', message: 'warm-up: this request hangs' });
await new Promise((r) => setTimeout(r, 200));

const samples = new Float64Array(SENDS);
for (let i = 0; i < SENDS; i++) {
  const t0 = performance.now();
  // Distinct messages (dedup would make most sends trivially cheap), every 10th critical, with details.
  alerter.send({
    kind: i % 10 === 0 ? 'leg_failure' : 'venue_stale',
    venue: 'lighter',
    symbol: 'BTC',
    message: `event ${i}`,
    details: { size: '0.015', price: '97000.5', attempt: i },
  });
  samples[i] = performance.now() - t0;
}
samples.sort();
const q = (p: number) => samples[Math.min(SENDS - 1, Math.floor(p * SENDS))]!;
const stats = alerter.stats().targets[0];
console.log(
  `alerts send() with a hanging target, ${SENDS} sends: p50 ${(q(0.5) * 1000).toFixed(1)} µs, p99 ${(q(0.99) * 1000).toFixed(1)} µs, max ${(samples[SENDS - 1]! * 1000).toFixed(1)} µs; queued ${stats?.pending}, dropped ${stats?.dropped}`,
);
alerter.close();
for (const r of held) r.destroy();
server.close();
