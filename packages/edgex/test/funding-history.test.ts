/**
 * `EdgexVenue.getFundingHistory` paging against a scripted getFundingRatePage on loopback: the venue pages newest
 * first with an opaque cursor, the method must return the OLDEST `limit` settled rates of the range without a hole,
 * bounded in requests, whatever the venue does with its cursor. Rows are synthetic (shape of the docs example).
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgexVenue } from '../src/index.js';

const META = readFileSync(new URL('./fixtures/real/capture-mainnet-metadata.json', import.meta.url), 'utf8');
const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

interface FakeOptions {
  /** Settlement times held by the venue. */
  times: number[];
  /** Send a cursor even on the last page (some venues do). */
  cursorOnLastPage?: boolean;
  /** Ignore offsetData: every page is the first one, with the same cursor. */
  ignoreCursor?: boolean;
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function fakeVenue(opts: FakeOptions): Promise<{ venue: EdgexVenue; requests: () => number }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.writeHead(200, { 'content-type': 'application/json' });
    if (url.pathname.endsWith('/meta/getMetaData')) {
      res.end(META);
      return;
    }
    requests++;
    const q = url.searchParams;
    const begin = Number(q.get('filterBeginTimeInclusive') ?? 0);
    const end = Number(q.get('filterEndTimeExclusive') ?? Number.MAX_SAFE_INTEGER);
    const size = Number(q.get('size'));
    const offset = q.get('offsetData') && !opts.ignoreCursor ? Number.parseInt(q.get('offsetData') ?? '0', 16) : 0;
    const inRange = opts.times
      .filter((t) => t >= begin && t < end)
      .sort((a, b) => b - a)
      .map((t, i) => ({
        contractId: '10000001',
        fundingTime: String(t),
        fundingTimestamp: String(t),
        oraclePrice: '100000',
        fundingRate: `0.0000${(i % 9) + 1}`,
        isSettlement: true,
        fundingRateIntervalMin: '240',
      }));
    const page = inRange.slice(offset, offset + size);
    const more = offset + size < inRange.length;
    const next = more || opts.cursorOnLastPage ? (offset + size).toString(16).toUpperCase() : '';
    res.end(JSON.stringify({ code: 'SUCCESS', data: { dataList: page, nextPageOffsetData: next } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const timer = setTimeout(() => server.close(), 30_000);
  timer.unref();
  close = () =>
    new Promise<void>((r) => {
      clearTimeout(timer);
      server.closeAllConnections();
      server.close(() => r());
    });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const venue = new EdgexVenue({
    restUrl: url,
    syncServerTime: false,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  return { venue, requests: () => requests };
}

const every = (from: number, count: number, stepMs: number): number[] =>
  Array.from({ length: count }, (_, i) => from + i * stepMs);

describe('getFundingHistory paging', () => {
  it('30 days of 4 h settlements: the oldest 100 first, then the rest from last.time + 1, no hole, no repeat', async () => {
    const times = every(T0, 180, 4 * H);
    const { venue, requests } = await fakeVenue({ times });
    const until = T0 + 30 * 24 * H;
    const first = await venue.getFundingHistory({ symbol: 'BTC', since: T0, until, limit: 100 });
    expect(first.map((r) => r.time)).toEqual(times.slice(0, 100));
    expect(requests()).toBeLessThanOrEqual(3);
    const rest = await venue.getFundingHistory({
      symbol: 'BTC',
      since: (first.at(-1)?.time ?? 0) + 1,
      until,
      limit: 100,
    });
    expect(rest.map((r) => r.time)).toEqual(times.slice(100));
    expect(first.every((r) => r.intervalHours === 4)).toBe(true);
  });

  it('since and until are inclusive', async () => {
    const times = every(T0, 10, 4 * H);
    const { venue } = await fakeVenue({ times });
    const got = await venue.getFundingHistory({ symbol: 'BTC', since: times[2], until: times[5] });
    expect(got.map((r) => r.time)).toEqual(times.slice(2, 6));
  });

  it('a range starting long before the listing (no since) still starts at the oldest record, in bounded requests', async () => {
    const times = every(T0, 30, 4 * H);
    const { venue, requests } = await fakeVenue({ times });
    const got = await venue.getFundingHistory({ symbol: 'BTC', until: T0 + 200 * H, limit: 10 });
    expect(got.map((r) => r.time)).toEqual(times.slice(0, 10));
    expect(requests()).toBeLessThanOrEqual(25);
  });

  it('an older stretch denser than the current interval (1 h rows) is split, never truncated to its newest rows', async () => {
    const times = [...every(T0, 500, H), ...every(T0 + 500 * H, 50, 4 * H)];
    const { venue, requests } = await fakeVenue({ times });
    const got = await venue.getFundingHistory({ symbol: 'BTC', since: T0, until: T0 + 800 * H, limit: 250 });
    expect(got.map((r) => r.time)).toEqual(times.slice(0, 250));
    expect(requests()).toBeLessThanOrEqual(60);
  });

  it('a cursor sent on the last page (or repeated) does not loop', async () => {
    const times = every(T0, 40, 4 * H);
    const { venue, requests } = await fakeVenue({ times, cursorOnLastPage: true });
    const got = await venue.getFundingHistory({ symbol: 'BTC', since: T0, until: T0 + 400 * H, limit: 500 });
    expect(got.map((r) => r.time)).toEqual(times);
    expect(requests()).toBeLessThanOrEqual(5);
  });

  it('a venue that ignores the cursor (same page, same cursor) is read in smaller windows, not looped or holed', async () => {
    const times = every(T0, 300, H);
    const { venue, requests } = await fakeVenue({ times, ignoreCursor: true });
    const got = await venue.getFundingHistory({ symbol: 'BTC', since: T0, until: T0 + 300 * H, limit: 300 });
    expect(got.map((r) => r.time)).toEqual(times);
    expect(requests()).toBeLessThanOrEqual(60);
  });

  it('an empty range answers an empty list', async () => {
    const { venue } = await fakeVenue({ times: every(T0, 5, 4 * H) });
    expect(await venue.getFundingHistory({ symbol: 'BTC', since: T0 + 1000 * H, until: T0 + 1100 * H })).toEqual([]);
  });
});
