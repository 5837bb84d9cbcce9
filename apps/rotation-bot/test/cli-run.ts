import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { type ProcessResult, tsxLoader } from '@dn/core/testing';

/**
 * `rotation-bot` as a user starts it, for the tests that run the CLI as a child: one node process with tsx as a
 * loader (a signal sent to the child reaches the bot itself), workspace packages from source.
 */
const run = promisify(execFile);
const main = path.resolve(import.meta.dirname, '../src/main.ts');
const tsx = tsxLoader(import.meta.dirname);

/** Node's arguments that start the CLI with `args`. */
export function cliArgs(args: string[]): string[] {
  return ['--import', tsx, '--conditions=@dn/source', main, ...args];
}

/**
 * This process's environment for the child, without INIT_CWD (set by `pnpm run`: relative paths then resolve
 * against the child's `cwd`, as for a user in that folder) and without NODE_OPTIONS (vitest's own).
 */
export function cliEnv(): NodeJS.ProcessEnv {
  const { INIT_CWD: _ignored, ...env } = process.env;
  return { ...env, NODE_OPTIONS: '' };
}

/** Runs the CLI in `cwd` to its exit (killed after `timeoutMs`); a non-zero exit is returned, not thrown. */
export async function cli(args: string[], cwd: string, timeoutMs = 90_000): Promise<ProcessResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, cliArgs(args), { cwd, timeout: timeoutMs, env: cliEnv() });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as ProcessResult;
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
