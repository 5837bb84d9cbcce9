import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { tsxLoader, waitFor } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';

// tsx's loader in the bot process itself (its CLI would run the bot in a child the signal does not reach).
const tsx = tsxLoader(import.meta.dirname);
const main = path.resolve(import.meta.dirname, '../src/main.ts');

let child: ChildProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  if (dir) await fs.rm(dir, { recursive: true, force: true });
  dir = undefined;
});

interface Saved {
  cycle: { id: string; phase: string } | null;
  history: Array<{ id: string; reason?: string }>;
}

describe('force_rotation by signal (the CLI as a user runs it, paper mode)', () => {
  it('kill -USR2 <pid> closes the held pair and scans at once, without waiting for the next check', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rb-usr2-'));
    // Opens on the first scan and would then hold for two days, checking every 2 h (2 real minutes at ×60) and resting
    // 10 h after a close: only the signal can make it close and reopen within the test's wait.
    await fs.writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({
        symbols_to_monitor: ['BTC'],
        hold_duration_hours: 48,
        check_interval_seconds: 7200,
        wait_between_cycles_minutes: 600,
        filters: { min_net_apr_pct: -1e9, min_combined_volume_usd: 0 },
      }),
    );
    const { INIT_CWD: _ignored, ...env } = process.env;
    const bot = spawn(
      process.execPath,
      [
        '--import',
        tsx,
        '--conditions=@dn/source',
        main,
        '--paper',
        '--config',
        'config.json',
        '--speed',
        '60',
        '--no-dashboard',
      ],
      { cwd: dir, env: { ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = bot;
    let stdout = '';
    bot.stdout?.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    bot.stderr?.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    const exited = new Promise<number | null>((r) => bot.once('exit', (code) => r(code)));
    const stateFile = path.join(dir, 'paper', 'rotation-bot.state.json');
    const state = async (): Promise<Saved> => JSON.parse(await fs.readFile(stateFile, 'utf8')).data as Saved;

    const first = await waitFor(
      async () => {
        const s = await state();
        return s.cycle?.phase === 'open' ? s.cycle.id : undefined;
      },
      `the first pair open (output: ${stdout.slice(-400)})`,
      60_000,
    );
    bot.kill('SIGUSR2');
    const second = await waitFor(
      async () => {
        const s = await state();
        const closed = s.history.find((c) => c.id === first);
        return closed && s.cycle?.phase === 'open' && s.cycle.id !== first ? { closed, s } : undefined;
      },
      'the pair closed by force_rotation and a new one open',
      40_000,
    );
    expect(second.closed.reason).toBe('force_rotation');
    expect(stdout).toMatch(/SIGUSR2: force_rotation/);
    expect(stdout).toMatch(/force_rotation: closing the current pair/);
    // The signal does not stop the bot: it is still running, and stops cleanly on SIGTERM.
    expect(bot.exitCode).toBeNull();
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);
});
