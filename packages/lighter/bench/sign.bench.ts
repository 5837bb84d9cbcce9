/**
 * Signing benchmark: one CreateOrder (validation + tx hash + Schnorr signature + tx_info JSON) per
 * op, with the default random nonce. Run: pnpm bench (or pnpm exec tsx --conditions=@dn/source bench/sign.bench.ts).
 * The key is the public FAKE test-vector key.
 */
import { performance } from 'node:perf_hooks';
import {
  type CreateOrderFields,
  createAuthToken,
  lighterPublicKey,
  schnorrVerify,
  signTx,
  txHash,
} from '../src/index.js';

const PRIVATE_KEY = '0x6c696768746572207465737420766563746f72206b65793a2046414b452c204e4f2046554e445321';
const CHAIN_ID = 304;

function order(nonce: number): CreateOrderFields {
  return {
    AccountIndex: 1,
    ApiKeyIndex: 3,
    MarketIndex: 1,
    ClientOrderIndex: 123456 + nonce,
    BaseAmount: 1000,
    Price: 4500000,
    IsAsk: 1,
    Type: 0,
    TimeInForce: 1,
    ReduceOnly: 0,
    TriggerPrice: 0,
    OrderExpiry: 1769644800000,
    ExpiredAt: 1767226199000,
    Nonce: nonce,
    L2TxAttributes: null,
  };
}

function bench(name: string, iterations: number, fn: (i: number) => void): void {
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn(i);
    samples.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  samples.sort((a, b) => a - b);
  const q = (f: number): string => samples[Math.min(samples.length - 1, Math.floor(f * samples.length))]!.toFixed(3);
  console.log(
    `${name.padEnd(34)} ${(iterations / (total / 1000)).toFixed(0).padStart(6)} ops/s  ${(total / iterations).toFixed(3)} ms/op  p50 ${q(0.5)} ms  p99 ${q(0.99)} ms`,
  );
}

const t0 = performance.now();
const publicKey = lighterPublicKey(PRIVATE_KEY); // first call builds the fixed-base table
console.log(`cold start (generator table + first public key): ${(performance.now() - t0).toFixed(1)} ms`);

// Warm-up so the JIT has compiled the hot paths before measuring.
for (let i = 0; i < 300; i++) signTx(14, order(i), CHAIN_ID, PRIVATE_KEY);

bench('signTx CreateOrder (hash + sign)', 2000, (i) => {
  signTx(14, order(i), CHAIN_ID, PRIVATE_KEY);
});
bench('txHash CreateOrder', 2000, (i) => {
  txHash(14, order(i), CHAIN_ID);
});
bench('createAuthToken', 1000, (i) => {
  createAuthToken({ deadline: 1767229200 + i, accountIndex: 1, apiKeyIndex: 3 }, PRIVATE_KEY);
});
const hash = txHash(14, order(1), CHAIN_ID);
const info = JSON.parse(signTx(14, order(1), CHAIN_ID, PRIVATE_KEY)) as { Sig: string };
const sigHex = Buffer.from(info.Sig, 'base64').toString('hex');
bench('schnorrVerify', 100, () => {
  if (!schnorrVerify(hash, sigHex, publicKey)) throw new Error('verification failed');
});
