import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonReport } from '../src/report.js';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.resolve(appDir, '../../node_modules/.bin/tsx');
const main = path.join(appDir, 'src/main.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in `cwd` with no venue credentials in its environment. */
function run(args: string[], cwd: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'SystemRoot']) if (process.env[k] !== undefined) env[k] = process.env[k];
  return new Promise((resolve) => {
    execFile(tsx, ['--conditions=@dn/source', main, ...args], { cwd, env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ee-cli-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('emergency-exit CLI', () => {
  it('--paper --paper-demo --yes --json flattens the demo positions and exits 0', async () => {
    const r = await run(['--paper', '--paper-demo', '--yes', '--json', '--seed', '3'], dir);
    expect(r.stderr).toContain('paper demo: opened');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.flat).toBe(true);
    expect(report.dryRun).toBe(false);
    expect(report.positions.length).toBeGreaterThanOrEqual(4);
    for (const p of report.positions) {
      expect(p.before).toMatch(/^-?\d+(\.\d+)?$/);
      expect(p.before).not.toBe('0');
      expect(p.after).toBe('0');
      expect(['extended', 'pacifica', 'edgex', 'lighter']).toContain(p.venue);
    }
    expect(report.openOrders).toEqual([]);
    expect(report.halt).toEqual({ state: 'written', path: 'rotation-bot.HALT.json' });
    expect(fs.existsSync(path.join(dir, 'rotation-bot.HALT.json'))).toBe(true);
  });

  it('--dry-run --json shows the plan, sends nothing, writes no sentinel and exits 1 when not flat', async () => {
    const r = await run(
      ['--paper-demo', '--dry-run', '--json', '--venues', 'lighter,edgex', '--halt-file', 'H.json'],
      dir,
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.dryRun).toBe(true);
    expect(report.positions.length).toBeGreaterThan(0);
    for (const p of report.positions) expect(p.after).toBe(p.before);
    expect(report.openOrders.length).toBe(2);
    expect(new Set(report.positions.map((p) => p.venue))).toEqual(new Set(['lighter', 'edgex']));
    expect(fs.existsSync(path.join(dir, 'H.json'))).toBe(false);
    expect(r.stderr).toContain('Plan:');
  });

  it('refuses to guess: no credentials and no --paper/--sim is a usage error (exit 2)', async () => {
    const r = await run(['--yes'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no venue credentials found');
  });
});
