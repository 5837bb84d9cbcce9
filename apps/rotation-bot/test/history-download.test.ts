import { Decimal, RateLimitError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { downloadHistory } from '../src/history/download.js';
import type { FundingPoint, HistorySource } from '../src/history/sources.js';
import { HistoryStore } from '../src/history/store.js';
import { testMarket } from './markets.js';
import { tempDir } from './temp-dir.js';

const H = 3_600_000;
const SINCE = 1_700_000_000_000 - (1_700_000_000_000 % H);
const UNTIL = SINCE + 47 * H;

/** A venue with hourly funding for its symbols; its n-th request can be a 429, and it can die after n requests. */
function simulatedVenue(
  name: 'extended' | 'pacifica',
  symbols: string[],
  faults: { rateLimitAt?: number; dieAfter?: number } = {},
): HistorySource & { requests: Array<{ symbol: string; since: number }> } {
  const requests: Array<{ symbol: string; since: number }> = [];
  let n = 0;
  const hit = () => {
    n++;
    if (faults.dieAfter !== undefined && n > faults.dieAfter) throw new Error('killed');
    if (n === faults.rateLimitAt)
      throw new RateLimitError('429 Too Many Requests', { venue: name, httpStatus: 429, retryAfterMs: 1234 });
  };
  return {
    name,
    requests,
    markets: async () => symbols.map((s) => testMarket(s)),
    fundingPage: async (symbol, since, until, limit) => {
      hit();
      requests.push({ symbol, since });
      const out: FundingPoint[] = [];
      for (let t = Math.ceil(since / H) * H; t <= until && out.length < limit; t += H) {
        out.push({
          time: t,
          rate: new Decimal((t - SINCE) / H).div(1e6),
          intervalHours: 1,
          markPrice: new Decimal(100),
        });
      }
      return out;
    },
    dailyCandles: async () => {
      hit();
      return [];
    },
  };
}

/** A download of the test window from `sources` into `store`, 20 records a page, never throttled. */
function download(store: HistoryStore, sources: HistorySource[], sleep?: (ms: number) => Promise<void>) {
  return downloadHistory({ sources, store, since: SINCE, until: UNTIL, pageSize: 20, requestsPerSecond: 1000, sleep });
}

describe('history download', () => {
  it('pages through the range, keeps only common symbols, retries a 429 after the venue’s wait', async () => {
    const dir = tempDir('rb-history-');
    const store = await HistoryStore.open(dir, { create: true });
    const a = simulatedVenue('extended', ['BTC', 'ETH', 'ONLYA'], { rateLimitAt: 3 });
    const b = simulatedVenue('pacifica', ['BTC', 'ETH']);
    const waits: number[] = [];
    const r = await download(store, [a, b], async (ms) => {
      waits.push(ms);
    });
    expect(r.symbols).toEqual(['BTC', 'ETH']);
    expect(r.retries).toBe(1);
    expect(waits).toEqual([1234]);
    // 48 hourly records in pages of 20: 20 + 20 + 8.
    expect(a.requests.filter((q) => q.symbol === 'BTC').map((q) => q.since - SINCE)).toEqual([
      0,
      19 * H + 1,
      39 * H + 1,
    ]);
    const rows = store.funding({ venue: 'extended', symbol: 'BTC' });
    expect(rows.map((x) => (x.time - SINCE) / H)).toEqual(Array.from({ length: 48 }, (_, i) => i));
    expect(rows[47]?.rate.toString()).toBe('0.000047');
    expect(rows[0]?.intervalHours).toBe(1);
    expect(store.funding().length).toBe(4 * 48);
    expect(store.markets().map((m) => `${m.venue}:${m.symbol}`)).toEqual([
      'extended:BTC',
      'extended:ETH',
      'pacifica:BTC',
      'pacifica:ETH',
    ]);
    store.close();
  });

  it('resumes after a kill from the last committed page and skips what was downloaded', async () => {
    const dir = tempDir('rb-history-');
    let store = await HistoryStore.open(dir, { create: true });
    // Dies on its 3rd request: BTC pages 1 and 2 are committed, the third never arrives.
    const dying = simulatedVenue('extended', ['BTC'], { dieAfter: 2 });
    await expect(download(store, [dying, simulatedVenue('pacifica', ['BTC'])])).rejects.toThrow('killed');
    store.close();

    store = await HistoryStore.open(dir);
    expect(store.funding({ venue: 'extended' }).length).toBe(40);
    const a = simulatedVenue('extended', ['BTC']);
    const b = simulatedVenue('pacifica', ['BTC']);
    const r = await download(store, [a, b]);
    // Extended continues after hour 39 (its last committed record); Pacifica (finished in the first run) is not asked again.
    expect(a.requests.map((q) => q.since - SINCE)).toEqual([39 * H + 1]);
    expect(b.requests).toEqual([]);
    expect(r.skippedJobs).toBe(2);
    expect(store.funding({ venue: 'extended' }).length).toBe(48);
    store.close();
  });
});
