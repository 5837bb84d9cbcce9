import { Decimal } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHarnesses, expectRotated, harness, ledgerAgrees, net } from './harness.js';

afterEach(closeHarnesses);

describe('rotation cycles on the simulator', () => {
  it('opens a hedged pair, holds it, closes after the hold and rotates; accounting equals the ledger exactly', async () => {
    const h = await harness();
    await h.bot.init();
    await h.runFor(30 * 3_600_000);
    // Delta neutral at every moment we look: whatever is open nets to zero per symbol.
    const state = await expectRotated(h);
    for (const c of state.history) {
      // Hold respected: closed at least 8 h after opening.
      expect(c.closedAt - (c.openedAt ?? 0)).toBeGreaterThanOrEqual(8 * 3_600_000);
      expect(c.longVenue).not.toBe(c.shortVenue);
    }
    const s = state.stats;
    expect(new Decimal(s.volumeUsd).gt(0)).toBe(true);
    expect(new Decimal(s.feesUsd).gt(0)).toBe(true);
    expect(new Decimal(s.netUsd).eq(new Decimal(s.pricePnlUsd).minus(s.feesUsd).plus(s.fundingUsd))).toBe(true);
    expect(ledgerAgrees(h, state)).toBe(true);
    // Funding was actually collected or paid over 2 × 8 h of hourly settlements.
    expect(new Decimal(s.fundingUsd).isZero()).toBe(false);
    expect(h.printed.some((t) => t.includes('scan:'))).toBe(true);
  });

  it('works on edgeX + Lighter with edgeX 4-hourly funding', async () => {
    const h = await harness({}, ['edgex', 'lighter']);
    await h.bot.init();
    await h.runFor(20 * 3_600_000);
    expect(h.bot.currentState.stats.cycles).toBeGreaterThanOrEqual(1);
    const first = h.bot.currentState.history[0];
    // Lighter's orders can rest: it is the pilot leg.
    expect([first?.longVenue, first?.shortVenue]).toContain('lighter');
  });

  it('skips an opportunity nobody can afford instead of trading below the minimum', async () => {
    const h = await harness({ notional_per_position: '0.01' });
    await h.bot.init();
    await h.runFor(2 * 3_600_000);
    expect(h.bot.currentState.stats.cycles).toBe(0);
    expect(h.bot.currentState.cycle).toBeNull();
    expect(net(await h.positions()).gross.isZero()).toBe(true);
  });
});
