import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A command started by `TestProcesses`; its output so far and its exit. */
export interface SpawnedProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Exit code once stdout and stderr are closed; -1 when killed by a signal. */
  exited: Promise<number>;
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SpawnProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** SIGKILL to the whole process group after this long: a hung child fails its test instead of the run. */
  lifeMs: number;
  /** Sees each non-empty stdout line as it arrives (e.g. to signal the child at a given point). */
  onLine?: (line: string, child: ChildProcess) => void;
}

/** The environment variables of the four venues' credentials and endpoints. */
export const VENUE_ENV_PATTERN = /^(EXTENDED|PACIFICA|EDGEX|LIGHTER)_/;

/** This process's environment without any venue variable, plus `extra` (which may name venue variables). */
export function envWithoutVenueKeys(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const k of Object.keys(env)) if (VENUE_ENV_PATTERN.test(k)) delete env[k];
  return { ...env, ...extra };
}

/** Only what a child needs to start (PATH, HOME, TMPDIR, SystemRoot), plus `extra`. */
export function minimalEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'SystemRoot']) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, ...extra };
}

/**
 * The file URL of the workspace's tsx loader (`node --import <it> script.ts`), resolved from the first of `from`
 * that has tsx above it (the repository root holds it). A loader, not tsx's CLI: the CLI runs the script in a second
 * process and relays signals to it, and on a loaded machine it answers a signal by killing the script when the
 * script does not confirm within 30 ms.
 */
export function tsxLoader(...from: string[]): string {
  for (const start of from) {
    try {
      return pathToFileURL(createRequire(path.join(path.resolve(start), 'noop.js')).resolve('tsx')).href;
    } catch {
      // Not above this folder; try the next one.
    }
  }
  throw new Error(`tsx is not installed above ${from.join(' or ')}`);
}

/**
 * Child processes of one test file, each the leader of its own process group (a script may start children of its own),
 * and the temporary folders they use. Call `cleanup()` in `afterEach`: every group still alive gets SIGKILL.
 */
export class TestProcesses {
  private readonly children: ChildProcess[] = [];
  private readonly dirs: string[] = [];

  /** Starts `command` in its own process group with piped output. */
  spawn(command: string, args: string[], options: SpawnProcessOptions): SpawnedProcess {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.push(child);
    const killer = setTimeout(() => killGroup(child), options.lifeMs);
    killer.unref();
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      const text = d.toString();
      stdout += text;
      if (options.onLine) for (const line of text.split('\n')) if (line) options.onLine(line, child);
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number>((resolve) => {
      child.on('close', (code) => {
        clearTimeout(killer);
        resolve(code ?? -1);
      });
    });
    return { child, stdout: () => stdout, stderr: () => stderr, exited };
  }

  /**
   * Starts a TypeScript entry point in one node process (tsx as a loader), importing workspace packages from source.
   * A signal sent to `child.pid` reaches the script itself.
   */
  spawnTs(script: string, args: string[], options: SpawnProcessOptions): SpawnedProcess {
    const loader = tsxLoader(path.dirname(path.resolve(options.cwd ?? '', script)), process.cwd());
    return this.spawn(process.execPath, ['--import', loader, '--conditions=@dn/source', script, ...args], options);
  }

  /** `spawn`, then waits for the exit. */
  async run(command: string, args: string[], options: SpawnProcessOptions): Promise<ProcessResult> {
    return settle(this.spawn(command, args, options));
  }

  /** `spawnTs`, then waits for the exit. */
  async runTs(script: string, args: string[], options: SpawnProcessOptions): Promise<ProcessResult> {
    return settle(this.spawnTs(script, args, options));
  }

  /** A fresh folder under the system temp folder, removed by `cleanup`. */
  tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  /** SIGKILL to every group still alive; removes the temporary folders. */
  cleanup(): void {
    for (const c of this.children.splice(0)) killGroup(c);
    for (const d of this.dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  }
}

async function settle(p: SpawnedProcess): Promise<ProcessResult> {
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

/** SIGKILL to the child's whole group: the process and any it started. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}
