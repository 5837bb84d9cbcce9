import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgs, cliEnv, cli as runCli } from './cli-run.js';
import { expectMissing, tempDir } from './temp-dir.js';

const cli = (args: string[], cwd: string) => runCli(args, cwd, 60_000);

describe('rotation-bot CLI', () => {
  it('prints help', async () => {
    const r = await cli(['--help'], os.tmpdir());
    expect(r.code).toBe(0);
    for (const flag of ['--config', '--paper', '--live', '--sim', '--state', '--speed', '--run-for', '--summary']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('refuses a bad config with one clear error and sends nothing', async () => {
    const dir = tempDir('dn-rb-cli-');
    await fs.writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({ leverage: 0, venues: ['extended'], hold_duration_hours: 'soon' }),
    );
    const r = await cli(['--config', 'config.json', '--run-for', '1h', '--speed', '3600'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid config: 3 problems/);
    expect(r.stderr).toMatch(/leverage: must be/);
    expect(r.stderr).toMatch(/venues: needs at least two venues/);
    expect(r.stderr).toMatch(/hold_duration_hours: "soon" is not a decimal number/);
    // Nothing started: no state file was written.
    await expectMissing(dir, ['paper', 'rotation-bot.state.json']);
  }, 180_000);

  it('stops on a corrupt state file and leaves it untouched', async () => {
    const dir = tempDir('dn-rb-cli-');
    const state = path.join(dir, 'paper', 'rotation-bot.state.json');
    await fs.mkdir(path.dirname(state));
    await fs.writeFile(state, 'not json');
    const r = await cli(['--run-for', '1h', '--speed', '3600'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/State file is corrupt/);
    expect(await fs.readFile(state, 'utf8')).toBe('not json');
  }, 180_000);

  it('runs a short paper session and writes the summary', async () => {
    const dir = tempDir('dn-rb-cli-');
    // The quick start's path: paper mode over the real protocols. Without the spread's decay the seed-1 world has
    // pairs worth opening at its first scan, so this proves the whole trading path through the CLI. ×3,600 rather than
    // ×36,000: on a loaded machine a second of start-up or of an order's round trip is 10 simulated hours at ×36,000,
    // and the run could end while its first pair was still opening.
    await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ funding_half_life_hours: null }));
    const r = await cli(
      ['--config', 'config.json', '--speed', '3600', '--run-for', '12h', '--summary', 'summary.json', '--seed', '1'],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PAPER mode on extended \+ pacifica/);
    expect(r.stdout).toMatch(/scan: \d+ pairs/);
    const summary = JSON.parse(await fs.readFile(path.join(dir, 'summary.json'), 'utf8'));
    expect(((await fs.stat(path.join(dir, 'summary.json'))).mode & 0o777).toString(8)).toBe('600');
    expect(Object.keys(summary).sort()).toEqual(
      [
        'cycles',
        'feesUsd',
        'fundingUsd',
        'halted',
        'mode',
        'ledgerMatchesVenue',
        'maxNakedExposureSeconds',
        'aborted',
        'stopLosses',
        'flipExits',
        'expectedNetUsd',
        'realisedNetOfExpectedUsd',
        'netUsd',
        'pricePnlUsd',
        'volumeUsd',
      ].sort(),
    );
    expect(summary.ledgerMatchesVenue).toBe(true);
    // Paper keeps everything under <home>/paper/, the simulated world included.
    const state = JSON.parse(await fs.readFile(path.join(dir, 'paper', 'rotation-bot.state.json'), 'utf8'));
    await expect(fs.stat(path.join(dir, 'paper', 'simulator', 'sim-state.json'))).resolves.toBeTruthy();
    expect(((await fs.stat(path.join(dir, 'paper', 'logs', 'rotation-bot.log'))).mode & 0o777).toString(8)).toBe('600');
    expect(state.schemaVersion).toBe(1);
    // It traded: a pair was opened (and is held or already rotated), and nothing had to be halted.
    expect(state.data.cycle !== null || state.data.history.length > 0).toBe(true);
    expect(r.stdout).toMatch(/opened [A-Z]+: \w+ -?[\d.]+ \/ \w+ -?[\d.]+/);
    await expectMissing(dir, ['dn.HALT.json'], ['paper', 'dn.HALT.json']);
  }, 180_000);

  it('the quick start: a simulated week of ranked scans, no halt, and books that match the venue', async () => {
    const dir = tempDir('dn-rb-cli-');
    const r = await cli(['--speed', '36000', '--run-for', '7d', '--summary', 'summary.json', '--seed', '1'], dir);
    expect(r.code).toBe(0);
    // It scanned and ranked the whole week. At ×36000 the scans fall where the machine's speed puts them, so whether
    // one finds a pair worth its fees (the default values each spread over its decay) is not fixed: on a quiet machine
    // seed 1's week stays flat, on a loaded one a scan may land on a moment that pays.
    expect(r.stdout.match(/scan: \d+ pairs/g)?.length ?? 0).toBeGreaterThan(5);
    const summary = JSON.parse(await fs.readFile(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ halted: false, ledgerMatchesVenue: true });
  }, 180_000);

  it('--max-notional caps each leg (first-trade mode) and a bad amount is refused before anything starts', async () => {
    const dir = tempDir('dn-rb-cli-');
    const bad = await cli(['--max-notional', 'twenty', '--run-for', '1h'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-notional must be a positive amount in USD/);
    // A threshold every pair passes, so it opens at the first scan: the test is about the size, not the filters.
    await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ filters: { min_net_apr_pct: -1000 } }));
    const r = await cli(
      [
        '--config',
        'config.json',
        '--speed',
        '3600',
        '--run-for',
        '4h',
        '--summary',
        'summary.json',
        '--max-notional',
        '20',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/max notional \$20 per leg/);
    const state = JSON.parse(await fs.readFile(path.join(dir, 'paper', 'rotation-bot.state.json'), 'utf8')).data;
    // It traded, and no leg was ever bigger than $20 (plus the price band): the open cycle at its entry price, the
    // completed ones by their volume (both legs in and out: 4 × $20, plus the price move while held).
    const traded = state.history.filter((c: { size: string }) => Number(c.size) !== 0);
    expect(state.cycle !== null || traded.length > 0).toBe(true);
    if (state.cycle?.first.entryPrice) {
      expect(Math.abs(Number(state.cycle.first.size)) * Number(state.cycle.first.entryPrice)).toBeLessThanOrEqual(20.2);
    }
    for (const c of traded) expect(Number(c.volumeUsd)).toBeLessThanOrEqual(4 * 22);
    const summary = JSON.parse(await fs.readFile(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary.aborted).toBe(state.stats.aborted ?? 0);
    expect(typeof summary.expectedNetUsd).toBe('string');
  }, 180_000);

  it('on SIGTERM finishes the step in progress, saves and exits 0 without flattening', async () => {
    const dir = tempDir('dn-rb-cli-');
    await fs.writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({ filters: { min_net_apr_pct: -1e9 }, symbols_to_monitor: ['BTC'] }),
    );
    const child = spawn(process.execPath, cliArgs(['--config', 'config.json', '--speed', '60']), {
      cwd: dir,
      env: cliEnv(),
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const t0 = Date.now();
    while (!/opened BTC/.test(out) && Date.now() - t0 < 40_000) await new Promise((r) => setTimeout(r, 50));
    expect(out).toMatch(/opened BTC/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toMatch(/SIGTERM: stopping after the current step/);
    const state = JSON.parse(await fs.readFile(path.join(dir, 'paper', 'rotation-bot.state.json'), 'utf8'));
    expect(state.data.cycle.phase).toBe('open');
    expect(state.data.history).toEqual([]);
  }, 180_000);
});
