/**
 * Wire parsing throughput: lossless JSON + zod of `/user/orders` rows, and order-book delta application.
 * Run: pnpm exec tsx --conditions=@dn/source bench/parse.bench.ts
 */
import { Decimal, parseJson } from '@dn/core';
import { z } from 'zod';
import { ExtendedBookSync } from '../src/index.js';
import { orderSchema } from '../src/wire.js';

const DURATION_MS = Number(process.env.BENCH_MS ?? 1500);

function measure(name: string, op: (i: number) => void): void {
  for (let i = 0; i < 200; i++) op(i);
  const samples: number[] = [];
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < DURATION_MS) {
    const t = performance.now();
    for (let k = 0; k < 10; k++) op(n++);
    samples.push((performance.now() - t) / 10);
  }
  samples.sort((a, b) => a - b);
  const total = performance.now() - start;
  const p = (q: number) => (samples[Math.floor(q * (samples.length - 1))]! * 1000).toFixed(1);
  console.log(`${name}: ${Math.round((n / total) * 1000)} ops/s, p50 ${p(0.5)} µs, p99 ${p(0.99)} µs`);
}

const row = (i: number) =>
  `{"id":${2051479786538188801n + BigInt(i)},"accountId":3017,"externalId":"c-${i}","market":"BTC-USD","type":"LIMIT","side":"BUY","status":"NEW","price":"65000","averagePrice":"0","qty":"0.01","filledQty":"0","cancelledQty":"0","reduceOnly":false,"postOnly":true,"payedFee":"0","createdTime":1701563440000,"updatedTime":1701563440500,"expireTime":1702168240000,"timeInForce":"GTT"}`;
const page = `{"status":"OK","data":[${Array.from({ length: 50 }, (_, i) => row(i)).join(',')}]}`;
const orders = z.object({ status: z.string(), data: z.array(orderSchema) });
measure('parse 50 open orders (lossless JSON + zod)', () => {
  orders.parse(parseJson(page, 'string-all'));
});

const sync = new ExtendedBookSync({ symbol: 'BTC', tickSize: new Decimal(1), lotSize: new Decimal('0.00001') });
const levels = (from: number, dir: number) =>
  Array.from({ length: 50 }, (_, i) => ({ p: String(from + dir * i), q: '0.5' }));
let seq = 1;
sync.apply({ type: 'SNAPSHOT', seq, data: { m: 'BTC-USD', b: levels(64999, -1), a: levels(65001, 1) } });
measure('apply a 4-level book delta', (i) => {
  seq += 1;
  const size = String((i % 7) + 1);
  sync.apply({
    type: 'DELTA',
    seq,
    data: {
      m: 'BTC-USD',
      b: [
        { p: String(64999 - (i % 40)), q: '0', c: size },
        { p: '64990', q: '0', c: '1' },
      ],
      a: [
        { p: String(65001 + (i % 40)), q: '0', c: size },
        { p: '65010', q: '0', c: '1' },
      ],
    },
  });
});
