/**
 * A long simulated run of the market maker (default 24 h) on the simulator with the taker flow, stepped clock (no
 * wall-time waits), the seed model with seed 002's ETH-USD settings; prints the PnL split and the order counts.
 * Run: pnpm --filter market-maker exec tsx --conditions=@dn/source bench/day-run.bench.ts   (RUN_HOURS, default 24)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineVenue } from '@dn/sim/engine';
import { marketMakerConfigSchema } from '../src/config.js';
import { newMaker, simSession } from '../test/sim-session.js';

const hours = Number(process.env.RUN_HOURS ?? 24);
const here = path.dirname(fileURLToPath(import.meta.url));
const seedConfig = JSON.parse(fs.readFileSync(path.join(here, '../test/fixtures/seed-002-config.json'), 'utf8'));
const config = marketMakerConfigSchema.parse({ ...seedConfig, quote_loop_ms: 1000, DEAD_MANS_SWITCH_SEC: 0 });
const { clock, engine } = simSession({ seed: 11, collateral: '5000' });
const maker = newMaker({
  venue: new EngineVenue(engine, 'mm'),
  clock,
  config,
});
const started = performance.now();
await maker.start();
let maxNet = 0;
for (let s = 0; s < hours * 3600; s++) {
  await clock.advance(1_000);
  maxNet = Math.max(maxNet, Math.abs(maker.netPositionUsd().toNumber()));
}
await maker.stop({ cancelAll: true });
const run = maker.runs.get('ETH')!;
const p = run.pnl.split();
const ledger = engine.account('mm');
process.stdout.write(
  [
    `${hours} h simulated (${((performance.now() - started) / 1000).toFixed(0)} s wall), seed 002's ETH-USD settings, quote loop 1 s`,
    '| spread | inventory | fees | funding | total | fills | placed | cancelled | max net position |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${p.spread.toFixed(2)} | ${p.inventory.toFixed(2)} | ${p.fees.toFixed(2)} | ${p.funding.toFixed(2)} | ${p.total.toFixed(2)} | ${run.pnl.fills} | ${maker.counts.placed} | ${maker.counts.cancelled} | ${maxNet.toFixed(0)} USD |`,
    `simulator account: equity ${ledger.equity.toFixed(2)} from 5000 collateral`,
    '',
  ].join('\n'),
);
engine.stop();
process.exit(0);
