import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { envWithoutVenueKeys, type ProcessResult, TestProcesses } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(appDir, 'src/main.ts');

const procs = new TestProcesses();
afterEach(() => procs.cleanup());

const home = (): string => procs.tempDir('dn-dh-cli-');

/** A short-lookback config so a paper world needs little history (see harness.ts). */
function quickConfig(dir: string, extra: Record<string, unknown> = {}): string {
  const file = path.join(dir, 'hedge.json');
  fs.writeFileSync(file, JSON.stringify({ LOOKBACK_DAYS: 40, MIN_HEDGE_SAMPLES: 30, ...extra }));
  return file;
}

/** The bot as a user runs it (no venue variables but `env`), killed after `lifeMs` at the latest. */
function run(
  args: string[],
  env: Record<string, string> = {},
  opts: { lifeMs?: number; onLine?: (line: string, child: ChildProcess) => void } = {},
): Promise<ProcessResult> {
  return procs.runTs(main, args, {
    env: envWithoutVenueKeys(env),
    lifeMs: opts.lifeMs ?? 120_000,
    ...(opts.onLine ? { onLine: opts.onLine } : {}),
  });
}

/** The run ended with `code` and its output says every one of `names`. */
function endedSaying(r: ProcessResult, code: number, ...names: string[]): void {
  expect(r.code).toBe(code);
  for (const n of names) expect(r.stdout).toContain(n);
}

/** A usage/config refusal: exit 2, naming what was refused. */
const refusedNaming = (r: ProcessResult, ...names: string[]) => endedSaying(r, 2, ...names);

describe('delta-hedge-bot CLI', () => {
  it('--help names the modes, the exit codes and the seed keys', async () => {
    const r = await run(['--help']);
    const modes = ['--paper', '--live', '--sim', '--venue', '--summary', '--run-for'];
    endedSaying(r, 0, ...modes, 'Exit codes', 'BASE_POSITION_SIZE');
  }, 180_000);

  it('bad config: one clear error naming the key, exit 2, no state written', async () => {
    const h = home();
    const r = await run(['--home', h], { BASE_POSITION_SIZE: 'lots', STOP_LOSS_PCT: '8' });
    refusedNaming(r, 'BASE_POSITION_SIZE', '"lots" is not a decimal number', 'STOP_LOSS_PCT');
    expect(fs.existsSync(path.join(h, 'paper', 'delta-hedge-bot.state.json'))).toBe(false);
  }, 180_000);

  it('a misspelt key in the config file and a testnet EXTENDED_API_URL are refused by name', async () => {
    const h = home();
    const file = path.join(h, 'hedge.json');
    fs.writeFileSync(file, JSON.stringify({ BASE_POSITON_SIZE: 0.02 }));
    refusedNaming(await run(['--home', h, '--config', file]), 'BASE_POSITON_SIZE');
    const testnet = 'https://api.starknet.sepolia.extended.exchange/api/v1';
    refusedNaming(await run(['--home', h], { EXTENDED_API_URL: testnet }), 'EXTENDED_API_URL');
  }, 180_000);

  it("the seed's key + secret: asks for the Stark key and vault by name, sends nothing", async () => {
    const h = home();
    const r = await run(['--home', h], { EXTENDED_API_KEY: 'fake-test-key', EXTENDED_API_SECRET: 'fake-test-secret' });
    refusedNaming(r, 'EXTENDED_STARK_PRIVATE_KEY', 'EXTENDED_VAULT');
    expect(r.stdout).not.toContain('fake-test-secret');
  }, 180_000);

  it('paper mode with no keys: trades, writes the summary, and matches the simulator ledger', async () => {
    const h = home();
    const summary = path.join(h, 'summary.json');
    const r = await run([
      '--home',
      h,
      '--config',
      quickConfig(h),
      '--speed',
      '2000',
      '--run-for',
      '6h',
      '--summary',
      summary,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PAPER mode on extended');
    expect(r.stdout).toMatch(/hedge ratio h\* = 0\.\d{4}/);
    const s = JSON.parse(fs.readFileSync(summary, 'utf8'));
    for (const k of [
      'rebalances',
      'volumeUsd',
      'feesUsd',
      'fundingUsd',
      'pricePnlUsd',
      'netUsd',
      'hedgeRatio',
      'rSquared',
      'maxNetDeltaUsd',
    ]) {
      expect(s).toHaveProperty(k);
    }
    expect(s.rebalances).toBeGreaterThanOrEqual(1);
    expect(s.ledgerMatchesVenue).toBe(true);
    expect((fs.statSync(summary).mode & 0o777).toString(8)).toBe('600');
  }, 240_000);

  it('SIGTERM: state persisted, positions left open, exit 0; a restart adopts them', async () => {
    const h = home();
    const cfg = quickConfig(h);
    let signalled = false;
    const r = await run(
      ['--home', h, '--config', cfg, '--speed', '100'],
      {},
      {
        onLine: (line, child) => {
          if (!signalled && line.startsWith('rebalanced:') && child.pid !== undefined) {
            signalled = true;
            process.kill(child.pid, 'SIGTERM');
          }
        },
      },
    );
    expect(r.stdout, r.stderr).toContain('positions stay open');
    expect(r.code).toBe(0);
    const state = JSON.parse(fs.readFileSync(path.join(h, 'paper', 'delta-hedge-bot.state.json'), 'utf8'));
    const data = state.data ?? state;
    expect(data.positions.long).toBe('0.01');
    const again = await run(['--home', h, '--config', cfg, '--speed', '100', '--run-for', '10m']);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('differ from the saved book');
  }, 240_000);
});
