import { Decimal, type MarketStats, type OrderBookSnapshot } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';
import { decayFactor, expectedFundingPct } from '../src/edge.js';
import { closeHarnesses, faulty, harness, net, withVenue } from './harness.js';

afterEach(closeHarnesses);

const HOUR = 3_600_000;

describe('expected vs realised', () => {
  it('a funding spread eaten by an adverse basis between the venues is not opened (the basis is costed, not just filtered)', async () => {
    const h = await harness({
      symbols_to_monitor: ['ETH'],
      hold_duration_hours: 48,
      filters: { min_net_apr_pct: 5, min_combined_volume_usd: 0, max_cross_exchange_spread_pct: 0.5 },
    });
    // Pacifica pays ~100 % APR to shorts on ETH, but its book sits 0.35 % below Extended's: shorting it there sells
    // cheap, and the exit buys back once the venues converge.
    const venues = withVenue(h, 'pacifica', (v) =>
      faulty(v, {
        getAllStats: async (_a, real) =>
          ((await real()) as MarketStats[]).map((s) =>
            s.symbol === 'ETH'
              ? { ...s, funding: { ...s.funding, rate: new Decimal('0.000115'), apr: new Decimal('1.0074') } }
              : s,
          ),
        getOrderBook: async (_a, real) => {
          const b = (await real()) as OrderBookSnapshot;
          const k = new Decimal('0.9965');
          const shift = (ls: OrderBookSnapshot['bids']) => ls.map((l) => ({ ...l, price: l.price.mul(k) }));
          return { ...b, bids: shift(b.bids), asks: shift(b.asks) };
        },
      }),
    );
    const bot = h.newBot(venues);
    await bot.init();
    // The first scans: the basis history is short, so the prior (the venues converge by the exit) dominates.
    await h.runFor(20 * 60_000, bot);
    expect(bot.currentState.cycle).toBeNull();
    expect(net(await h.positions()).gross.isZero()).toBe(true);
    const row = bot.lastScanResult?.opportunities.find((o) => o.long === 'extended' && o.short === 'pacifica');
    expect(row?.basisCost.gt('0.002')).toBe(true);
    expect(row?.grossApr.gt(0.5)).toBe(true);
    expect(row?.rejectedBy).toBe('net-apr');
  });

  it('each closed cycle records its expected funding, fees and price PnL at entry beside the realised ones', async () => {
    const h = await harness();
    await h.bot.init();
    await h.runFor(20 * HOUR);
    const closed = h.bot.currentState.history.filter((c) => c.reason !== 'aborted');
    expect(closed.length).toBeGreaterThanOrEqual(1);
    for (const c of closed) {
      const e = c.expected;
      expect(e).toBeDefined();
      if (!e) continue;
      expect(new Decimal(e.netUsd).eq(new Decimal(e.fundingUsd).minus(e.feesUsd).plus(e.pricePnlUsd))).toBe(true);
      // Fees expected at entry are the taker fees in and out: the realised ones are the same order of magnitude.
      expect(new Decimal(e.feesUsd).gt(0)).toBe(true);
      expect(new Decimal(c.feesUsd).div(e.feesUsd).toNumber()).toBeGreaterThan(0.5);
      expect(new Decimal(c.feesUsd).div(e.feesUsd).toNumber()).toBeLessThan(2);
    }
    const s = h.bot.currentState.stats;
    expect(s.expectedNetUsd).toBeDefined();
    expect(h.printed.some((t) => /expected at entry: funding \$.*gap \$/.test(t))).toBe(true);
  });

  it('with funding_half_life_hours the expected funding is the spread averaged over its decay, then the haircut', () => {
    const plain = configSchema.parse({ hold_duration_hours: 48, funding_half_life_hours: null });
    const decayed = configSchema.parse({ hold_duration_hours: 48, funding_half_life_hours: 12 });
    // 12 h is the default: the decay applies unless switched off with null.
    expect(configSchema.parse({}).funding_half_life_hours?.toString()).toBe('12');
    // (1 − 2^−4) / (4 ln 2): a 48 h hold collects about a third of today's spread when it halves every 12 h.
    expect(decayFactor(new Decimal(48), decayed).toNumber()).toBeCloseTo(0.9375 / (4 * Math.LN2), 9);
    expect(decayFactor(new Decimal(48), plain).eq(1)).toBe(true);
    const opp = { grossApr: new Decimal('0.5') };
    // 50 % APR × 0.7 × 48/8760 = 0.1918 % of notional without decay; a third of it with.
    expect(expectedFundingPct(opp, plain).toFixed(4)).toBe('0.1918');
    expect(expectedFundingPct(opp, decayed).div(expectedFundingPct(opp, plain)).toNumber()).toBeCloseTo(0.3381, 3);
  });
});
