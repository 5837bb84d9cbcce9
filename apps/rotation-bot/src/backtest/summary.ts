import { Decimal } from '@dn/core';
import type { BacktestCycle, BacktestResult } from './run.js';

const HOUR_MS = 3_600_000;
const HOURS_PER_YEAR = 8760;

export interface PairSummary {
  pair: string;
  cycles: number;
  hours: number;
  fundingUsd: Decimal;
  costsUsd: Decimal;
  pricePnlUsd: Decimal;
  netUsd: Decimal;
}

export interface BacktestSummary {
  from: number;
  until: number;
  days: number;
  venues: string[];
  notionalUsd: Decimal;
  cycles: number;
  exits: Record<string, number>;
  fundingUsd: Decimal;
  feesUsd: Decimal;
  slippageUsd: Decimal;
  pricePnlUsd: Decimal;
  netUsd: Decimal;
  /** Funding alone, then everything, per year, in percent of one leg's notional (the bot's APR basis). */
  grossAprPct: Decimal;
  netAprPct: Decimal;
  maxDrawdownUsd: Decimal;
  timeInMarketPct: Decimal;
  perPair: PairSummary[];
  filtered: Record<string, number>;
}

export function summarize(r: BacktestResult): BacktestSummary {
  const sum = (f: (c: BacktestCycle) => Decimal) => r.cycles.reduce((a, c) => a.plus(f(c)), new Decimal(0));
  const hours = Math.max((r.until - r.from) / HOUR_MS, 1e-9);
  const years = new Decimal(hours).div(HOURS_PER_YEAR);
  const funding = sum((c) => c.fundingUsd);
  const net = sum((c) => c.netUsd);
  let peak = new Decimal(0);
  let maxDd = new Decimal(0);
  for (const p of r.equity) {
    peak = Decimal.max(peak, p.netUsd);
    maxDd = Decimal.max(maxDd, peak.minus(p.netUsd));
  }
  const exits: Record<string, number> = {};
  const pairs = new Map<string, PairSummary>();
  for (const c of r.cycles) {
    exits[c.reason] = (exits[c.reason] ?? 0) + 1;
    const key = `${c.symbol} ${c.long}→${c.short}`;
    const p = pairs.get(key) ?? {
      pair: key,
      cycles: 0,
      hours: 0,
      fundingUsd: new Decimal(0),
      costsUsd: new Decimal(0),
      pricePnlUsd: new Decimal(0),
      netUsd: new Decimal(0),
    };
    p.cycles++;
    p.hours += (c.closedAt - c.openedAt) / HOUR_MS;
    p.fundingUsd = p.fundingUsd.plus(c.fundingUsd);
    p.costsUsd = p.costsUsd.plus(c.feesUsd).plus(c.slippageUsd);
    p.pricePnlUsd = p.pricePnlUsd.plus(c.pricePnlUsd);
    p.netUsd = p.netUsd.plus(c.netUsd);
    pairs.set(key, p);
  }
  const apr = (usd: Decimal) => (r.notionalUsd.isZero() ? new Decimal(0) : usd.div(r.notionalUsd).div(years).mul(100));
  return {
    from: r.from,
    until: r.until,
    days: hours / 24,
    venues: r.venues,
    notionalUsd: r.notionalUsd,
    cycles: r.cycles.length,
    exits,
    fundingUsd: funding,
    feesUsd: sum((c) => c.feesUsd),
    slippageUsd: sum((c) => c.slippageUsd),
    pricePnlUsd: sum((c) => c.pricePnlUsd),
    netUsd: net,
    grossAprPct: apr(funding),
    netAprPct: apr(net),
    maxDrawdownUsd: maxDd,
    timeInMarketPct: new Decimal(r.hoursInMarket).div(hours).mul(100),
    perPair: [...pairs.values()].sort((a, b) => b.netUsd.cmp(a.netUsd)),
    filtered: Object.fromEntries(Object.entries(r.filtered).map(([k, v]) => [k, v.length])),
  };
}

const usd = (d: Decimal) => `${d.isNeg() ? '-' : ''}$${d.abs().toFixed(2)}`;

export function formatSummary(s: BacktestSummary): string {
  const lines = [
    `backtest ${new Date(s.from).toISOString()} → ${new Date(s.until).toISOString()} (${s.days.toFixed(1)} days) on ${s.venues.join(' + ')}, $${s.notionalUsd.toFixed(0)} per leg`,
    `cycles ${s.cycles} (${
      Object.entries(s.exits)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }), time in market ${s.timeInMarketPct.toFixed(1)}%`,
    `funding ${usd(s.fundingUsd)}  fees ${usd(s.feesUsd.neg())}  slippage ${usd(s.slippageUsd.neg())}  price ${usd(s.pricePnlUsd)}  net ${usd(s.netUsd)}`,
    `gross APR ${s.grossAprPct.toFixed(2)}%  net APR ${s.netAprPct.toFixed(2)}%  max drawdown ${usd(s.maxDrawdownUsd)}`,
    `filtered pairs: ${
      Object.entries(s.filtered)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
  ];
  if (s.perPair.length > 0) {
    lines.push(
      '',
      `${'pair'.padEnd(30)} ${'cycles'.padStart(6)} ${'hours'.padStart(7)} ${'funding'.padStart(10)} ${'costs'.padStart(9)} ${'price'.padStart(9)} ${'net'.padStart(9)}`,
    );
    for (const p of s.perPair) {
      lines.push(
        `${p.pair.padEnd(30)} ${String(p.cycles).padStart(6)} ${p.hours.toFixed(0).padStart(7)} ${usd(p.fundingUsd).padStart(10)} ${usd(p.costsUsd.neg()).padStart(9)} ${usd(p.pricePnlUsd).padStart(9)} ${usd(p.netUsd).padStart(9)}`,
      );
    }
  }
  return lines.join('\n');
}

/** JSON with decimals as strings (never floats), times as ISO strings. */
export function summaryJson(s: BacktestSummary, r: BacktestResult): unknown {
  const dec = (v: unknown): unknown =>
    v instanceof Decimal
      ? v.toString()
      : Array.isArray(v)
        ? v.map(dec)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, dec(x)]))
          : v;
  return dec({
    ...s,
    from: new Date(s.from).toISOString(),
    until: new Date(s.until).toISOString(),
    cycleCount: s.cycles,
    cycles: r.cycles.map((c) => ({
      ...c,
      openedAt: new Date(c.openedAt).toISOString(),
      closedAt: new Date(c.closedAt).toISOString(),
    })),
    filteredPairs: r.filtered,
  });
}
