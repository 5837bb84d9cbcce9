/**
 * Signing throughput. Run: pnpm bench (or pnpm exec tsx --conditions=@dn/source bench/sign.bench.ts).
 * Prints ops/s and per-op p50/p99; never asserts timings.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildV2Order,
  type EdgexMetadataLike,
  resolveV1Market,
  resolveV2Market,
  signV1Order,
  signV1Request,
  signV2Request,
} from '../src/index.js';

/** FAKE key from the shared vectors (the SDK unit tests' key). */
const FAKE_KEY = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const vectors = fileURLToPath(new URL('../../../../shared/vectors/edgex/', import.meta.url));
const load = (name: string): { metadata_fixture: EdgexMetadataLike } =>
  JSON.parse(readFileSync(`${vectors}${name}`, 'utf8'));

const v1Market = resolveV1Market(load('v1_l2_limit_order.json').metadata_fixture, '10000001');
const v2Market = resolveV2Market(load('v2_hmac_and_eip712_order.json').metadata_fixture, '10000001');
const order = (i: number) => ({
  accountId: '543429922991899150',
  contractId: '10000001',
  side: i % 2 === 0 ? ('BUY' as const) : ('SELL' as const),
  type: 'LIMIT' as const,
  price: '97393.8',
  size: '0.001',
  clientOrderId: `bench-${i}`,
  nowMs: 1_760_000_000_000,
});

function bench(name: string, durationMs: number, fn: (i: number) => unknown): void {
  for (let i = 0; i < 20; i++) fn(i); // warm-up (JIT, curve precomputes)
  const samples: number[] = [];
  const start = performance.now();
  let i = 0;
  while (performance.now() - start < durationMs) {
    const t0 = performance.now();
    fn(i++);
    samples.push(performance.now() - t0);
  }
  const elapsed = performance.now() - start;
  samples.sort((a, b) => a - b);
  const pct = (p: number) => (samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? 0).toFixed(3);
  console.log(
    `${name.padEnd(28)} ${((i / elapsed) * 1000).toFixed(0).padStart(7)} ops/s   p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms   (n=${i})`,
  );
}

const creds = { apiKey: 'fake-key', passphrase: 'fake-pass', secret: 'fake-secret' };
bench('V1 order sign (StarkEx)', 2000, (i) => signV1Order(order(i), v1Market, FAKE_KEY));
bench('V2 order sign (EIP-712)', 2000, (i) => buildV2Order(order(i), v2Market, FAKE_KEY));
bench('V1 request sign (Stark)', 1000, (i) =>
  signV1Request(
    { timestamp: 1_760_000_000_000 + i, method: 'GET', path: '/api/v1/private/x', query: { a: '1' } },
    FAKE_KEY,
  ),
);
bench('V2 request sign (HMAC)', 1000, (i) =>
  signV2Request(
    { timestamp: 1_760_000_000_000 + i, method: 'GET', path: '/api/v2/private/x', query: { a: '1' } },
    creds,
  ),
);
