import { Decimal, type Market, type MarketStats } from '@dn/core';
import { pairFundingApr } from '@dn/math';
import { type BotConfig, minNetAprPct, type VenueName } from './config.js';
import { expectedApr } from './edge.js';

const HUNDRED = new Decimal(100);
const HOURS_PER_YEAR = 8760;

/** One direction of a symbol on two venues and its funding: what every row of a scan starts from. */
export interface PairFunding {
  symbol: string;
  long: VenueName;
  short: VenueName;
  /** Funding rates per interval and intervals, for display. */
  longRate: Decimal;
  longIntervalHours: number;
  shortRate: Decimal;
  shortIntervalHours: number;
  /** Gross pair APR, fraction. */
  grossApr: Decimal;
}

/** A venue pair the scan did not price, and why: shown in the table and the JSON like a priced row. */
export interface FilteredPair extends PairFunding {
  /** Best net APR the pair could reach with free books and no basis (fees and exit buffer only), fraction. */
  netAprBound: Decimal;
  combinedVolumeUsd: Decimal;
  /** `inactive`, `volume`, `net-apr`, `not-priced` (outside this scan's book budget) or `no-book`. */
  rejectedBy: string;
  detail: string;
}

export interface ScreenInput {
  name: VenueName;
  /** Every market, active or not. */
  all: Map<string, Market>;
  stats: Map<string, MarketStats>;
}

/**
 * The cheap part of a scan, from markets and stats alone (one bulk request per venue): each ordered pair's gross
 * APR, and what books could at best leave of it. Inactive and low-volume pairs are filtered here; the others are
 * candidates ranked by that best case, and only the best few symbols get books (`bookSymbols`): at 100 markets per
 * venue a book per market would take minutes under Pacifica's or Lighter's public limits. A candidate whose best
 * case is already below the floor carries its `net-apr` reason, used when it falls outside the book budget.
 */
export function screenPairs(
  symbols: readonly string[],
  data: readonly ScreenInput[],
  config: BotConfig,
): { candidates: Array<FilteredPair & { symbolRank: Decimal }>; filtered: FilteredPair[] } {
  const candidates: Array<FilteredPair & { symbolRank: Decimal }> = [];
  const filtered: FilteredPair[] = [];
  const minNet = minNetAprPct(config).div(HUNDRED);
  const buffer = config.exit_cost_buffer_pct.div(HUNDRED);
  for (const symbol of symbols) {
    for (const a of data) {
      for (const b of data) {
        if (a === b) continue;
        const ml = a.all.get(symbol);
        const ms = b.all.get(symbol);
        const sl = a.stats.get(symbol);
        const ss = b.stats.get(symbol);
        if (!ml || !ms || !sl || !ss) continue;
        const gross = pairFundingApr({
          long: { rate: sl.funding.rate, intervalHours: sl.funding.intervalHours },
          short: { rate: ss.funding.rate, intervalHours: ss.funding.intervalHours },
        }).apr;
        const fees = Decimal.max(ml.takerFee, 0).plus(Decimal.max(ms.takerFee, 0)).mul(2);
        const costApr = fees.plus(buffer).mul(HOURS_PER_YEAR).div(config.hold_duration_hours);
        const bound = expectedApr(gross, config.hold_duration_hours, config).minus(costApr);
        const row: FilteredPair = {
          symbol,
          long: a.name,
          short: b.name,
          longRate: sl.funding.rate,
          longIntervalHours: sl.funding.intervalHours,
          shortRate: ss.funding.rate,
          shortIntervalHours: ss.funding.intervalHours,
          grossApr: gross,
          netAprBound: bound,
          combinedVolumeUsd: sl.volume24h.plus(ss.volume24h),
          rejectedBy: '',
          detail: '',
        };
        if (!ml.active || !ms.active) {
          const which = [!ml.active && a.name, !ms.active && b.name].filter(Boolean).join(', ');
          filtered.push({ ...row, rejectedBy: 'inactive', detail: `not trading on ${which}` });
        } else if (row.combinedVolumeUsd.lt(config.filters.min_combined_volume_usd)) {
          filtered.push({
            ...row,
            rejectedBy: 'volume',
            detail: `$${usdM(row.combinedVolumeUsd)}M < $${usdM(config.filters.min_combined_volume_usd)}M`,
          });
        } else if (bound.lt(minNet)) {
          // Still a candidate: priced in full when the book budget has room (small universes), else filtered here.
          candidates.push({
            ...row,
            symbolRank: bound,
            rejectedBy: 'net-apr',
            detail: `at most ${pct(bound)} before spreads (fees, exit buffer) < ${pct(minNet)}`,
          });
        } else {
          candidates.push({ ...row, symbolRank: bound });
        }
      }
    }
  }
  return { candidates, filtered };
}

/** Candidate symbols, best bound first, and the ones beyond the book budget. */
export function bookSymbols(
  candidates: ReadonlyArray<FilteredPair & { symbolRank: Decimal }>,
  maxSymbols: number,
): { priced: string[]; beyond: Set<string> } {
  const best = new Map<string, Decimal>();
  for (const c of candidates) {
    const b = best.get(c.symbol);
    if (!b || c.symbolRank.gt(b)) best.set(c.symbol, c.symbolRank);
  }
  const ranked = [...best.entries()].sort((x, y) => y[1].cmp(x[1])).map(([s]) => s);
  return { priced: ranked.slice(0, maxSymbols), beyond: new Set(ranked.slice(maxSymbols)) };
}

const usdM = (d: Decimal): string => d.div(1e6).toFixed(1);
const pct = (d: Decimal): string => `${d.mul(100).toFixed(2)}%`;
