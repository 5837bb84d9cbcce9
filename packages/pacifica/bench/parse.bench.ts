/**
 * Wire parsing throughput (zod → Decimal). Run: pnpm exec tsx --conditions=@dn/source bench/parse.bench.ts
 */
import { z } from 'zod';
import { bookSchema, openOrderSchema, priceInfoSchema } from '../src/wire/index.js';
import { docsOpenOrder, docsPrice } from '../test/docs-rows.js';

const level = (p: number) => ({ p: String(100000 + p), a: '0.26203', n: 1 });
const book = {
  s: 'BTC',
  l: [Array.from({ length: 10 }, (_, i) => level(-i)), Array.from({ length: 10 }, (_, i) => level(i + 1))],
  t: 1751370536325,
  li: 315979358,
};
const prices = Array.from({ length: 60 }, (_, i) => docsPrice({ symbol: `S${i}` }));
const orders = Array.from({ length: 50 }, (_, i) => docsOpenOrder({ order_id: 315979358 + i }));

function bench(label: string, seconds: number, fn: () => void): void {
  for (let i = 0; i < 50; i++) fn();
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const total = samples.reduce((a, b) => a + b, 0);
  const pct = (p: number): string => ((samples[Math.floor((samples.length - 1) * p)] ?? 0) * 1000).toFixed(0);
  console.log(
    `${label.padEnd(38)} ${Math.round((samples.length / total) * 1000)
      .toString()
      .padStart(8)} ops/s   p50 ${pct(0.5)} µs   p99 ${pct(0.99)} µs`,
  );
}

const pricesSchema = z.array(priceInfoSchema);
const ordersSchema = z.array(openOrderSchema);
bench('book snapshot (10+10 levels)', 1, () => bookSchema.parse(book));
bench('prices (60 markets)', 1, () => pricesSchema.parse(prices));
bench('open orders (50)', 1, () => ordersSchema.parse(orders));
