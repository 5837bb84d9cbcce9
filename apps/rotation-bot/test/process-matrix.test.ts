import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { VenueConnection } from '@dn/connect';
import { simObserver } from '@dn/connect/testing';
import { Decimal } from '@dn/core';
import { tsxLoader, waitFor } from '@dn/core/testing';
import { readSimConnectionFile } from '@dn/sim';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inkWithoutDevtools } from '../bundle-plugins.js';

/**
 * The crash matrix with real processes: the simulator runs as its own process (it outlives the bot), the bot runs
 * against it with --sim and is killed with SIGKILL when its state file shows a given step of opening or closing;
 * a new bot process then restarts from the state file. After every restart the account must be hedged and tracked,
 * or flat — never naked, never doubled — and no halt sentinel may be needed.
 */
// tsx's loader in the process itself (not the tsx CLI, which runs the script in a child: SIGKILL on the CLI would
// leave that child — the actual bot — running).
const loader = tsxLoader(import.meta.dirname);
let botBundle: string;
const simCli = path.resolve(import.meta.dirname, '../../../packages/sim/src/cli.ts');
const botMain = path.resolve(import.meta.dirname, '../src/main.ts');
const children = new Set<ChildProcess>();

function start(script: string, args: string[], cwd: string): ChildProcess {
  const runner = script.endsWith('.mjs') ? [script] : ['--import', loader, '--conditions=@dn/source', script];
  // Without INIT_CWD (set by `pnpm run`), relative paths resolve against `cwd`, as for a user in that folder.
  const { INIT_CWD: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [...runner, ...args], {
    cwd,
    env,
    stdio: 'ignore',
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => c.once('exit', () => r()));

// Crash points last milliseconds: the state file is polled every 5 ms to kill the bot while it is at one.
const POLL_MS = 5;
const POLL_TIMEOUT_MS = 40_000;

interface SavedCycle {
  phase: string;
  step: string;
  stepAttempt?: number;
  first: { size: string };
  second: { size: string };
}
interface Saved {
  cycle: SavedCycle | null;
  history: unknown[];
}

async function readState(file: string): Promise<Saved | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  try {
    return (JSON.parse(text) as { data: Saved }).data;
  } catch {
    return undefined;
  }
}

/** Kill points: a predicate on the saved state, and how long to wait after seeing it before SIGKILL. */
const POINTS: Array<{ name: string; at: (s: Saved) => boolean; delayMs: number }> = [
  { name: 'planned', at: (s) => s.cycle?.step === 'planned', delayMs: 0 },
  { name: 'pilot sent', at: (s) => s.cycle?.step === 'pilot_sent', delayMs: 0 },
  { name: 'pilot sent +3ms', at: (s) => s.cycle?.step === 'pilot_sent', delayMs: 3 },
  { name: 'pilot sent +15ms', at: (s) => s.cycle?.step === 'pilot_sent', delayMs: 15 },
  { name: 'hedge sent', at: (s) => s.cycle?.step === 'hedge_sent' && s.cycle.stepAttempt === 1, delayMs: 0 },
  { name: 'hedge sent +5ms', at: (s) => s.cycle?.step === 'hedge_sent' && s.cycle.stepAttempt === 1, delayMs: 5 },
  { name: 'hedge confirmed', at: (s) => s.cycle?.step === 'hedge_confirmed' && s.cycle.stepAttempt === 1, delayMs: 0 },
  { name: 'open', at: (s) => s.cycle?.phase === 'open', delayMs: 0 },
  { name: 'closing', at: (s) => s.cycle?.phase === 'closing', delayMs: 0 },
  { name: 'closing +5ms', at: (s) => s.cycle?.phase === 'closing', delayMs: 5 },
  { name: 'close attempt', at: (s) => s.cycle?.step === 'close_attempt', delayMs: 0 },
  { name: 'closed', at: (s) => s.cycle?.step === 'closed', delayMs: 0 },
];

let dir: string;

let connFile: string;
let observer: VenueConnection;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-rb-matrix-'));
  connFile = path.join(dir, 'sim.json');
  // The bot is started three times per kill point: one compiled bundle starts in a fraction of tsx's time.
  botBundle = path.join(dir, 'bot.mjs');
  await build({
    entryPoints: [botMain],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@dn/source'],
    outfile: botBundle,
    logLevel: 'warning',
    plugins: [inkWithoutDevtools],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  start(simCli, ['--venues', 'extended,pacifica', '--speed', '300', '--collateral', '20000', '--out', connFile], dir);
  await waitFor(() => readSimConnectionFile(connFile), 'simulator connection file', POLL_TIMEOUT_MS, POLL_MS);
  observer = await simObserver(connFile, ['extended', 'pacifica']);
}, 180_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await observer?.close();
  if (!process.env.DN_KEEP) await fs.rm(dir, { recursive: true, force: true });
});

async function positions(): Promise<Map<string, Decimal>> {
  const bySymbol = new Map<string, Decimal>();
  for (const { venue } of observer.venues) {
    for (const p of await venue.getPositions()) {
      if (p.size.isZero()) continue;
      bySymbol.set(p.symbol, (bySymbol.get(p.symbol) ?? new Decimal(0)).plus(p.size));
    }
  }
  return bySymbol;
}

async function gross(): Promise<Decimal> {
  let g = new Decimal(0);
  for (const { venue } of observer.venues) for (const p of await venue.getPositions()) g = g.plus(p.size.abs());
  return g;
}

describe('kill -9 the bot process at every step of open and close (simulator in its own process)', () => {
  it('restarts reconciled every time: hedged or flat, no double open, no halt', async () => {
    const results: string[] = [];
    for (const [i, point] of POINTS.entries()) {
      const run = path.join(dir, `run-${i}`);
      await fs.mkdir(run);
      const state = path.join(run, 'bot_state.json');
      await fs.writeFile(
        path.join(run, 'config.json'),
        JSON.stringify({
          venues: ['extended', 'pacifica'],
          symbols_to_monitor: ['BTC'],
          hold_duration_hours: 0.05,
          check_interval_seconds: 30,
          scan_interval_seconds: 30,
          wait_between_cycles_minutes: 1,
          notional_per_position: 2000,
          filters: { min_net_apr_pct: -1e9, min_combined_volume_usd: 0 },
          log_file: path.join(run, 'bot.log'),
        }),
      );
      const args = ['--sim', connFile, '--config', 'config.json', '--state', state, '--no-dashboard'];
      const before = await gross();
      const victim = start(botBundle, args, run);
      await waitFor(
        async () => {
          const s = await readState(state);
          return s && point.at(s) ? true : undefined;
        },
        `${point.name} in the state file`,
        POLL_TIMEOUT_MS,
        POLL_MS,
      ).catch(async (e: unknown) => {
        const log = await fs.readFile(path.join(run, 'bot.log'), 'utf8').catch(() => '');
        throw new Error(
          `${(e as Error).message}\nstate: ${JSON.stringify(await readState(state))}\nlog tail:\n${log.split('\n').slice(-8).join('\n')}`,
        );
      });
      if (point.delayMs > 0) await new Promise((r) => setTimeout(r, point.delayMs));
      victim.kill('SIGKILL');
      await exited(victim);

      // Restart: it reconciles on start and trades on; give it a few simulated minutes, then stop it cleanly.
      const survivor = start(botBundle, [...args, '--run-for', '4m'], run);
      await waitFor(
        async () => (survivor.exitCode !== null || survivor.signalCode !== null ? true : undefined),
        'restarted bot to finish',
        60_000,
        50,
      );
      expect(survivor.exitCode, `${point.name}: restarted bot exit code`).toBe(0);
      const bySymbol = await positions();
      for (const [symbol, net] of bySymbol) expect(net.isZero(), `${point.name}: ${symbol} naked ${net}`).toBe(true);
      const after = await readState(state);
      // Never doubled: at most one pair (two legs of one cycle) beyond what earlier runs left hedged.
      const g = await gross();
      const cycleSize = new Decimal(after?.cycle?.first.size ?? '0').abs().mul(2);
      expect(g.minus(before).lte(cycleSize.plus('0.0001')), `${point.name}: doubled (${before} → ${g})`).toBe(true);
      // The home is the run folder (no INIT_CWD): its one sentinel is dn.HALT.json there.
      await expect(fs.stat(path.join(run, 'dn.HALT.json')), `${point.name}: halted`).rejects.toThrow();
      results.push(`${point.name}: ${after?.cycle ? `hedged (${after.cycle.phase})` : 'flat'}`);
      // Leave the account flat for the next point.
      if (after?.cycle) {
        const closer = start(botBundle, [...args, '--run-for', '10m'], run);
        await exited(closer);
      }
    }
    expect(results).toHaveLength(POINTS.length);
    console.log(`process crash matrix: ${results.length} kill points — ${results.join('; ')}`);
  }, 600_000);
});
