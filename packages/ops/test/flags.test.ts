import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { addOpsFlags, appVersion, type OpsFlags, type OpsRuntime, startOpsFromFlags } from '../src/index.js';
import { sampleStatus } from './fixtures.js';

const runtimes: OpsRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.close()));
});

function parse(args: string[]): OpsFlags {
  const cmd = addOpsFlags(new Command().exitOverride().configureOutput({ writeErr: () => undefined }));
  cmd.parse(['node', 'app', ...args]);
  return cmd.opts<OpsFlags>();
}

describe('ops flags', () => {
  it('parses ports as numbers and defaults the host to loopback', () => {
    expect(parse([])).toEqual({ httpHost: '127.0.0.1' });
    expect(parse(['--metrics-port', '0', '--http-port', '9464'])).toEqual({
      metricsPort: 0,
      httpPort: 9464,
      httpHost: '127.0.0.1',
    });
  });

  it('refuses a port that is not one', () => {
    expect(() => parse(['--http-port', '80x'])).toThrow(/--http-port must be a port number/);
    expect(() => parse(['--metrics-port', '70000'])).toThrow(/--metrics-port must be a port number/);
  });

  it('starts nothing without a port flag', async () => {
    expect(await startOpsFromFlags(parse([]), { app: 'a', status: () => sampleStatus() })).toBeNull();
  });

  it('starts a metrics server and a status server and prints where they are', async () => {
    const lines: string[] = [];
    const ops = await startOpsFromFlags(parse(['--metrics-port', '0', '--http-port', '0']), {
      app: 'a',
      status: () => sampleStatus(),
      print: (l) => lines.push(l),
    });
    if (!ops) throw new Error('expected servers');
    runtimes.push(ops);
    const [page, metrics] = ops.servers;
    if (!page || !metrics) throw new Error('expected two servers');
    expect(page.port).not.toBe(metrics.port);
    expect(lines).toEqual([`a: status page on ${page.url}/`, `a: metrics on ${metrics.url}/metrics`]);
    expect((await fetch(`${metrics.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${metrics.url}/`)).status).toBe(404);
    expect((await fetch(`${page.url}/`)).status).toBe(200);
    expect((await fetch(`${page.url}/metrics`)).status).toBe(404);
  });

  it('keeps serving for --ops-linger seconds after the run, then closes', async () => {
    const ops = await startOpsFromFlags(parse(['--http-port', '0', '--ops-linger', '0.3']), {
      app: 'a',
      status: () => sampleStatus(),
    });
    if (!ops) throw new Error('expected a server');
    const url = `${ops.servers[0]?.url}/healthz`;
    const t0 = Date.now();
    const finished = ops.finish();
    expect((await fetch(url)).status).toBe(200);
    await finished;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('reads the app version from the package.json above the entry module', () => {
    expect(appVersion(new URL('../src/index.ts', import.meta.url).href)).toBe('0.1.0');
    expect(appVersion('file:///nonexistent/dist/main.js')).toBe('unknown');
  });
});
