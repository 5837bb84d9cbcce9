import * as fs from 'node:fs';
import { Decimal } from '@dn/core';
import type { HistoryView } from '../backtest/market-data.js';
import { type BotState, type CompletedCycle, createStateStore } from '../state.js';
import { type ReportCycle, type ReportModel, type ReportPoint, reportHtml } from './html.js';

const HOURS_PER_YEAR = 8760;
const usd = (d: Decimal) => `${d.isNeg() ? '-' : ''}$${d.abs().toFixed(2)}`;

/**
 * The bot's completed cycles: the state file's history, and the `<state>.history.jsonl` log beside it (every
 * cycle ever completed, one per line), merged by cycle id.
 */
export async function completedCycles(statePath: string): Promise<{ state: BotState; cycles: CompletedCycle[] }> {
  const state = await createStateStore(statePath).loadRequired();
  const byId = new Map<string, CompletedCycle>();
  const log = `${statePath}.history.jsonl`;
  if (fs.existsSync(log)) {
    for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const c = JSON.parse(line) as CompletedCycle;
      byId.set(c.id, c);
    }
  }
  for (const c of state.history) byId.set(c.id, c);
  return { state, cycles: [...byId.values()].sort((a, b) => a.closedAt - b.closedAt) };
}

/** The report of a live or paper run, from its state (and funding history when `view` is given). */
export function stateReportHtml(o: {
  cycles: CompletedCycle[];
  view?: HistoryView;
  title: string;
  mode: string;
}): Promise<string> {
  const cycles: ReportCycle[] = o.cycles.map((c) => ({
    symbol: c.symbol,
    long: c.longVenue,
    short: c.shortVenue,
    ...(c.openedAt === undefined ? {} : { openedAt: c.openedAt }),
    closedAt: c.closedAt,
    reason: c.reason,
    fundingUsd: new Decimal(c.fundingUsd),
    costsUsd: new Decimal(c.feesUsd),
    pricePnlUsd: new Decimal(c.pricePnlUsd),
    netUsd: new Decimal(c.netUsd),
  }));
  // Realised PnL steps at each close (what the state knows; open positions are not marked).
  const equity: ReportPoint[] = [];
  const acc = { f: new Decimal(0), c: new Decimal(0), p: new Decimal(0) };
  const first = cycles.find((c) => c.openedAt !== undefined)?.openedAt ?? cycles[0]?.closedAt;
  if (first !== undefined) {
    equity.push({ t: first, fundingUsd: acc.f, costsUsd: acc.c, pricePnlUsd: acc.p, netUsd: new Decimal(0) });
  }
  for (const c of cycles) {
    acc.f = acc.f.plus(c.fundingUsd);
    acc.c = acc.c.plus(c.costsUsd);
    acc.p = acc.p.plus(c.pricePnlUsd);
    equity.push({
      t: c.closedAt,
      fundingUsd: acc.f,
      costsUsd: acc.c,
      pricePnlUsd: acc.p,
      netUsd: acc.f.minus(acc.c).plus(acc.p),
    });
  }
  const net = acc.f.minus(acc.c).plus(acc.p);
  const notional = o.cycles.reduce((m, c) => Decimal.max(m, new Decimal(c.volumeUsd).div(4)), new Decimal(0));
  const hours =
    first !== undefined && cycles.length > 0 ? ((cycles.at(-1) as ReportCycle).closedAt - first) / 3_600_000 : 0;
  const apr = (usd: Decimal) =>
    notional.isZero() || hours <= 0
      ? '–'
      : `${usd
          .div(notional)
          .div(hours / HOURS_PER_YEAR)
          .mul(100)
          .toFixed(2)}%`;
  const venues = [...new Set(cycles.flatMap((c) => [c.long, c.short]))].sort();
  const model: ReportModel = {
    title: `${o.title} (${o.mode})`,
    figures: [
      ['cycles', String(cycles.length)],
      ['funding', usd(acc.f)],
      ['fees', usd(acc.c.neg())],
      ['price', usd(acc.p)],
      ['net', usd(net)],
      ['gross APR', apr(acc.f)],
      ['net APR', apr(net)],
    ],
    equity,
    cycles,
    venues,
    ...(o.view ? { view: o.view } : {}),
  };
  return reportHtml(model);
}
