import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../src/backtest/run.js';
import { summarize, summaryJson } from '../src/backtest/summary.js';
import { config, H, history, T0 } from './backtest-fixture.js';

describe('backtest on a hand-made history', () => {
  it('one profitable rotation, one pair filtered out, one cycle stopped by a funding flip', async () => {
    const r = await runBacktest({
      config,
      view: history(),
      spreadPct: { extended: new Decimal('0.1'), pacifica: new Decimal('0.1') },
    });
    const cycles = r.cycles.map((c) => ({
      symbol: c.symbol,
      long: c.long,
      short: c.short,
      opened: (c.openedAt - T0) / H,
      closed: (c.closedAt - T0) / H,
      reason: c.reason,
      funding: c.fundingUsd.toFixed(2),
      fees: c.feesUsd.toFixed(2),
      slippage: c.slippageUsd.toFixed(2),
      price: c.pricePnlUsd.toFixed(2),
      net: c.netUsd.toFixed(2),
    }));
    expect(cycles).toEqual([
      {
        symbol: 'AAA',
        long: 'extended',
        short: 'pacifica',
        opened: 0,
        closed: 48,
        reason: 'hold_elapsed',
        funding: '18.80',
        fees: '2.00',
        slippage: '2.00',
        price: '0.00',
        net: '14.80',
      },
      {
        symbol: 'CCC',
        long: 'extended',
        short: 'pacifica',
        opened: 48,
        closed: 62,
        reason: 'funding_flipped',
        funding: '1.90',
        fees: '2.00',
        slippage: '2.00',
        price: '0.00',
        net: '-2.10',
      },
    ]);
    expect(r.filtered.volume).toEqual(['BBB extended→pacifica', 'BBB pacifica→extended']);
    expect(r.cycles.some((c) => c.symbol === 'BBB')).toBe(false);

    const s = summarize(r);
    expect(s.cycles).toBe(2);
    expect(s.exits).toEqual({ hold_elapsed: 1, funding_flipped: 1 });
    expect(s.netUsd.toFixed(2)).toBe('12.70');
    expect(s.fundingUsd.toFixed(2)).toBe('20.70');
    // 62 of 72 hours in a position.
    expect(s.timeInMarketPct.toFixed(4)).toBe(new Decimal(62).div(72).mul(100).toFixed(4));
    // APRs on one leg's $1000 over 72 hours.
    expect(s.grossAprPct.toFixed(4)).toBe(
      new Decimal('20.70').div(1000).div(new Decimal(72).div(8760)).mul(100).toFixed(4),
    );
    expect(s.netAprPct.toFixed(4)).toBe(
      new Decimal('12.70').div(1000).div(new Decimal(72).div(8760)).mul(100).toFixed(4),
    );
    // Net marked hourly: peak 16.80 at 47 h (AAA's funding less its entry costs), 12.70 after CCC's exit at 62 h.
    expect(s.maxDrawdownUsd.toFixed(2)).toBe('4.10');
    const json = summaryJson(s, r) as { netUsd: string; cycles: Array<{ netUsd: string }> };
    expect(json.netUsd).toBe(s.netUsd.toString());
    expect(json.cycles[1]?.netUsd).toBe(r.cycles[1]?.netUsd.toString());
  });
});
