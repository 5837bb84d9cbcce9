import * as os from 'node:os';
import { createLogger } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';
import { readOnlyVenue } from '../src/scan-command.js';
import { formatScanReport, scanJson } from '../src/scan-table.js';
import { scan } from '../src/scanner.js';
import { cli } from './cli-run.js';
import { closeHarnesses, harness } from './harness.js';
import { expectMissing, tempDir } from './temp-dir.js';

const log = createLogger({ name: 'test', level: 'silent', console: false });

afterEach(closeHarnesses);

describe('rotation-bot scan (in process, on the simulator)', () => {
  it('prints every pair of the universe: priced rows with spreads, filtered rows with their reason', async () => {
    const h = await harness({}, ['extended', 'pacifica']);
    const config = configSchema.parse({ venues: ['extended', 'pacifica'] });
    const result = await scan(h.conn.venues, config, { log, now: () => h.clock.now(), marketCache: new Map() });
    const pairs = result.opportunities.length + (result.filtered?.length ?? 0);
    // ≥ 50 common symbols × 2 directions on the default world.
    expect(pairs).toBeGreaterThanOrEqual(100);
    // Books for a few candidates only; every other pair is reported with why it was not priced.
    expect(new Set(result.opportunities.map((o) => o.symbol)).size).toBeLessThanOrEqual(8);
    const reasons = new Set(result.filtered?.map((f) => f.rejectedBy));
    expect(reasons.has('inactive')).toBe(true);
    expect(reasons.has('net-apr')).toBe(true);
    for (const f of result.filtered ?? []) {
      expect(f.detail.length).toBeGreaterThan(0);
      // A filtered pair never claims more than its bound allows: the bound is above any priced net APR.
      expect(f.netAprBound.lte(f.grossApr.abs().plus(1))).toBe(true);
    }
    const table = formatScanReport(result, 500);
    expect(table).toMatch(/funding long +funding short +pair APR +net APR/);
    expect(table).toMatch(/inactive: not trading on (extended|pacifica)/);
    expect(table).toMatch(/\d+\.\d{4}%\/1h/);
    expect(table).toMatch(new RegExp(`^${pairs} pairs: `, 'm'));
    const json = scanJson(result, 'PAPER');
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  }, 180_000);

  it('refuses anything but reads', async () => {
    const h = await harness({}, ['extended', 'pacifica']);
    const venue = readOnlyVenue(h.conn.venues[0]?.venue as never);
    expect((await venue.getMarkets()).length).toBeGreaterThan(80);
    expect(() => venue.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001' })).toThrow(/read-only/);
    expect(() => venue.setLeverage('BTC', 2)).toThrow(/read-only/);
    expect(() => venue.cancelAllOrders()).toThrow(/read-only/);
  });
});

describe('rotation-bot scan (the CLI, as a user runs it)', () => {
  it('--help lists the scan flags', async () => {
    const r = await cli(['scan', '--help'], os.tmpdir());
    expect(r.code).toBe(0);
    for (const flag of ['--watch', '--json', '--paper', '--top', '--venues']) expect(r.stdout).toContain(flag);
  }, 180_000);

  it('--paper --json: one document with the ranked and the filtered pairs, nothing traded, no state', async () => {
    const dir = tempDir('dn-rb-scan-');
    const r = await cli(['scan', '--paper', '--json', '--venues', 'extended,lighter'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      mode: string;
      opportunities: Array<Record<string, unknown>>;
      filtered: Array<{ rejectedBy: string; detail: string; grossApr: string }>;
    };
    expect(doc.mode).toBe('PAPER');
    expect(doc.opportunities.length + doc.filtered.length).toBeGreaterThanOrEqual(100);
    for (const o of doc.opportunities) {
      expect(Object.keys(o)).toEqual(
        expect.arrayContaining([
          'symbol',
          'long',
          'short',
          'longRate',
          'longIntervalHours',
          'netApr',
          'breakEvenHours',
        ]),
      );
      expect(typeof o.netApr).toBe('string');
    }
    expect(doc.filtered.every((f) => f.rejectedBy && f.detail && typeof f.grossApr === 'string')).toBe(true);
    // Read-only: no state file, no simulated world kept in the home.
    await expectMissing(dir, ['paper', 'rotation-bot.state.json'], ['paper', 'sim']);
  }, 180_000);

  it('--watch refreshes the table and --count stops it after two scans', async () => {
    const dir = tempDir('dn-rb-scan-');
    const r = await cli(['scan', '--paper', '--watch', '1', '--count', '2', '--top', '5'], dir);
    expect(r.code).toBe(0);
    const headers = r.stdout.match(/^\[PAPER\] \S+ scan of extended \+ pacifica \(every 1s, Ctrl-C to stop\)$/gm) ?? [];
    expect(headers).toHaveLength(2);
    expect(r.stdout.match(/^ +# symbol/gm)).toHaveLength(2);
  }, 180_000);

  it('refuses bad usage before connecting', async () => {
    const r = await cli(['scan', '--paper', '--venues', 'extended'], os.tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at least two different venues/);
  }, 180_000);
});
