import type { VenueName } from '@dn/connect';
import type { Decimal, Market, MarketStats } from '@dn/core';
import { fundingApr, pairFundingApr } from '@dn/math';
import { pct, table } from '../format.js';
import { type Leg, legs, type PairContext } from '../pair.js';
import { type CommandResult, ok } from '../result.js';

export interface FundingAllRow {
  symbol: string;
  /** APR of each venue's current rate (positive = longs pay shorts), fraction; absent when not listed/active. */
  apr: Partial<Record<VenueName, Decimal>>;
  intervalHours: Partial<Record<VenueName, number>>;
  /** The better direction and its gross pair APR; absent when the symbol is not tradable on both venues. */
  best?: { long: VenueName; short: VenueName; apr: Decimal };
  /** Why there is no pair APR. */
  note?: string;
}

/** Stats and markets of a venue, one request each (every symbol at once). */
async function snapshot(leg: Leg): Promise<{ stats: Map<string, MarketStats>; markets: Map<string, Market> }> {
  const [stats, markets] = await Promise.all([leg.venue.getAllStats(), leg.venue.getMarkets()]);
  return {
    stats: new Map(stats.map((s) => [s.symbol, s])),
    markets: new Map(markets.map((m) => [m.symbol, m])),
  };
}

/**
 * `funding_all`: the funding comparison table of many symbols on the pair's two venues, best pair APR first.
 * Symbols: `--symbols`, else the config's `symbols`, else every symbol both venues list.
 */
export async function fundingAllCommand(ctx: PairContext, symbols?: readonly string[]): Promise<CommandResult> {
  const [a, b] = legs(ctx);
  const [sa, sb] = await Promise.all([snapshot(a), snapshot(b)]);
  const wanted = symbols ?? ctx.config.symbols;
  const list = wanted
    ? [...new Set(wanted.map((s) => s.toUpperCase()))]
    : [...sa.stats.keys()].filter((s) => sb.stats.has(s)).sort();
  const rows: FundingAllRow[] = list.map((symbol) => {
    const row: FundingAllRow = { symbol, apr: {}, intervalHours: {} };
    const missing: string[] = [];
    for (const [leg, snap] of [
      [a, sa],
      [b, sb],
    ] as const) {
      const s = snap.stats.get(symbol);
      const m = snap.markets.get(symbol);
      if (!s || !m) missing.push(`not listed on ${leg.name}`);
      else if (!m.active) missing.push(`inactive on ${leg.name}`);
      if (s) {
        row.apr[leg.name] = fundingApr(s.funding.rate, s.funding.intervalHours);
        row.intervalHours[leg.name] = s.funding.intervalHours;
      }
    }
    if (missing.length > 0) {
      row.note = missing.join(', ');
      return row;
    }
    const fa = sa.stats.get(symbol)?.funding;
    const fb = sb.stats.get(symbol)?.funding;
    if (!fa || !fb) return row;
    const aLong = pairFundingApr({ long: fa, short: fb }).apr;
    const bLong = pairFundingApr({ long: fb, short: fa }).apr;
    row.best = aLong.gte(bLong)
      ? { long: a.name, short: b.name, apr: aLong }
      : { long: b.name, short: a.name, apr: bLong };
    return row;
  });
  rows.sort((x, y) => {
    if (x.best && y.best) return y.best.apr.comparedTo(x.best.apr);
    return x.best ? -1 : y.best ? 1 : x.symbol.localeCompare(y.symbol);
  });
  const text = table(
    ['symbol', `${a.name} APR`, `${b.name} APR`, 'pair APR', 'long', 'short', 'note'],
    rows.map((r) => [
      r.symbol,
      aprCell(r, a.name),
      aprCell(r, b.name),
      pct(r.best?.apr),
      r.best?.long ?? '–',
      r.best?.short ?? '–',
      r.note ?? (r.symbol === ctx.config.symbol ? '◀ configured symbol' : ''),
    ]),
  );
  return ok(
    { command: 'funding_all', venues: [a.name, b.name], rows },
    `[${ctx.modeLabel}] funding on ${a.name} and ${b.name}, gross pair APR of the better direction (before fees)\n\n${text}`,
  );
}

function aprCell(r: FundingAllRow, venue: VenueName): string {
  const apr = r.apr[venue];
  return apr === undefined ? '–' : `${pct(apr)} /${r.intervalHours[venue]}h`;
}
