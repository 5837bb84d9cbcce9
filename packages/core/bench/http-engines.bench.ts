/**
 * The three HTTP engines on the order path: N sequential signed-order-sized POSTs to a loopback server running in a
 * child process (so its CPU is not counted here), back to back (hot) and with an 80 ms gap between requests (cold
 * caches, as between two quotes). Prints p50/p99 of `request()` called → the request's `socket.write`, of the full
 * round trip, and the CPU this process spent per request. Asserts nothing.
 * Run: pnpm exec tsx --conditions=@dn/source bench/http-engines.bench.ts [hotN=2000] [coldN=200]
 */
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { createHttpTransport, type HttpEngineName } from '../src/index.js';

const HOT_N = Number(process.argv[2] ?? 2_000);
const COLD_N = Number(process.argv[3] ?? 200);
const GAP_MS = 80;
const ENGINES: HttpEngineName[] = ['axios', 'node', 'socket'];

const SERVER = `
const http = require('node:http');
const body = '{"status":"OK","data":{"id":1234567890123456789,"externalId":"c-1"}}';
const s = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); res.end(body); });
});
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;
const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve) =>
  child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString()))),
);

// The moment the request leaves: the client's `socket.write` whose data starts with the request line.
let wroteAt = 0;
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (this: net.Socket, data: unknown, ...rest: unknown[]) {
  if (wroteAt === 0 && (typeof data === 'string' ? data : String(data)).startsWith('POST /orders')) {
    wroteAt = performance.now();
  }
  return (write as (...a: unknown[]) => boolean).call(this, data, ...rest);
} as typeof write;

// Fake credentials shaped like a venue's (an API key and a signature header): sizes matter, values do not.
const headers = { 'X-Api-Key': 'FAKE-BENCH-KEY-0123456789abcdef0123456789abcdef', 'X-Signature': 'f'.repeat(128) };
const body = JSON.stringify({
  id: 'c-1733000000000-1',
  market: 'ETH-USD',
  type: 'LIMIT',
  side: 'BUY',
  qty: '0.0123',
  price: '3456.7',
  timeInForce: 'GTT',
  expiryEpochMillis: 1733600000000,
  fee: '0.0002',
  nonce: '1733000001',
  settlement: { signature: { r: `0x${'a'.repeat(64)}`, s: `0x${'b'.repeat(64)}` }, starkKey: `0x${'c'.repeat(63)}` },
  postOnly: true,
});

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(3);

async function run(engine: HttpEngineName, n: number, gapMs: number): Promise<void> {
  const http = createHttpTransport({ baseUrl: `http://127.0.0.1:${port}`, venue: 'bench', engine, headers });
  for (let i = 0; i < 50; i++) await http.request({ method: 'POST', path: '/orders', body });
  const toWrite: number[] = [];
  const roundTrip: number[] = [];
  let cpu = 0;
  for (let i = 0; i < n; i++) {
    if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
    wroteAt = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await http.request({ method: 'POST', path: '/orders', body });
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    cpu += c1.user + c1.system;
    toWrite.push(wroteAt - t0);
    roundTrip.push(t1 - t0);
  }
  toWrite.sort((a, b) => a - b);
  roundTrip.sort((a, b) => a - b);
  const label = `${engine.padEnd(6)} ${gapMs > 0 ? `gap ${gapMs} ms` : 'no gap  '} n=${n}`;
  console.log(
    `${label.padEnd(26)} to write p50 ${pct(toWrite, 0.5)} p99 ${pct(toWrite, 0.99)} ms | round trip p50 ${pct(roundTrip, 0.5)} p99 ${pct(roundTrip, 0.99)} ms | CPU ${(cpu / n / 1000).toFixed(3)} ms/req`,
  );
}

try {
  for (const engine of ENGINES) await run(engine, HOT_N, 0);
  for (const engine of ENGINES) await run(engine, COLD_N, GAP_MS);
} finally {
  child.kill();
}
