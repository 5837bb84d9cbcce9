import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startOpsServer } from '../src/index.js';
import { sampleStatus } from './fixtures.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
/** The apps the image holds (the Dockerfile builds them, stage-runtime.sh copies them). */
const IMAGE_APPS = fs
  .readFileSync(path.join(root, 'packages/ops/docker/image-apps.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');

async function node(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  try {
    const r = await run(process.execPath, args, { cwd, timeout: 150_000, env: { PATH: process.env.PATH, ...env } });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string; signal?: string | null; killed?: boolean };
    // A process killed by the timeout says so in what the assertions print.
    const killed = err.killed ? `\n[killed by the test's timeout: ${err.signal ?? 'signal'}]` : '';
    return { code: err.code, stdout: err.stdout, stderr: `${err.stderr}${killed}` };
  }
}

describe('Dockerfile and compose file', () => {
  it('pass dockerfilelint (npm) with no issue', async () => {
    const bin = path.join(root, 'packages/ops/node_modules/dockerfilelint/bin/dockerfilelint');
    const r = await node([bin, path.join(root, 'Dockerfile')], root);
    expect(r.stdout).toContain('Issues: None found');
    expect(r.code).toBe(0);
  });

  it('build in one stage and run built JS as a non-root user with a health check in the other', () => {
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages).toHaveLength(2);
    const runtime = stages[1] as string;
    expect(runtime).toMatch(/^node:\d+\.\d+-bookworm-slim AS runtime/);
    expect(runtime).toMatch(/^COPY --from=build \/runtime\/ \/app\/$/m);
    expect(runtime.match(/^COPY /gm)).toHaveLength(1);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*CMD \["node", "\/app\/healthcheck\.mjs"\]$/m);
    expect(runtime).not.toMatch(/tsx|pnpm|npm install/);
  });

  it('compose: the bots, the one-shot exit, the simulator, one home volume, .env, loopback ports', () => {
    const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, Record<string, unknown>>;
      volumes: Record<string, unknown>;
    };
    expect(Object.keys(compose.services).sort()).toEqual([
      'delta-hedge-bot',
      'dn-sim',
      'emergency-exit',
      'hedge-cli',
      'liquidation-monitor',
      'market-maker',
      'rotation-bot',
      'rotation-bot-sim',
    ]);
    expect(Object.keys(compose.volumes)).toEqual(['dn-home']);
    for (const [name, s] of Object.entries(compose.services)) {
      expect(s.volumes, name).toEqual(['dn-home:/data']);
      expect(s.env_file, name).toEqual([{ path: '.env', required: false }]);
      for (const p of (s.ports as string[] | undefined) ?? []) expect(p, name).toMatch(/^127\.0\.0\.1:/);
    }
    expect(compose.services['emergency-exit']).toMatchObject({ profiles: ['exit'], restart: 'no' });
    expect(compose.services['hedge-cli']).toMatchObject({ profiles: ['tools'], restart: 'no' });
    // Every app of the image is a service, started from its built bundle.
    for (const app of IMAGE_APPS) {
      expect(compose.services[app]?.entrypoint, app).toEqual(['node', `apps/${app}/dist/main.js`]);
    }
    expect(compose.services['rotation-bot-sim']).toMatchObject({ network_mode: 'service:dn-sim' });
  });
});

describe('the runtime stage run directly (no container engine here)', () => {
  let work: string;
  let runtime: string;

  beforeAll(async () => {
    // Built with each app's own tsup config into a scratch folder (apps/*/dist stays untouched for other tests).
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-ops-image-'));
    const builds = path.join(work, 'builds');
    const tsup = path.join(root, 'node_modules/.bin/tsup');
    for (const app of IMAGE_APPS) {
      await run(tsup, ['--out-dir', path.join(builds, app)], { cwd: path.join(root, 'apps', app), timeout: 120_000 });
    }
    runtime = path.join(work, 'runtime');
    await run('bash', [path.join(root, 'packages/ops/docker/stage-runtime.sh'), runtime, builds], { timeout: 120_000 });
  }, 360_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('holds only bundles (and the packages an app loads at run time): no other node_modules, no TypeScript', () => {
    const files = fs.readdirSync(runtime, { recursive: true }).map(String);
    // The one package not bundled: the SQLite WASM driver of rotation-bot's history/backtest/report (it reads its
    // .wasm beside its own file), with only what it publishes.
    expect(
      files
        .filter((f) => f.split(path.sep).includes('node_modules') && fs.statSync(path.join(runtime, f)).isFile())
        .sort(),
    ).toEqual(
      [
        'apps/rotation-bot/node_modules/node-sqlite3-wasm/LICENSE',
        'apps/rotation-bot/node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.js',
        'apps/rotation-bot/node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm',
        'apps/rotation-bot/node_modules/node-sqlite3-wasm/package.json',
      ].map((f) => f.split('/').join(path.sep)),
    );
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    for (const entry of [...IMAGE_APPS.map((a) => `apps/${a}/dist/main.js`), 'sim/main.js']) {
      expect(files).toContain(entry);
    }
    const bytes = files
      .map((f) => fs.statSync(path.join(runtime, f)))
      .filter((s) => s.isFile())
      .reduce((a, s) => a + s.size, 0);
    // The would-be image is the node base image plus these files.
    process.stdout.write(`runtime stage files: ${(bytes / 1e6).toFixed(2)} MB (node base image not counted)\n`);
    expect(bytes).toBeGreaterThan(100_000);
  });

  it.each([
    ...IMAGE_APPS.map((a) => [`apps/${a}/dist/main.js`, new RegExp(`Usage: ${a}`)] as const),
    ['sim/main.js', /Usage: dn-sim/] as const,
  ])('runs the entry point %s --help from the staged tree', async (entry, usage) => {
    const r = await node([entry, '--help'], runtime, { DN_HOME: work, NODE_ENV: 'production' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(usage);
  });

  it('rotation-bot history, backtest and report run from the staged tree (the SQLite driver is in the image)', async () => {
    const home = path.join(work, 'home');
    fs.mkdirSync(home);
    const env = { DN_HOME: home, NODE_ENV: 'production' };
    const bot = 'apps/rotation-bot/dist/main.js';
    const data = path.join(home, 'data');
    const history = await node(
      [bot, 'history', '--paper', '--days', '1', '--venues', 'extended,pacifica', '--symbols', 'BTC', '--out', data],
      runtime,
      env,
    );
    expect(history.stdout, history.stderr).toMatch(
      /history: 1 symbols on extended \+ pacifica, .*: \+(4[89]|50) funding rows/,
    );
    expect(history.code).toBe(0);
    const backtest = await node(
      [bot, 'backtest', '--from', data, '--report', path.join(home, 'backtest.html')],
      runtime,
      env,
    );
    expect(backtest.stdout, backtest.stderr).toMatch(/^backtest .*\(1\.0 days\) on extended \+ pacifica/);
    expect(backtest.stderr).toMatch(/backtest: report written to /);
    expect(backtest.code).toBe(0);
    // A short paper session leaves a state for `report` (paper mode keeps everything under <home>/paper/).
    const session = await node([bot, '--paper', '--speed', '36000', '--run-for', '2h', '--no-dashboard'], runtime, env);
    expect(session.code, session.stdout + session.stderr).toBe(0);
    const report = await node(
      [bot, 'report', '--paper', '--from', data, '--out', path.join(home, 'report.html')],
      runtime,
      env,
    );
    expect(report.code, report.stdout + report.stderr).toBe(0);
    for (const f of ['backtest.html', 'report.html']) {
      expect(fs.readFileSync(path.join(home, f), 'utf8'), f).toMatch(/^<!doctype html>/i);
    }
  }, 420_000);

  it('the health check exits 0 on a healthy /healthz and 1 otherwise', async () => {
    // "Healthy" = the loop ticked just now, whenever the check asks: a loaded machine may take seconds to start node.
    let stale = false;
    const server = await startOpsServer({
      port: 0,
      status: () => sampleStatus({ lastLoopAt: stale ? Date.now() - 60_000 : Date.now() }),
      staleAfterMs: 1_000,
    });
    try {
      const env = { DN_HTTP_PORT: String(server.port) };
      expect((await node(['healthcheck.mjs'], runtime, env)).code).toBe(0);
      stale = true;
      expect((await node(['healthcheck.mjs'], runtime, env)).code).toBe(1);
    } finally {
      await server.close();
    }
    expect((await node(['healthcheck.mjs'], runtime, { DN_HTTP_PORT: String(server.port) })).code).toBe(1);
  });
});
