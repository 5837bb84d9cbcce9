/**
 * Transport hot paths: JSON number modes on an order-book-sized payload, token-bucket overhead,
 * and a local HTTP round trip through the full transport. Prints figures; asserts nothing.
 * Run: pnpm exec tsx --conditions=@dn/source bench/transport.bench.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpTransport, parseJson, TokenBucketRateLimiter } from '../src/index.js';

function bookPayload(levels: number): string {
  const side = (base: number) =>
    Array.from({ length: levels }, (_, i) => [(base + i * 0.5).toFixed(1), (0.001 * (i + 1)).toFixed(5)]);
  return (
    JSON.stringify({ seq: 0, ts: 1733000000000, bids: side(60000), asks: side(60100) })
      .replace(/"(\d+\.\d+)"/g, '$1')
      // A 19-digit sequence number, as venues send, exercises the unsafe-integer path.
      .replace('"seq":0', '"seq":9223372036854775807')
  );
}

function opsPerSec(label: string, iterations: number, fn: () => void): void {
  for (let i = 0; i < Math.min(200, iterations); i++) fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const ms = performance.now() - start;
  console.log(`${label.padEnd(44)} ${Math.round((iterations / ms) * 1000).toLocaleString('en-US')} ops/s`);
}

const text = bookPayload(100);
console.log(`payload: ${text.length} bytes (100 levels per side, numeric prices)`);
opsPerSec("parseJson 'number' (JSON.parse)", 2_000, () => parseJson(text, 'number'));
opsPerSec("parseJson 'string-unsafe'", 2_000, () => parseJson(text, 'string-unsafe'));
opsPerSec("parseJson 'string-all'", 2_000, () => parseJson(text, 'string-all'));

const bucket = new TokenBucketRateLimiter({ capacity: 1e12, refillPerInterval: 1e12, intervalMs: 1 });
opsPerSec('TokenBucketRateLimiter.tryAcquire', 500_000, () => bucket.tryAcquire(1));

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"orderId":1234567890123456789,"status":"NEW"}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const http = createHttpTransport({ baseUrl: `http://127.0.0.1:${port}`, venue: 'bench' });
const samples: number[] = [];
for (let i = 0; i < 1_000; i++) {
  const t = performance.now();
  await http.request({ method: 'GET', path: '/order' });
  samples.push(performance.now() - t);
}
samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(3);
console.log(`HTTP GET round trip on loopback (1000 sequential)   p50 ${pct(0.5)} ms  p99 ${pct(0.99)} ms`);
server.closeAllConnections();
server.close();
