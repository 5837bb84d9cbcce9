/**
 * Signing throughput. Run: pnpm exec tsx --conditions=@dn/source bench/sign.bench.ts
 * Uses the public, fake test key of shared/vectors/pacifica/keys.json.
 */
import {
  buildLimitOrder,
  buildSignedRequest,
  pacificaKeypair,
  pacificaMessage,
  signPacifica,
  verifyPacifica,
} from '../src/index.js';
import { keys } from '../test/vectors.js';

const SECRET = keys.main.secret_key_64_base58;
const ACCOUNT = keys.main.public_key_base58;

const order = buildLimitOrder({
  symbol: 'BTC',
  side: 'bid',
  price: '100000',
  amount: '0.1',
  tif: 'ALO',
  clientOrderId: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  takeProfit: { stopPrice: '110000' },
  stopLoss: { stopPrice: '95000' },
});
const header = { type: order.type, timestamp: 1748970123456, expiry_window: 5000 };
const keypair = pacificaKeypair(SECRET);

function bench(label: string, seconds: number, fn: (i: number) => void): void {
  for (let i = 0; i < 20; i++) fn(i);
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    const t0 = performance.now();
    fn(n++);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const total = samples.reduce((a, b) => a + b, 0);
  const pct = (p: number): string => ((samples[Math.floor((samples.length - 1) * p)] ?? 0) * 1000).toFixed(0);
  console.log(
    `${label.padEnd(38)} ${Math.round((n / total) * 1000)
      .toString()
      .padStart(8)} ops/s   p50 ${pct(0.5)} µs   p99 ${pct(0.99)} µs   (n=${n})`,
  );
}

const { message, signature } = signPacifica(header, order.payload, keypair);

bench('canonical message', 0.5, (i) => {
  pacificaMessage({ ...header, timestamp: header.timestamp + i }, order.payload);
});
bench('sign (prebuilt keypair)', 1.5, (i) => {
  signPacifica({ ...header, timestamp: header.timestamp + i }, order.payload, keypair);
});
bench('sign (base58 secret each call)', 1.5, (i) => {
  signPacifica({ ...header, timestamp: header.timestamp + i }, order.payload, SECRET);
});
bench('buildSignedRequest (keypair)', 1.5, (i) => {
  buildSignedRequest({ ...header, timestamp: header.timestamp + i }, order.payload, {
    secretKey: keypair,
    account: ACCOUNT,
  });
});
bench('verify', 1.5, () => {
  verifyPacifica(message, signature, ACCOUNT);
});
