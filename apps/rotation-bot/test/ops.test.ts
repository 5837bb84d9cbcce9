import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { isSecretKey } from '@dn/core';
import { tsxLoader } from '@dn/core/testing';
import { describe, expect, it } from 'vitest';

const main = path.resolve(import.meta.dirname, '../src/main.ts');
const tsx = tsxLoader(import.meta.dirname);

/** Value of one sample (`name{labels} value`) in a Prometheus text exposition. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name}`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Sum of every labelled sample of a counter (`name{…} value` lines). */
function total(text: string, name: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

function secretKeys(value: unknown, at = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(isSecretKey(k) ? [`${at}.${k}`] : []),
    ...secretKeys(v, `${at}.${k}`),
  ]);
}

describe('rotation-bot --metrics-port / --http-port', () => {
  it('serves metrics that equal the run summary, a healthy /healthz and a status without secrets', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-rb-ops-'));
    const { INIT_CWD: _ignored, ...env } = process.env;
    // A threshold every pair passes and a 2 h hold: the run opens at its first scan and completes cycles (with the
    // default config the seed-1 run stays flat), so every figure has samples. ×3,600 rather than the quick start's
    // ×36,000: on a loaded machine one second of start-up or of an order's round trip is 10 simulated hours at
    // ×36,000, and a 3-day run could end before its first cycle closed.
    await fs.writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({ filters: { min_net_apr_pct: -1000 }, hold_duration_hours: 2 }),
    );
    const child = spawn(
      process.execPath,
      [
        '--import',
        tsx,
        '--conditions=@dn/source',
        main,
        ...[
          '--config',
          'config.json',
          '--speed',
          '3600',
          '--run-for',
          '1d',
          '--seed',
          '1',
          '--summary',
          'summary.json',
        ],
        ...['--metrics-port', '0', '--http-port', '0', '--ops-linger', '60'],
      ],
      { cwd: dir, env: { ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    try {
      // The run is over and its summary written once the bot says it lingers for a last scrape.
      const deadline = Date.now() + 150_000;
      while (!out.includes('serving the final figures')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`bot did not reach the linger:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const metricsUrl = /metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(out)?.[1];
      const pageUrl = /status page on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
      expect(metricsUrl).toBeDefined();
      expect(pageUrl).toBeDefined();
      const summary = JSON.parse(await fs.readFile(path.join(dir, 'summary.json'), 'utf8'));
      expect(summary.cycles).toBeGreaterThan(0);

      const metrics = await (await fetch(metricsUrl as string)).text();
      expect(sample(metrics, 'dn_cycles_completed')).toBe(summary.cycles);
      expect(sample(metrics, 'dn_pnl_fees_paid_usd')).toBe(Number(summary.feesUsd));
      expect(sample(metrics, 'dn_pnl_funding_usd')).toBe(Number(summary.fundingUsd));
      expect(sample(metrics, 'dn_pnl_price_usd')).toBe(Number(summary.pricePnlUsd));
      expect(sample(metrics, 'dn_pnl_net_usd')).toBe(Number(summary.netUsd));
      expect(sample(metrics, 'dn_volume_usd')).toBe(Number(summary.volumeUsd));
      expect(sample(metrics, 'dn_naked_exposure_max_seconds')).toBeCloseTo(summary.maxNakedExposureSeconds, 9);
      expect(sample(metrics, 'dn_naked_exposure_seconds_total')).toBeGreaterThanOrEqual(
        summary.maxNakedExposureSeconds - 1e-9,
      );
      expect(sample(metrics, 'dn_halted')).toBe(0);
      // It traded: every IOC is counted per venue and outcome, with its latency.
      expect(total(metrics, 'dn_orders_total')).toBeGreaterThan(0);
      expect(metrics).toMatch(/^dn_orders_total\{[^}]*venue="(extended|pacifica)"[^}]*\} \d+$/m);
      expect(metrics).toMatch(/^dn_orders_total\{[^}]*outcome="filled"[^}]*\} \d+$/m);
      expect(metrics).toMatch(/^dn_build_info\{version="0\.1\.0",.*app="rotation-bot".*\} 1$/m);
      expect(metrics).toContain('# TYPE dn_position_size_base gauge');
      expect(metrics).toContain('# TYPE dn_process_resident_memory_bytes gauge');

      const health = await fetch(`${pageUrl}healthz`);
      expect(health.status).toBe(200);
      const h = (await health.json()) as { ok: boolean; mode: string; phase: string };
      // The run may end between cycles or holding one, as the simulated markets go.
      expect(h).toMatchObject({ ok: true, mode: 'paper', phase: expect.stringMatching(/^(idle|open)$/) });

      const status = (await (await fetch(`${pageUrl}status.json`)).json()) as {
        app: string;
        phase: string;
        legs: unknown[];
        pnl: { netUsd: string; cycles: number };
        history: Array<{ netUsd: string }>;
      };
      expect(secretKeys(status)).toEqual([]);
      expect(status.app).toBe('rotation-bot');
      expect(status.phase).toBe(h.phase);
      expect(status.legs).toHaveLength(h.phase === 'open' ? 2 : 0);
      expect(metrics.match(/^dn_position_size_base\{/gm)?.length ?? 0).toBe(h.phase === 'open' ? 2 : 0);
      expect(status.pnl).toMatchObject({ netUsd: summary.netUsd, cycles: summary.cycles });
      expect(status.history).toHaveLength(summary.cycles);

      const page = await (await fetch(pageUrl as string)).text();
      expect(page).toContain('<svg id="pnl-chart"');
      expect(page).toContain('<polyline');

      // SIGTERM ends the linger at once; the run itself had finished cleanly.
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toMatch(/done: \d+ cycles/);
    } finally {
      clearTimeout(killer);
      if (child.exitCode === null) child.kill('SIGKILL');
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('refuses a bad port as a usage error (exit 2) before connecting', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-rb-ops-'));
    const { INIT_CWD: _ignored, ...env } = process.env;
    const child = spawn(process.execPath, ['--import', tsx, '--conditions=@dn/source', main, '--http-port', '80x'], {
      cwd: dir,
      env: { ...env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/--http-port must be a port number/);
    expect((await fs.readdir(dir)).filter((f) => f !== 'logs')).toEqual([]);
    await fs.rm(dir, { recursive: true, force: true });
  }, 180_000);
});
