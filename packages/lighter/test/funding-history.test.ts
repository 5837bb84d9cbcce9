import { afterEach, describe, expect, it } from 'vitest';
import { LIGHTER_FUNDINGS_MAX_WINDOWS } from '../src/index.js';
import { closeReplays, fixture, replay } from './support/real-fixtures.js';

afterEach(closeReplays);

/*
 * LighterVenue.getFundingHistory over the live `/fundings` capture (nautilus.http_fundings.json): two ETH settlements,
 * 1778702400 s (rate "0.0012" % long, value 0.02707872 = 0.0012 % × the 2256.56 mark) and 1778706000 s ("0.0002" %
 * short).
 */
const T1 = 1_778_702_400_000;
const T2 = 1_778_706_000_000;
const HOUR = 3_600_000;
const FUNDINGS = { path: '/api/v1/fundings', body: fixture('nautilus.http_fundings.json') };

function fundingQueries(server: { requests: { path: string; query: Record<string, string> }[] }) {
  return server.requests.filter((r) => r.path === '/api/v1/fundings').map((r) => r.query);
}

describe('getFundingHistory (public /fundings)', () => {
  it('maps the capture: seconds → ms, unsigned percent + direction → signed fraction per hour, 1 h interval', async () => {
    const { venue, server } = await replay([FUNDINGS]);
    const rows = await venue.getFundingHistory({ symbol: 'ETH', since: T1, until: T2 });
    expect(rows.map((r) => [r.symbol, r.time, r.rate.toFixed(), r.intervalHours])).toEqual([
      ['ETH', T1, '0.000012', 1], // "long": longs paid 0.0012 % → +0.000012
      ['ETH', T2, '-0.000002', 1], // "short": shorts paid → negative
    ]);
    expect(rows.every((r) => r.markPrice === undefined)).toBe(true);
    // One window: start = since, end = until + 1 ms (in case the venue's end is exclusive), count_back 100, ms.
    expect(fundingQueries(server)).toEqual([
      {
        market_id: '0',
        resolution: '1h',
        start_timestamp: String(T1),
        end_timestamp: String(T2 + 1),
        count_back: '100',
      },
    ]);
  });

  it('keeps [since, until] inclusive and at most `limit`, oldest first', async () => {
    const { venue } = await replay([FUNDINGS]);
    expect((await venue.getFundingHistory({ symbol: 'ETH', since: T1 + 1, until: T2 })).map((r) => r.time)).toEqual([
      T2,
    ]);
    expect((await venue.getFundingHistory({ symbol: 'ETH', since: T1, until: T2 - 1 })).map((r) => r.time)).toEqual([
      T1,
    ]);
    expect(
      (await venue.getFundingHistory({ symbol: 'ETH', since: T1, until: T2, limit: 1 })).map((r) => r.time),
    ).toEqual([T1]);
  });

  it('pages forward in windows of 99 hours that never exceed count_back, and keeps a settlement once', async () => {
    const { venue, server } = await replay([FUNDINGS]);
    const since = T1 - 150 * HOUR;
    // The replay answers every window with the same two rows: each is kept once.
    const rows = await venue.getFundingHistory({ symbol: 'ETH', since, until: T2 + 100 * HOUR, limit: 500 });
    expect(rows.map((r) => r.time)).toEqual([T1, T2]);
    const qs = fundingQueries(server).map((q) => [Number(q['start_timestamp']), Number(q['end_timestamp'])]);
    expect(qs).toEqual([
      [since, since + 99 * HOUR + 1],
      [since + 99 * HOUR, since + 198 * HOUR + 1],
      [since + 198 * HOUR, T2 + 100 * HOUR + 1],
    ]);
  });

  it('stops paging once `limit` settlements are in hand', async () => {
    const { venue, server } = await replay([FUNDINGS]);
    const rows = await venue.getFundingHistory({ symbol: 'ETH', since: T1, until: T1 + 1000 * HOUR, limit: 2 });
    expect(rows.map((r) => r.time)).toEqual([T1, T2]);
    expect(fundingQueries(server)).toHaveLength(1);
  });

  it('without since: the last `limit` hourly settlements up to until', async () => {
    const { venue, server } = await replay([FUNDINGS]);
    const rows = await venue.getFundingHistory({ symbol: 'ETH', until: T2, limit: 1 });
    expect(rows.map((r) => r.time)).toEqual([T2]);
    expect(fundingQueries(server)[0]?.['start_timestamp']).toBe(String(T2 - HOUR + 1));
  });

  it('walks no further than now (+ 1 min): an until in the future neither costs requests nor fails', async () => {
    const now = T2 + 30 * 60_000;
    const { venue, server } = await replay([FUNDINGS], { clock: { now: () => now } });
    const far = T2 + 1000 * 24 * HOUR;
    expect((await venue.getFundingHistory({ symbol: 'ETH', since: T1, until: far })).map((r) => r.time)).toEqual([
      T1,
      T2,
    ]);
    expect(fundingQueries(server).map((q) => q['end_timestamp'])).toEqual([String(now + 60_000 + 1)]);
    // A pager asking past the last settlement gets an empty page at once.
    expect(await venue.getFundingHistory({ symbol: 'ETH', since: now + 2 * 60_000, until: far })).toEqual([]);
    expect(fundingQueries(server)).toHaveLength(1);
  });

  it('"fundings": null is no settlement; a range with none at all for 50 windows is refused, not read as none', async () => {
    const empty = { path: '/api/v1/fundings', body: JSON.stringify({ code: 200, resolution: '1h', fundings: null }) };
    const { venue, server } = await replay([empty]);
    expect(await venue.getFundingHistory({ symbol: 'ETH', since: T1, until: T2 })).toEqual([]);
    await expect(venue.getFundingHistory({ symbol: 'ETH', since: 0, until: T2, limit: 10 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      context: { field: 'since' },
    });
    expect(fundingQueries(server)).toHaveLength(1 + LIGHTER_FUNDINGS_MAX_WINDOWS);
    await expect(venue.getFundingHistory({ symbol: 'ETH', since: T2, until: T1 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
