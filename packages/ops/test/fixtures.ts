import type { CycleRow, StatusSnapshot } from '../src/index.js';

/** A snapshot as an app would build it, with a secret-named field that must never be served. Fake values. */
export function sampleStatus(overrides: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    app: 'test-app',
    mode: 'paper',
    phase: 'open',
    lastLoopAt: Date.now(),
    now: Date.UTC(2026, 0, 2),
    headline: 'cycle c-3 BTC open <held>',
    legs: [
      { venue: 'extended', symbol: 'BTC', side: 'long', size: '0.5', entryPrice: '60000', markPrice: '60100.5' },
      { venue: 'pacifica', symbol: 'BTC', side: 'short', size: '-0.5', entryPrice: '60010', markPrice: '60101' },
    ],
    funding: [{ venue: 'extended', symbol: 'BTC', aprPct: '12.5', paidOverPredicted: '0.97' }],
    pnl: {
      cycles: 2,
      volumeUsd: '240000',
      feesUsd: '48.5',
      fundingUsd: '120.25',
      pricePnlUsd: '-3.5',
      netUsd: '68.25',
      maxNakedExposureSeconds: 0.42,
    },
    notes: ['fake api key below is a test value'],
    ...({ apiKey: 'FAKE-TEST-KEY-not-a-secret', nested: { stark_private: '0xFAKE' } } as object),
    ...overrides,
  };
}

export function sampleHistory(): CycleRow[] {
  const row = (id: string, closedAt: number, netUsd: string): CycleRow => ({
    id,
    symbol: 'BTC',
    longVenue: 'extended',
    shortVenue: 'pacifica',
    size: '0.5',
    openedAt: closedAt - 8 * 3_600_000,
    closedAt,
    reason: 'hold_elapsed',
    feesUsd: '24.25',
    fundingUsd: '60',
    pricePnlUsd: '-1',
    netUsd,
  });
  return [row('c-1', Date.UTC(2026, 0, 1, 8), '40.5'), row('c-2', Date.UTC(2026, 0, 1, 16), '27.75')];
}
