import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Fill, FundingPayment, HistoryQuery, PerpVenue, Position } from '@dn/core';

/** The seed's `scripts/export_history.py` columns. */
export const TRADE_COLUMNS = [
  'trade_id',
  'market',
  'side',
  'qty',
  'price',
  'value',
  'fee',
  'liquidity',
  'trade_type',
  'created_at',
] as const;
export const POSITION_COLUMNS = [
  'position_id',
  'market',
  'side',
  'size',
  'open_price',
  'exit_price',
  'realised_pnl',
  'created_at',
  'closed_at',
] as const;
export const FUNDING_COLUMNS = [
  'funding_id',
  'market',
  'side',
  'size',
  'value',
  'funding_fee',
  'funding_rate',
  'paid_time',
] as const;

const PAGE = 200;
const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : '');

/**
 * Every record of a history endpoint. Venues answer a window with either its newest or its oldest `limit` records,
 * so the window is walked both ways: backwards (`until` = oldest seen) then forwards (`since` = newest seen), each
 * until a page brings nothing new; records sharing a boundary timestamp are deduplicated by key.
 */
export async function pageAll<T>(
  fetchPage: (q: HistoryQuery) => Promise<T[]>,
  key: (t: T) => string,
  time: (t: T) => number,
  from: number,
  base: HistoryQuery = {},
): Promise<T[]> {
  const seen = new Map<string, T>();
  const take = (page: T[]): number => {
    let fresh = 0;
    for (const r of page) {
      const k = key(r);
      if (seen.has(k)) continue;
      seen.set(k, r);
      fresh++;
    }
    return fresh;
  };
  const bound = (pick: (a: number, b: number) => number, start: number) => {
    let v = start;
    for (const r of seen.values()) v = pick(v, time(r));
    return v;
  };
  let until: number | undefined;
  for (let guard = 0; guard < 100_000; guard++) {
    const page = await fetchPage({ ...base, since: from, ...(until !== undefined ? { until } : {}), limit: PAGE });
    if (take(page) === 0 || page.length < PAGE) break;
    until = bound(Math.min, Number.POSITIVE_INFINITY);
  }
  for (let guard = 0; guard < 100_000 && seen.size > 0; guard++) {
    const page = await fetchPage({ ...base, since: bound(Math.max, from), limit: PAGE });
    if (take(page) === 0 || page.length < PAGE) break;
  }
  return [...seen.values()].sort((a, b) => time(a) - time(b));
}

export function tradeRow(f: Fill): string[] {
  return [
    f.id,
    f.symbol,
    f.side.toUpperCase(),
    f.size.toFixed(),
    f.price.toFixed(),
    f.size.mul(f.price).toFixed(),
    f.fee.toFixed(),
    f.liquidity === 'taker' ? 'TAKER' : 'MAKER',
    'TRADE',
    iso(f.timestamp),
  ];
}

/** `PerpVenue` has no closed-position history: the open positions are exported (no exit, no close time). */
export function positionRow(p: Position): string[] {
  return [
    p.symbol,
    p.symbol,
    p.size.gt(0) ? 'LONG' : 'SHORT',
    p.size.abs().toFixed(),
    p.entryPrice.toFixed(),
    '',
    '',
    '',
    '',
  ];
}

export function fundingRow(p: FundingPayment, i: number): string[] {
  const size = p.positionSize;
  return [
    `${p.symbol}-${p.timestamp}-${i}`,
    p.symbol,
    size === undefined ? '' : size.gt(0) ? 'LONG' : 'SHORT',
    size === undefined ? '' : size.abs().toFixed(),
    '',
    p.amount.toFixed(),
    p.rate?.toFixed() ?? '',
    iso(p.timestamp),
  ];
}

function csv(columns: readonly string[], rows: string[][]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[columns as string[], ...rows].map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

export interface ExportResult {
  trades: number;
  positions: number;
  funding: number;
}

/** Writes trades.csv, positions.csv and funding.csv of `venue` into `dir` (created). */
export async function exportHistory(
  venue: PerpVenue,
  opts: { dir: string; symbol?: string; fundingFrom?: number },
): Promise<ExportResult> {
  const base: HistoryQuery = opts.symbol ? { symbol: opts.symbol } : {};
  const fills = await pageAll(
    (q) => venue.getFills(q),
    (f) => f.id,
    (f) => f.timestamp,
    0,
    base,
  );
  const funding = await pageAll(
    (q) => venue.getFundingPayments(q),
    (p) => `${p.symbol}:${p.timestamp}:${p.amount.toFixed()}`,
    (p) => p.timestamp,
    opts.fundingFrom ?? 0,
    base,
  );
  const positions = (await venue.getPositions()).filter(
    (p) => !p.size.isZero() && (!opts.symbol || p.symbol === opts.symbol),
  );
  await fs.mkdir(opts.dir, { recursive: true });
  await fs.writeFile(path.join(opts.dir, 'trades.csv'), csv(TRADE_COLUMNS, fills.map(tradeRow)));
  await fs.writeFile(path.join(opts.dir, 'positions.csv'), csv(POSITION_COLUMNS, positions.map(positionRow)));
  await fs.writeFile(path.join(opts.dir, 'funding.csv'), csv(FUNDING_COLUMNS, funding.map(fundingRow)));
  return { trades: fills.length, positions: positions.length, funding: funding.length };
}
