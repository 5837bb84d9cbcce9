import * as path from 'node:path';
import { paperWorld } from '@dn/connect/testing';
import { Decimal, HaltSentinel } from '@dn/core';
import { RotationBot } from '../src/bot.js';
import { configSchema } from '../src/config.js';
import { createHistoryLog, createStateStore } from '../src/state.js';

const DAYS = Number(process.env.SOAK_DAYS ?? 30);
const world = await paperWorld({
  venues: ['extended', 'pacifica'],
  seed: 11,
  collateral: 10_000,
  startMs: Date.UTC(2026, 0, 5),
  transport: 'engine',
  tmpPrefix: 'dn-soak-',
});
const { dir, clock, log, conn } = world;
const config = configSchema.parse({ halt_file: path.join(dir, 'HALT') });
const statePath = path.join(dir, 'bot_state.json');
const bot = new RotationBot({
  config,
  venues: conn.venues,
  clock,
  log,
  store: createStateStore(statePath),
  historyLog: createHistoryLog(statePath),
  halt: new HaltSentinel(config.halt_file),
  print: () => undefined,
});
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const t0 = performance.now();
await bot.init();
const until = clock.now() + DAYS * 86_400_000;
await clock.runUntilSettled(bot.run(until), { untilMs: until, realTimeoutMs: 600_000 });
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const s = bot.currentState.stats;
const last = bot.currentState.history.at(-1);
const ledger = conn.ledgerMatches?.({
  feesUsd: s.feesUsd,
  fundingUsd: s.fundingUsd,
  pricePnlUsd: s.pricePnlUsd,
  untilMs: last?.closedAt ?? 0,
});
const f = (v: string) => new Decimal(v).toFixed(2);
console.log(
  `${DAYS}-day paper run: ${s.cycles} cycles, volume $${f(s.volumeUsd)}, fees $${f(s.feesUsd)}, funding $${f(s.fundingUsd)}, price PnL $${f(s.pricePnlUsd)}, net $${f(s.netUsd)}, max naked ${(s.maxNakedExposureMs / 1000).toFixed(4)} s, ledger matches: ${ledger}`,
);
console.log(
  `wall time ${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS ${(peakRss / 1024 / 1024).toFixed(1)} MB (target < 150 MB)`,
);
await world.close();
