import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readMonitorConfig, thresholdsOf } from '../src/config.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function file(content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-liqmon-config-'));
  dirs.push(dir);
  const p = path.join(dir, 'config.json');
  fs.writeFileSync(p, JSON.stringify(content));
  return p;
}

describe('readMonitorConfig', () => {
  it('defaults without a file', () => {
    const c = readMonitorConfig(undefined, {}, '/nonexistent/.env');
    const t = thresholdsOf(c.liquidation_monitor);
    expect(t.marginThresholdPct.toString()).toBe('80');
    expect(t.minLiquidationDistancePct.toString()).toBe('5');
    expect(t.unhedgedGraceMs).toBe(120_000);
    expect(t.staleLimitMs).toBe(300_000);
    expect(c.liquidation_monitor.auto_close).toBe(true);
  });

  it("reads its block and ignores the other apps' keys (seed 001's hedge_config.json passes as is)", () => {
    const c = readMonitorConfig(
      file({
        symbol: 'PAXG',
        long_exchange: 'lighter',
        short_exchange: 'edgex',
        leverage: 3,
        liquidation_monitor: { margin_threshold_pct: 70, unhedged_grace_seconds: 30, venues: ['edgex', 'lighter'] },
      }),
      {},
      '/nonexistent/.env',
    );
    expect(c.liquidation_monitor.margin_threshold_pct.toString()).toBe('70');
    expect(c.liquidation_monitor.unhedged_grace_seconds).toBe(30);
    expect(c.liquidation_monitor.venues).toEqual(['edgex', 'lighter']);
  });

  it('refuses a bad value naming the key', () => {
    expect(() =>
      readMonitorConfig(file({ liquidation_monitor: { margin_threshold_pct: 120 } }), {}, '/nonexistent/.env'),
    ).toThrow(/margin_threshold_pct/);
    expect(() =>
      readMonitorConfig(file({ liquidation_monitor: { venues: ['binance'] } }), {}, '/nonexistent/.env'),
    ).toThrow(/venues/);
    expect(() =>
      readMonitorConfig(file({ liquidation_monitor: { interval_secs: 5 } }), {}, '/nonexistent/.env'),
    ).toThrow(/interval_secs/);
  });
});
