import { Decimal, type Market, type MarketStats, type PerpVenue } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { RotationBot } from '../src/bot.js';
import { closeHarnesses, faulty, type Harness, harness, net, recordingOrders, withVenue } from './harness.js';

afterEach(closeHarnesses);

const engine = (x: Harness, venue: string) => {
  const e = x.conn.engines?.get(venue as 'pacifica');
  if (!e) throw new Error(`no engine ${venue}`);
  return e;
};

type Sent = Array<{ reduceOnly?: boolean; size: Decimal; side: string }>;

/** Pacifica's funding on `symbol` raised so that shorting it there ranks first. */
function rigFunding(venue: PerpVenue, symbol: string): PerpVenue {
  return faulty(venue, {
    getAllStats: async (_a, real) =>
      ((await real()) as MarketStats[]).map((s) =>
        s.symbol === symbol ? { ...s, funding: { ...s.funding, rate: new Decimal('0.002') } } : s,
      ),
  });
}

describe('which opportunity is opened, and when not', () => {
  it('B2: a hedge venue that keeps refusing puts the pair on a growing cooldown instead of 72 aborted cycles in 6 h', async () => {
    const h = await harness({ wait_between_cycles_minutes: 5, scan_interval_seconds: 300 });
    engine(h, 'pacifica').faults.setRejectProbability(1, 'INSUFFICIENT_MARGIN');
    await h.bot.init();
    await h.runFor(6 * 3_600_000);
    const aborted = h.bot.currentState.history.filter((c) => c.reason === 'aborted');
    expect(aborted.length).toBeGreaterThanOrEqual(2);
    // Two symbols × (30 + 60 + 120 + 240 min of rest) fit ≤ 5 aborts each in 6 h; the old loop made 72.
    expect(aborted.length).toBeLessThanOrEqual(10);
    expect(net(await h.positions()).gross.isZero()).toBe(true);
    // The reason is shown, with the rest period.
    expect(h.printed.some((t) => /aborted \w+ .*hedge on pacifica not filled.*rests until/.test(t))).toBe(true);
    const cooldowns = Object.values(h.bot.currentState.cooldowns ?? {});
    expect(cooldowns.some((c) => c.aborts >= 2)).toBe(true);
  });

  it('B1: a market that stops trading after start is skipped on either venue, without a pilot order', async () => {
    const h = await harness();
    const sent: Sent = [];
    const venues = withVenue(h, 'extended', (v) => recordingOrders(v, sent));
    const bot = h.newBot(venues);
    await bot.init();
    // Both candidate markets stop trading on the hedge venue after the bot cached its markets.
    engine(h, 'pacifica').setMarketActive('BTC', false);
    engine(h, 'pacifica').setMarketActive('ETH', false);
    await h.runFor(2 * 3_600_000, bot);
    expect(sent.length).toBe(0);
    expect(bot.currentState.history.length).toBe(0);
    // Trading resumes when the market does (markets are re-read before every open).
    engine(h, 'pacifica').setMarketActive('ETH', true);
    await h.runFor(30 * 60_000, bot);
    expect(bot.currentState.cycle?.symbol).toBe('ETH');
  });

  it('B7: an unaffordable top opportunity does not block the next one', async () => {
    const h = await harness();
    const venues = withVenue(h, 'pacifica', (v) =>
      faulty(rigFunding(v, 'BTC'), {
        // BTC's minimum on Pacifica is out of reach of the account: the top row cannot be sized.
        getMarkets: async (_a, real) =>
          ((await real()) as Market[]).map((m) => (m.symbol === 'BTC' ? { ...m, minSize: new Decimal(1000) } : m)),
      }),
    );
    const bot = h.newBot(venues);
    await bot.init();
    await h.runFor(30 * 60_000, bot);
    expect(bot.lastScanResult?.opportunities[0]?.symbol).toBe('BTC');
    expect(bot.currentState.cycle?.symbol).toBe('ETH');
    expect(h.printed.some((t) => /skip BTC: affordable size .* below the venues' minimum/.test(t))).toBe(true);
  });

  it('sizing honours a venue minimum notional', async () => {
    const h = await harness({ notional_per_position: 8, symbols_to_monitor: ['ETH'] });
    const venues = withVenue(h, 'pacifica', (v) =>
      faulty(v, {
        getMarkets: async (_a, real) =>
          ((await real()) as Market[]).map((m) => ({ ...m, minNotional: new Decimal(10) })),
      }),
    );
    const bot = h.newBot(venues);
    await bot.init();
    await h.runFor(30 * 60_000, bot);
    // $8 per leg is below Pacifica's $10 minimum: nothing is sent, the reason is shown.
    expect(net(await h.positions()).gross.isZero()).toBe(true);
    expect(bot.currentState.history.length).toBe(0);
    expect(h.printed.some((t) => /skip ETH: affordable size/.test(t))).toBe(true);
  });

  it('B6: a stop requested during a scan opens nothing', async () => {
    const h = await harness();
    let bot: RotationBot | undefined;
    const venues = withVenue(h, 'pacifica', (v) =>
      faulty(v, {
        getOrderBook: async (_a, real) => {
          bot?.requestStop(); // Ctrl-C while the books are being read
          return real();
        },
      }),
    );
    bot = h.newBot(venues);
    await bot.init();
    await h.runFor(30 * 60_000, bot);
    expect(bot.currentState.cycle).toBeNull();
    expect(net(await h.positions()).gross.isZero()).toBe(true);
  });

  it('C5: a cycle found flat on restart stays in history even when recording it fails once', async () => {
    const h = await harness({ hold_duration_hours: 48 });
    await h.bot.init();
    await h.runFor(10 * 60_000);
    const c = h.bot.currentState.cycle;
    expect(c?.phase).toBe('open');
    // Someone flattens both legs while the bot is down.
    for (const { venue } of h.conn.venues) {
      const p = (await venue.getPositions()).find((x) => x.symbol === c?.symbol);
      if (p)
        await venue.placeOrder({
          symbol: p.symbol,
          side: p.size.gt(0) ? 'sell' : 'buy',
          type: 'market',
          size: p.size.abs(),
          reduceOnly: true,
        });
    }
    let failures = 1;
    const venues = withVenue(h, 'extended', (v) =>
      faulty(v, {
        getFills: async (_a, real) => {
          if (failures-- > 0) throw new Error('fills endpoint 502');
          return real();
        },
      }),
    );
    const restarted = h.newBot(venues);
    await h.drive(restarted.init());
    await h.runFor(30 * 60_000, restarted);
    expect(restarted.currentState.history.map((x) => x.id)).toContain(c?.id);
    expect(restarted.currentState.history.find((x) => x.id === c?.id)?.reason).toBe('reconciled_flat');
  });
});
