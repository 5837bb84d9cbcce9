import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { envWithoutVenueKeys, TestProcesses } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(appDir, 'src/main.ts');

const procs = new TestProcesses();
afterEach(() => procs.cleanup());

/** The app as a user runs it (no venue variables), killed after `lifeMs`; `stdout` holds both streams. */
async function run(args: string[], lifeMs = 50_000): Promise<{ code: number; stdout: string }> {
  const r = await procs.runTs(main, args, { env: envWithoutVenueKeys(), lifeMs });
  return { code: r.code, stdout: `${r.stdout}${r.stderr}` };
}

describe('market-maker CLI', () => {
  it("quotes in paper mode with no keys and the seed's example config, and writes the PnL split in --summary", async () => {
    const home = procs.tempDir('dn-mm-cli-');
    const cfg = path.join(home, 'config.json');
    const seed = JSON.parse(fs.readFileSync(path.join(appDir, 'test/fixtures/seed-002-config.json'), 'utf8'));
    fs.writeFileSync(cfg, JSON.stringify(seed));
    const summary = path.join(home, 'summary.json');
    const r = await run([
      '--home',
      home,
      '-c',
      cfg,
      '--speed',
      '30',
      '--run-for',
      '3m',
      '--print',
      '60',
      '--summary',
      summary,
    ]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('[PAPER] quoting ETH on extended');
    expect(r.stdout).toMatch(/pnl -?\d+\.\d\d = spread/);
    const s = JSON.parse(fs.readFileSync(summary, 'utf8'));
    expect(s.mode).toBe('paper');
    expect(s.counts.placed).toBeGreaterThan(0);
    expect(Object.keys(s.markets)).toEqual(['ETH']);
    expect(s.markets.ETH.pnl).toHaveProperty('spread');
  }, 180_000);

  it('realtime_priority: says whether the main thread got SCHED_FIFO, and quotes either way', async () => {
    const home = procs.tempDir('dn-mm-cli-rt-');
    const cfg = path.join(home, 'config.json');
    fs.writeFileSync(cfg, JSON.stringify({ markets: { 'ETH-USD': { base_spread: 0.0005 } }, realtime_priority: 5 }));
    const r = await run(['--home', home, '-c', cfg, '--speed', '30', '--run-for', '30s', '--print', '60']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(
      /realtime_priority: the main thread runs under SCHED_FIFO at priority 5|realtime_priority not applied, normal scheduling: \S/,
    );
    expect(r.stdout).toContain('[PAPER] quoting ETH on extended');
  }, 120_000);

  it('export-history writes the three CSV files with the seed columns (paper: a fresh account, headers only)', async () => {
    const home = procs.tempDir('dn-mm-export-');
    const out = path.join(home, 'out');
    const r = await run(['--', 'export-history', '--home', home, '--market', 'ETH-USD', '--output', out]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('exported 0 trades, 0 positions, 0 funding records');
    expect(fs.readFileSync(path.join(out, 'trades.csv'), 'utf8')).toBe(
      'trade_id,market,side,qty,price,value,fee,liquidity,trade_type,created_at\n',
    );
    expect(fs.readFileSync(path.join(out, 'funding.csv'), 'utf8').split('\n')[0]).toBe(
      'funding_id,market,side,size,value,funding_fee,funding_rate,paid_time',
    );
    expect(fs.existsSync(path.join(out, 'positions.csv'))).toBe(true);
  }, 180_000);
});
