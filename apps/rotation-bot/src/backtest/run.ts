import { Decimal, type FundingRate, type Logger, type Market, type Position } from '@dn/core';
import type { BotConfig, VenueName } from '../config.js';
import { expectedPairAprPct, flipStreak, pairStopLoss } from '../exit-rules.js';
import { type Opportunity, scan } from '../scanner.js';
import type { CycleState } from '../state.js';
import type { HistoryView } from './market-data.js';
import { replayVenue } from './replay-venue.js';

const HOUR_MS = 3_600_000;

export interface BacktestOptions {
  config: BotConfig;
  view: HistoryView;
  /** Bid–ask spread per venue in percent (the slippage model: every fill pays half of it). Default 0.05. */
  spreadPct?: Partial<Record<VenueName, Decimal>>;
  /** Time between decisions (scans while flat, checks while holding). Default one hour. */
  stepMs?: number;
  from?: number;
  until?: number;
}

export interface BacktestCycle {
  symbol: string;
  long: VenueName;
  short: VenueName;
  openedAt: number;
  closedAt: number;
  reason: string;
  size: Decimal;
  notionalUsd: Decimal;
  expectedNetAprPct: Decimal;
  fundingUsd: Decimal;
  feesUsd: Decimal;
  slippageUsd: Decimal;
  pricePnlUsd: Decimal;
  netUsd: Decimal;
}

export interface EquityPoint {
  t: number;
  fundingUsd: Decimal;
  /** Fees and slippage paid so far (positive = paid). */
  costsUsd: Decimal;
  pricePnlUsd: Decimal;
  netUsd: Decimal;
}

export interface BacktestResult {
  from: number;
  until: number;
  stepMs: number;
  venues: VenueName[];
  notionalUsd: Decimal;
  cycles: BacktestCycle[];
  equity: EquityPoint[];
  /** Pairs the scanner refused, by reason: distinct `symbol long→short` seen over the run. */
  filtered: Record<string, string[]>;
  hoursInMarket: number;
  scans: number;
}

interface Open {
  opp: Opportunity;
  openedAt: number;
  size: Decimal;
  entryMidLong: Decimal;
  entryMidShort: Decimal;
  lastSettled: number;
  funding: Decimal;
  fees: Decimal;
  slippage: Decimal;
  flipReadings: number;
}

const silent: Logger = new Proxy({} as Logger, { get: (_t, p) => (p === 'child' ? () => silent : () => undefined) });

/**
 * Replays the rotation strategy over stored history with the bot's own code: the scanner (`scan`, every filter
 * and the net-APR estimate) picks the entry; the hold time, the pair stop-loss and the funding-flip exit are the
 * bot's rules (exit-rules.ts) in the bot's order. Fills are at the stored price ± half the venue's spread, taker fees
 * both ways; funding is each settlement's rate × size × its mark (positive rate: longs pay).
 */
export async function runBacktest(o: BacktestOptions): Promise<BacktestResult> {
  const { config, view } = o;
  const stepMs = o.stepMs ?? HOUR_MS;
  const venues = (config.venues as VenueName[]).filter((v) => view.venues.includes(v));
  if (venues.length < 2) {
    throw new Error(`the history holds ${view.venues.join(', ') || 'no venue'}; the config needs two of them`);
  }
  const from = Math.ceil((o.from ?? view.start) / stepMs) * stepMs;
  const until = o.until ?? view.end;
  let now = from;
  const spread = (v: VenueName) => o.spreadPct?.[v] ?? new Decimal('0.05');
  const handles = venues.map((v) => replayVenue(v, view, () => now, spread(v)));
  const marketCache = new Map<VenueName, Map<string, Market>>();
  const notional = Decimal.min(config.notional_per_position, config.max_notional ?? config.notional_per_position);
  const holdMs = config.hold_duration_hours.mul(HOUR_MS).toNumber();
  const waitMs = config.wait_between_cycles_minutes.mul(60_000).toNumber();
  const cycles: BacktestCycle[] = [];
  const equity: EquityPoint[] = [];
  const filtered = new Map<string, Set<string>>();
  let open: Open | undefined;
  let waitUntil = from;
  let scans = 0;
  let inMarketMs = 0;
  const done = { funding: new Decimal(0), costs: new Decimal(0), price: new Decimal(0) };

  const mids = (p: Open, t: number) => ({
    long: view.priceAt(p.opp.long, p.opp.symbol, t) ?? p.entryMidLong,
    short: view.priceAt(p.opp.short, p.opp.symbol, t) ?? p.entryMidShort,
  });
  const pricePnl = (p: Open, m: { long: Decimal; short: Decimal }) =>
    m.long.minus(p.entryMidLong).mul(p.size).plus(p.entryMidShort.minus(m.short).mul(p.size));
  const fillCosts = (p: Open, m: { long: Decimal; short: Decimal }, markets: Map<VenueName, Map<string, Market>>) => {
    const legs: Array<[VenueName, Decimal]> = [
      [p.opp.long, m.long],
      [p.opp.short, m.short],
    ];
    let fees = new Decimal(0);
    let slip = new Decimal(0);
    for (const [v, mid] of legs) {
      const fee = Decimal.max(markets.get(v)?.get(p.opp.symbol)?.takerFee ?? 0, 0);
      fees = fees.plus(p.size.mul(mid).mul(fee));
      slip = slip.plus(p.size.mul(mid).mul(spread(v)).div(200));
    }
    return { fees, slip };
  };
  const settle = (p: Open, t: number) => {
    for (const [v, sign] of [
      [p.opp.long, -1],
      [p.opp.short, 1],
    ] as const) {
      for (const s of view.settlements(v, p.opp.symbol, p.lastSettled, t)) {
        const mark = s.markPrice ?? view.priceAt(v, p.opp.symbol, s.time) ?? p.entryMidLong;
        p.funding = p.funding.plus(p.size.mul(mark).mul(s.rate).mul(sign));
      }
    }
    p.lastSettled = t;
  };
  const close = (p: Open, t: number, reason: string) => {
    const m = mids(p, t);
    const exit = fillCosts(p, m, marketCache);
    p.fees = p.fees.plus(exit.fees);
    p.slippage = p.slippage.plus(exit.slip);
    const price = pricePnl(p, m);
    const net = p.funding.minus(p.fees).minus(p.slippage).plus(price);
    cycles.push({
      symbol: p.opp.symbol,
      long: p.opp.long,
      short: p.opp.short,
      openedAt: p.openedAt,
      closedAt: t,
      reason,
      size: p.size,
      notionalUsd: p.size.mul(p.entryMidLong),
      expectedNetAprPct: p.opp.netApr.mul(100),
      fundingUsd: p.funding,
      feesUsd: p.fees,
      slippageUsd: p.slippage,
      pricePnlUsd: price,
      netUsd: net,
    });
    done.funding = done.funding.plus(p.funding);
    done.costs = done.costs.plus(p.fees).plus(p.slippage);
    done.price = done.price.plus(price);
    inMarketMs += t - p.openedAt;
    waitUntil = t + waitMs;
  };

  for (; now <= until; now += stepMs) {
    if (open) {
      settle(open, now);
      const reason = exitReason(open, now, config, view, holdMs, mids(open, now), pricePnl);
      if (reason) {
        close(open, now, reason);
        open = undefined;
      }
    }
    if (!open && now >= waitUntil && now < until) {
      scans++;
      const result = await scan(handles, config, { log: silent, now: () => now, marketCache });
      const rejected = [...result.opportunities.filter((x) => !x.eligible), ...(result.filtered ?? [])];
      for (const r of rejected) {
        const key = r.rejectedBy ?? 'unknown';
        const set = filtered.get(key) ?? new Set<string>();
        set.add(`${r.symbol} ${r.long}→${r.short}`);
        filtered.set(key, set);
      }
      const best = result.opportunities.find((x) => x.eligible);
      if (best) {
        const size = notional.div(best.midLong);
        open = {
          opp: best,
          openedAt: now,
          size,
          entryMidLong: best.midLong,
          entryMidShort: best.midShort,
          lastSettled: now,
          funding: new Decimal(0),
          fees: new Decimal(0),
          slippage: new Decimal(0),
          flipReadings: 0,
        };
        const entry = fillCosts(open, { long: best.midLong, short: best.midShort }, marketCache);
        open.fees = entry.fees;
        open.slippage = entry.slip;
      }
    }
    const live = open
      ? { funding: open.funding, costs: open.fees.plus(open.slippage), price: pricePnl(open, mids(open, now)) }
      : { funding: new Decimal(0), costs: new Decimal(0), price: new Decimal(0) };
    const f = done.funding.plus(live.funding);
    const c = done.costs.plus(live.costs);
    const pr = done.price.plus(live.price);
    equity.push({ t: now, fundingUsd: f, costsUsd: c, pricePnlUsd: pr, netUsd: f.minus(c).plus(pr) });
  }
  const last = equity[equity.length - 1]?.t ?? until;
  if (open) close(open, last, 'end_of_history');
  const filteredOut: Record<string, string[]> = {};
  for (const [k, v] of [...filtered].sort()) filteredOut[k] = [...v].sort();
  return {
    from,
    until: last,
    stepMs,
    venues,
    notionalUsd: notional,
    cycles,
    equity,
    filtered: filteredOut,
    hoursInMarket: inMarketMs / HOUR_MS,
    scans,
  };
}

/** The bot's exits in its order (holding.ts): hold elapsed, then the pair stop-loss, then the funding flip. */
function exitReason(
  p: Open,
  now: number,
  config: BotConfig,
  view: HistoryView,
  holdMs: number,
  m: { long: Decimal; short: Decimal },
  pricePnl: (p: Open, m: { long: Decimal; short: Decimal }) => Decimal,
): string | undefined {
  if (now >= p.openedAt + holdMs) return 'hold_elapsed';
  // Each leg's unrealised PnL at mids; the stop-loss looks at their sum.
  const longPnl = m.long.minus(p.entryMidLong).mul(p.size);
  const shortPnl = pricePnl(p, m).minus(longPnl);
  const position = (pnl: Decimal, mid: Decimal) => ({ unrealizedPnl: pnl, notional: p.size.mul(mid) }) as Position;
  if (pairStopLoss(position(longPnl, m.long), position(shortPnl, m.short), config, config.leverage)) return 'stop_loss';
  const rate = (v: VenueName): FundingRate | undefined => {
    const f = view.fundingAt(v, p.opp.symbol, now);
    return f
      ? {
          symbol: p.opp.symbol,
          rate: f.rate,
          intervalHours: f.intervalHours,
          apr: f.rate.mul(8760).div(f.intervalHours),
          timestamp: f.time,
        }
      : undefined;
  };
  const fLong = rate(p.opp.long);
  const fShort = rate(p.opp.short);
  if (!fLong || !fShort) return undefined;
  // The bot's cycle record as the flip rule reads it: the first leg is the long one.
  const cycle = { first: { side: 'buy' }, second: { side: 'sell' }, openedAt: p.openedAt } as CycleState;
  const apr = expectedPairAprPct(cycle, fLong, fShort, config, now);
  p.flipReadings = flipStreak(p.flipReadings, apr, config);
  return p.flipReadings >= config.funding_flip_confirmations ? 'funding_flipped' : undefined;
}
