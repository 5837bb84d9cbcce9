import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type VenueName } from '@dn/connect';
import type { PerpVenue } from '@dn/core';
import { minimalEnv, type ProcessResult, TestProcesses } from '@dn/core/testing';
import { clockFromConnection, readSimConnectionFile, type SimConnectionFile } from '@dn/sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonReport } from '../src/report.js';
import { open, positionsOf, rest } from './helpers.js';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(appDir, 'src/main.ts');
const simCli = path.resolve(appDir, '../../packages/sim/src/cli.ts');

const procs = new TestProcesses();
const clients: PerpVenue[] = [];

/** Runs the CLI in `cwd` with no venue credentials in its environment; killed after 60 s. */
function run(args: string[], cwd: string): Promise<ProcessResult> {
  return procs.runTs(main, args, { cwd, env: minimalEnv(), lifeMs: 60_000 });
}

/**
 * Starts the standalone simulator (`dn-sim`) as its own process, killed after `lifeMs` at the latest, and waits
 * (bounded) for its connection file.
 */
async function startSim(venues: VenueName[], out: string, lifeMs = 90_000): Promise<SimConnectionFile> {
  const sim = procs.spawnTs(simCli, ['--venues', venues.join(','), '--out', out, '--speed', '1'], { lifeMs });
  let code: number | undefined;
  void sim.exited.then((c) => {
    code = c;
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const conn = await readSimConnectionFile(out).catch(() => undefined);
    if (conn) return conn;
    if (code !== undefined) throw new Error(`dn-sim exited with ${code}: ${sim.stdout()}${sim.stderr()}`);
    if (Date.now() > deadline) throw new Error(`dn-sim wrote no connection file within 30 s: ${sim.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The real connector of `venue` on the simulator, with the FAKE test credentials of its connection file. */
function clientOn(conn: SimConnectionFile, venue: VenueName): PerpVenue {
  const v = conn.venues[venue];
  if (!v) throw new Error(`${venue} is not in the connection file`);
  const client = createClient(venue, {
    restUrl: v.restUrl,
    wsUrl: v.wsUrl,
    credentials: v.credentials,
    clock: clockFromConnection(conn),
  });
  clients.push(client);
  return client;
}

let dir: string;
beforeEach(() => {
  dir = procs.tempDir('ee-cli-');
});
afterEach(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  clients.length = 0;
  procs.cleanup();
});

describe('emergency-exit CLI', () => {
  it('--paper --paper-demo --yes --json flattens the demo positions and exits 0', async () => {
    const r = await run(['--paper', '--paper-demo', '--yes', '--json', '--seed', '3'], dir);
    expect(r.stderr).toContain('paper demo: opened');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.flat).toBe(true);
    expect(report.dryRun).toBe(false);
    expect(report.positions.length).toBeGreaterThanOrEqual(4);
    for (const p of report.positions) {
      expect(p.before).toMatch(/^-?\d+(\.\d+)?$/);
      expect(p.before).not.toBe('0');
      expect(p.after).toBe('0');
      expect(['extended', 'pacifica', 'edgex', 'lighter']).toContain(p.venue);
    }
    expect(report.openOrders).toEqual([]);
    // The demo's world is its own: no bot can trade on it, so no sentinel of the home is touched.
    expect(report.halt).toEqual({ state: 'disabled' });
    expect(fs.existsSync(path.join(dir, 'dn.HALT.json'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'paper', 'dn.HALT.json'))).toBe(false);
    expect((fs.statSync(path.join(dir, 'paper', 'logs', 'emergency-exit.log')).mode & 0o777).toString(8)).toBe('600');
  });

  it('--dry-run --json shows the plan, sends nothing, writes no sentinel and exits 1 when not flat', async () => {
    const r = await run(['--paper-demo', '--dry-run', '--json', '--venues', 'lighter,edgex'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.dryRun).toBe(true);
    expect(report.positions.length).toBeGreaterThan(0);
    for (const p of report.positions) expect(p.after).toBe(p.before);
    expect(report.openOrders.length).toBe(2);
    expect(new Set(report.positions.map((p) => p.venue))).toEqual(new Set(['lighter', 'edgex']));
    expect(fs.existsSync(path.join(dir, 'dn.HALT.json'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'paper', 'dn.HALT.json'))).toBe(false);
    expect(r.stderr).toContain('Plan:');
  });

  it('refuses to guess: no credentials and no --paper/--sim is a usage error (exit 2)', async () => {
    const r = await run(['--yes'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no venue credentials found');
  });

  it('--sim <file>: flattens a standalone simulator in another process, and a second run is a no-op', async () => {
    const file = path.join(dir, 'conn.json');
    const conn = await startSim(['lighter', 'edgex'], file);
    const lighter = clientOn(conn, 'lighter');
    const edgex = clientOn(conn, 'edgex');
    await open(lighter, 'BTC', '0.02');
    await open(lighter, 'ETH', '-0.5');
    await open(edgex, 'SOL', '-3');
    await rest(edgex, 'ETH', '0.2');
    expect(await positionsOf(lighter)).toEqual({ BTC: '0.02', ETH: '-0.5' });
    expect(await positionsOf(edgex)).toEqual({ SOL: '-3' });

    const first = await run(['--sim', file, '--yes', '--json'], dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('SIM on edgex, lighter');
    const report = JSON.parse(first.stdout) as JsonReport;
    expect(report.flat).toBe(true);
    expect(report.unreachable).toEqual([]);
    expect(report.openOrders).toEqual([]);
    expect(report.positions.map((p) => `${p.venue} ${p.symbol} ${p.before} ${p.after}`).sort()).toEqual([
      'edgex SOL -3 0',
      'lighter BTC 0.02 0',
      'lighter ETH -0.5 0',
    ]);
    // The home's one sentinel, at the top of the folder the command was run in.
    expect(report.halt).toEqual({ state: 'written', path: path.join(dir, 'dn.HALT.json') });
    // The simulator's own view, through another connection: flat, nothing resting.
    expect(await positionsOf(lighter)).toEqual({});
    expect(await positionsOf(edgex)).toEqual({});
    expect(await edgex.getOpenOrders()).toEqual([]);

    const second = await run(['--sim', file, '--yes', '--json'], dir);
    expect(second.code, second.stderr).toBe(0);
    const again = JSON.parse(second.stdout) as JsonReport;
    expect(again).toMatchObject({ flat: true, positions: [], openOrders: [], unreachable: [] });
    expect(again.halt.state).toBe('already-present');
    expect(second.stderr).toContain('Plan: nothing to do.');
  }, 180_000);

  it('--sim with a venue the simulator does not serve reports it and flattens the rest (exit 1)', async () => {
    const file = path.join(dir, 'conn.json');
    const conn = await startSim(['lighter'], file);
    await open(clientOn(conn, 'lighter'), 'ETH', '0.3');
    const r = await run(['--sim', file, '--venues', 'lighter,pacifica', '--yes', '--json'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.flat).toBe(false);
    expect(report.positions).toEqual([{ venue: 'lighter', symbol: 'ETH', before: '0.3', after: '0' }]);
    expect(report.unreachable).toEqual([
      { venue: 'pacifica', error: expect.stringContaining('not served by the simulator') },
    ]);
    expect(r.stderr).toContain('pacifica: NOT CONNECTED');
  }, 180_000);

  it('--sim with an unreadable connection file is a usage error (exit 2)', async () => {
    const r = await run(['--sim', path.join(dir, 'missing.json'), '--yes'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Cannot read the simulator connection file');
  });

  it('live: venues that cannot be connected are named with the variables to set, nothing is sent (exit 1)', async () => {
    // edgeX's account id comes from .env (FAKE), but not the keys its API version signs with; lighter has nothing.
    // Neither can reach the network: the client refuses its options before any request.
    fs.writeFileSync(path.join(dir, '.env'), 'EDGEX_ACCOUNT_ID=1234567890\nEDGEX_API_KEY=FAKE-test-key-not-a-secret\n');
    const r = await run(['--venues', 'edgex,lighter', '--yes', '--json', '--no-halt'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report).toMatchObject({ flat: false, positions: [], openOrders: [], halt: { state: 'disabled' } });
    expect(report.unreachable).toEqual([
      {
        venue: 'edgex',
        error: 'missing credentials: EDGEX_PASSPHRASE, EDGEX_API_SECRET, EDGEX_TRADING_PRIVATE_KEY',
      },
      {
        venue: 'lighter',
        error: 'missing credentials: LIGHTER_ACCOUNT_INDEX, LIGHTER_API_KEY_INDEX, LIGHTER_PRIVATE_KEY',
      },
    ]);
    expect(r.stderr).toContain('LIVE on edgex, lighter');
    expect(r.stderr).toContain('edgex: NOT CONNECTED');
    expect(`${r.stdout}${r.stderr}`).not.toContain('FAKE-test-key');
  });
});
