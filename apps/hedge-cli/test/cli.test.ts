import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestProcesses } from '@dn/core/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { cleanHomes, tempHome } from './helpers.js';

afterAll(cleanHomes);

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COMMANDS = [
  'funding',
  'funding_all',
  'check_leverage',
  'capacity',
  'status',
  'open',
  'close',
  'test_leverage',
  'test',
  'test_auto',
];

const procs = new TestProcesses();
afterEach(() => procs.cleanup());

/** Runs a command the way a user does, with no venue credentials in the environment; killed after `lifeMs`. */
async function run(
  cmd: string,
  args: string[],
  cwd: string,
  lifeMs: number,
): Promise<{ code: number; out: string; err: string }> {
  const r = await procs.run(cmd, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME }, lifeMs });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe('the command line', () => {
  it('`pnpm --filter hedge-cli start -- status` works in paper mode with no keys (built, then node dist/main.js)', async () => {
    const home = tempHome();
    const r = await run('pnpm', ['--filter', 'hedge-cli', 'start', '--', 'status', '--home', home], appDir, 170_000);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('[PAPER] BTC/USD: long lighter, short edgex');
    expect(r.out).toContain('FLAT on both venues');
    // The paper world is kept in the home for the next command.
    expect(fs.existsSync(path.join(home, 'paper'))).toBe(true);
    const json = await run('node', ['dist/main.js', 'status', '--json', '--home', home], appDir, 60_000);
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ mode: 'paper', command: 'status', verdict: 'flat' });
  }, 240_000);

  it.each(COMMANDS)('%s --help: its options, the global flags and the exit codes; exit 0', async (name) => {
    const out: string[] = [];
    const code = await runCli([name, '--help'], { out: (t) => out.push(t), err: (t) => out.push(t) });
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain(`Usage: hedge-cli ${name}`);
    expect(text).toContain('--json');
    expect(text).toContain('--live');
    expect(text).toContain('Exit codes:');
  });

  it('--help lists every command; a missing or unknown command is a usage error (exit 2)', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    expect(await runCli(['--help'], io)).toBe(0);
    for (const c of COMMANDS) expect(out.join('\n')).toContain(c);
    expect(await runCli([], io)).toBe(2);
    expect(await runCli(['bogus'], io)).toBe(2);
    expect(await runCli(['open', '--size-quote', '10', '--size-base', '1'], io)).toBe(2);
    expect(await runCli(['open', '--size-quote', '-3'], io)).toBe(2);
  });
});
