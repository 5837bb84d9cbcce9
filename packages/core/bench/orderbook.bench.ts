/**
 * Order book throughput and latency. Prints figures; asserts nothing.
 * Run: pnpm exec tsx --conditions=@dn/source bench/orderbook.bench.ts   (from packages/core)
 *
 * Targets: ≥ 1 000 000 level updates/s on a 200-level book, 10-level VWAP < 2 µs.
 */
import { OrderBook, VwapScaledResult } from '../src/book/index.js';

const LEVELS = 200;
const OPS = 1_000_000;
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const MID = 1_000_000; // 100000.0 at priceDecimals 1: BTC-like ticks

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface OpStream {
  sides: ('bid' | 'ask')[];
  ticks: Float64Array;
  lots: Float64Array;
  mix: { update: number; insert: number; remove: number };
}

/**
 * A realistic stream: 200 levels per side to start, every op within 220 ticks of the touch and skewed
 * toward it (offset = 220·u²); an existing level is updated (80 %) or removed (20 %), a missing one inserted.
 */
function makeStream(): { initial: { ticks: number[]; lots: number[] }[]; stream: OpStream } {
  const rand = lcg(7);
  const present = [new Float64Array(400), new Float64Array(400)];
  const initial = [0, 1].map((s) => {
    const ticks: number[] = [];
    const lots: number[] = [];
    for (let k = 0; k < LEVELS; k++) {
      const size = 1 + Math.floor(rand() * 500_000);
      present[s]![k] = size;
      ticks.push(s === 0 ? MID - k : MID + 1 + k);
      lots.push(size);
    }
    return { ticks, lots };
  });
  const sides: ('bid' | 'ask')[] = new Array(OPS);
  const ticks = new Float64Array(OPS);
  const lots = new Float64Array(OPS);
  const mix = { update: 0, insert: 0, remove: 0 };
  for (let i = 0; i < OPS; i++) {
    const s = rand() < 0.5 ? 0 : 1;
    const k = Math.floor(220 * rand() ** 2);
    let size: number;
    if (present[s]![k]! > 0) {
      if (rand() < 0.8) {
        size = 1 + Math.floor(rand() * 500_000);
        mix.update++;
      } else {
        size = 0;
        mix.remove++;
      }
    } else {
      size = 1 + Math.floor(rand() * 500_000);
      mix.insert++;
    }
    present[s]![k] = size;
    sides[i] = s === 0 ? 'bid' : 'ask';
    ticks[i] = s === 0 ? MID - k : MID + 1 + k;
    lots[i] = size;
  }
  return { initial, stream: { sides, ticks, lots, mix } };
}

function freshBook(initial: { ticks: number[]; lots: number[] }[]): OrderBook {
  const book = new OrderBook({ symbol: 'BTC', priceDecimals: 1, sizeDecimals: 5, sequenceMode: 'none' });
  book.applySnapshotScaled({
    bidTicks: initial[0]!.ticks,
    bidLots: initial[0]!.lots,
    askTicks: initial[1]!.ticks,
    askLots: initial[1]!.lots,
  });
  return book;
}

function stats(values: number[]): { best: number; median: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { best: sorted[sorted.length - 1]!, median: sorted[Math.floor(sorted.length / 2)]! };
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

const { initial, stream } = makeStream();
const mixTotal = stream.mix.update + stream.mix.insert + stream.mix.remove;
const pct = (n: number): string => `${((100 * n) / mixTotal).toFixed(1)}%`;
console.log(`node ${process.version}, ${OPS.toLocaleString('en-US')} ops/round, ${ROUNDS} rounds`);
console.log(
  `mix: update ${pct(stream.mix.update)}, insert ${pct(stream.mix.insert)}, remove ${pct(stream.mix.remove)}`,
);

// 1. Scaled updates.
{
  const rates: number[] = [];
  let book = freshBook(initial);
  for (let r = 0; r < ROUNDS + 1; r++) {
    book = freshBook(initial);
    const { sides, ticks, lots } = stream;
    const t0 = performance.now();
    for (let i = 0; i < OPS; i++) book.applyDeltaScaled(sides[i]!, ticks[i]!, lots[i]!);
    const ms = performance.now() - t0;
    if (r > 0) rates.push(OPS / (ms / 1000)); // round 0 is warm-up
  }
  const s = stats(rates);
  console.log(
    `applyDeltaScaled: best ${fmt(s.best)} updates/s, median ${fmt(s.median)} updates/s ` +
      `(book ends with ${book.levelCount('bid')} bids / ${book.levelCount('ask')} asks)`,
  );
}

// 2. String deltas, 10 levels per message (what a connector does when it parses venue JSON).
{
  const PER_MSG = 10;
  const N = 200_000;
  const probe = freshBook(initial);
  const messages: { bids: [string, string][]; asks: [string, string][] }[] = [];
  for (let m = 0; m < N / PER_MSG; m++) {
    const msg = { bids: [] as [string, string][], asks: [] as [string, string][] };
    for (let j = 0; j < PER_MSG; j++) {
      const i = m * PER_MSG + j;
      const level: [string, string] = [probe.ticksToPrice(stream.ticks[i]!), probe.lotsToSize(stream.lots[i]!)];
      (stream.sides[i] === 'bid' ? msg.bids : msg.asks).push(level);
    }
    messages.push(msg);
  }
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    const book = freshBook(initial);
    const t0 = performance.now();
    for (const msg of messages) book.applyDelta(msg);
    const ms = performance.now() - t0;
    if (r > 0) rates.push(N / (ms / 1000));
  }
  const s = stats(rates);
  console.log(
    `applyDelta (decimal strings, ${PER_MSG} levels/msg): best ${fmt(s.best)} levels/s, median ${fmt(s.median)}`,
  );
}

// 3. VWAP over exactly 10 levels.
{
  const book = freshBook(initial);
  let tenLevels = 0;
  for (let d = 0; d < 9; d++) tenLevels += book.sizeLotsAt('ask', d);
  tenLevels += Math.max(1, Math.floor(book.sizeLotsAt('ask', 9) / 2));
  const out = new VwapScaledResult();
  book.vwapScaled('buy', tenLevels, out);
  if (out.levels !== 10) throw new Error(`bench setup: expected 10 levels, got ${out.levels}`);

  const perOp = (iterations: number, fn: () => void): { best: number; median: number } => {
    const ns: number[] = [];
    for (let r = 0; r < ROUNDS + 1; r++) {
      const t0 = performance.now();
      for (let i = 0; i < iterations; i++) fn();
      const t = ((performance.now() - t0) * 1e6) / iterations;
      if (r > 0) ns.push(-t); // negate so stats().best picks the fastest
    }
    const s = stats(ns);
    return { best: -s.best, median: -s.median };
  };
  let sink = 0;
  const fast = perOp(1_000_000, () => {
    sink += book.vwapScaled('buy', tenLevels, out).notional;
  });
  console.log(`vwapScaled (10 levels): best ${fast.best.toFixed(0)} ns, median ${fast.median.toFixed(0)} ns`);
  const size = book.lotsToSize(tenLevels);
  const exact = perOp(50_000, () => {
    sink += book.vwap('buy', size).levelsConsumed;
  });
  console.log(
    `vwap (10 levels, exact Decimal result): best ${exact.best.toFixed(0)} ns, median ${exact.median.toFixed(0)} ns`,
  );
  const top = perOp(1_000_000, () => {
    sink += (book.bestBidTicks() ?? 0) + (book.bestAskTicks() ?? 0);
  });
  console.log(`bestBidTicks + bestAskTicks: best ${top.best.toFixed(1)} ns, median ${top.median.toFixed(1)} ns`);
  if (sink === Number.MIN_VALUE) console.log(sink); // keeps the loops from being optimised away
}
