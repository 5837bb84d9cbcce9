import { type Balance, Decimal } from '@dn/core';
import type { StatusSnapshot } from '@dn/ops';
import type { BotStatus } from '../bot.js';
import type { VenueName } from '../config.js';
import type { DashboardEvent, EventKind } from './events.js';
import { clockText, duration, num, pct, type Tone, timeOfDay, toneOf, usd } from './format.js';

export interface DashboardInput {
  /** PAPER, SIM or LIVE. */
  mode: string;
  /** The status page's snapshot (OpsStatusTracker): phase (halted included), legs with their positions, totals. */
  snapshot: StatusSnapshot;
  /** The latest bot status with the positions and balances of the last hold check (OpsStatusTracker.latest()). */
  status: BotStatus | undefined;
  holdMs: number;
  /** Clock speed in paper and sim modes (×N); 1 live. */
  speed: number;
  events: readonly DashboardEvent[];
  /** Terminal size: the screen is cut to fit so it never scrolls. */
  rows: number;
}

export interface Cell {
  text: string;
  tone: Tone;
}

export interface LegView {
  venue: string;
  side: 'LONG' | 'SHORT';
  size: string;
  entry: string;
  mark: string;
  upnl: Cell;
  /** Liquidation price and its distance from mark. */
  liq: Cell;
  /** Maintenance margin over equity of the leg's account ("IM" when the venue reports initial margin only). */
  margin: Cell;
}

export interface FundingVenueView {
  venue: string;
  side: 'LONG' | 'SHORT';
  /** Rate per interval and the interval, e.g. "+0.0012%/1h". */
  rate: string;
  apr: Cell;
  /** Settled this cycle on this venue. */
  accrued: Cell;
  /** Latest payment over what the rate read predicted. */
  paidOverPredicted: string;
}

export interface ScanRowView {
  symbol: string;
  long: string;
  short: string;
  grossApr: string;
  netApr: Cell;
  breakEven: string;
  status: Cell;
}

export interface EventView {
  time: string;
  kind: EventKind;
  text: string;
}

export interface DashboardView {
  mode: string;
  phase: Cell;
  /** "cycle rb4 ETH · expected net APR 9.10%", or what the bot does while flat. */
  headline: string;
  clock: string;
  legs: LegView[];
  funding?: {
    venues: FundingVenueView[];
    pairApr: Cell;
    /** Funding settled this cycle vs what the rates read predicted vs the expectation at entry. */
    accrued: Cell;
    predicted: string;
    expected: string;
    held: string;
    toClose: string;
    /** 0..1 of the hold elapsed. */
    progress: number;
  };
  scan?: { heading: string; rows: ScanRowView[]; skipped: string[] };
  totals: Array<{ label: string; value: Cell }>;
  counters: Array<{ label: string; value: Cell }>;
  events: EventView[];
}

/** Lines the view spends outside the scan rows and events (headings, table headers, legs, funding, totals). */
function fixedLines(view: Omit<DashboardView, 'events'>): number {
  const legs = 1 + (view.legs.length > 0 ? 1 + view.legs.length : 1);
  const funding = view.funding ? 2 + view.funding.venues.length + 2 : 0;
  const scan = view.scan ? 2 + view.scan.skipped.length : 0;
  return 1 + legs + funding + scan + 3 + 1;
}

export function dashboardView(input: DashboardInput): DashboardView {
  const { snapshot, status } = input;
  const now = status?.now ?? snapshot.now;
  const cycle = status?.state.cycle ?? null;
  const phaseText =
    cycle && snapshot.phase !== 'halted' && cycle.step !== snapshot.phase
      ? `${snapshot.phase} (${cycle.step}${cycle.stepAttempt ? ` #${cycle.stepAttempt}` : ''})`
      : snapshot.phase;
  const phaseTone: Tone = snapshot.phase === 'halted' ? 'neg' : cycle?.phase === 'open' ? 'pos' : 'warn';
  const base: Omit<DashboardView, 'events'> = {
    mode: input.mode,
    phase: { text: phaseText, tone: cycle || snapshot.phase === 'halted' ? phaseTone : 'plain' },
    headline: headline(input, now),
    clock: `${clockText(now)}${input.speed !== 1 ? ` ×${input.speed}` : ''}`,
    legs: snapshot.legs.map((l) => legView(l, status?.balances?.get(l.venue as VenueName))),
    funding: fundingView(input, now),
    scan: scanView(status),
    totals: totals(snapshot),
    counters: counters(status),
  };
  // The screen never scrolls: what is left after the fixed regions goes to the scan's top rows and the events.
  const spare = Math.max(2, input.rows - 1 - fixedLines(base));
  const scanRows = base.scan ? Math.min(base.scan.rows.length, 8, Math.max(1, Math.floor(spare / 2))) : 0;
  if (base.scan) base.scan.rows = base.scan.rows.slice(0, scanRows);
  const eventRows = Math.max(1, spare - scanRows);
  const events = input.events.slice(-eventRows).map((e) => ({ time: timeOfDay(e.at), kind: e.kind, text: e.text }));
  return { ...base, events };
}

function headline(input: DashboardInput, now: number): string {
  const state = input.status?.state;
  const c = state?.cycle;
  if (c) {
    return `cycle ${c.id} ${c.symbol}${c.expectedNetAprPct ? ` · expected net APR ${c.expectedNetAprPct}%` : ''}`;
  }
  if (!state) return 'loading state, reconciling with the venues';
  if (state.waitUntil && state.waitUntil > now) return `flat · next scan in ${duration(state.waitUntil - now)}`;
  return 'flat · scanning for the next opportunity';
}

function legView(leg: StatusSnapshot['legs'][number], balance: Balance | undefined): LegView {
  const mark = leg.markPrice;
  let liq: Cell = { text: '-', tone: 'dim' };
  if (leg.liquidationPrice === null) liq = { text: 'none', tone: 'plain' };
  else if (leg.liquidationPrice !== undefined) {
    const away = mark ? new Decimal(leg.liquidationPrice).minus(mark).abs().div(mark) : undefined;
    liq = {
      text: `${num(leg.liquidationPrice)}${away ? ` (${pct(away, 1)})` : ''}`,
      tone: away?.lt('0.05') ? 'neg' : away?.lt('0.15') ? 'warn' : 'plain',
    };
  }
  return {
    venue: leg.venue,
    side: leg.side === 'long' ? 'LONG' : 'SHORT',
    size: num(leg.size),
    entry: leg.entryPrice ? num(leg.entryPrice) : '-',
    mark: mark ? num(mark) : '-',
    upnl: leg.unrealizedPnlUsd
      ? { text: usd(leg.unrealizedPnlUsd, 2, true), tone: toneOf(leg.unrealizedPnlUsd) }
      : { text: '-', tone: 'dim' },
    liq,
    margin: marginCell(balance),
  };
}

function marginCell(b: Balance | undefined): Cell {
  if (!b?.equity.gt(0)) return { text: '-', tone: 'dim' };
  const used = b.maintenanceMargin ?? b.initialMarginUsed;
  if (!used) return { text: '-', tone: 'dim' };
  const ratio = used.div(b.equity);
  const tone: Tone = !b.maintenanceMargin ? 'plain' : ratio.gte('0.8') ? 'neg' : ratio.gte('0.5') ? 'warn' : 'plain';
  return { text: `${pct(ratio, 1)}${b.maintenanceMargin ? '' : ' IM'}`, tone };
}

function fundingView(input: DashboardInput, now: number): DashboardView['funding'] {
  const status = input.status;
  const c = status?.state.cycle;
  if (!status || !c) return undefined;
  const opened = c.openedAt ?? c.startedAt;
  const held = Math.max(0, now - opened);
  const venues: FundingVenueView[] = [];
  let pairApr = new Decimal(0);
  let pairKnown = true;
  let accrued = new Decimal(0);
  let predicted = new Decimal(0);
  let payments = 0;
  for (const leg of [c.first, c.second]) {
    const r = status.fundingRates?.get(leg.venue);
    const paid = status.cycleFunding?.get(leg.venue);
    const ratio = status.fundingRatios?.get(leg.venue);
    const apr = r ? r.rate.mul(8760).div(r.intervalHours) : undefined;
    // Positive rates make longs pay shorts: the pair earns the short venue's APR minus the long venue's.
    if (apr) pairApr = leg.side === 'sell' ? pairApr.plus(apr) : pairApr.minus(apr);
    else pairKnown = false;
    if (paid) {
      accrued = accrued.plus(paid.actualUsd);
      predicted = predicted.plus(paid.predictedUsd);
      payments += paid.payments;
    }
    venues.push({
      venue: leg.venue,
      side: leg.side === 'buy' ? 'LONG' : 'SHORT',
      rate: r ? `${pct(r.rate, 4, true)}/${r.intervalHours}h` : '-',
      apr: apr ? { text: pct(apr, 2, true), tone: 'plain' } : { text: '-', tone: 'dim' },
      accrued: paid ? { text: usd(paid.actualUsd, 4, true), tone: toneOf(paid.actualUsd) } : { text: '-', tone: 'dim' },
      paidOverPredicted: ratio ? (ratio.isFinite() ? `${ratio.toFixed(2)}×` : '∞') : '-',
    });
  }
  const share = input.holdMs > 0 ? Math.min(1, held / input.holdMs) : 0;
  const exp = c.expected ? new Decimal(c.expected.fundingUsd) : undefined;
  return {
    venues,
    pairApr: pairKnown ? { text: pct(pairApr, 2, true), tone: toneOf(pairApr) } : { text: '-', tone: 'dim' },
    accrued: { text: usd(accrued, 4, true), tone: toneOf(accrued) },
    predicted: `${usd(predicted, 4, true)} (${payments} payment${payments === 1 ? '' : 's'})`,
    expected: exp ? `${usd(exp.mul(share), 2, true)} by now, ${usd(exp, 2, true)} over the hold` : 'none recorded',
    held: duration(held),
    toClose: duration(Math.max(0, opened + input.holdMs - now)),
    progress: share,
  };
}

function scanView(status: BotStatus | undefined): DashboardView['scan'] {
  const scan = status?.lastScan;
  if (!scan) return undefined;
  const eligible = scan.opportunities.filter((o) => o.eligible).length;
  return {
    heading: `last scan ${timeOfDay(scan.at)} · ${scan.opportunities.length} pairs · ${eligible} eligible`,
    rows: scan.opportunities.slice(0, 8).map((o) => ({
      symbol: o.symbol,
      long: o.long,
      short: o.short,
      grossApr: pct(o.grossApr),
      netApr: { text: pct(o.netApr), tone: toneOf(o.netApr) },
      breakEven: o.breakEvenHours ? `${o.breakEvenHours.toFixed(1)}h` : '-',
      status: o.eligible ? { text: 'ok', tone: 'pos' } : { text: o.rejectedBy ?? 'filtered', tone: 'dim' },
    })),
    skipped: scan.skipped.map((s) => `skipped ${s.venue}: ${s.reason}`),
  };
}

function totals(snapshot: StatusSnapshot): DashboardView['totals'] {
  const p = snapshot.pnl;
  return [
    { label: 'cycles', value: { text: String(p.cycles), tone: 'plain' } },
    { label: 'volume', value: { text: usd(p.volumeUsd), tone: 'plain' } },
    // Fees are stored as paid (positive = cost).
    { label: 'fees', value: { text: usd(p.feesUsd), tone: new Decimal(p.feesUsd).gt(0) ? 'neg' : 'plain' } },
    { label: 'funding', value: { text: usd(p.fundingUsd, 2, true), tone: toneOf(p.fundingUsd) } },
    { label: 'price PnL', value: { text: usd(p.pricePnlUsd, 2, true), tone: toneOf(p.pricePnlUsd) } },
    { label: 'net', value: { text: usd(p.netUsd, 2, true), tone: toneOf(p.netUsd) } },
  ];
}

function counters(status: BotStatus | undefined): DashboardView['counters'] {
  const s = status?.state.stats;
  if (!s) return [];
  const count = (n: number | undefined, bad: boolean): Cell => ({
    text: String(n ?? 0),
    tone: bad && n ? 'warn' : 'plain',
  });
  const out: DashboardView['counters'] = [
    { label: 'aborted opens', value: count(s.aborted, true) },
    { label: 'stop-loss', value: count(s.stopLosses, true) },
    { label: 'flip exits', value: count(s.flipExits, false) },
    {
      label: 'max naked',
      value: {
        text: `${(s.maxNakedExposureMs / 1000).toFixed(2)} s`,
        tone: s.maxNakedExposureMs > 0 ? 'warn' : 'plain',
      },
    },
  ];
  if (s.expectedNetUsd !== undefined) {
    const realised = new Decimal(s.realisedNetOfExpectedUsd ?? '0');
    const gap = realised.minus(s.expectedNetUsd);
    out.push({
      label: 'expected vs realised',
      value: {
        text: `${usd(s.expectedNetUsd, 2, true)} / ${usd(realised, 2, true)} (gap ${usd(gap, 2, true)})`,
        tone: toneOf(gap),
      },
    });
  }
  return out;
}
