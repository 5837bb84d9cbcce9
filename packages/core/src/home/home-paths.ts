import * as path from 'node:path';

/** Where an app trades: the in-process simulator, a standalone simulator's connection file, or real venues. */
export type RunMode = 'paper' | 'sim' | 'live';

/** The one halt sentinel name, for every app: the same home means the same sentinel. */
export const HALT_FILE_NAME = 'dn.HALT.json';

export interface ResolveHomeOptions {
  /** `--home` as given on the command line. */
  flag?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/**
 * The operator's home folder: `--home`, else `DN_HOME`, else the folder the command was run in. Under `pnpm run`
 * the process runs in the package folder and the user's folder is `INIT_CWD`; every app resolves it the same way,
 * so apps started from one folder see each other's halt sentinel and locks. A relative `--home` / `DN_HOME` is
 * taken from that same folder.
 */
export function resolveHome(options: ResolveHomeOptions = {}): string {
  const env = options.env ?? process.env;
  const invokedIn = invocationDir(env, options.cwd);
  const chosen = options.flag ?? (env.DN_HOME ? env.DN_HOME : undefined);
  return chosen === undefined ? invokedIn : path.resolve(invokedIn, chosen);
}

/** The folder the user ran the command in (`INIT_CWD` under pnpm/npm, else the working directory). */
export function invocationDir(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): string {
  return path.resolve(env.INIT_CWD || cwd);
}

/**
 * Every file of one app in one mode. Paper keeps everything under `<home>/paper/`, a standalone simulator under
 * `<home>/sim/`, live at the top: the worlds never share a state file. The halt sentinel written by live and sim
 * runs is the home's; a paper session writes its own under `paper/` (a paper failure must not stop live trading)
 * but obeys the home's too.
 */
export interface HomeLayout {
  home: string;
  mode: RunMode;
  /** Folder of this mode's files. */
  dir: string;
  /** The sentinel this process writes. */
  halt: string;
  /** Every sentinel this process obeys (the home's first). */
  obeyedHalts: string[];
  logDir: string;
  /** Paper mode: where the in-process simulator's world is saved. */
  simStateDir: string;
  /** `<app>.log` in this mode's log folder. */
  logFile(app: string): string;
  /** Default state file of `app` in this mode. */
  stateFile(app: string): string;
}

export function homeLayout(home: string, mode: RunMode): HomeLayout {
  const root = path.resolve(home);
  const dir = mode === 'live' ? root : path.join(root, mode);
  const homeHalt = path.join(root, HALT_FILE_NAME);
  const halt = mode === 'paper' ? path.join(dir, HALT_FILE_NAME) : homeHalt;
  const logDir = path.join(dir, 'logs');
  return {
    home: root,
    mode,
    dir,
    halt,
    obeyedHalts: [...new Set([homeHalt, halt])],
    logDir,
    simStateDir: path.join(root, 'paper', 'simulator'),
    logFile: (app) => path.join(logDir, `${app}.log`),
    stateFile: (app) => path.join(dir, `${app}.state.json`),
  };
}

/** Folders that can hold running instances' locks in a home (one per mode). */
export function modeDirs(home: string): string[] {
  const root = path.resolve(home);
  return [root, path.join(root, 'sim'), path.join(root, 'paper')];
}

/** The lock next to a state file. */
export const lockPathFor = (statePath: string): string => `${statePath}.lock`;
/** The identity stamp next to a state file (mode, venues, accounts). */
export const identityPathFor = (statePath: string): string => `${statePath}.identity.json`;
