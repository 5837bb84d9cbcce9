import { Decimal, type Position } from '@dn/core';
import { describe, expect, it } from 'vitest';
import type { CycleView } from '../src/bot.js';
import { statusLine, statusSnapshot, summaryOf } from '../src/report.js';
import { emptyState } from '../src/state.js';

const d = (v: string) => new Decimal(v);
const T = Date.UTC(2026, 0, 5, 12, 0);

function fixture() {
  const state = emptyState({ venue: 'extended', long: 'BTC', short: 'ETH', now: T - 3_600_000 });
  state.hedge = {
    ratio: 0.6228,
    correlation: 0.81,
    rSquared: 0.656,
    samples: 364,
    fromMs: 0,
    toMs: 1,
    gaps: 0,
    computedAt: T,
  };
  state.accounting = {
    ...state.accounting,
    rebalances: 3,
    volumeUsd: '1600',
    feesUsd: '0.4',
    fundingUsd: '-0.1',
    realizedPnlUsd: '2.5',
    maxNetDeltaUsd: '390',
  };
  const leg = (symbol: string, size: string, upnl: string, notional: string): Position => ({
    symbol,
    size: d(size),
    entryPrice: d('1'),
    markPrice: d('1'),
    unrealizedPnl: d(upnl),
    notional: d(notional),
  });
  const view: CycleView = {
    at: T,
    longSize: d('0.01'),
    shortSize: d('-0.179'),
    longPrice: d('95000'),
    shortPrice: d('3300'),
    targets: { long: d('0.01'), short: d('-0.18') },
    netDeltaUsd: d('359.3'),
    unrealizedPnlUsd: d('-1'),
    legs: [leg('BTC', '0.01', '-3', '950'), leg('ETH', '-0.179', '2', '590.7')],
    traded: [],
  };
  return { state, view };
}

describe('summary and status', () => {
  it('price PnL = realised + unrealised; net = price − fees + funding', () => {
    const { state } = fixture();
    const s = summaryOf(state, { mode: 'paper', now: T, unrealized: d('-1'), halted: false, ledgerMatchesVenue: true });
    expect(s).toMatchObject({
      rebalances: 3,
      volumeUsd: '1600',
      feesUsd: '0.4',
      fundingUsd: '-0.1',
      pricePnlUsd: '1.5',
      netUsd: '1',
      hedgeRatio: 0.6228,
      rSquared: 0.656,
      maxNetDeltaUsd: '390',
      ledgerMatchesVenue: true,
    });
  });

  it('the console line shows the ratio, both legs with the target, net delta, the PnL split and the next rebalance', () => {
    const { state, view } = fixture();
    const line = statusLine('PAPER', state, view, T + 300_000);
    expect(line).toBe(
      '[PAPER] 01-05 12:00 h* 0.6228 R² 0.66 | BTC 0.01 @ 95000.0 | ETH -0.179 @ 3300.00 (target -0.18) | net delta +359.30 USD | ' +
        'PnL price +1.50 fees -0.40 funding -0.10 net +1.00 | next rebalance 01-05 12:05',
    );
  });

  it('the ops snapshot carries both legs, the PnL and the halt', () => {
    const { state, view } = fixture();
    const snap = statusSnapshot(state, view, { mode: 'paper', now: T, halted: true, lastLoopAt: 5, nextAt: T + 1 });
    expect(snap.phase).toBe('halted');
    expect(snap.legs.map((l) => [l.symbol, l.side, l.size])).toEqual([
      ['BTC', 'long', '0.01'],
      ['ETH', 'short', '-0.179'],
    ]);
    expect(snap.pnl).toMatchObject({ cycles: 3, pricePnlUsd: '1.5', netUsd: '1', feesUsd: '0.4' });
    expect(snap.headline).toContain('h* 0.6228');
  });
});
