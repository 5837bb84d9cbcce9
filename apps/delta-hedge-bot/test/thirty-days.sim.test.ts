import { Decimal } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { summaryOf } from '../src/report.js';
import { closeHarnesses, DAY, harness } from './harness.js';

afterEach(closeHarnesses);

describe('30 simulated days end to end', () => {
  it('keeps the book hedged for 30 days; the summary equals the simulator ledger (fees, funding, realised PnL) exactly', async () => {
    // Hourly rebalances keep the run short; a pair stop-loss so an ordinary month's move of one leg does not end it.
    const h = await harness({ REBALANCE_INTERVAL: 3600, STOP_LOSS_MODE: 'pair' }, { seed: 5 });
    await h.drive(h.bot.init());
    const end = h.clock.now() + 30 * DAY;
    expect(await h.drive(h.bot.run(end), end)).toBe('ok');
    const { view, asOf } = await h.drive(h.bot.finish());
    const state = h.bot.currentState;
    const s = summaryOf(state, { mode: 'paper', now: asOf, unrealized: view.unrealizedPnlUsd, halted: false });
    expect(s.rebalances).toBeGreaterThan(1);
    expect(new Decimal(s.volumeUsd).gt(0)).toBe(true);
    expect(new Decimal(s.feesUsd).gt(0)).toBe(true);
    expect(new Decimal(s.fundingUsd).isZero()).toBe(false);
    expect(new Decimal(s.netUsd).eq(new Decimal(s.pricePnlUsd).minus(s.feesUsd).plus(s.fundingUsd))).toBe(true);
    expect(s.hedgeRatio).toBeGreaterThan(0);
    expect(
      h.conn.ledgerMatches?.({
        feesUsd: s.feesUsd,
        fundingUsd: s.fundingUsd,
        pricePnlUsd: s.realizedPnlUsd,
        untilMs: asOf,
      }),
    ).toBe(true);
    // Unrealised PnL is the venue's: the legs' uPnL sum.
    const ps = await h.venue.getPositions();
    expect(ps.reduce((a, p) => a.plus(p.unrealizedPnl), new Decimal(0)).toString()).toBe(s.unrealizedPnlUsd);
    // Still long the base size, short ETH within one venue minimum of the target, and the ratio was refreshed daily.
    expect(view.longSize.toString()).toBe('0.01');
    expect(state.hedge?.toMs).toBeGreaterThanOrEqual(asOf - 2 * DAY);
    console.log(JSON.stringify(s));
  }, 300_000);
});
