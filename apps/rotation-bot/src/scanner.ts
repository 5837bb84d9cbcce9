import type { VenueHandle } from '@dn/connect';
import {
  type Alerter,
  Decimal,
  type Logger,
  type Market,
  type MarketStats,
  type OrderBookSnapshot,
  type PerpVenue,
} from '@dn/core';
import { breakEvenHoldHours, netFundingApr, pairFundingApr, roundTripCost } from '@dn/math';
import { type BasisTracker, basisKey } from './basis.js';
import { type BotConfig, minNetAprPct, type VenueName } from './config.js';
import { expectedApr } from './edge.js';
import { BOOK_CONCURRENCY, type BookSource, DEFAULT_MAX_BOOK_SYMBOLS, inBatches } from './scan-books.js';
import { bookSymbols, type FilteredPair, type PairFunding, screenPairs } from './scan-screen.js';

export type { VenueHandle } from '@dn/connect';
export type { BookSource } from './scan-books.js';
export type { FilteredPair } from './scan-screen.js';

export interface Opportunity extends PairFunding {
  /**
   * Expected APR after the funding haircut, fees both venues (in and out), entry slippage, exit slippage and buffer,
   * over the hold. Fraction.
   */
  netApr: Decimal;
  roundTripCost: Decimal;
  /** Components of `roundTripCost`, fractions of notional: taker fees in and out, slippage in and out (+ buffer). */
  feesCost: Decimal;
  slippageCost: Decimal;
  /** (short mid − long mid) / average mid now, and the basis expected at exit. */
  entryBasis: Decimal;
  expectedExitBasis: Decimal;
  /** What an adverse basis is expected to cost by the exit (never credited when favourable), fraction. */
  basisCost: Decimal;
  breakEvenHours: Decimal | null;
  combinedVolumeUsd: Decimal;
  intraSpreadPct: Decimal;
  crossSpreadPct: Decimal;
  /** Passes every filter. */
  eligible: boolean;
  rejectedBy?: string;
  midLong: Decimal;
  midShort: Decimal;
}

export interface ScanResult {
  at: number;
  opportunities: Opportunity[];
  /** Pairs not priced, with the reason (inactive, volume, net APR bound, book budget, no book). Always set by scan. */
  filtered?: FilteredPair[];
  /** Venues whose data failed this scan, with the reason: skipped, not fatal. */
  skipped: Array<{ venue: VenueName; reason: string }>;
  markets: Map<VenueName, Map<string, Market>>;
}

interface VenueData {
  name: VenueName;
  venue: PerpVenue;
  /** Active markets only. */
  markets: Map<string, Market>;
  all: Map<string, Market>;
  stats: Map<string, MarketStats>;
}

const HUNDRED = new Decimal(100);

export interface ScanDeps {
  log: Logger;
  now: () => number;
  /** Markets per venue, kept between scans (static data: the caller refreshes it on a schedule). */
  marketCache: Map<VenueName, Map<string, Market>>;
  /** Learns each venue pair's basis; without one the exit basis is taken as 0 (full convergence). */
  basis?: BasisTracker;
  /** `venue_down` when a venue's data fails, `venue_stale` for a stale book (repeats are folded by the alerter). */
  alerter?: Alerter;
  /** Books kept current by streams: asked first, REST only for what they lack. */
  books?: BookSource;
  /** Symbols whose books one scan prices at most (default DEFAULT_MAX_BOOK_SYMBOLS). */
  maxBookSymbols?: number;
}

/**
 * One scan: markets (cached) + stats of every venue in parallel (one round trip), a screen of every ordered pair on
 * that data alone, then books of the best candidates only (a second round trip, within each venue's request budget;
 * none when streams feed them), then the candidates are priced.
 */
export async function scan(venues: VenueHandle[], config: BotConfig, deps: ScanDeps): Promise<ScanResult> {
  const skipped: ScanResult['skipped'] = [];
  const loaded = await Promise.all(
    venues.map(async ({ name, venue }): Promise<VenueData | undefined> => {
      try {
        const cached = deps.marketCache.get(name);
        const [all, stats] = await Promise.all([
          cached ? Promise.resolve(cached) : venue.getMarkets().then((ms) => new Map(ms.map((m) => [m.symbol, m]))),
          venue.getAllStats(),
        ]);
        deps.marketCache.set(name, all);
        // Only markets that trade are priced: inactive, reduce-only or delisting ones are mapped to active=false (B1).
        const markets = new Map([...all].filter(([, m]) => m.active));
        return { name, venue, markets, all, stats: new Map(stats.map((s) => [s.symbol, s])) };
      } catch (e) {
        skipped.push({ venue: name, reason: (e as Error).message.split('\n')[0] ?? String(e) });
        deps.log.warn({ venue: name, err: (e as Error).message }, 'venue data failed; skipped for this scan');
        // One stable message per venue, so the alerter folds a long outage into "(×N)" instead of one per scan.
        deps.alerter?.send({
          kind: 'venue_down',
          venue: name,
          message: `${name} markets/stats not readable; skipped by the scanner`,
          details: { error: skipped[skipped.length - 1]?.reason },
        });
        return undefined;
      }
    }),
  );
  const data = loaded.filter((d): d is VenueData => d !== undefined);
  const symbols = commonSymbols(data, config.symbols_to_monitor).filter((s) => !config.symbols_to_skip.includes(s));
  const { candidates, filtered } = screenPairs(symbols, data, config);
  const { priced, beyond } = bookSymbols(candidates, deps.maxBookSymbols ?? DEFAULT_MAX_BOOK_SYMBOLS);
  const pricedSet = new Set(priced);
  for (const c of candidates) {
    if (!beyond.has(c.symbol)) continue;
    const { symbolRank: _rank, ...row } = c;
    filtered.push(
      row.rejectedBy
        ? row
        : { ...row, rejectedBy: 'not-priced', detail: `outside this scan's ${priced.length} best symbols` },
    );
  }
  const books = await fetchBooks(data, candidates, pricedSet, config, deps);

  const opportunities: Opportunity[] = [];
  for (const c of candidates) {
    if (!pricedSet.has(c.symbol)) continue;
    const long = data.find((d) => d.name === c.long) as VenueData;
    const short = data.find((d) => d.name === c.short) as VenueData;
    const opp = price(c.symbol, long, short, books, config, deps.basis);
    if (opp) opportunities.push(opp);
    else {
      const { symbolRank: _rank, ...row } = c;
      filtered.push({
        ...row,
        rejectedBy: row.rejectedBy || 'no-book',
        detail: row.rejectedBy ? row.detail : 'book missing, stale or one-sided on a venue',
      });
    }
  }
  opportunities.sort((x, y) => (x.eligible === y.eligible ? y.netApr.cmp(x.netApr) : x.eligible ? -1 : 1));
  filtered.sort((x, y) => y.netAprBound.cmp(x.netAprBound));
  return { at: deps.now(), opportunities, filtered, skipped, markets: new Map(data.map((d) => [d.name, d.markets])) };
}

/** Books of the priced symbols on the venues of their candidate pairs: streams first, REST for the rest. */
async function fetchBooks(
  data: VenueData[],
  candidates: ReadonlyArray<FilteredPair>,
  priced: Set<string>,
  config: BotConfig,
  deps: ScanDeps,
): Promise<Map<string, OrderBookSnapshot>> {
  const want = new Map<VenueName, Set<string>>();
  for (const c of candidates) {
    if (!priced.has(c.symbol)) continue;
    for (const v of [c.long, c.short]) {
      const set = want.get(v) ?? new Set<string>();
      set.add(c.symbol);
      want.set(v, set);
    }
  }
  const books = new Map<string, OrderBookSnapshot>();
  const maxAgeMs = config.max_book_age_seconds.mul(1000).toNumber();
  await Promise.all(
    data.map(async (d) => {
      const symbols = [...(want.get(d.name) ?? [])];
      deps.books?.want(d.name, d.venue, symbols);
      const tasks: Array<() => Promise<void>> = [];
      for (const symbol of symbols) {
        const streamed = deps.books?.get(d.name, symbol);
        // Age against the moment we asked, not the moment the answer arrived: the round trip is not staleness
        // (and on a sped-up simulated clock a few ms of it would look like minutes).
        if (streamed && deps.now() - streamed.timestamp <= maxAgeMs) {
          books.set(`${d.name}:${symbol}`, streamed);
          continue;
        }
        tasks.push(async () => {
          try {
            const askedAt = deps.now();
            const book = await d.venue.getOrderBook(symbol, 50);
            const ageMs = askedAt - book.timestamp;
            if (ageMs > maxAgeMs) {
              deps.log.warn({ venue: d.name, symbol, ageMs }, 'stale book ignored');
              deps.alerter?.send({
                kind: 'venue_stale',
                venue: d.name,
                symbol,
                message: `${symbol} book on ${d.name} older than ${config.max_book_age_seconds}s; not priced`,
                details: { ageMs },
              });
              return;
            }
            books.set(`${d.name}:${symbol}`, book);
          } catch (e) {
            deps.log.debug({ venue: d.name, symbol, err: (e as Error).message }, 'book failed');
          }
        });
      }
      await inBatches(tasks, BOOK_CONCURRENCY[d.name] ?? 4);
    }),
  );
  return books;
}

function commonSymbols(data: VenueData[], wanted: string[]): string[] {
  if (data.length < 2) return [];
  const counts = new Map<string, number>();
  // Inactive markets count: a pair with an inactive leg is shown as filtered, not silently missing.
  for (const d of data) for (const s of d.all.keys()) counts.set(s, (counts.get(s) ?? 0) + 1);
  const common = [...counts.entries()].filter(([, n]) => n >= 2).map(([s]) => s);
  const filtered = wanted.length > 0 ? common.filter((s) => wanted.includes(s)) : common;
  return filtered.sort();
}

function price(
  symbol: string,
  long: VenueData,
  short: VenueData,
  books: Map<string, OrderBookSnapshot>,
  config: BotConfig,
  basis: BasisTracker | undefined,
): Opportunity | undefined {
  const ml = long.markets.get(symbol);
  const ms = short.markets.get(symbol);
  const sl = long.stats.get(symbol);
  const ss = short.stats.get(symbol);
  const bl = books.get(`${long.name}:${symbol}`);
  const bs = books.get(`${short.name}:${symbol}`);
  if (!ml || !ms || !sl || !ss || !bl || !bs) return undefined;
  const midL = mid(bl);
  const midS = mid(bs);
  if (!midL || !midS) return undefined;
  const size = Decimal.min(config.notional_per_position, config.max_notional ?? config.notional_per_position).div(midL);
  // Entry: buy on the long venue, sell on the short venue. Exit: the reverse.
  const entry = slippage(bl, 'buy', size, midL).plus(slippage(bs, 'sell', size, midS));
  const exit = slippage(bl, 'sell', size, midL).plus(slippage(bs, 'buy', size, midS));
  // Basis: selling the short venue below the long venue's price is a loss the exit only recovers if the two
  // converge. It used to be filtered (max_cross_exchange_spread_pct) but never costed.
  const entryBasis = midS.minus(midL).div(midL.plus(midS).div(2));
  const key = basisKey(symbol, long.name, short.name);
  basis?.observe(key, entryBasis);
  const expectedExitBasis = basis?.expected(key) ?? new Decimal(0);
  const basisCost = Decimal.max(expectedExitBasis.minus(entryBasis), 0);
  const slippageCost = entry.plus(exit).plus(config.exit_cost_buffer_pct.div(HUNDRED));
  const feesCost = Decimal.max(ml.takerFee, 0).plus(Decimal.max(ms.takerFee, 0)).mul(2);
  const cost = roundTripCost({
    longTakerFee: Decimal.max(ml.takerFee, 0),
    shortTakerFee: Decimal.max(ms.takerFee, 0),
    entrySlippage: entry,
    exitCost: exit.plus(config.exit_cost_buffer_pct.div(HUNDRED)).plus(basisCost),
  });
  const gross = pairFundingApr({
    long: { rate: sl.funding.rate, intervalHours: sl.funding.intervalHours },
    short: { rate: ss.funding.rate, intervalHours: ss.funding.intervalHours },
  }).apr;
  const expected = expectedApr(gross, config.hold_duration_hours, config);
  const net = netFundingApr({ apr: expected, holdHours: config.hold_duration_hours, roundTripCost: cost });
  const intraSpreadPct = Decimal.max(spreadPct(bl, midL), spreadPct(bs, midS));
  const crossSpreadPct = midL.minus(midS).abs().div(midL.plus(midS).div(2)).mul(HUNDRED);
  const combinedVolumeUsd = sl.volume24h.plus(ss.volume24h);
  const f = config.filters;
  let rejectedBy: string | undefined;
  if (combinedVolumeUsd.lt(f.min_combined_volume_usd)) rejectedBy = 'volume';
  else if (intraSpreadPct.gt(f.max_intra_exchange_spread_pct)) rejectedBy = 'intra-spread';
  else if (crossSpreadPct.gt(f.max_cross_exchange_spread_pct)) rejectedBy = 'cross-spread';
  else if (net.netApr.mul(HUNDRED).lt(minNetAprPct(config))) rejectedBy = 'net-apr';
  return {
    symbol,
    long: long.name,
    short: short.name,
    longRate: sl.funding.rate,
    longIntervalHours: sl.funding.intervalHours,
    shortRate: ss.funding.rate,
    shortIntervalHours: ss.funding.intervalHours,
    grossApr: gross,
    netApr: net.netApr,
    roundTripCost: cost,
    feesCost,
    slippageCost,
    entryBasis,
    expectedExitBasis,
    basisCost,
    // From the haircut APR, the one the entry is judged on (C2): the gross would promise a break-even too soon.
    breakEvenHours: expected.gt(0) ? breakEvenHoldHours(cost, expected) : null,
    combinedVolumeUsd,
    intraSpreadPct,
    crossSpreadPct,
    eligible: rejectedBy === undefined,
    rejectedBy,
    midLong: midL,
    midShort: midS,
  };
}

function mid(book: OrderBookSnapshot): Decimal | undefined {
  const bid = book.bids[0]?.price;
  const ask = book.asks[0]?.price;
  if (!bid || !ask || bid.gte(ask)) return undefined;
  return bid.plus(ask).div(2);
}

function spreadPct(book: OrderBookSnapshot, m: Decimal): Decimal {
  const bid = book.bids[0]?.price ?? m;
  const ask = book.asks[0]?.price ?? m;
  return ask.minus(bid).div(m).mul(HUNDRED);
}

/** Cost of taking `size` from the book versus mid, as a fraction; walks past the book's end at a penalty. */
function slippage(book: OrderBookSnapshot, side: 'buy' | 'sell', size: Decimal, m: Decimal): Decimal {
  const levels = side === 'buy' ? book.asks : book.bids;
  let left = size;
  let cost = new Decimal(0);
  let last = m;
  for (const l of levels) {
    if (left.lte(0)) break;
    const take = Decimal.min(left, l.size);
    cost = cost.plus(take.mul(l.price));
    left = left.minus(take);
    last = l.price;
  }
  // Depth shown is not enough: price the rest 1 % beyond the last level so thin books rank low.
  if (left.gt(0)) cost = cost.plus(left.mul(side === 'buy' ? last.mul('1.01') : last.mul('0.99')));
  const avg = cost.div(size);
  return (side === 'buy' ? avg.minus(m) : m.minus(avg)).div(m);
}

/** Fixed-width ranked table for the console. */
export function formatScanTable(result: ScanResult, top = 10): string {
  const rows = result.opportunities
    .slice(0, top)
    .map((o, i) =>
      [
        String(i + 1).padStart(2),
        o.symbol.padEnd(6),
        `L ${o.long}`.padEnd(11),
        `S ${o.short}`.padEnd(11),
        pct(o.grossApr).padStart(9),
        pct(o.netApr).padStart(9),
        (o.breakEvenHours ? `${o.breakEvenHours.toFixed(1)}h` : '-').padStart(8),
        `$${o.combinedVolumeUsd.div(1e6).toFixed(1)}M`.padStart(9),
        o.eligible ? 'ok' : (o.rejectedBy ?? ''),
      ].join('  '),
    );
  const header = [
    '#'.padStart(2),
    'sym'.padEnd(6),
    'long'.padEnd(11),
    'short'.padEnd(11),
    'gross APR'.padStart(9),
    'net APR'.padStart(9),
    'b/e'.padStart(8),
    'volume'.padStart(9),
    'status',
  ].join('  ');
  const skipped = result.skipped.map((s) => `  skipped ${s.venue}: ${s.reason}`);
  return [header, ...rows, ...skipped].join('\n');
}

const pct = (d: Decimal): string => `${d.mul(100).toFixed(2)}%`;
