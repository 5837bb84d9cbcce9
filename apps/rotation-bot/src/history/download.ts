import { Decimal, isDnError, type RateLimiter, TokenBucketRateLimiter } from '@dn/core';
import type { HistorySource } from './sources.js';
import type { HistoryStore, MarketRow } from './store.js';

const DAY_MS = 86_400_000;

export interface DownloadOptions {
  sources: HistorySource[];
  store: HistoryStore;
  since: number;
  until: number;
  /** Only these symbols (default: every symbol listed on at least two of the venues). */
  symbols?: string[];
  /** Records asked per funding page. */
  pageSize?: number;
  /** Requests per second per venue (a token bucket each). */
  requestsPerSecond?: number;
  /** Attempts of one page when the venue says 429 / the transport fails, before the download stops. */
  maxAttempts?: number;
  /** Waits between attempts (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  progress?: (p: DownloadProgress) => void;
}

export interface DownloadProgress {
  done: number;
  total: number;
  venue: string;
  symbol: string;
  kind: 'funding' | 'candles';
  /** Set when the job was already covered by an earlier run. */
  skipped?: boolean;
  /** Set while waiting after a 429. */
  retryInMs?: number;
}

export interface DownloadResult {
  symbols: string[];
  jobs: number;
  skippedJobs: number;
  requests: number;
  retries: number;
  fundingRows: number;
  candleRows: number;
}

/**
 * Downloads funding history (and daily candles) of every common symbol into `store`, paged and rate-limited. Each
 * page is committed with the range it extends, so a run that was killed resumes after its last page, and a range
 * already covered is not asked again.
 */
export async function downloadHistory(o: DownloadOptions): Promise<DownloadResult> {
  const pageSize = o.pageSize ?? 500;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxAttempts = o.maxAttempts ?? 8;
  const stats: DownloadResult = {
    symbols: [],
    jobs: 0,
    skippedJobs: 0,
    requests: 0,
    retries: 0,
    fundingRows: 0,
    candleRows: 0,
  };
  const limiters = new Map<string, RateLimiter>(
    o.sources.map((s) => [
      s.name,
      new TokenBucketRateLimiter({
        capacity: Math.max(1, Math.ceil(o.requestsPerSecond ?? 10)),
        refillPerInterval: o.requestsPerSecond ?? 10,
        intervalMs: 1000,
        venue: s.name,
      }),
    ]),
  );
  const call = async <T>(source: HistorySource, job: DownloadProgress, fn: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      await limiters.get(source.name)?.acquire(1);
      stats.requests++;
      try {
        return await fn();
      } catch (e) {
        const retryable = isDnError(e, 'RATE_LIMITED') || isDnError(e, 'TRANSPORT');
        if (!retryable || attempt >= maxAttempts) throw e;
        stats.retries++;
        const hinted = isDnError(e, 'RATE_LIMITED') ? (e.context as { retryAfterMs?: number }).retryAfterMs : undefined;
        const waitMs = hinted ?? Math.min(30_000, 500 * 2 ** (attempt - 1));
        o.progress?.({ ...job, retryInMs: waitMs });
        await sleep(waitMs);
      }
    }
  };

  const listed = await Promise.all(o.sources.map(async (s) => ({ s, markets: await s.markets() })));
  const rows: MarketRow[] = [];
  const venuesOf = new Map<string, HistorySource[]>();
  for (const { s, markets } of listed) {
    for (const m of markets) {
      if (!m.active) continue;
      rows.push({
        venue: s.name,
        symbol: m.symbol,
        takerFee: m.takerFee,
        makerFee: m.makerFee,
        fundingIntervalHours: m.fundingIntervalHours,
        maxLeverage: m.maxLeverage,
      });
      venuesOf.set(m.symbol, [...(venuesOf.get(m.symbol) ?? []), s]);
    }
  }
  const wanted = o.symbols && o.symbols.length > 0 ? new Set(o.symbols) : undefined;
  stats.symbols = [...venuesOf]
    .filter(([sym, vs]) => vs.length >= 2 && (!wanted || wanted.has(sym)))
    .map(([sym]) => sym)
    .sort();
  const common = new Set(stats.symbols);
  o.store.putMarkets(rows.filter((r) => common.has(r.symbol)));

  const jobs: Array<{ source: HistorySource; symbol: string; kind: 'funding' | 'candles' }> = [];
  for (const symbol of stats.symbols) {
    for (const source of venuesOf.get(symbol) ?? []) {
      jobs.push({ source, symbol, kind: 'funding' }, { source, symbol, kind: 'candles' });
    }
  }
  stats.jobs = jobs.length;
  let done = 0;
  // Venues in parallel (each has its own budget), one job at a time per venue.
  const byVenue = new Map<string, typeof jobs>();
  for (const j of jobs) byVenue.set(j.source.name, [...(byVenue.get(j.source.name) ?? []), j]);
  await Promise.all(
    [...byVenue.values()].map(async (list) => {
      for (const j of list) {
        const job: DownloadProgress = {
          done,
          total: jobs.length,
          venue: j.source.name,
          symbol: j.symbol,
          kind: j.kind,
        };
        const covered = o.store.range(j.source.name, j.symbol, j.kind);
        // Resume: a range that starts at or before `since` continues after its end; anything else starts over.
        let cursor = covered && covered.since <= o.since ? Math.max(o.since, covered.until + 1) : o.since;
        const rangeStart = covered && covered.since <= o.since ? covered.since : o.since;
        if (cursor > o.until) {
          stats.skippedJobs++;
          o.progress?.({ ...job, done: ++done, skipped: true });
          continue;
        }
        if (j.kind === 'funding') {
          for (;;) {
            const page = await call(j.source, job, () => j.source.fundingPage(j.symbol, cursor, o.until, pageSize));
            const inRange = page.filter((p) => p.time >= cursor && p.time <= o.until);
            const last = inRange[inRange.length - 1];
            // Done when the venue has nothing more (an empty page) or the page reaches the window's last interval.
            // A short page alone proves nothing: a connector may cap the page below what was asked (its venue's
            // maximum), and taking that for the end would silently drop the rest of the window.
            const complete =
              last === undefined || (page.length < pageSize && last.time + last.intervalHours * 3_600_000 > o.until);
            const coveredUntil = complete ? o.until : last.time;
            o.store.transaction(() => {
              o.store.putFunding(
                inRange.map((p) => ({
                  venue: j.source.name,
                  symbol: j.symbol,
                  time: p.time,
                  rate: p.rate,
                  intervalHours: p.intervalHours,
                  ...(p.markPrice ? { markPrice: p.markPrice } : {}),
                })),
              );
              o.store.setRange(j.source.name, j.symbol, 'funding', rangeStart, coveredUntil);
            });
            stats.fundingRows += inRange.length;
            if (complete) break;
            cursor = last.time + 1;
          }
        } else {
          const from = Math.floor(cursor / DAY_MS) * DAY_MS;
          const candles = await call(j.source, job, () => j.source.dailyCandles(j.symbol, from, o.until));
          const rowsIn = candles
            .filter((c) => c.time >= from && c.time <= o.until)
            .map((c) => ({
              venue: j.source.name,
              symbol: j.symbol,
              time: c.time,
              close: new Decimal(c.close),
              volume: new Decimal(c.volume),
            }));
          o.store.transaction(() => {
            o.store.putCandles(rowsIn);
            o.store.setRange(j.source.name, j.symbol, 'candles', rangeStart, o.until);
          });
          stats.candleRows += rowsIn.length;
        }
        o.progress?.({ ...job, done: ++done });
      }
    }),
  );
  return stats;
}

/** A one-line progress bar for stderr. */
export function progressLine(p: DownloadProgress, width = 30): string {
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  const what =
    p.retryInMs !== undefined
      ? `rate-limited, retry in ${(p.retryInMs / 1000).toFixed(1)}s`
      : p.skipped
        ? 'already downloaded'
        : p.kind;
  return `[${bar}] ${p.done}/${p.total} ${p.venue} ${p.symbol} ${what}`;
}
