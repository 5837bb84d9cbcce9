/**
 * Memory of a long paper session's in-process simulator: two venues' engines (≈200 markets) on one world, a position
 * on each so funding settles into the ledger, advanced hour by hour (a ×36000 clock's 100 ms driver) for N days,
 * with a snapshot every 10 simulated hours as paper mode saves. Prints heap and RSS after a GC.
 *
 *   node --expose-gc --conditions=@dn/source --import tsx bench/paper-memory.ts [days=30]
 */
import { VirtualClock } from '@dn/core';
import { SimEngine, SimWorld, seedFor } from '../src/engine/index.js';

const days = Number(process.argv[2] ?? 30);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;
const measure = (label: string): void => {
  gc();
  const m = process.memoryUsage();
  console.log(`${label.padEnd(24)} heapUsed ${mb(m.heapUsed).padStart(9)}  rss ${mb(m.rss).padStart(9)}`);
};

const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 1), mode: 'stepped' });
const world = new SimWorld({ seed: 1, clock });
measure('start');
const engines = (['extended', 'pacifica'] as const).map(
  (venue) => new SimEngine({ venue, world, clock, seed: seedFor(1, venue) }),
);
for (const e of engines) {
  e.deposit('paper', '100000');
  e.placeOrder('paper', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
}
measure(`${engines.reduce((n, e) => n + e.markets().length, 0)} markets`);
const started = performance.now();
let snapshotChars = 0;
for (let h = 1; h <= days * 24; h++) {
  await clock.advance(3_600_000);
  for (const e of engines) e.advance();
  if (h % 10 === 0) snapshotChars = engines.reduce((n, e) => n + JSON.stringify(e.snapshot()).length, 0);
}
const records = engines.reduce((n, e) => n + e.markets().reduce((k, m) => k + e.fundingHistory(m.symbol).length, 0), 0);
measure(`after ${days} days`);
console.log(
  `${records} funding records, last snapshots ${mb(snapshotChars)} of JSON, ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
