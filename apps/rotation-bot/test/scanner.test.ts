import { createLogger } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';
import { scan } from '../src/scanner.js';
import { closeHarnesses, faulty, harness } from './harness.js';

afterEach(closeHarnesses);
const log = createLogger({ name: 'test', level: 'silent', console: false });

describe('scanner', () => {
  it('ranks every ordered venue pair of the common symbols, with intervals and costs', async () => {
    const h = await harness({}, ['extended', 'pacifica', 'edgex']);
    // Every pair a candidate (no APR floor): all are priced.
    const config = configSchema.parse({
      venues: ['extended', 'pacifica', 'edgex'],
      symbols_to_monitor: ['BTC', 'ETH'],
      filters: { min_net_apr_pct: -1e9 },
    });
    const result = await scan(h.conn.venues, config, { log, now: () => h.clock.now(), marketCache: new Map() });
    // 2 symbols × 3 × 2 ordered pairs.
    expect(result.opportunities).toHaveLength(12);
    expect(result.filtered).toEqual([]);
    const edgexLeg = result.opportunities.find((o) => o.long === 'edgex');
    expect(edgexLeg?.longIntervalHours).toBe(4);
    for (const o of result.opportunities) {
      expect(o.roundTripCost.gt(0)).toBe(true);
      // Net is the haircut gross minus the amortised cost: never above the gross for a positive spread.
      if (o.grossApr.gt(0)) expect(o.netApr.lt(o.grossApr)).toBe(true);
    }
    const ranks = result.opportunities.filter((o) => o.eligible).map((o) => o.netApr.toNumber());
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
  });

  it('asks for no book of a symbol whose volume cannot pass the filter', async () => {
    const h = await harness();
    let books = 0;
    const venues = h.conn.venues.map((v) => ({
      ...v,
      venue: faulty(v.venue, {
        getOrderBook: async (_args, real) => {
          books += 1;
          return real();
        },
      }),
    }));
    const config = configSchema.parse({ filters: { min_combined_volume_usd: '1e15' } });
    const result = await scan(venues, config, { log, now: () => h.clock.now(), marketCache: new Map() });
    expect(books).toBe(0);
    expect(result.opportunities).toHaveLength(0);
    // Every pair is still reported, with the reason.
    expect(result.filtered?.length).toBeGreaterThan(0);
    expect(new Set(result.filtered?.map((f) => f.rejectedBy))).toEqual(new Set(['volume', 'inactive']));
  });
});
