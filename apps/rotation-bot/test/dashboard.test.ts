import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { renderDashboard, statusLine } from '../src/dashboard.js';
import { emptyState } from '../src/state.js';

const now = Date.UTC(2026, 0, 5, 12, 0, 0);

describe('dashboard', () => {
  it('shows the cycle, both legs with entry, mark, PnL and liquidation, the timer and cumulative PnL', () => {
    const state = emptyState();
    state.stats = {
      ...state.stats,
      cycles: 3,
      volumeUsd: '12000.5',
      feesUsd: '3.2',
      fundingUsd: '7.45',
      pricePnlUsd: '-1.1',
      netUsd: '3.15',
      maxNakedExposureMs: 42,
    };
    state.cycle = {
      id: 'rb4',
      symbol: 'ETH',
      phase: 'open',
      step: 'open',
      first: { venue: 'lighter', side: 'buy', clientOrderIds: [], size: '0.5' },
      second: { venue: 'edgex', side: 'sell', clientOrderIds: [], size: '-0.5' },
      targetSize: '0.5',
      startedAt: now - 3 * 3_600_000,
      openedAt: now - 3 * 3_600_000,
    };
    const position = (size: string, pnl: string) => ({
      symbol: 'ETH',
      size: new Decimal(size),
      entryPrice: new Decimal('3000.5'),
      markPrice: new Decimal('3010'),
      unrealizedPnl: new Decimal(pnl),
      liquidationPrice: new Decimal('2500'),
      notional: new Decimal('1505'),
    });
    const text = renderDashboard(
      {
        state,
        now,
        positions: new Map([
          ['lighter', [position('0.5', '4.75')]],
          ['edgex', [position('-0.5', '-4.70')]],
        ]),
      },
      new Decimal(8),
    );
    expect(text).toContain('cycle rb4  ETH  phase open');
    expect(text).toMatch(/lighter\s+LONG\s+0\.5/);
    expect(text).toMatch(/edgex\s+SHORT -0\.5/);
    expect(text).toContain('uPnL 4.75');
    expect(text).toContain('liq 2500');
    expect(text).toContain('held 3h00m, closes in 5h00m');
    expect(text).toContain('cycles 3  volume $12000.50  fees $3.20  funding $7.45  price $-1.10  net $3.15');
    expect(statusLine({ state, now })).toBe(
      '[2026-01-05T12:00:00.000Z] open ETH lighter:0.5 edgex:-0.5 | cycles 3 net $3.15',
    );
  });

  it('shows the wait between cycles', () => {
    const state = { ...emptyState(), waitUntil: now + 90 * 60_000 };
    expect(renderDashboard({ state, now }, new Decimal(8))).toContain('waiting 1h30m before the next scan');
  });
});
