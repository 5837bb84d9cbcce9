/**
 * The order path inside the process, against a loopback server: wall and CPU time from `ExtendedVenue.placeOrder`
 * (or `ExtendedClient.placeOrder(body)`) called to the request written to its socket (`net.Socket#write`, whichever
 * HTTP engine writes it), one order at a time (each answered before the next), for
 *   (1) placeOrder, signed on the path (RFC 6979);
 *   (2) placeOrder served by a presigned order (`enablePresigning` + `presignOrder` before each);
 *   (3) client.placeOrder(body) with a signed body: the HTTP stack alone, on the order transport's socket engine (the
 *       default), on the node engine (`orderHttpEngine: 'node'`) and on axios (`orderHttpEngine: 'axios'`).
 * Run: pnpm --filter @dn/extended exec tsx --conditions=@dn/source bench/order-path.bench.ts   (BENCH_N=2000)
 * Gap mode, the case that matters for a quoting loop: BENCH_GAP_MS=80 waits that long between orders, so caches and
 * branch predictors are cold when the order is sent (BENCH_N defaults to 300 then).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExtendedClient, ExtendedVenue } from '../src/index.js';
// Public SDK test key (python_sdk tests): never funded.
import { BTC_MARKET, DOMAIN, FEES, TEST_KEY } from '../test/support/btc-market.js';

const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 0);
const N = Number(process.env.BENCH_N ?? (GAP_MS > 0 ? 300 : 2000));
const ok = (data: string) => `{"status":"OK","data":${data}}`;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const url = req.url ?? '';
    const body = url.startsWith('/api/v1/info/markets')
      ? ok(`[${BTC_MARKET}]`)
      : url.startsWith('/api/v1/info/starknet')
        ? ok(DOMAIN)
        : url.startsWith('/api/v1/user/fees')
          ? ok(FEES)
          : ok('{"id":"1","externalId":"x"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const clientOptions = {
  apiKey: 'fake-bench-key',
  starkPrivateKey: TEST_KEY,
  vault: 10002,
  restUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`,
  rateLimiter: false,
} as const;
const venue = new ExtendedVenue(clientOptions);

let t0 = 0;
let c0: NodeJS.CpuUsage = process.cpuUsage();
let sample: { wall: number; cpu: number } | undefined;
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (this: net.Socket, ...args: unknown[]) {
  const head = args[0];
  const text = typeof head === 'string' ? head : Buffer.isBuffer(head) ? head.toString('latin1', 0, 5) : '';
  if (text.startsWith('POST ') && sample === undefined) {
    const d = process.cpuUsage(c0);
    sample = { wall: performance.now() - t0, cpu: (d.user + d.system) / 1000 };
  }
  return (write as (...a: unknown[]) => boolean).apply(this, args);
};
const start = () => {
  t0 = performance.now();
  c0 = process.cpuUsage();
};

const order = (i: number) =>
  ({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.01', price: String(60000 + (i % 50)) }) as const;
async function run(name: string, once: (i: number) => Promise<unknown>, prepare?: (i: number) => Promise<unknown>) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < N; i++) {
    await prepare?.(i);
    if (GAP_MS > 0) await sleep(GAP_MS);
    sample = undefined;
    await once(i);
    // Set by the patched `end` during `once` (TypeScript cannot see that).
    const got = sample as { wall: number; cpu: number } | undefined;
    if (got) {
      wall.push(got.wall);
      cpu.push(got.cpu);
    }
  }
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  process.stdout.write(
    `${name.padEnd(44)} n=${wall.length}  wall p50 ${pct(wall, 50).toFixed(3)} p99 ${pct(wall, 99).toFixed(3)} ms   cpu p50 ${pct(cpu, 50).toFixed(3)} p99 ${pct(cpu, 99).toFixed(3)} ms\n`,
  );
}

await venue.placeOrder(order(0)); // warm caches (markets, fees, domain)
await run('(1) placeOrder, signed on the path', (i) => {
  start();
  return venue.placeOrder(order(i));
});
venue.enablePresigning({ maxAgeMs: 60_000 });
await run(
  '(2) placeOrder, presigned',
  (i) => {
    start();
    return venue.placeOrder(order(i));
  },
  (i) => venue.presignOrder(order(i)),
);
venue.enablePresigning(false);
const market = await venue.client.market('BTC-USD');
const { body } = await venue.client.buildOrder(market, {
  side: 'BUY',
  qty: '0.01',
  price: '60000',
  expiryEpochMillis: Date.now() + 3_600_000,
});
await run('(3) client.placeOrder(body), socket engine', () => {
  start();
  return venue.client.placeOrder(body);
});
const onNode = new ExtendedClient({ ...clientOptions, orderHttpEngine: 'node' });
await onNode.placeOrder(body); // warm its connection
await run('(3) client.placeOrder(body), node engine', () => {
  start();
  return onNode.placeOrder(body);
});
const onAxios = new ExtendedClient({ ...clientOptions, orderHttpEngine: 'axios' });
await onAxios.placeOrder(body); // warm its connection
await run('(3) client.placeOrder(body), axios engine', () => {
  start();
  return onAxios.placeOrder(body);
});
process.stdout.write(`${JSON.stringify(venue.presignStats() ?? {})}\n`);
await venue.close();
await onAxios.close();
await onNode.close();
server.close();
process.exit(0);
