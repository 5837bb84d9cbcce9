import { createLogger } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';
import { scan } from '../src/scanner.js';
import { closeHarnesses, harness } from './harness.js';

afterEach(closeHarnesses);

describe('config checks', () => {
  it('rejects the same venue twice (both legs on one account: reported hedged, actually naked)', () => {
    const r = configSchema.safeParse({ venues: ['extended', 'extended'] });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/distinct/);
    expect(configSchema.safeParse({ venues: ['extended', 'pacifica', 'extended'] }).success).toBe(false);
  });

  it('leverage must be a whole number from 1', () => {
    for (const bad of [0.5, 0, -3, '2.5']) expect(configSchema.safeParse({ leverage: bad }).success).toBe(false);
    expect(configSchema.parse({ leverage: 5 }).leverage.toNumber()).toBe(5);
  });

  it('leverage above every market maximum is refused at start, before anything is sent', async () => {
    const h = await harness({ leverage: 1_000_000 });
    await expect(h.drive(h.bot.init())).rejects.toThrow(/leverage 1000000 is above every market's maximum/);
  });
});

describe("default filters: the seeds' advice for thin markets", () => {
  it('are $10 M combined volume, 0.15 % intra-venue spread, 0.25 % cross spread', () => {
    const f = configSchema.parse({}).filters;
    expect(
      [f.min_combined_volume_usd, f.max_intra_exchange_spread_pct, f.max_cross_exchange_spread_pct].map(String),
    ).toEqual(['10000000', '0.15', '0.25']);
  });

  it('keep the simulator’s thin markets out, which the old defaults let through', async () => {
    const h = await harness({ symbols_to_monitor: [] });
    const log = createLogger({ name: 't', level: 'silent', console: false });
    const scanWith = (filters: Record<string, number>) =>
      h.drive(
        scan(
          h.conn.venues,
          configSchema.parse({ venues: ['extended', 'pacifica'], filters: { min_net_apr_pct: -1e9, ...filters } }),
          {
            log,
            now: () => h.clock.now(),
            marketCache: new Map(),
          },
        ),
      );
    const now = await scanWith({});
    const before = await scanWith({
      min_combined_volume_usd: 0,
      max_intra_exchange_spread_pct: 0.5,
      max_cross_exchange_spread_pct: 0.5,
    });
    const eligible = (r: typeof now) => (r?.opportunities ?? []).filter((o) => o.eligible);
    expect(eligible(now).length).toBeGreaterThan(0);
    for (const o of eligible(now)) {
      expect(o.combinedVolumeUsd.gte(10_000_000)).toBe(true);
      expect(o.intraSpreadPct.lte('0.15')).toBe(true);
      expect(o.crossSpreadPct.lte('0.25')).toBe(true);
    }
    const thin = eligible(before).filter(
      (o) => o.combinedVolumeUsd.lt(10_000_000) || o.intraSpreadPct.gt('0.15') || o.crossSpreadPct.gt('0.25'),
    );
    expect(thin.length).toBeGreaterThan(0);
  });
});
