import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.resolve(appDir, '../../node_modules/.bin/tsx');
const main = path.join(appDir, 'src/main.ts');

const children: ChildProcess[] = [];
const homes: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) {
    try {
      if (c.pid !== undefined) process.kill(-c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

/** The app as a user runs it, in its own process group, killed after `lifeMs` at the latest. */
function run(args: string[], lifeMs = 50_000): Promise<{ code: number; stdout: string }> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  for (const k of Object.keys(env)) if (/^(EXTENDED|PACIFICA|EDGEX|LIGHTER)_/.test(k)) delete env[k];
  const child = spawn(tsx, ['--conditions=@dn/source', main, ...args], { env, detached: true, stdio: 'pipe' });
  children.push(child);
  const killer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), lifeMs);
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code: code ?? -1, stdout });
    });
  });
}

describe('market-maker CLI', () => {
  it("quotes in paper mode with no keys and the seed's example config, and writes the PnL split in --summary", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-mm-cli-'));
    homes.push(home);
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
  }, 60_000);

  it('export-history writes the three CSV files with the seed columns (paper: a fresh account, headers only)', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-mm-export-'));
    homes.push(home);
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
  }, 60_000);
});
