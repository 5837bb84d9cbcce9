import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { parseEnv } from 'node:util';
import {
  acquireInstanceLock,
  ConfigError,
  checkStateIdentity,
  createLogger,
  type Decimal,
  HaltWatch,
  type HomeLayout,
  homeLayout,
  type InstanceLock,
  identityPathFor,
  invocationDir,
  type Logger,
  listInstanceLocks,
  lockPathFor,
  type RunMode,
  resolveHome,
} from '@dn/core';
import { type ConnectOptions, connectVenues, type VenueConnection } from '../connect.js';
import {
  accountOf,
  credentialsFromEnv,
  describeVariable,
  hasAnyCredential,
  hasCredentials,
  missingCredentials,
  type VenueName,
} from '../credentials.js';
import { guardOpenings } from '../venue-wrappers.js';
import { clearHalts } from './clear-halt.js';
import { UsageError } from './exit.js';
import type { CommonFlags } from './flags.js';

type Env = Record<string, string | undefined>;

export interface AppDefinition<C> {
  name: string;
  /**
   * Without --paper/--sim/--live: `paper-unless-credentials` (a bot: paper when no credential is set, an error when
   * some are) or `live` (a tool that acts on real accounts by default).
   */
  defaultMode: 'paper-unless-credentials' | 'live';
  /** Apps that can open positions hold a lock on their state and have opening orders refused while halted. */
  opensPositions: boolean;
  /** Reads the app's config; `dotenvPath` is the home's `.env`. */
  readConfig: (file: string | undefined, env: Env, dotenvPath: string) => C;
  /** The venues the config trades, for the credential checks (omit when the app picks venues from the env). */
  venues?: (config: C) => readonly VenueName[];
  /** The app keeps a state file (`--state`, default `<mode dir>/<app>.state.json`). */
  keepsState?: boolean;
  /** State file names of earlier versions: found in the home without `--state`, they stop the start. */
  legacyStateFiles?: readonly string[];
  /** Log file relative to the mode's folder (default `logs/<app>.log`). */
  logFile?: (config: C) => string | undefined;
}

export interface AppContext<C> {
  name: string;
  mode: RunMode;
  /** `PAPER`, `SIM` or `LIVE`: shown at start and on every screen. */
  modeLabel: string;
  home: string;
  layout: HomeLayout;
  /** The folder the command was run in: command-line paths are relative to it. */
  invokedIn: string;
  config: C;
  /** The process environment plus the home's `.env` (the real environment wins). */
  env: Env;
  statePath?: string;
  lock?: InstanceLock;
  log: Logger;
  logFile: string;
  halt: HaltWatch;
  summaryPath?: string;
  resolveArg(p: string): string;
  /** Connects the venues in this app's mode, checks the state's identity, and guards opening orders. */
  connect(options: AppConnectOptions): Promise<VenueConnection>;
  /** Writes the summary file (0600, atomically) if `--summary` was given. */
  writeSummary(data: unknown): Promise<void>;
  /** Releases the lock, stops watching the sentinel, flushes the log. Safe to call twice. */
  close(): void;
}

export type AppConnectOptions = Pick<ConnectOptions, 'venues' | 'seed' | 'speed' | 'collateral'> &
  Partial<Pick<ConnectOptions, 'clock' | 'transport' | 'historyMs'>> & {
    /** Paper mode: keep the simulated world in the home (default true). */
    persistWorld?: boolean;
    collateral: Decimal;
  };

export type StartOutcome<C> = { kind: 'run'; app: AppContext<C> } | { kind: 'done'; code: number };

const LABELS: Record<RunMode, string> = { paper: 'PAPER', sim: 'SIM', live: 'LIVE' };

/**
 * The one way an app starts: home and paths, `.env`, config, mode and its safety rules, instance lock, state
 * identity, logger, halt sentinel and its watcher, `--clear-halt`, `--reset-paper`, summary checks. Errors thrown
 * here happen before anything is sent (exit 2, see `startErrorExitCode`).
 */
export async function startApp<C>(
  def: AppDefinition<C>,
  flags: CommonFlags,
  io: { print: (text: string) => void } = { print: (t) => process.stdout.write(`${t}\n`) },
): Promise<StartOutcome<C>> {
  const invokedIn = invocationDir(process.env);
  const home = resolveHome({ flag: flags.home, env: process.env });
  const resolveArg = (p: string) => path.resolve(invokedIn, p);
  if (flags.clearHalt) return { kind: 'done', code: await clearHalts(home, io.print) };

  const modeFlags = [flags.paper && '--paper', flags.sim !== undefined && '--sim', flags.live && '--live'];
  const given = modeFlags.filter((f): f is string => Boolean(f));
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} exclude each other`);
  if (flags.sim !== undefined && flags.sim.trim() === '') throw new UsageError('--sim needs a connection file');
  if (flags.allowRemoteSim && flags.sim === undefined) throw new UsageError('--allow-remote-sim goes with --sim');

  const dotenvPath = path.join(home, '.env');
  const env = withDotenv(process.env, dotenvPath);
  const config = def.readConfig(
    flags.config === undefined ? undefined : resolveArg(flags.config),
    process.env,
    dotenvPath,
  );
  const venues = def.venues?.(config) ?? [];
  const mode = chooseMode(def, flags, venues, env);
  if (flags.resetPaper && mode !== 'paper') throw new UsageError('--reset-paper goes with paper mode');
  if (mode === 'live') {
    const missing = venues.flatMap((v) => missingCredentials(v, env).map((k) => ({ v, k })));
    if (missing.length > 0) {
      throw new ConfigError(
        missing.map(({ v, k }) => ({
          key: describeVariable(k),
          problem: `is required for live trading on ${v}`,
          expected: `set in the environment or in ${dotenvPath}`,
        })),
      );
    }
  }
  const layout = homeLayout(home, mode);

  let statePath: string | undefined;
  if (def.keepsState) {
    statePath = flags.state ? resolveArg(flags.state) : layout.stateFile(def.name);
    if (!flags.state && !fs.existsSync(statePath)) refuseLegacyState(def, home, invokedIn);
  }
  const summaryPath = flags.summary === undefined ? undefined : resolveArg(flags.summary);
  if (summaryPath) probeWritable(summaryPath, '--summary');

  if (flags.resetPaper) await resetPaper(layout, statePath, io.print);

  let lock: InstanceLock | undefined;
  if (def.opensPositions && statePath) {
    lock = await acquireInstanceLock(lockPathFor(statePath), { app: def.name, mode, state: statePath });
    const held = lock;
    process.once('exit', () => held.release());
    if (lock.takenOverFrom) {
      io.print(
        `${def.name}: warning: took over a stale lock of pid ${lock.takenOverFrom.pid} (started ${lock.takenOverFrom.startedAt}); that process is gone`,
      );
    }
  }

  const logFile = path.resolve(layout.dir, def.logFile?.(config) ?? path.join('logs', `${def.name}.log`));
  const log = createLogger({ name: def.name, level: flags.logLevel, file: logFile, console: false });
  const halt = new HaltWatch(layout.halt, { alsoObey: layout.obeyedHalts }).start();
  log.info({ home, mode, state: statePath, halt: halt.paths, pid: process.pid }, 'starting');

  let closed = false;
  const app: AppContext<C> = {
    name: def.name,
    mode,
    modeLabel: LABELS[mode],
    home,
    layout,
    invokedIn,
    config,
    env,
    ...(statePath ? { statePath } : {}),
    ...(lock ? { lock } : {}),
    log,
    logFile,
    halt,
    ...(summaryPath ? { summaryPath } : {}),
    resolveArg,
    async connect(o) {
      const simFile = flags.sim === undefined ? undefined : resolveArg(flags.sim);
      if (statePath && mode !== 'paper') {
        const accounts =
          mode === 'live'
            ? Object.fromEntries(o.venues.map((v) => [v, accountOf(v, credentialsFromEnv(v, env))]))
            : await readSimConnectionFileAccounts(simFile as string, o.venues);
        await stamp(statePath, mode, accounts);
      }
      const conn = await connectVenues({
        mode: mode === 'sim' ? 'sim-file' : mode,
        venues: [...o.venues],
        seed: o.seed,
        speed: o.speed,
        collateral: o.collateral,
        log,
        env,
        ...(simFile ? { simFile } : {}),
        ...(flags.allowRemoteSim ? { allowRemoteSim: true } : {}),
        ...(mode === 'paper' && o.persistWorld !== false ? { stateDir: layout.simStateDir } : {}),
        ...(o.clock ? { clock: o.clock } : {}),
        ...(o.transport ? { transport: o.transport } : {}),
        ...(o.historyMs ? { historyMs: o.historyMs } : {}),
      });
      try {
        if (statePath && mode === 'paper') await stamp(statePath, mode, Object.fromEntries(conn.accounts ?? []));
      } catch (e) {
        await conn.close();
        throw e;
      }
      if (def.opensPositions) {
        for (const v of conn.venues) v.venue = guardOpenings(v.venue, () => halt.haltedPath());
      }
      return conn;
    },
    async writeSummary(data) {
      if (!summaryPath) return;
      const tmp = `${summaryPath}.${process.pid}.tmp`;
      await fsp.writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
      await fsp.rename(tmp, summaryPath);
    },
    close() {
      if (closed) return;
      closed = true;
      halt.close();
      lock?.release();
      log.flush();
    },
  };
  return { kind: 'run', app };
}

function chooseMode<C>(def: AppDefinition<C>, flags: CommonFlags, venues: readonly VenueName[], env: Env): RunMode {
  if (flags.sim !== undefined) return 'sim';
  if (flags.paper) return 'paper';
  if (flags.live || def.defaultMode === 'live') return 'live';
  const complete = venues.filter((v) => hasCredentials(v, env));
  if (venues.length > 0 && complete.length === venues.length) {
    throw new UsageError('credentials found: pass --live to trade for real, or --paper to trade on the simulator');
  }
  const partial = venues.filter((v) => complete.includes(v) || hasAnyCredential(v, env));
  if (partial.length > 0) {
    const missing = venues.flatMap((v) => missingCredentials(v, env)).map(describeVariable);
    throw new UsageError(
      `credentials are incomplete (missing ${missing.join(', ')}): complete them and pass --live, or pass --paper to trade on the simulator`,
    );
  }
  return 'paper';
}

/** The process environment plus `.env` (the real environment wins); `.env` is never copied into `process.env`. */
export function withDotenv(environment: Env, dotenvPath: string): Env {
  const env = { ...environment };
  if (!fs.existsSync(dotenvPath)) return env;
  let parsed: Record<string, string>;
  try {
    parsed = parseEnv(fs.readFileSync(dotenvPath, 'utf8')) as Record<string, string>;
  } catch (e) {
    throw new ConfigError([{ key: '(.env)', problem: `cannot read ${dotenvPath}: ${(e as Error).message}` }]);
  }
  for (const [k, v] of Object.entries(parsed)) if (env[k] === undefined) env[k] = v;
  return env;
}

async function stamp(statePath: string, mode: RunMode, accounts: Record<string, string | undefined>): Promise<void> {
  await checkStateIdentity(identityPathFor(statePath), statePath, { mode, accounts });
}

function refuseLegacyState<C>(def: AppDefinition<C>, home: string, invokedIn: string): void {
  for (const name of def.legacyStateFiles ?? []) {
    for (const dir of new Set([home, invokedIn])) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) {
        throw new UsageError(
          `found ${p} from an earlier version: pass --state ${p} to keep using it (in the mode it was written in), or move it away`,
        );
      }
    }
  }
}

/** Fails now, before trading, when `file` cannot be written; leaves no file behind. */
function probeWritable(file: string, flag: string): void {
  const existed = fs.existsSync(file);
  try {
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    if (!existed) fs.rmSync(file);
  } catch (e) {
    throw new UsageError(`${flag} ${file}: cannot write there (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
}

async function resetPaper(layout: HomeLayout, statePath: string | undefined, print: (t: string) => void) {
  const running = (await listInstanceLocks([layout.dir])).filter((l) => l.alive);
  if (running.length > 0) {
    throw new UsageError(
      `--reset-paper: a paper session is running (pid ${running.map((l) => l.owner?.pid).join(', ')}); stop it first`,
    );
  }
  await fsp.rm(layout.simStateDir, { recursive: true, force: true });
  if (statePath) {
    for (const suffix of ['', '.bak', '.history.jsonl', '.identity.json']) {
      await fsp.rm(`${statePath}${suffix}`, { force: true });
    }
  }
  print(`paper world and state reset (${layout.dir})`);
}

/** The account ids a standalone simulator's connection file gives each venue. */
async function readSimConnectionFileAccounts(
  file: string,
  venues: readonly VenueName[],
): Promise<Record<string, string | undefined>> {
  // Sim mode only: a live start never loads the simulator package.
  const { readSimConnectionFile } = await import('@dn/sim/connection');
  const conn = await readSimConnectionFile(file);
  return Object.fromEntries(venues.map((v) => [v, conn.venues[v]?.accountId]));
}
