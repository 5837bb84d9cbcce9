/**
 * Tick-to-order: wall time from a book update reaching the market maker (the venue's book callback) to the new signed
 * order leaving the process, on the simulator through the real Extended connector (Stark signing included). Split in
 * (a) book → `placeOrder` called (quote model, risk, and the cancel round trip of a replace when there is one),
 * (b) `placeOrder` called → signed request handed to the socket (`http.ClientRequest#end`), (c) the sum, only for
 * orders that needed no cancel first (a new side, or a side a fill removed), and (d) book → the first signed order
 * on the socket after it (any path).
 * Target (issue 18): p99 < 1 ms.
 * Run: pnpm --filter market-maker bench   (BENCH_SECONDS=60 by default, simulated clock at 10×)
 */
import * as http from 'node:http';
import { connectVenues } from '@dn/connect';
import { createLogger, Decimal, VirtualClock } from '@dn/core';
import { enabledMarkets, marketMakerConfigSchema } from '../src/config.js';
import { MarketMaker } from '../src/maker.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const clock = new VirtualClock({ startMs: Date.now(), realStartMs: Date.now(), mode: { speed: 10 } });
const log = createLogger({ name: 'bench', level: 'silent', console: false });
const conn = await connectVenues({
  mode: 'paper',
  venues: ['extended'],
  seed: 3,
  speed: 10,
  collateral: new Decimal(100_000),
  log,
  clock,
});
conn.engines
  ?.get('extended')
  ?.setTakerFlow({ seed: 3, default: { arrivalRate: 1, kappaPerBp: 0.3, meanSizeUsd: 150 } });
const config = marketMakerConfigSchema.parse({
  quote_loop_ms: 250,
  replace_coalesce_ms: 0,
  dead_mans_switch_sec: 0,
  max_actions_per_sec: 10_000,
  risk: { max_net_position_usd: 100_000, max_open_orders: 100, min_balance_usd: 0 },
  markets: { 'ETH-USD': { base_spread: 0.0002, K: 0, replace_threshold_bps: 0, quote_notional_cap_usd: 100 } },
});

const bookToCall: number[] = [];
const callToSent: number[] = [];
const directTotal: number[] = [];
const firstAction: number[] = [];
let pendingBook: number | undefined;
let calls: { at: number; book: number; direct: boolean }[] = [];
let lastBook = -1;

const end = http.ClientRequest.prototype.end;
http.ClientRequest.prototype.end = function (this: http.ClientRequest, ...args: unknown[]) {
  const now = performance.now();
  if (this.method === 'POST' && /\/user\/order$/.test(this.path)) {
    if (lastBook >= 0) {
      firstAction.push(now - lastBook);
      lastBook = -1;
    }
    const c = calls.shift();
    if (c) {
      callToSent.push(now - c.at);
      if (c.direct) directTotal.push(now - c.book);
    }
  }
  return (end as (...a: unknown[]) => http.ClientRequest).apply(this, args);
};

const handle = conn.venues[0]!;
const maker = new MarketMaker({
  venue: handle.venue,
  clock,
  config,
  markets: enabledMarkets(config),
  isHalted: () => false,
  onOrderSent: (bookAt, afterCancel) => {
    const at = performance.now();
    bookToCall.push(at - bookAt);
    calls.push({ at, book: bookAt, direct: !afterCancel });
  },
});
const onBook = maker.onBook.bind(maker);
maker.onBook = (b) => {
  pendingBook = performance.now();
  lastBook = pendingBook;
  onBook(b);
};
await maker.start();
await new Promise((r) => setTimeout(r, seconds * 1000));
await maker.stop({ cancelAll: true });
await conn.close();
calls = [];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number);
};
const row = (name: string, xs: number[]) =>
  `${name.padEnd(52)} n=${String(xs.length).padStart(5)}  p50 ${pct(xs, 50).toFixed(3)} ms  p99 ${pct(xs, 99).toFixed(3)} ms  max ${pct(xs, 100).toFixed(3)} ms`;
process.stdout.write(
  `${[
    `tick-to-order, Extended through the simulator's front-end on loopback, ${seconds} s real (${seconds * 10} s simulated)`,
    row('(a) book update → placeOrder called', bookToCall),
    row('(b) placeOrder called → signed request on the socket', callToSent),
    row('(c) book update → signed order on the socket (no cancel)', directTotal),
    row('(d) book update → first signed order on the socket', firstAction),
    `orders placed ${maker.counts.placed}, cancelled ${maker.counts.cancelled}, fills ${maker.runs.get('ETH')?.pnl.fills}`,
  ].join('\n')}\n`,
);
process.exit(0);
