/**
 * Tick-to-order: wall time from a book update to the new signed order leaving the process, on the simulator through
 * the real Extended connector (Stark signing included). Rows: (a) book callback → `placeOrder` called (quote model,
 * risk; a self-trade-protection cancel's round trip when one is needed first); (b) `placeOrder` called → signed
 * request written to its socket (`net.Socket#write`), per order, matched by its id; (c) book callback → that
 * order on the socket, for orders that needed no cancel first; (d) book callback → the first signed order on the
 * socket after it (any path); (g) the book's WebSocket frame reaching the process → the same (adds the frame's parse,
 * the local book's update and the snapshot the callback gets); (e) book callback → the first signed body handed to
 * the client's HTTP call; (f) with BENCH_CPU=1, CPU time of the process (all threads) over (e). Samples start after a
 * warm-up.
 * The maker runs in its latency configuration, every opt-in on: presign_ticks 10 on the signing thread, precomputed
 * nonces, back-to-back replaces and realtime_priority 10 (each can be turned off, see the BENCH_* variables below).
 * Target (issue 18): p99 < 1 ms.
 * Run: pnpm --filter market-maker bench   (BENCH_SECONDS=60 by default, BENCH_WARMUP_SECONDS=5, simulated clock ×10)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { connectVenues, type VenueConnection } from '@dn/connect';
import { type Clock, createLogger, Decimal, RealClock, VirtualClock } from '@dn/core';
import { tsxLoader } from '@dn/core/testing';
import { readSimConnectionFile } from '@dn/sim';
import { enabledMarkets } from '../src/config.js';
import { MarketMaker } from '../src/maker.js';
import { attachNoncePool } from '../src/nonces.js';
import { setMainThreadRealtime } from '../src/realtime.js';
import { busyQuotingConfig } from '../test/sim-session.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
// Default: the simulator in its own process (as a venue is), so its work (matching, verifying our signatures,
// streaming books) does not run on the measured event loop. BENCH_SIM=inline: in this process, sharing the loop.
// Either way the taker flow is on (other participants' market orders: fills, and the account stream's messages).
const TAKER_FLOW = { arrivalRate: 1, kappaPerBp: 0.3, meanSizeUsd: 150 };
const simProcess = process.env.BENCH_SIM !== 'inline';
const log = createLogger({ name: 'bench', level: 'silent', console: false });
let child: ChildProcess | undefined;
let conn: VenueConnection;
let clock: Clock;
if (simProcess) {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-bench-'));
  const connFile = path.join(dir, 'sim.json');
  const simCli = fileURLToPath(new URL('../../../packages/sim/src/cli.ts', import.meta.url));
  const loader = tsxLoader(import.meta.dirname);
  const flow = `${TAKER_FLOW.arrivalRate},${TAKER_FLOW.kappaPerBp},${TAKER_FLOW.meanSizeUsd}`;
  const simArgs = ['--import', loader, '--conditions=@dn/source', simCli, '--venues', 'extended', '--speed', '10'];
  simArgs.push('--seed', '3', '--taker-flow', flow);
  // BENCH_SIM_NICE=N: the simulator process at nice N (it stands for a remote venue, whose work is not on our cores).
  const simNice = process.env.BENCH_SIM_NICE;
  child = simNice
    ? spawn('nice', ['-n', simNice, process.execPath, ...simArgs, '--out', connFile], { stdio: 'ignore' })
    : spawn(process.execPath, [...simArgs, '--out', connFile], { stdio: 'ignore' });
  const t0 = Date.now();
  for (;;) {
    if (await readSimConnectionFile(connFile).catch(() => undefined)) break;
    if (Date.now() - t0 > 60_000) throw new Error('the simulator did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  conn = await connectVenues({
    mode: 'sim-file',
    simFile: connFile,
    venues: ['extended'],
    seed: 3,
    speed: 10,
    collateral: new Decimal(100_000),
    log,
  });
  clock = conn.clock ?? new RealClock();
} else {
  const virtual = new VirtualClock({ startMs: Date.now(), realStartMs: Date.now(), mode: { speed: 10 } });
  clock = virtual;
  conn = await connectVenues({
    mode: 'paper',
    venues: ['extended'],
    seed: 3,
    speed: 10,
    collateral: new Decimal(100_000),
    log,
    clock: virtual,
  });
  conn.engines?.get('extended')?.setTakerFlow({ seed: 3, default: TAKER_FLOW });
}
// BENCH_CPU=1: row (f), CPU time over (e) (two system calls per sample, on the measured path).
const cpuRow = process.env.BENCH_CPU === '1';
// BENCH_NONCES=0: deterministic RFC 6979 signing (the default of the app); otherwise the opt-in precomputed nonces.
const useNonces = process.env.BENCH_NONCES !== '0';
// BENCH_REPLACE=cancel-then-place: the new order waits for the cancel's answer.
// BENCH_PRESIGN=N: presign_ticks (default 10, the most the config allows; 0 = off, every order signed on the tick’s path).
const presignTicks = Number(process.env.BENCH_PRESIGN ?? 10);
// BENCH_THREAD=0: presigned orders signed on the main thread in idle turns instead of the signing thread.
const presignThread = process.env.BENCH_THREAD !== '0';
const replaceMode = process.env.BENCH_REPLACE === 'cancel-then-place' ? 'cancel-then-place' : 'back-to-back';
const config = busyQuotingConfig({
  replace_mode: replaceMode,
  precomputed_nonces: useNonces,
  presign_ticks: presignTicks,
  presign_thread: presignThread,
  // The simulated clock runs at ×10 and the age limit is on the venue's clock: 50 s simulated is the default's 5 s
  // of real time, as a live run would have it.
  presign_max_age_ms: 50_000,
  quote_loop_ms: 250,
  // Within Extended's REST limit (950 a minute, the client's token bucket): beyond it the limiter queues requests,
  // and the wait would be measured instead of our work.
  max_actions_per_sec: 15,
});

const bookToCall: number[] = [];
const callToSent: number[] = [];
const directTotal: number[] = [];
const firstAction: number[] = [];
const firstAfterCancel: number[] = [];
const firstSignedOnPath: number[] = [];
/** Orders handed to the client, by id: true when signed on the tick's path (no presigned order matched). */
const signedOnPath = new Map<string, boolean>();
// (g): from the book's WebSocket frame reaching the process (before its parse, the local book's update and the
// snapshot the callback gets) to the first signed order on the socket.
const frameToFirst: number[] = [];
let lastFrame = -1;
let frameOfBook = -1;
const emit = EventEmitter.prototype.emit;
EventEmitter.prototype.emit = function (this: EventEmitter & { url?: string }, ev: string | symbol, ...a: unknown[]) {
  if (ev === 'message' && typeof this.url === 'string' && this.url.includes('/orderbooks/'))
    lastFrame = performance.now();
  return emit.call(this, ev, ...a);
};
const bookToSigned: number[] = [];
const cpuToSigned: number[] = [];
// Samples start after the warm-up (JIT, the signing thread's start, the first presigned orders): steady state only.
const warmupMs = Number(process.env.BENCH_WARMUP_SECONDS ?? 5) * 1000;
let measuring = false;
const record = (xs: number[], v: number): void => {
  if (measuring) xs.push(v);
};
/** Orders handed to the venue, by client id: matched to their request on the socket whatever the order of sending. */
const calls = new Map<string, { at: number; book: number; direct: boolean }>();
let lastBook = -1;
let lastSignedBook = -1;
let lastBookCpu: NodeJS.CpuUsage | undefined;
// Main-thread garbage-collection pauses while measuring (the signing thread has its own heap).
const gcPauses: number[] = [];
const gcKinds = new Map<string, number>();
const GC_KIND: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (!measuring) continue;
    gcPauses.push(e.duration);
    const kind = GC_KIND[(e as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';
    gcKinds.set(kind, (gcKinds.get(kind) ?? 0) + 1);
  }
}).observe({ entryTypes: ['gc'] });

// The signed order leaving the process: its request's bytes handed to the socket (`net.Socket#write`, whichever
// HTTP engine wrote them; node's ClientRequest and the socket engine both write the header block and the body in
// one call), matched to the order by the id in the body.
const ORDER_REQUEST = /^POST \S*\/user\/order HTTP\/1\.1\r\n/;
const socketWrite = net.Socket.prototype.write;
net.Socket.prototype.write = function (this: net.Socket, ...args: unknown[]) {
  const now = performance.now();
  const chunk = args[0];
  const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('latin1') : '';
  if (ORDER_REQUEST.test(text)) {
    const id = /"id":"([^"]+)"/.exec(text)?.[1];
    const c = id === undefined ? undefined : calls.get(id);
    if (lastBook >= 0) {
      record(firstAction, now - lastBook);
      if (frameOfBook >= 0) record(frameToFirst, now - frameOfBook);
      // The first order of a tick that had to wait for a self-trade-protection cancel's answer (a venue round trip).
      if (c && !c.direct) record(firstAfterCancel, now - lastBook);
      // A presign miss: the order was hashed and signed on the tick's path (on the main thread).
      if (id !== undefined && signedOnPath.get(id) === true) record(firstSignedOnPath, now - lastBook);
      lastBook = -1;
    }
    if (id !== undefined) signedOnPath.delete(id);
    if (c && id !== undefined) {
      calls.delete(id);
      record(callToSent, now - c.at);
      if (c.direct) record(directTotal, now - c.book);
    }
  }
  return (socketWrite as (...a: unknown[]) => boolean).apply(this, args);
};

const handle = conn.venues[0]!;
// (e): the signed body handed to the client's HTTP call (`ExtendedClient.placeOrder(body)`), i.e. all of our work
// (quote, risk, normalisation, Stark hash and signature) without the HTTP stack's. (f): CPU time of the process
// (every thread: the signing thread's work is counted too) over the same interval (process.cpuUsage, µs).
const client = (handle.venue as unknown as { client: { placeOrder: (...a: unknown[]) => Promise<unknown> } }).client;
const clientPlace = client.placeOrder.bind(client);
client.placeOrder = (...args: unknown[]) => {
  // A presigned order comes with its request text made when it was signed; any other was signed on the tick's path.
  const body = args[0] as { id?: string } | undefined;
  if (body?.id !== undefined) signedOnPath.set(body.id, args[1] === undefined);
  if (lastSignedBook >= 0) {
    record(bookToSigned, performance.now() - lastSignedBook);
    lastSignedBook = -1;
    if (lastBookCpu) {
      const d = process.cpuUsage(lastBookCpu);
      record(cpuToSigned, (d.user + d.system) / 1000);
      lastBookCpu = undefined;
    }
  }
  return clientPlace(...args);
};
const detachNonces = useNonces ? attachNoncePool(handle.venue) : undefined;
if (useNonces && !detachNonces) throw new Error('the bench venue is not Extended');
const maker = new MarketMaker({
  venue: handle.venue,
  clock,
  config,
  markets: enabledMarkets(config),
  isHalted: () => false,
  onOrderSent: (bookAt, afterCancel, clientOrderId) => {
    const at = performance.now();
    record(bookToCall, at - bookAt);
    calls.set(clientOrderId, { at, book: bookAt, direct: !afterCancel });
  },
});
const onBook = maker.onBook.bind(maker);
maker.onBook = (b) => {
  lastBook = performance.now();
  frameOfBook = lastFrame;
  lastSignedBook = lastBook;
  // process.cpuUsage is a system call on the measured path: only when row (f) is asked for.
  if (cpuRow) lastBookCpu = process.cpuUsage();
  onBook(b);
};
// A timer pass (quote_loop_ms) is not a book update: an order it sends is not timed from the last book's arrival.
const step = maker.step.bind(maker);
maker.step = () => {
  lastBook = -1;
  lastSignedBook = -1;
  lastBookCpu = undefined;
  return step();
};
// Config realtime_priority (default here 10; BENCH_RT=N another, BENCH_RT=0 normal scheduling), applied as the app
// applies it: the main thread under SCHED_FIFO. When the machine refuses, the bench says why and runs without it.
const rtWanted = Number(process.env.BENCH_RT ?? 10);
let scheduling = 'normal scheduling';
if (rtWanted > 0) {
  const rt = await setMainThreadRealtime(rtWanted);
  scheduling = rt.applied ? `SCHED_FIFO ${rt.priority} (realtime_priority)` : `normal scheduling (${rt.reason})`;
}
await maker.start();
await new Promise((r) => setTimeout(r, warmupMs));
const venueStats = () => (handle.venue as { presignStats?: () => Record<string, number> | undefined }).presignStats?.();
const before = venueStats();
measuring = true;
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const after = venueStats();
await maker.stop({ cancelAll: true });
detachNonces?.();
await conn.close();
child?.kill('SIGTERM');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number);
};
const row = (name: string, xs: number[]) =>
  `${name.padEnd(58)} n=${String(xs.length).padStart(5)}  p50 ${pct(xs, 50).toFixed(3)} ms  p99 ${pct(xs, 99).toFixed(3)} ms  max ${pct(xs, 100).toFixed(3)} ms`;
const hits = (after?.hits ?? 0) - (before?.hits ?? 0);
const gcTotal = gcPauses.reduce((a, b) => a + b, 0);
process.stdout.write(
  `${[
    `tick-to-order, Extended through the simulator's front-end on loopback (simulator ${simProcess ? 'in its own process' : 'in this process'}, taker flow on), ${seconds} s real (${seconds * 10} s simulated) after ${warmupMs / 1000} s of warm-up; signing: ${useNonces ? 'precomputed nonces (opt-in)' : 'RFC 6979 (default)'}; replace: ${replaceMode}; main thread: ${scheduling}; presign_ticks: ${presignTicks}${presignTicks > 0 ? (presignThread ? ' (signing thread)' : ' (main thread)') : ''}`,
    row('(a) book update → placeOrder called', bookToCall),
    row('(b) placeOrder called → signed request on the socket', callToSent),
    row('(c) book update → signed order on the socket (no cancel)', directTotal),
    row('(d) book update → first signed order on the socket', firstAction),
    row('    of which after a self-trade-protection cancel', firstAfterCancel),
    row('    of which signed on the tick (a presign miss)', firstSignedOnPath),
    row('(g) book frame received → first signed order on the socket', frameToFirst),
    row('(e) book update → first signed body handed to HTTP', bookToSigned),
    ...(cpuRow ? [row('(f) CPU time of the process, all threads, over (e)', cpuToSigned)] : []),
    `presigned orders sent: ${presignTicks > 0 ? `${hits} of ${callToSent.length} orders` : 'off'}; main-thread GC pauses: ${gcPauses.length} (${[...gcKinds].map(([k, n]) => `${k} ${n}`).join(', ')}), ${gcTotal.toFixed(1)} ms in all, longest ${pct(gcPauses, 100).toFixed(2)} ms`,
    `orders placed ${maker.counts.placed} (refused or failed ${maker.counts.rejected}), cancelled ${maker.counts.cancelled}, fills ${maker.runs.get('ETH')?.pnl.fills}`,
  ].join('\n')}\n`,
);
process.exit(0);
