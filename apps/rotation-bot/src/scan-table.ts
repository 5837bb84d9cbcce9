import type { Decimal } from '@dn/core';
import type { PairFunding } from './scan-screen.js';
import type { Opportunity, ScanResult } from './scanner.js';

const pct = (d: Decimal, places = 2): string => `${d.mul(100).toFixed(places)}%`;
const rate = (r: Decimal, hours: number): string => `${r.mul(100).toFixed(4)}%/${hours}h`;
const usdM = (d: Decimal): string => `$${d.div(1e6).toFixed(1)}M`;

/**
 * The `rotation-bot scan` table: every priced pair (best net APR first), then the pairs filtered before pricing with
 * the reason, `top` rows in all; a count of the rest per reason.
 */
export function formatScanReport(result: ScanResult, top: number): string {
  const filtered = result.filtered ?? [];
  const header = [
    '#'.padStart(3),
    'symbol'.padEnd(9),
    'long'.padEnd(9),
    'short'.padEnd(9),
    'funding long'.padStart(15),
    'funding short'.padStart(15),
    'pair APR'.padStart(9),
    'net APR'.padStart(9),
    'b/e'.padStart(7),
    'volume'.padStart(9),
    'spread'.padStart(7),
    'cross'.padStart(7),
    '  status',
  ].join(' ');
  const lines = [header];
  const priced = result.opportunities;
  let n = 0;
  for (const o of priced) {
    if (n >= top) break;
    n += 1;
    lines.push(row(n, o));
  }
  for (const f of filtered) {
    if (n >= top) break;
    n += 1;
    lines.push(
      [
        ...pairCells(n, f),
        `≤${pct(f.netAprBound, 1)}`.padStart(9),
        '-'.padStart(7),
        usdM(f.combinedVolumeUsd).padStart(9),
        '-'.padStart(7),
        '-'.padStart(7),
        `  ${f.rejectedBy}: ${f.detail}`,
      ].join(' '),
    );
  }
  const total = priced.length + filtered.length;
  const eligible = priced.filter((o) => o.eligible).length;
  const reasons = new Map<string, number>();
  for (const o of priced)
    if (!o.eligible) reasons.set(o.rejectedBy ?? '?', (reasons.get(o.rejectedBy ?? '?') ?? 0) + 1);
  for (const f of filtered) reasons.set(f.rejectedBy, (reasons.get(f.rejectedBy) ?? 0) + 1);
  const why = [...reasons].map(([k, v]) => `${k} ${v}`).join(', ');
  lines.push(
    `${total} pairs: ${eligible} pass every filter, ${priced.length} priced with books` +
      `${why ? `; filtered: ${why}` : ''}${total > n ? ` (${total - n} not shown; --top N)` : ''}`,
  );
  for (const s of result.skipped) lines.push(`skipped ${s.venue}: ${s.reason}`);
  return lines.join('\n');
}

/** The cells every row starts with, priced or filtered: rank, symbol, venues, both funding rates, gross APR. */
function pairCells(n: number, p: PairFunding): string[] {
  return [
    String(n).padStart(3),
    p.symbol.padEnd(9),
    p.long.padEnd(9),
    p.short.padEnd(9),
    rate(p.longRate, p.longIntervalHours).padStart(15),
    rate(p.shortRate, p.shortIntervalHours).padStart(15),
    pct(p.grossApr).padStart(9),
  ];
}

function row(n: number, o: Opportunity): string {
  return [
    ...pairCells(n, o),
    pct(o.netApr).padStart(9),
    (o.breakEvenHours ? `${o.breakEvenHours.toFixed(1)}h` : '-').padStart(7),
    usdM(o.combinedVolumeUsd).padStart(9),
    `${o.intraSpreadPct.toFixed(3)}%`.padStart(7),
    `${o.crossSpreadPct.toFixed(3)}%`.padStart(7),
    `  ${o.eligible ? 'ok' : `${o.rejectedBy}: over the config's limit`}`,
  ].join(' ');
}

/** The scan as plain JSON: decimals as strings (exact), times in ms and ISO. */
export function scanJson(result: ScanResult, mode: string): Record<string, unknown> {
  const dec = (d: Decimal | null | undefined) => (d == null ? null : d.toString());
  return {
    at: result.at,
    atIso: new Date(result.at).toISOString(),
    mode,
    opportunities: result.opportunities.map((o) => ({
      symbol: o.symbol,
      long: o.long,
      short: o.short,
      longRate: dec(o.longRate),
      longIntervalHours: o.longIntervalHours,
      shortRate: dec(o.shortRate),
      shortIntervalHours: o.shortIntervalHours,
      grossApr: dec(o.grossApr),
      netApr: dec(o.netApr),
      roundTripCost: dec(o.roundTripCost),
      breakEvenHours: dec(o.breakEvenHours),
      combinedVolumeUsd: dec(o.combinedVolumeUsd),
      intraSpreadPct: dec(o.intraSpreadPct),
      crossSpreadPct: dec(o.crossSpreadPct),
      entryBasis: dec(o.entryBasis),
      eligible: o.eligible,
      rejectedBy: o.rejectedBy ?? null,
    })),
    filtered: (result.filtered ?? []).map((f) => ({
      symbol: f.symbol,
      long: f.long,
      short: f.short,
      longRate: dec(f.longRate),
      longIntervalHours: f.longIntervalHours,
      shortRate: dec(f.shortRate),
      shortIntervalHours: f.shortIntervalHours,
      grossApr: dec(f.grossApr),
      netAprBound: dec(f.netAprBound),
      combinedVolumeUsd: dec(f.combinedVolumeUsd),
      rejectedBy: f.rejectedBy,
      detail: f.detail,
    })),
    skipped: result.skipped,
  };
}
