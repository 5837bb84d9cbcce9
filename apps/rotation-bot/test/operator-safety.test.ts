import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { VenueConnection } from '@dn/connect';
import { simObserver } from '@dn/connect/testing';
import { Decimal } from '@dn/core';
import { tsxLoader } from '@dn/core/testing';
import { readSimConnectionFile } from '@dn/sim';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inkWithoutDevtools } from '../bundle-plugins.js';

/**
 * Operator safety with real processes, started the way the READMEs show: `pnpm --filter <app> start` runs each app
 * in its package folder with INIT_CWD = the folder the user typed the command in (here a temporary folder standing
 * for the repository root), so both apps must find the same home, sentinel and locks by default.
 */
const appsDir = path.resolve(import.meta.dirname, '../..');
const botDir = path.join(appsDir, 'rotation-bot');
const exitDir = path.join(appsDir, 'emergency-exit');
const simCli = path.resolve(appsDir, '../packages/sim/src/cli.ts');
const tsx = tsxLoader(import.meta.dirname);
const children = new Set<ChildProcess>();
let work: string;
let botJs: string;
let exitJs: string;

interface Proc {
  child: ChildProcess;
  out: () => string;
  exited: Promise<{ code: number | null; at: number }>;
}

/** A clean environment: no credentials, no pnpm INIT_CWD, no DN_HOME of the machine running the tests. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR']) if (process.env[k] !== undefined) env[k] = process.env[k];
  return env;
}

function start(args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv; script?: string }): Proc {
  const script = o.script ?? botJs;
  const runner = script.endsWith('.ts') ? ['--import', tsx, '--conditions=@dn/source', script] : [script];
  const child = spawn(process.execPath, [...runner, ...args], {
    cwd: o.cwd,
    env: { ...baseEnv(), ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve({ code, at: Date.now() });
    }),
  );
  // Bounded: nothing outlives its test.
  setTimeout(() => child.kill('SIGKILL'), 150_000).unref();
  return { child, out: () => out, exited };
}

async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, what: string, ms = 40_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await Promise.resolve(fn()).catch(() => undefined);
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface Saved {
  cycle: { id: string; phase: string; first: { size: string } } | null;
  history: unknown[];
}
function readState(file: string): Saved | undefined {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { data: Saved }).data;
  } catch {
    return undefined;
  }
}

const CONFIG = {
  venues: ['extended', 'pacifica'],
  symbols_to_monitor: ['BTC'],
  // Nothing closes a pair by itself while these tests run: on a loaded machine the standalone simulator's wall-time
  // market can move far enough between steps for a hold, a flip or a stop to end it, and the tests need it held.
  hold_duration_hours: 1000,
  funding_flip_close_apr_pct: -1e9,
  enable_stop_loss: false,
  check_interval_seconds: 30,
  scan_interval_seconds: 30,
  notional_per_position: 2000,
  // Any BTC pair opens: the standalone simulator runs on wall time, so how far its market has moved by the time a test
  // starts (and how wide its spreads are then) depends on the machine's load.
  filters: {
    min_net_apr_pct: -1e9,
    min_combined_volume_usd: 0,
    max_intra_exchange_spread_pct: 5,
    max_cross_exchange_spread_pct: 5,
  },
};

async function home(name: string): Promise<string> {
  const dir = path.join(work, name);
  await fsp.mkdir(dir, { recursive: true });
  await fsp.writeFile(path.join(dir, 'config.json'), JSON.stringify(CONFIG));
  return dir;
}

beforeAll(async () => {
  work = await fsp.mkdtemp(path.join(os.tmpdir(), 'dn-safety-'));
  // Built once: each app starts in a fraction of tsx's time, as `node dist/main.js` does.
  botJs = path.join(work, 'rotation-bot.mjs');
  exitJs = path.join(work, 'emergency-exit.mjs');
  for (const [entry, outfile] of [
    [path.join(botDir, 'src/main.ts'), botJs],
    [path.join(exitDir, 'src/main.ts'), exitJs],
  ] as const) {
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@dn/source'],
      outfile,
      logLevel: 'warning',
      plugins: [inkWithoutDevtools],
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    });
  }
}, 180_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  if (!process.env.DN_KEEP) await fsp.rm(work, { recursive: true, force: true });
});

describe('one halt every app obeys at once (standalone simulator, separate processes)', () => {
  let sim: Proc;
  let simFile: string;
  let observer: VenueConnection;

  beforeAll(async () => {
    simFile = path.join(work, 'sim.json');
    sim = start(['--venues', 'extended,pacifica', '--speed', '300', '--collateral', '50000', '--out', simFile], {
      cwd: work,
      script: simCli,
    });
    await waitFor(() => readSimConnectionFile(simFile), 'simulator connection file');
    observer = await simObserver(simFile, ['extended', 'pacifica']);
  }, 180_000);

  afterAll(async () => {
    await observer?.close();
    sim?.child.kill('SIGKILL');
  });

  async function gross(): Promise<Decimal> {
    let g = new Decimal(0);
    for (const { venue } of observer.venues) for (const p of await venue.getPositions()) g = g.plus(p.size.abs());
    return g;
  }

  /**
   * The bot trades until a pair is open; emergency-exit is then run; the bot must exit 3 promptly after the sentinel
   * and the venues must stay flat afterwards.
   */
  async function haltScenario(bot: Proc, statePath: string, runExit: () => Proc, sentinel: string) {
    await waitFor(() => readState(statePath)?.cycle?.phase === 'open', `an open pair in ${statePath}`, 60_000).catch(
      (e: Error) => {
        throw new Error(`${e.message}; the bot printed:\n${bot.out().slice(-3000)}`);
      },
    );
    let haltAt = 0;
    const watcher = setInterval(() => {
      if (!haltAt && fs.existsSync(sentinel)) haltAt = Date.now();
    }, 2);
    const exit = runExit();
    const botEnd = await bot.exited;
    const exitEnd = await exit.exited;
    clearInterval(watcher);
    expect(botEnd.code, bot.out()).toBe(3);
    expect(haltAt).toBeGreaterThan(0);
    // Opening orders are refused the instant the sentinel exists (synchronously, before a request leaves: connect's
    // guardOpenings test); this bounds the whole process winding down, which a loaded 2-core CI machine stretched to
    // 1.25 s once (well under 1 s otherwise).
    expect(botEnd.at - haltAt, 'bot exit after the sentinel appeared (ms)').toBeLessThan(3_000);
    expect(bot.out()).toMatch(/HALT: .*dn\.HALT\.json/);
    expect(exitEnd.code, exit.out()).toBe(0);
    expect(exit.out()).toContain(`rotation-bot (pid ${bot.child.pid}) stopped`);
    const report = JSON.parse(exit.out().slice(exit.out().indexOf('\n{') + 1)) as { flat: boolean };
    expect(report.flat).toBe(true);
    // Never re-opens: the simulated market runs on (300×), the accounts stay flat.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await gross()).isZero()).toBe(true);
  }

  it('from the repository root with default paths: emergency-exit stops the bot (exit 3 at once) and reports flat', async () => {
    const root = await home('repo-root');
    await fsp.copyFile(simFile, path.join(root, 'sim.json'));
    // What `pnpm --filter <app> start` does: run in the package folder, INIT_CWD = the user's folder.
    const bot = start(['--sim', 'sim.json', '--config', 'config.json', '--no-dashboard'], {
      cwd: botDir,
      env: { INIT_CWD: root },
    });
    await haltScenario(
      bot,
      path.join(root, 'sim', 'rotation-bot.state.json'),
      () => start(['--sim', 'sim.json', '--yes', '--json'], { cwd: exitDir, env: { INIT_CWD: root }, script: exitJs }),
      path.join(root, 'dn.HALT.json'),
    );
    // The halt stays until an operator clears it, and a new bot refuses to start meanwhile.
    const again = start(['--sim', 'sim.json', '--config', 'config.json'], { cwd: botDir, env: { INIT_CWD: root } });
    expect((await again.exited).code).toBe(3);
    const clear = start(['--clear-halt'], { cwd: exitDir, env: { INIT_CWD: root }, script: exitJs });
    expect((await clear.exited).code).toBe(0);
    expect(clear.out()).toMatch(/written by emergency-exit, pid \d+/);
    expect(clear.out()).toContain('reason: emergency-exit: flattening every position');
    expect(fs.existsSync(path.join(root, 'dn.HALT.json'))).toBe(false);
  }, 180_000);

  it('the bot started from another folder with --home obeys the same sentinel', async () => {
    const shared = await home('shared-home');
    const elsewhere = await home('elsewhere');
    const bot = start(['--home', shared, '--sim', simFile, '--config', 'config.json', '--no-dashboard'], {
      cwd: elsewhere,
    });
    await haltScenario(
      bot,
      path.join(shared, 'sim', 'rotation-bot.state.json'),
      // emergency-exit run in the home itself, no flags about paths.
      () => start(['--sim', simFile, '--yes', '--json'], { cwd: shared, script: exitJs }),
      path.join(shared, 'dn.HALT.json'),
    );
  }, 180_000);

  it('--sim refuses a connection file that points away from this machine (exit 2, nothing sent)', async () => {
    const dir = await home('remote');
    const conn = JSON.parse(await fsp.readFile(simFile, 'utf8'));
    conn.venues.extended.restUrl = 'https://api.starknet.extended.exchange';
    conn.venues.pacifica.wsUrl = '';
    await fsp.writeFile(path.join(dir, 'sim.json'), JSON.stringify(conn));
    const bot = start(['--sim', 'sim.json', '--config', 'config.json'], { cwd: dir });
    expect((await bot.exited).code).toBe(2);
    expect(bot.out()).toMatch(/api\.starknet\.extended\.exchange.* is not this machine/);
    expect(bot.out()).toMatch(/wsUrl: is empty/);
  }, 180_000);
});

describe('paper sessions', () => {
  it('killed with SIGKILL and restarted, continues its world; a second instance and a live start are refused', async () => {
    const dir = await home('paper');
    const statePath = path.join(dir, 'paper', 'rotation-bot.state.json');
    const args = ['--config', 'config.json', '--speed', '3600', '--no-dashboard'];
    const first = start(args, { cwd: dir });
    await waitFor(() => readState(statePath)?.cycle?.phase === 'open', 'an open paper pair');
    const opened = readState(statePath)?.cycle;

    // One state, one process: the second start names the running pid.
    const second = start([...args, '--run-for', '1h'], { cwd: dir });
    expect((await second.exited).code).toBe(2);
    expect(second.out()).toContain(`pid ${first.child.pid}`);

    // The world is saved after every order and every second: once a save newer than the open pair is on disk,
    // killing the process loses nothing.
    const openedAt = Date.now();
    const world = path.join(dir, 'paper', 'simulator', 'sim-state.json');
    await waitFor(() => fs.statSync(world).mtimeMs > openedAt, 'a paper world saved after the open', 10_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(fs.existsSync(`${statePath}.lock`)).toBe(true);

    const restarted = start([...args, '--run-for', '30m'], { cwd: dir });
    const end = await restarted.exited;
    expect(end.code, restarted.out()).toBe(0);
    expect(restarted.out()).toContain(`took over a stale lock of pid ${first.child.pid}`);
    expect(restarted.out()).toContain('paper world restored');
    const after = readState(statePath);
    expect(after?.cycle?.id).toBe(opened?.id);
    expect(after?.cycle?.phase).toBe('open');
    expect(after?.cycle?.first.size).toBe(opened?.first.size);
    expect(after?.history).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'paper', 'dn.HALT.json'))).toBe(false);
    expect(fs.existsSync(`${statePath}.lock`)).toBe(false);

    // A paper state offered to a live start (FAKE credentials, never used: refused before connecting).
    const live = start(['--live', '--config', 'config.json', '--state', statePath, '--run-for', '1h'], {
      cwd: dir,
      env: {
        EXTENDED_API_KEY: 'FAKE-not-a-key',
        EXTENDED_STARK_PRIVATE_KEY: '0x1',
        EXTENDED_VAULT: '1',
        PACIFICA_ACCOUNT: 'FAKE',
        PACIFICA_SECRET_KEY: 'FAKE',
      },
    });
    expect((await live.exited).code).toBe(2);
    expect(live.out()).toMatch(/belongs to paper mode; refusing to use it in live mode/);
    expect(live.out()).not.toContain('FAKE-not-a-key');

    // --reset-paper starts a new world.
    const reset = start([...args, '--reset-paper', '--run-for', '1m'], { cwd: dir });
    expect((await reset.exited).code).toBe(0);
    expect(reset.out()).toContain('paper world and state reset');
    expect(reset.out()).not.toContain('paper world restored');
  }, 180_000);

  it('emergency-exit --paper flattens the paper world a session left, and halts the paper sessions only', async () => {
    const dir = await home('paper-exit');
    const statePath = path.join(dir, 'paper', 'rotation-bot.state.json');
    const bot = start(['--config', 'config.json', '--speed', '3600', '--no-dashboard'], { cwd: dir });
    await waitFor(() => readState(statePath)?.cycle?.phase === 'open', 'an open paper pair');
    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    const exit = start(['--paper', '--venues', 'extended,pacifica', '--yes', '--json'], { cwd: dir, script: exitJs });
    expect((await exit.exited).code, exit.out()).toBe(0);
    const report = JSON.parse(exit.out().slice(exit.out().indexOf('\n{') + 1)) as {
      flat: boolean;
      positions: Array<{ venue: string; after: string }>;
      halt: { state: string; path: string };
    };
    expect(report.flat).toBe(true);
    expect(report.positions.map((p) => p.venue).sort()).toEqual(['extended', 'pacifica']);
    expect(report.halt).toEqual({ state: 'written', path: path.join(dir, 'paper', 'dn.HALT.json') });
    expect(fs.existsSync(path.join(dir, 'dn.HALT.json'))).toBe(false);
    // The paper session sees the halt (exit 3) until it is cleared.
    const again = start(['--config', 'config.json', '--speed', '3600', '--run-for', '1h'], { cwd: dir });
    expect((await again.exited).code).toBe(3);
  }, 180_000);

  it.each(['null', '0', 'false', ''])(
    'a halt sentinel holding %j stops a start (exit 3)',
    async (content) => {
      const dir = await home(`halted-${content || 'empty'}`);
      await fsp.writeFile(path.join(dir, 'dn.HALT.json'), content);
      const bot = start(['--config', 'config.json', '--speed', '3600', '--run-for', '1h'], { cwd: dir });
      expect((await bot.exited).code).toBe(3);
      expect(bot.out()).toMatch(/halted/i);
    },
    60_000,
  );

  it('usage errors exit 2 before trading: a bad --summary path, two modes at once', async () => {
    const dir = await home('usage');
    const bad = start(['--summary', path.join(dir, 'no-such-dir', 's.json'), '--run-for', '1h'], { cwd: dir });
    expect((await bad.exited).code).toBe(2);
    expect(bad.out()).toMatch(/--summary .*cannot write/);
    const both = start(['--paper', '--live'], { cwd: dir });
    expect((await both.exited).code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'paper'))).toBe(false);
  }, 180_000);

  it('--live with partial credentials names the missing variables and never falls back to paper', async () => {
    const dir = await home('partial');
    // From the home's .env, with a seed's variable names (FAKE values).
    await fsp.writeFile(path.join(dir, '.env'), 'API_KEY=FAKE-seed-key\nSOL_WALLET=FAKE\n');
    const bot = start(['--live', '--config', 'config.json'], { cwd: dir });
    expect((await bot.exited).code).toBe(2);
    const out = bot.out();
    expect(out).toContain('EXTENDED_STARK_PRIVATE_KEY (or STARK_PRIVATE, EXTENDED_PRIVATE_KEY)');
    expect(out).toContain('PACIFICA_SECRET_KEY (or API_PRIVATE)');
    expect(out).not.toContain('EXTENDED_API_KEY');
    expect(out).not.toContain('FAKE-seed-key');
    // Without a mode flag, partial credentials are an error too, not a silent paper session.
    const bare = start(['--config', 'config.json'], { cwd: dir });
    expect((await bare.exited).code).toBe(2);
    expect(bare.out()).toMatch(/credentials are incomplete/);
  }, 180_000);
});
