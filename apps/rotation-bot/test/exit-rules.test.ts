import { Decimal, type FundingRate, type Position } from '@dn/core';
import { breakEvenHoldHours } from '@dn/math';
import { afterEach, describe, expect, it } from 'vitest';
import type { RotationBot } from '../src/bot.js';
import { decayFactor } from '../src/edge.js';
import { closeHarnesses, faulty, type Harness, harness, net, withVenue, withVenues } from './harness.js';

afterEach(closeHarnesses);

const HOLDING = { hold_duration_hours: 48, wait_between_cycles_minutes: 600 };

describe('exits while holding', () => {
  it('B4: a price jump that moves both legs does not stop out a hedged pair (one leg’s loss is the other’s gain)', async () => {
    // The old rule: one leg's loss over 10 % of its margin at the configured 5× — a 25 % jump always fired it.
    const h = await harness({ ...HOLDING, leverage: 5, stop_loss_percent: 10 });
    await h.bot.init();
    await h.runFor(30 * 60_000);
    const c = h.bot.currentState.cycle;
    expect(c?.phase).toBe('open');
    h.conn.engines?.get('extended')?.world.shock(c?.symbol ?? 'BTC', 1.25);
    await h.runFor(60 * 60_000);
    expect(h.bot.currentState.history.length).toBe(0);
    expect(h.bot.currentState.cycle?.id).toBe(c?.id);
  });

  it('B4: the pair is closed when the pair itself loses more than stop_loss_pct_of_notional', async () => {
    const h = await harness({ ...HOLDING, stop_loss_pct_of_notional: 3 });
    let bleed = false;
    // The basis between the venues blows out: Pacifica's leg shows a loss of 5 % of its notional, Extended's none.
    const venues = withVenue(h, 'pacifica', (v) =>
      faulty(v, {
        getPositions: async (_a, real) =>
          ((await real()) as Position[]).map((p) => (bleed ? { ...p, unrealizedPnl: p.notional.mul('-0.05') } : p)),
      }),
    );
    const bot = h.newBot(venues);
    await bot.init();
    await h.runFor(30 * 60_000, bot);
    expect(bot.currentState.cycle?.phase).toBe('open');
    bleed = true;
    await h.runFor(30 * 60_000, bot);
    expect(bot.currentState.history.at(-1)?.reason).toBe('stop_loss');
    expect(net(await h.positions()).gross.isZero()).toBe(true);
  });

  /** Reports each leg's liquidation price 10 % from its entry (an isolated 10× leg), the mark as the venue has it. */
  function nearLiquidation(x: Harness, liq: 'ten_pct' | 'unknown') {
    return withVenues(x, ['extended', 'pacifica'], (v) =>
      faulty(v, {
        getPositions: async (_a, real) =>
          ((await real()) as Position[]).map((p) => ({
            ...p,
            liquidationPrice: liq === 'unknown' ? null : p.entryPrice.mul(p.size.gt(0) ? '0.9' : '1.1'),
          })),
      }),
    );
  }

  /**
   * A pair opened with the guard at 5 %, then both venues 7 % up: the pair's PnL stays flat (no stop-loss), but with
   * liquidation 10 % from entry the short leg is now ~2.8 % from its liquidation price.
   */
  async function openThenRise(liq: 'ten_pct' | 'unknown') {
    const t = await harness({ ...HOLDING, min_liquidation_distance_pct: 5 });
    const bot = t.newBot(nearLiquidation(t, liq));
    await bot.init();
    await t.runFor(30 * 60_000, bot);
    const opened = bot.currentState.cycle;
    expect(opened?.phase).toBe('open');
    t.conn.engines?.get('extended')?.world.shock(opened?.symbol ?? 'BTC', 1.07);
    await t.runFor(30 * 60_000, bot);
    return { h: t, bot, opened };
  }

  it('liquidation guard: a leg closer to liquidation than min_liquidation_distance_pct closes the pair', async () => {
    const { h, bot } = await openThenRise('ten_pct');
    expect(bot.currentState.history.at(-1)?.reason).toBe('liquidation_guard');
    expect(h.printed.some((l) => l.includes('liquidation_guard') && l.includes('from liquidation'))).toBe(true);
    expect(net(await h.positions()).gross.isZero()).toBe(true);
  });

  it('liquidation guard: a leg whose liquidation price is unknown never triggers it', async () => {
    const { bot, opened } = await openThenRise('unknown');
    expect(bot.currentState.history.length).toBe(0);
    expect(bot.currentState.cycle?.id).toBe(opened?.id);
  });

  function flipping(x: Harness, bot: () => RotationBot | undefined, mode: { readings: number }) {
    return withVenues(x, ['extended', 'pacifica'], (v, name) =>
      faulty(v, {
        getFunding: async (_a, real) => {
          const f = (await real()) as FundingRate;
          const c = bot()?.currentState.cycle;
          if (c?.phase !== 'open' || mode.readings <= 0) return f;
          const long = c.first.side === 'buy' ? c.first.venue : c.second.venue;
          if (name !== long) mode.readings -= 1; // one reading = both venues read once
          // Longs pay 1 %/h on the long venue, shorts pay 1 %/h on the short venue: deeply negative APR.
          const perHour = new Decimal(name === long ? '0.01' : '-0.01');
          return { ...f, rate: perHour.mul(f.intervalHours), apr: perHour.mul(8760) };
        },
      }),
    );
  }

  it('B5: one flipped funding reading does not close the pair', async () => {
    const h = await harness({ ...HOLDING, check_interval_seconds: 300 });
    const mode = { readings: 0 };
    let bot: RotationBot | undefined;
    bot = h.newBot(flipping(h, () => bot, mode));
    await bot.init();
    await h.runFor(30 * 60_000, bot);
    expect(bot.currentState.cycle?.phase).toBe('open');
    mode.readings = 1;
    await h.runFor(60 * 60_000, bot);
    expect(mode.readings).toBe(0);
    expect(bot.currentState.history.length).toBe(0);
    expect(bot.currentState.cycle?.phase).toBe('open');
  });

  it('B5: a flip that persists for funding_flip_confirmations checks closes the pair', async () => {
    const h = await harness({ ...HOLDING, check_interval_seconds: 300, funding_flip_confirmations: 3 });
    const mode = { readings: 0 };
    let bot: RotationBot | undefined;
    bot = h.newBot(flipping(h, () => bot, mode));
    await bot.init();
    await h.runFor(30 * 60_000, bot);
    mode.readings = 1_000;
    await h.runFor(60 * 60_000, bot);
    expect(bot.currentState.history.at(-1)?.reason).toBe('funding_flipped');
  });

  it('C2: break-even is computed from the haircut APR the entry is judged on', async () => {
    const h = await harness({ funding_haircut_pct: 50 });
    await h.bot.init();
    await h.runFor(60_000);
    const opp = h.bot.lastScanResult?.opportunities.find((o) => o.grossApr.gt(0));
    expect(opp).toBeDefined();
    if (!opp) return;
    // The haircut (50 %) on the spread as decayed over the hold (funding_half_life_hours, default 12).
    const judged = opp.grossApr.mul(decayFactor(h.config.hold_duration_hours, h.config)).div(2);
    expect(opp.breakEvenHours?.eq(breakEvenHoldHours(opp.roundTripCost, judged) ?? -1)).toBe(true);
  });
});
