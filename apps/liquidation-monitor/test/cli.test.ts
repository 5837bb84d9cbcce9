import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { envWithoutVenueKeys, type ProcessResult, TestProcesses } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(appDir, 'src/main.ts');

const procs = new TestProcesses();
afterEach(() => procs.cleanup());

const home = (): string => procs.tempDir('dn-liqmon-cli-');

/** The monitor as a user runs it (no venue variables), killed after `lifeMs` at the latest. */
function run(args: string[], lifeMs = 110_000): Promise<ProcessResult> {
  return procs.runTs(main, args, { env: envWithoutVenueKeys(), lifeMs });
}

describe('liquidation-monitor CLI', () => {
  it('--help lists the thresholds and exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code, r.stderr).toBe(0);
    for (const flag of [
      '--interval',
      '--margin-threshold',
      '--unhedged-grace',
      '--stale-limit',
      '--no-auto-close',
      '--once',
    ]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('Exit codes');
  });

  it('refuses a bad threshold before connecting anything (exit 2)', async () => {
    const r = await run(['--paper', '--home', home(), '--margin-threshold', '150']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must be > 0 and < 100');
  });

  it('--once --json on the paper demo: the pair is hedged, the lone leg is a warning (exit 4)', async () => {
    const r = await run(['--paper-demo', '--home', home(), '--once', '--json']);
    expect(r.stderr).toContain('PAPER mode');
    expect(r.code).toBe(4);
    const report = JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as {
      level: string;
      hedges: { symbol: string; status: string }[];
      triggers: unknown[];
    };
    expect(report.level).toBe('warn');
    expect(report.hedges.map((h) => [h.symbol, h.status])).toEqual([
      ['BTC', 'hedged'],
      ['ETH', 'unhedged'],
    ]);
    expect(report.triggers).toEqual([]);
  });

  it('closes the lone leg once the grace period is over and writes the halt sentinel', async () => {
    const h = home();
    const r = await run([
      '--paper-demo',
      '--home',
      h,
      '--venues',
      'extended,lighter',
      '--interval',
      '5',
      '--unhedged-grace',
      '15',
      '--speed',
      '10',
      '--run-for',
      '3m',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('hedge ETH: UNHEDGED');
    expect(r.stdout).toMatch(/→ closed ETH: flat/);
    expect(r.stdout).toContain('hedge BTC: hedged');
    const sentinels = [path.join(h, 'dn.HALT.json'), path.join(h, 'paper', 'dn.HALT.json')].filter((p) =>
      fs.existsSync(p),
    );
    expect(sentinels).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(sentinels[0] as string, 'utf8')).by).toBe('liquidation-monitor');
  }, 180_000);
});
