/**
 * Order signing throughput: our pure-TS pipeline vs the official WASM signer.
 * Run: pnpm bench  (= tsx --conditions=@dn/source bench/sign.bench.ts)
 * Each op = order message hash + Stark ECDSA signature, with a fresh nonce per op.
 */
import {
  buildOrder,
  createExtendedAccount,
  EXTENDED_MAINNET_DOMAIN,
  orderMessageHash,
  StarkNoncePool,
  signStarkHash,
  verifyOrderBody,
} from '../src/index.js';
// FAKE key from the public Python SDK fixtures. Never fund it.
import { BTC_ORDER_MARKET as market, TEST_KEY as PRIVATE_KEY } from '../test/support/btc-market.js';
import { officialSign, officialWasm } from '../test/support/official-wasm.js';

const account = createExtendedAccount({ vault: 10002, privateKey: PRIVATE_KEY });
const d = EXTENDED_MAINNET_DOMAIN;
const SYNTHETIC = market.l2Config.syntheticId;
const COLLATERAL = market.l2Config.collateralId;
const DURATION_MS = Number(process.env.BENCH_MS ?? 2000);

function measure(name: string, op: (i: number) => void): number {
  for (let i = 0; i < 50; i++) op(i); // warm-up (JIT, lazy precomputes, caches)
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < DURATION_MS) {
    for (let k = 0; k < 20; k++) op(n++);
    elapsed = performance.now() - start;
  }
  const opsPerSec = (n / elapsed) * 1000;
  console.log(
    `${name.padEnd(44)} ${opsPerSec.toFixed(0).padStart(7)} ops/s  (${(elapsed / n).toFixed(3)} ms/op, n=${n})`,
  );
  return opsPerSec;
}

const ours = measure('ours: orderMessageHash + signStarkHash', (i) => {
  const hash = orderMessageHash(
    {
      positionId: 10002,
      baseAssetId: SYNTHETIC,
      baseAmount: 1000n,
      quoteAssetId: COLLATERAL,
      quoteAmount: -43445117n,
      feeAssetId: COLLATERAL,
      feeAmount: 21723n,
      expiration: 1706836137n,
      salt: BigInt(i + 1),
    },
    d,
    account.publicKey,
  );
  signStarkHash(hash, PRIVATE_KEY);
});

const wasm = officialWasm();
const official = measure('official WASM: get_order_msg + sign_message', (i) => {
  const hash = wasm.get_order_msg(
    '10002',
    SYNTHETIC,
    '1000',
    COLLATERAL,
    '-43445117',
    COLLATERAL,
    '21723',
    '1706836137',
    String(i + 1),
    account.publicKey,
    d.name,
    d.version,
    d.chainId,
    String(d.revision),
  );
  officialSign(PRIVATE_KEY, hash);
});

console.log(
  `ratio ours / official: ${(ours / official).toFixed(2)}x ${ours >= official ? '(ours faster)' : '(ours SLOWER)'}`,
);

const orderParams = (i: number) => ({
  market,
  account,
  domain: d,
  side: 'BUY' as const,
  qty: '0.001',
  price: '65001',
  fee: '0.00025',
  expiryEpochMillis: 1_760_000_000_000,
  nonce: (i % 2_000_000_000) + 1,
});
measure('ours: buildOrder (validate + scale + sign + body)', (i) => buildOrder(orderParams(i)));
// Opt-in precomputed nonces: the pool is filled before timing (its refill is off the signing path); sized for a
// 2 s run at up to ~6 000 orders/s, past which the pool would be empty and signing fall back to RFC 6979.
const pool = new StarkNoncePool({ size: 12_000 });
pool.fill();
measure('ours: buildOrder, precomputed nonces (opt-in)', (i) => buildOrder({ ...orderParams(i), nonces: pool }));
const bodies = Array.from({ length: 64 }, (_, i) => buildOrder(orderParams(i)).body);
measure('ours: verifyOrderBody (simulator side)', (i) => verifyOrderBody(bodies[i % bodies.length]!, market, d));
