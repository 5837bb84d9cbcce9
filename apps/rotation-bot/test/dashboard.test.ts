import { Decimal, type Position } from '@dn/core';
import { renderToString } from 'ink';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { BotStatus } from '../src/bot.js';
import { classify, EventLog } from '../src/dashboard/events.js';
import { usd } from '../src/dashboard/format.js';
import { statusLine } from '../src/dashboard/status-line.js';
import { Dashboard } from '../src/dashboard/view.js';
import { type DashboardInput, dashboardView } from '../src/dashboard/view-model.js';
import { FundingWatch } from '../src/funding-check.js';
import { OpsStatusTracker } from '../src/ops-status.js';
import type { Opportunity, ScanResult } from '../src/scanner.js';
import { type BotState, emptyState } from '../src/state.js';
import { heldEthCycle } from './cycle-fixture.js';

const now = Date.UTC(2026, 0, 5, 12, 0, 0);
const HOLD_MS = 8 * 3_600_000;

function heldState(): BotState {
  const state = emptyState();
  state.stats = {
    ...state.stats,
    cycles: 3,
    volumeUsd: '12000.5',
    feesUsd: '3.2',
    fundingUsd: '7.45',
    pricePnlUsd: '-1.1',
    netUsd: '3.15',
    maxNakedExposureMs: 420,
    aborted: 2,
    stopLosses: 0,
    flipExits: 1,
    expectedNetUsd: '4',
    realisedNetOfExpectedUsd: '3.15',
  };
  state.cycle = heldEthCycle('rb4', now - 2 * 3_600_000, {
    step: 'reconciled',
    expectedNetAprPct: '9.10',
    expected: { fundingUsd: '1.2', feesUsd: '0.9', pricePnlUsd: '0', netUsd: '0.3' },
  });
  return state;
}

const position = (size: string, pnl: string, liq: string | null): Position => ({
  symbol: 'ETH',
  size: new Decimal(size),
  entryPrice: new Decimal('3000.5'),
  markPrice: new Decimal('3000'),
  unrealizedPnl: new Decimal(pnl),
  liquidationPrice: liq === null ? null : new Decimal(liq),
  notional: new Decimal('1500'),
});

const balance = (equity: string, maintenance?: string, initial?: string) => ({
  currency: 'USD',
  collateral: new Decimal(equity),
  equity: new Decimal(equity),
  availableMargin: new Decimal(equity),
  unrealizedPnl: new Decimal(0),
  ...(maintenance ? { maintenanceMargin: new Decimal(maintenance) } : {}),
  ...(initial ? { initialMarginUsed: new Decimal(initial) } : {}),
});

function opportunity(symbol: string, netApr: string, rejectedBy?: string): Opportunity {
  const d = (v: string) => new Decimal(v);
  return {
    symbol,
    long: 'lighter',
    short: 'edgex',
    longRate: d('0.00001'),
    longIntervalHours: 1,
    shortRate: d('0.0001'),
    shortIntervalHours: 4,
    grossApr: d('0.15'),
    netApr: d(netApr),
    roundTripCost: d('0.001'),
    feesCost: d('0.001'),
    slippageCost: d('0'),
    entryBasis: d('0'),
    expectedExitBasis: d('0'),
    basisCost: d('0'),
    breakEvenHours: d('12.5'),
    combinedVolumeUsd: d('50000000'),
    intraSpreadPct: d('0.01'),
    crossSpreadPct: d('0.02'),
    eligible: rejectedBy === undefined,
    ...(rejectedBy ? { rejectedBy } : {}),
    midLong: d('3000'),
    midShort: d('3001'),
  };
}

function scanResult(n: number): ScanResult {
  const opportunities = Array.from({ length: n }, (_, i) =>
    opportunity(`S${i}`, i === 0 ? '0.091' : '-0.01', i === 0 ? undefined : 'net APR below minimum'),
  );
  return { at: now - 3 * 3_600_000, opportunities, skipped: [], markets: new Map() };
}

/** The figures as main.ts feeds them: the bot's statuses through the status page's tracker. */
function input(statuses: BotStatus[], extra: Partial<DashboardInput> = {}): DashboardInput {
  const tracker = new OpsStatusTracker(
    {
      mode: 'paper',
      isHalted: () => false,
      speed: 3600,
      checkIntervalMs: 300_000,
      scanIntervalMs: 60_000,
      holdMs: HOLD_MS,
    },
    () => ({ totalSeconds: 0 }),
  );
  for (const s of statuses) tracker.update(s);
  return {
    mode: 'PAPER',
    snapshot: tracker.snapshot(),
    status: tracker.latest(),
    holdMs: HOLD_MS,
    speed: 3600,
    events: [],
    rows: 40,
    ...extra,
  };
}

function heldStatuses(): BotStatus[] {
  const state = heldState();
  const hold: BotStatus = {
    state,
    now: now - 60_000,
    positions: new Map([
      ['lighter', [position('0.5', '-0.25', '2500')]],
      ['edgex', [position('-0.5', '0.2', '3100')]],
    ]),
    balances: new Map([
      ['lighter', balance('1000', '31')],
      ['edgex', balance('800', undefined, '200')],
    ]),
  };
  // The loop's own status after the hold check carries no positions: the tracker keeps the hold check's.
  const loop: BotStatus = {
    state,
    now,
    lastScan: scanResult(3),
    fundingRatios: new Map([['lighter', new Decimal('1.0234')]]),
    fundingRates: new Map([
      ['lighter', { rate: new Decimal('0.00001'), intervalHours: 1, at: now }],
      ['edgex', { rate: new Decimal('0.0001'), intervalHours: 4, at: now }],
    ]),
    cycleFunding: new Map([
      ['lighter', { actualUsd: new Decimal('-0.03'), predictedUsd: new Decimal('-0.03'), payments: 2, unpredicted: 0 }],
      ['edgex', { actualUsd: new Decimal('0.36'), predictedUsd: new Decimal('0.3'), payments: 1, unpredicted: 0 }],
    ]),
  };
  return [hold, loop];
}

describe('dashboard view model', () => {
  it('a held pair: mode, phase, both legs with entry, mark, PnL, liquidation and margin, funding and timers', () => {
    const view = dashboardView(input(heldStatuses()));
    expect(view.mode).toBe('PAPER');
    expect(view.phase).toEqual({ text: 'open (reconciled)', tone: 'pos' });
    expect(view.headline).toBe('cycle rb4 ETH · expected net APR 9.10%');
    expect(view.clock).toBe('2026-01-05 12:00:00Z ×3600');
    expect(view.legs).toEqual([
      {
        venue: 'lighter',
        side: 'LONG',
        size: '0.5',
        entry: '3000.5',
        mark: '3000',
        upnl: { text: '-$0.25', tone: 'neg' },
        liq: { text: '2500 (16.7%)', tone: 'plain' },
        margin: { text: '3.1%', tone: 'plain' },
      },
      {
        venue: 'edgex',
        side: 'SHORT',
        size: '-0.5',
        entry: '3000.5',
        mark: '3000',
        // 3.3 % from mark: close to liquidation is red.
        upnl: { text: '+$0.20', tone: 'pos' },
        liq: { text: '3100 (3.3%)', tone: 'neg' },
        // edgex reports initial margin only: shown as such, never as a maintenance ratio.
        margin: { text: '25.0% IM', tone: 'plain' },
      },
    ]);
    const f = view.funding;
    expect(f?.venues.map((v) => [v.venue, v.side, v.rate, v.apr.text, v.accrued.text, v.paidOverPredicted])).toEqual([
      ['lighter', 'LONG', '+0.0010%/1h', '+8.76%', '-$0.0300', '1.02×'],
      ['edgex', 'SHORT', '+0.0100%/4h', '+21.90%', '+$0.3600', '-'],
    ]);
    // Longs pay positive rates: the pair earns the short venue's APR minus the long venue's.
    expect(f?.pairApr).toEqual({ text: '+13.14%', tone: 'pos' });
    expect(f?.accrued.text).toBe('+$0.3300');
    expect(f?.predicted).toBe('+$0.2700 (3 payments)');
    expect(f?.expected).toBe('+$0.30 by now, +$1.20 over the hold');
    expect([f?.held, f?.toClose, f?.progress]).toEqual(['2h00m', '6h00m', 0.25]);
    expect(view.totals.map((t) => `${t.label} ${t.value.text}`)).toEqual([
      'cycles 3',
      'volume $12,000.50',
      'fees $3.20',
      'funding +$7.45',
      'price PnL -$1.10',
      'net +$3.15',
    ]);
    expect(view.counters.map((t) => `${t.label} ${t.value.text}`)).toEqual([
      'aborted opens 2',
      'stop-loss 0',
      'flip exits 1',
      'max naked 0.42 s',
      'expected vs realised +$4.00 / +$3.15 (gap -$0.85)',
    ]);
    expect(view.scan?.heading).toBe('last scan 09:00:00 · 3 pairs · 1 eligible');
    expect(view.scan?.rows[0]).toMatchObject({ symbol: 'S0', long: 'lighter', short: 'edgex', grossApr: '15.00%' });
    expect(view.scan?.rows[1]?.status).toEqual({ text: 'net APR below minimum', tone: 'dim' });
  });

  it('flat: the wait before the next scan, no legs and no funding region', () => {
    const state = { ...emptyState(), waitUntil: now + 90 * 60_000 };
    const view = dashboardView(input([{ state, now }]));
    expect(view.headline).toBe('flat · next scan in 1h30m');
    expect(view.phase.text).toBe('idle');
    expect(view.legs).toEqual([]);
    expect(view.funding).toBeUndefined();
    expect(dashboardView(input([{ state: emptyState(), now }])).headline).toBe(
      'flat · scanning for the next opportunity',
    );
    expect(dashboardView(input([])).headline).toBe('loading state, reconciling with the venues');
  });

  it('a halt shows as the phase, whatever the cycle does', () => {
    const tracker = new OpsStatusTracker(
      { mode: 'live', isHalted: () => true, speed: 1, checkIntervalMs: 1, scanIntervalMs: 1, holdMs: HOLD_MS },
      () => ({ totalSeconds: 0 }),
    );
    const [hold] = heldStatuses() as [BotStatus];
    tracker.update(hold);
    const view = dashboardView({
      ...input([]),
      mode: 'LIVE',
      speed: 1,
      snapshot: tracker.snapshot(),
      status: tracker.latest(),
    });
    expect(view.phase).toEqual({ text: 'halted', tone: 'neg' });
    expect(view.mode).toBe('LIVE');
    expect(view.clock).toBe('2026-01-05 11:59:00Z');
  });

  it('the positions and balances of a closed cycle do not outlive it', () => {
    const [hold, loop] = heldStatuses() as [BotStatus, BotStatus];
    const flat: BotStatus = { state: emptyState(), now: now + 1 };
    const view = dashboardView(input([hold, loop, flat]));
    expect(view.legs).toEqual([]);
    expect(input([hold, loop, flat]).status?.balances).toBeUndefined();
  });

  it('cuts the scan rows and the events so the screen fits the terminal, newest events kept', () => {
    const events = new EventLog();
    for (let i = 0; i < 60; i++) events.add(`open E${i}: long lighter / short edgex`, now + i * 1000);
    const [hold, loop] = heldStatuses() as [BotStatus, BotStatus];
    const big = { ...loop, lastScan: scanResult(30) };
    for (const [rows, columns] of [
      [24, 80],
      [40, 120],
      [60, 120],
      [40, 80],
    ] as const) {
      const inp = input([hold, big], { rows, events: events.list() });
      const view = dashboardView(inp);
      expect(view.events.at(-1)?.text).toBe('open E59: long lighter / short edgex');
      expect(view.scan?.rows.length).toBeGreaterThan(0);
      const text = renderToString(createElement(Dashboard, { view, columns }), { columns });
      const lines = text.split('\n');
      // One line spare for the cursor: the frame is redrawn in place, never scrolled.
      expect(lines.length).toBeLessThanOrEqual(rows - 1);
      if (rows >= 40) expect(lines.length).toBe(rows - 1);
      expect(lines.every((l) => l.length <= columns)).toBe(true);
      // A narrow terminal cuts the headline, never the mode or the clock.
      expect(lines[0]).toMatch(/^ PAPER {2}rotation-bot · .* 2026-01-05 12:00:00Z ×3600$/);
    }
  });

  it('renders every region as text (ink)', () => {
    const log = new EventLog();
    log.add('opened ETH: lighter 0.5 / edgex -0.5', now - 7_200_000);
    log.add('error: TIMEOUT: request timed out (failure 1 in a row; retrying after a backoff)', now - 60_000);
    const view = dashboardView(input(heldStatuses(), { events: log.list() }));
    const text = renderToString(createElement(Dashboard, { view, columns: 120 }), { columns: 120 });
    expect(text).toMatch(/^ PAPER {2}rotation-bot · open \(reconciled\) · cycle rb4 ETH/);
    expect(text).toMatch(/lighter\s+LONG\s+0\.5\s+3000\.5\s+3000\s+-\$0\.25\s+2500 \(16\.7%\)\s+3\.1%/);
    expect(text).toMatch(/edgex\s+SHORT\s+-0\.5\s+3000\.5\s+3000\s+\+\$0\.20\s+3100 \(3\.3%\)\s+25\.0% IM/);
    expect(text).toMatch(/lighter\s+LONG\s+\+0\.0010%\/1h\s+\+8\.76%\s+-\$0\.0300\s+1\.02×/);
    expect(text).toContain('pair APR +13.14% · accrued +$0.3300 · predicted +$0.2700 (3 payments)');
    expect(text).toMatch(/held 2h00m · closes in 6h00m █{5}░{15} · expected at entry \+\$0\.30 by now/);
    expect(text).toMatch(/S0\s+lighter\s+edgex\s+15\.00%\s+9\.10%\s+12\.5h\s+ok/);
    expect(text).toContain(
      'cycles 3 · volume $12,000.50 · fees $3.20 · funding +$7.45 · price PnL -$1.10 · net +$3.15',
    );
    expect(text).toMatch(/10:00:00 open\s+opened ETH/);
    expect(text).toMatch(/11:59:00 error\s+error: TIMEOUT/);
  });
});

describe('dashboard events', () => {
  it('classifies what the bot prints and keeps the first line of a scan table only', () => {
    expect(classify('open ETH: long lighter / short edgex, size 0.5 (net APR 9.10%)')).toBe('open');
    expect(classify('opened ETH: lighter 0.5 / edgex -0.5')).toBe('open');
    expect(classify('close ETH (hold_elapsed)')).toBe('close');
    expect(classify('cycle rb4 hold_elapsed: volume $3000.00, fees $1.2000')).toBe('close');
    expect(classify('cycle rb5 aborted: volume $0.00')).toBe('abort');
    expect(classify('aborted ETH (long lighter / short edgex): hedge refused')).toBe('abort');
    expect(classify('error: TIMEOUT: no answer')).toBe('error');
    expect(classify('rotation-bot stopped: halted')).toBe('error');
    expect(classify('ALERT: funding on lighter is 8.1× the predicted value: units?')).toBe('alert');
    expect(classify('HALT: dn.HALT.json (by emergency-exit: flatten)')).toBe('alert');
    expect(classify('skip ETH: not trading on edgex')).toBe('info');
    const log = new EventLog(3);
    log.add('\n[2026-01-05T12:00:00Z] scan: 64 pairs\n # sym long ...\n 1 ETH ...', now);
    expect(log.list()).toEqual([{ at: now, kind: 'scan', text: 'scan: 64 pairs' }]);
    for (const i of [1, 2, 3]) log.add(`open X${i}: …`, now + i);
    expect(log.list().map((e) => e.text)).toEqual(['open X1: …', 'open X2: …', 'open X3: …']);
  });
});

describe('dashboard data', () => {
  it('funding accrued this cycle beside what the rates read predicted, and the latest rate read', () => {
    const w = new FundingWatch();
    const h = 3_600_000;
    w.noteRate('lighter', 'ETH', new Decimal('0.0001'), 1, now);
    const pay = (at: number, amount: string) => ({ symbol: 'ETH', amount: new Decimal(amount), timestamp: at });
    // Long 1 ETH at 2000: a 1 bp/h rate predicts −0.2 per payment.
    w.judge('lighter', 'ETH', [pay(now + h, '-0.2'), pay(now + 2 * h, '-0.3')], new Decimal(1), new Decimal(2000));
    // A payment seen again is not counted twice.
    w.judge('lighter', 'ETH', [pay(now + 2 * h, '-0.3')], new Decimal(1), new Decimal(2000));
    const a = w.accrued('lighter', 'ETH', now);
    // The second payment is more than one interval after the only reading: counted, but nothing predicted it.
    expect([a.actualUsd.toString(), a.predictedUsd.toString(), a.payments, a.unpredicted]).toEqual([
      '-0.5',
      '-0.2',
      2,
      1,
    ]);
    expect(w.accrued('lighter', 'ETH', now + 2 * h).actualUsd.toString()).toBe('-0.3');
    expect(w.latestRate('lighter', 'ETH')).toEqual({ rate: new Decimal('0.0001'), intervalHours: 1, at: now });
    expect(w.latestRate('edgex', 'ETH')).toBeUndefined();
    const early = new FundingWatch();
    early.judge('edgex', 'ETH', [pay(now, '0.1')], new Decimal(-1), new Decimal(2000));
    expect(early.accrued('edgex', 'ETH', 0).unpredicted).toBe(1);
  });

  it('plain status line (no TTY) and money formatting', () => {
    const state = heldState();
    expect(statusLine({ state, now })).toBe(
      '[2026-01-05T12:00:00.000Z] open ETH lighter:0.5 edgex:-0.5 | cycles 3 net $3.15',
    );
    expect([usd('-0.004'), usd('1234567.891'), usd('0.5', 2, true), usd('-1.5', 4)]).toEqual([
      '$0.00',
      '$1,234,567.89',
      '+$0.50',
      '-$1.5000',
    ]);
  });
});
