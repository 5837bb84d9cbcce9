import type { VenueHandle } from '@dn/connect';
import { type Candle, Decimal, type FundingHistoryQuery, type FundingRecord, type PerpVenue } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { downloadHistory } from '../src/history/download.js';
import { connectionSources } from '../src/history/sources.js';
import { HistoryStore } from '../src/history/store.js';
import { HISTORY_READS, readOnly } from '../src/public-venues.js';
import { testMarket } from './markets.js';
import { tempDir } from './temp-dir.js';

const H = 3_600_000;
const DAY = 24 * H;
const UNTIL = Date.UTC(2026, 0, 10);
const SINCE = UNTIL - 3 * DAY;

/**
 * A live venue as the download sees it through `PerpVenue`: public markets, daily candles and settled funding
 * (`getFundingHistory`), whose pages are capped at `maxPage` records whatever the limit asked (as real venues cap
 * them). Anything else is a method the download must never call.
 */
function fakeVenue(
  id: 'extended' | 'lighter',
  symbols: string[],
  o: { intervalHours: number; maxPage: number },
): PerpVenue & { asked: FundingHistoryQuery[]; refused: string[] } {
  const asked: FundingHistoryQuery[] = [];
  const refused: string[] = [];
  const step = o.intervalHours * H;
  const venue = {
    id,
    asked,
    refused,
    getMarkets: async () => symbols.map((s) => testMarket(s, o.intervalHours)),
    getFundingHistory: async (q: FundingHistoryQuery): Promise<FundingRecord[]> => {
      asked.push({ ...q });
      const out: FundingRecord[] = [];
      const from = Math.ceil((q.since ?? 0) / step) * step;
      for (let t = from; t <= (q.until ?? UNTIL) && out.length < Math.min(q.limit ?? o.maxPage, o.maxPage); t += step) {
        out.push({
          symbol: q.symbol,
          time: t,
          rate: new Decimal(t / H).mod(7).div(1e5),
          intervalHours: o.intervalHours,
        });
      }
      return out;
    },
    getCandles: async (): Promise<Candle[]> => [],
    placeOrder: async () => {
      refused.push('placeOrder reached the venue');
      throw new Error('sent');
    },
    close: async () => undefined,
  };
  return venue as unknown as PerpVenue & { asked: FundingHistoryQuery[]; refused: string[] };
}

describe('rotation-bot history over the venues (PerpVenue.getFundingHistory)', () => {
  it('reads every settled rate of the window through the connector, paging on past capped pages', async () => {
    const dir = tempDir('rb-history-live-');
    // Extended settles hourly and caps a page at 50 records; "Lighter" here every 8 h, 10 per page.
    const ext = fakeVenue('extended', ['BTC', 'ETH', 'SOL'], { intervalHours: 1, maxPage: 50 });
    const lig = fakeVenue('lighter', ['BTC', 'ETH'], { intervalHours: 8, maxPage: 10 });
    const venues: VenueHandle[] = [
      { name: 'extended', venue: readOnly(ext, HISTORY_READS, 'rotation-bot history') },
      { name: 'lighter', venue: readOnly(lig, HISTORY_READS, 'rotation-bot history') },
    ];
    const store = await HistoryStore.open(dir, { create: true });
    try {
      const result = await downloadHistory({
        sources: connectionSources({ venues }),
        store,
        since: SINCE,
        until: UNTIL,
        pageSize: 500,
        requestsPerSecond: 1000,
      });
      expect(result.symbols).toEqual(['BTC', 'ETH']);
      const rows = store.funding();
      const count = (venue: string, symbol: string) =>
        rows.filter((r) => r.venue === venue && r.symbol === symbol).length;
      // Every settlement in [since, until], both ends included: 73 hourly, 10 eight-hourly — beyond one capped page.
      expect([count('extended', 'BTC'), count('extended', 'ETH'), count('lighter', 'BTC')]).toEqual([73, 73, 10]);
      expect(rows.find((r) => r.venue === 'lighter' && r.time === SINCE)?.intervalHours).toBe(8);
      // Paged by `since` after the last record, inside the window, with the page size asked.
      const btc = ext.asked.filter((q) => q.symbol === 'BTC');
      expect(btc.map((q) => q.since)).toEqual([SINCE, SINCE + 49 * H + 1]);
      for (const q of ext.asked) expect([q.until, q.limit]).toEqual([UNTIL, 500]);
    } finally {
      store.close();
    }
  });

  // PerpVenue requires getFundingHistory; a JavaScript caller or an older connector may still lack it.
  it('names a venue whose connector reads no funding history (live or --sim), before anything is downloaded', () => {
    const lig = fakeVenue('lighter', ['BTC'], { intervalHours: 1, maxPage: 10 });
    const { getFundingHistory: _none, ...withoutHistory } = lig;
    expect(() =>
      connectionSources({
        venues: [
          { name: 'extended', venue: fakeVenue('extended', ['BTC'], { intervalHours: 1, maxPage: 10 }) },
          { name: 'lighter', venue: withoutHistory as unknown as PerpVenue },
        ],
      }),
    ).toThrow(/lighter: this connector does not read funding-rate history .*leave lighter out of --venues/);
  });

  it('live venues are read-only: anything but public reads is refused before the connector', async () => {
    const ext = fakeVenue('extended', ['BTC'], { intervalHours: 1, maxPage: 10 });
    const guarded = readOnly(ext, HISTORY_READS, 'rotation-bot history');
    expect(() =>
      guarded.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: new Decimal(1) } as never),
    ).toThrow(/rotation-bot history is read-only: placeOrder refused/);
    expect(ext.refused).toEqual([]);
    await expect(guarded.getFundingHistory?.({ symbol: 'BTC', since: SINCE, until: SINCE })).resolves.toHaveLength(1);
  });
});
