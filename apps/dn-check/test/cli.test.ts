import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimalEnv, TestProcesses } from '@dn/core/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cli, closedPort, type Sims, startSims } from './helpers.js';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(appDir, '../..');

describe('usage', () => {
  it('--help lists every option and the exit codes; exit 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    const options = ['--venues', '--testnet', '--private', '--timeout-ms', '--json', '--sim', '--paper', '--rest-url'];
    for (const o of options) expect(r.out).toContain(o);
    expect(r.out).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 /);
  });

  it.each([
    [['--venues', 'binance'], /unknown venue "binance"/],
    [['--timeout-ms', '0'], /positive integer/],
    [['--sim', 'a.json', '--paper'], /exclude each other/],
    [['--rest-url', 'http://127.0.0.1:1'], /exactly one venue/],
    [['--paper', '--testnet'], /for live venues/],
    [['--venues', 'edgex', '--testnet'], /edgex has no testnet host/],
    [['--sim', '/nonexistent/dn-check.json'], /Cannot read the simulator connection file/],
    [['--bogus'], /unknown option/],
    [['--allow-remote-sim'], /goes with --sim/],
  ])('%j → exit 2, nothing called', async (args, message) => {
    const r = await cli(
      args as string[],
      {},
      {
        clientFor: () => {
          throw new Error('must not build a client');
        },
      },
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('--private without credentials names the missing variables (never values) and exits 2', async () => {
    const r = await cli(['--private', '--venues', 'lighter,pacifica'], {
      LIGHTER_ACCOUNT_INDEX: '12',
      LIGHTER_API_KEY_INDEX: '3',
      PACIFICA_SECRET_KEY: 'FAKE-secret-value-never-printed',
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain('lighter: LIGHTER_PRIVATE_KEY');
    expect(r.err).toContain('pacifica: PACIFICA_ACCOUNT');
    expect(r.err).not.toContain('FAKE-secret-value-never-printed');
  });

  it('--private reads credentials from .env in the home folder too (the environment wins)', async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-check-home-'));
    try {
      await fs.writeFile(path.join(home, '.env'), 'LIGHTER_PRIVATE_KEY=FAKE-from-dotenv\nLIGHTER_API_KEY_INDEX=4\n');
      const r = await cli(
        ['--private', '--venues', 'lighter'],
        { DN_HOME: home, LIGHTER_ACCOUNT_INDEX: '12' },
        {
          clientFor: () => {
            throw new Error('FAKE: stop here');
          },
        },
      );
      // Credentials complete (two from .env): the run goes on to build the client, which this test refuses.
      expect(r.code).toBe(1);
      expect(r.out).toContain('cannot build the lighter client');
      expect(`${r.out}${r.err}`).not.toContain('FAKE-from-dotenv');
    } finally {
      await fs.rm(home, { recursive: true, force: true });
    }
  });

  it('--sim: a connection file naming another machine is refused unless --allow-remote-sim', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-check-remote-'));
    try {
      const file = path.join(dir, 'sim.json');
      const remote = {
        restUrl: 'http://203.0.113.7:8080',
        wsUrl: 'ws://203.0.113.7:8080',
        credentials: {},
        accountId: '1',
      };
      await fs.writeFile(
        file,
        JSON.stringify({ clock: { speed: 1, virtualStartMs: 0, realStartMs: 0 }, venues: { pacifica: remote } }),
      );
      const refused = await cli(['--sim', file]);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('venues.pacifica.restUrl');
      const allowed = await cli(
        ['--sim', file, '--allow-remote-sim'],
        {},
        {
          clientFor: () => {
            throw new Error('FAKE: stop here');
          },
        },
      );
      expect(allowed.code).toBe(1);
      expect(allowed.out).toContain('cannot build the pacifica client');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

// ── as a child process, from the repository root, as the README runs it ──

const procs = new TestProcesses();
afterEach(() => procs.cleanup());

async function run(args: string[], lifeMs: number): Promise<{ code: number; out: string; err: string }> {
  const r = await procs.runTs('apps/dn-check/src/main.ts', args, { cwd: repoRoot, env: minimalEnv(), lifeMs });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe('child process', () => {
  let sims: Sims | undefined;
  afterAll(async () => {
    await sims?.close();
  });

  it('--sim <file> --private: a table per venue, PASS, exit 0', async () => {
    sims = await startSims(['pacifica', 'lighter']);
    const file = await sims.connectionFile();
    const r = await run(['--sim', file, '--private', '--timeout-ms', '3000'], 90_000);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/^pacifica · 127\.0\.0\.1:\d+$/m);
    expect(r.out).toMatch(/^lighter · 127\.0\.0\.1:\d+$/m);
    expect(r.out).toMatch(/GET \/api\/v1\/orderBookOrders\s+ok\s+\d+ ms\s+\d+×\d+ levels/);
    expect(r.out).toMatch(/GET \/positions \[private\]\s+ok/);
    expect(r.out).toMatch(/^PASS: \d+ ok, 0 failed/m);
  }, 180_000);

  it('no network: one line, no stack trace, exit 1', async () => {
    const port = await closedPort();
    const r = await run(
      ['--venues', 'edgex', '--rest-url', `http://127.0.0.1:${port}`, '--timeout-ms', '5000'],
      60_000,
    );
    expect(r.code).toBe(1);
    expect(r.out).toBe(`edgex: cannot reach 127.0.0.1:${port}: connection refused (ECONNREFUSED)\n`);
    expect(r.err).toBe('');
  }, 180_000);
});
