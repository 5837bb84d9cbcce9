import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FundingRecord, TransportError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { ExtendedVenue } from '../src/index.js';
import { closeAfterEach } from './support/close-after-each.js';
import { fixture } from './support/real-fixtures.js';

/*
 * `getFundingHistory` against a loopback venue that serves `/info/{market}/funding` as Extended does: rows in
 * [startTime, endTime] newest first, `limit` ≤ 10,000, `pagination.cursor` = the last row's id on every page (the last
 * one too), rows older than the cursor on the next page.
 */

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

interface FundingQuery {
  startTime: number;
  endTime: number;
  cursor: string | undefined;
  limit: number;
}

interface Venue {
  url: string;
  queries: FundingQuery[];
  close(): Promise<void>;
}

let venue: Venue | undefined;
const clients = closeAfterEach(() => venue);

/** Hourly rates from `first` to `last` (settled 1 s after the hour, as the capture's `T`), rate i × 1e-6 signed. */
function hourly(first: number, last: number): { T: number; f: string; id: bigint }[] {
  const rows = [];
  for (let t = first, i = 0; t <= last; t += H, i++) {
    rows.push({
      T: t + 1_028,
      f: `${i % 3 === 0 ? '-' : ''}0.00000${(i % 9) + 1}`,
      id: 1784963886257016800n + BigInt(i),
    });
  }
  return rows;
}

async function startVenue(
  rows: { T: number; f: string; id: bigint }[],
  opts: { stuckCursor?: boolean } = {},
): Promise<Venue> {
  const queries: FundingQuery[] = [];
  const newestFirst = [...rows].sort((a, b) => b.T - a.T);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/api/v1/info/markets') {
      res.end(fixture('ccxt-markets.json'));
      return;
    }
    if (url.pathname !== '/api/v1/info/BTC-USD/funding') {
      res.statusCode = 404;
      res.end('{"status":"ERROR","error":{"code":1001,"message":"Market not found"}}');
      return;
    }
    const q: FundingQuery = {
      startTime: Number(url.searchParams.get('startTime')),
      endTime: Number(url.searchParams.get('endTime')),
      cursor: url.searchParams.get('cursor') ?? undefined,
      limit: Number(url.searchParams.get('limit') ?? '100'),
    };
    queries.push(q);
    let list = newestFirst.filter((r) => r.T >= q.startTime && r.T <= q.endTime);
    if (q.cursor !== undefined && !opts.stuckCursor) list = list.filter((r) => r.id < BigInt(q.cursor as string));
    const page = list.slice(0, Math.min(q.limit, 10_000));
    const last = page.at(-1);
    const cursor = opts.stuckCursor ? '42' : last?.id.toString();
    const data = page.map((r) => `{"m":"BTC-USD","f":"${r.f}","T":${r.T}}`).join(',');
    res.end(
      `{"status":"OK","data":[${data}],"pagination":{${cursor ? `"cursor":${cursor},` : ''}"count":${page.length}}}`,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    queries,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function ext(v: Venue): ExtendedVenue {
  const c = new ExtendedVenue({ restUrl: v.url, rateLimiter: false });
  clients.add(c);
  return c;
}

const times = (rs: FundingRecord[]) => rs.map((r) => r.time);

describe('ExtendedVenue.getFundingHistory (paged, bounded)', () => {
  it('with since: the first `limit` rates from it, oldest first; paging forward with since = last + 1 covers all', async () => {
    const rows = hourly(T0, T0 + 999 * H);
    venue = await startVenue(rows);
    const c = ext(venue);
    const got: FundingRecord[] = [];
    let since = T0;
    for (let n = 0; n < 20; n++) {
      const page = await c.getFundingHistory({ symbol: 'BTC', since, until: T0 + 999 * H + 5_000, limit: 300 });
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(300);
      got.push(...page);
      since = page.at(-1)!.time + 1;
    }
    expect(times(got)).toEqual(rows.map((r) => r.T));
    expect(got.map((r) => r.rate.toFixed())).toEqual(rows.map((r) => String(Number(r.f))));
    expect(got.every((r) => r.symbol === 'BTC' && r.intervalHours === 1 && r.markPrice === undefined)).toBe(true);
    // Windows of `limit` hours: each call reads one page of 1,000 and the empty page after it.
    expect(venue.queries.length).toBeLessThanOrEqual(2 * 5);
  });

  it('with since long before the listing: empty windows double, a few requests find the first rate', async () => {
    const listed = T0 + 3_000 * H;
    const rows = hourly(listed, listed + 47 * H);
    venue = await startVenue(rows);
    const c = ext(venue);
    const page = await c.getFundingHistory({
      symbol: 'BTC',
      since: T0 - 50_000 * H,
      until: listed + 100 * H,
      limit: 10,
    });
    expect(times(page)).toEqual(rows.slice(0, 10).map((r) => r.T));
    // 53,000 hours from `since` to the listing in windows of 10 h, doubling: about a dozen requests, not thousands.
    expect(venue.queries.length).toBeLessThan(20);
    // Every window asked for is at most ≈ 2.3 years, so a walk that keeps a window's oldest rows stays bounded.
    expect(venue.queries.every((q) => q.endTime - q.startTime <= 20_000 * H + 2)).toBe(true);
  });

  it('without since: the last `limit` rates up to until, one request of `limit`', async () => {
    const rows = hourly(T0, T0 + 99 * H);
    venue = await startVenue(rows);
    const c = ext(venue);
    const page = await c.getFundingHistory({ symbol: 'BTC', until: T0 + 49 * H + 2_000, limit: 5 });
    expect(times(page)).toEqual(rows.slice(45, 50).map((r) => r.T));
    expect(venue.queries).toHaveLength(1);
    expect(venue.queries[0]).toMatchObject({ limit: 5, cursor: undefined });
  });

  it('since and until are inclusive whatever the venue does with its bounds (one ms wider each side is asked)', async () => {
    const rows = hourly(T0, T0 + 9 * H);
    venue = await startVenue(rows);
    const c = ext(venue);
    const a = rows[2]!.T;
    const b = rows[5]!.T;
    const page = await c.getFundingHistory({ symbol: 'BTC', since: a, until: b });
    expect(times(page)).toEqual([rows[2]!.T, rows[3]!.T, rows[4]!.T, rows[5]!.T]);
    expect(venue.queries[0]).toMatchObject({ startTime: a - 1, endTime: b + 1, limit: 1_000 });
  });

  it('a venue that repeats its cursor ends the walk (bounded), and the rows read are returned once', async () => {
    const rows = hourly(T0, T0 + 5 * H);
    venue = await startVenue(rows, { stuckCursor: true });
    const c = ext(venue);
    const page = await c.getFundingHistory({ symbol: 'BTC', since: T0, until: T0 + 5 * H + 5_000 });
    expect(times(page)).toEqual(rows.map((r) => r.T));
    expect(venue.queries.length).toBeLessThanOrEqual(3);
  });

  it('more rates in a window than hourly settlement allows: an error, never a window with its oldest part missing', async () => {
    // One rate per second: the first window (limit 1 → one hour) holds 3,601 rows; reading down to its oldest end
    // takes more pages than an hourly market can need.
    const rows = Array.from({ length: 7_200 }, (_, i) => ({ T: T0 + i * 1_000, f: '0.00001', id: BigInt(i + 1) }));
    venue = await startVenue(rows);
    const c = ext(venue);
    await expect(c.getFundingHistory({ symbol: 'BTC', since: T0, until: T0 + 2 * H, limit: 1 })).rejects.toBeInstanceOf(
      TransportError,
    );
  });

  it('client.getFundingHistory: every rate of the window, newest first, pages of 1,000', async () => {
    const rows = hourly(T0, T0 + 2_499 * H);
    venue = await startVenue(rows);
    const c = ext(venue);
    const all = await c.client.getFundingHistory('BTC-USD', T0, T0 + 2_500 * H);
    expect(all.map((r) => r.T)).toEqual(rows.map((r) => r.T).reverse());
    expect(venue.queries.map((q) => q.limit)).toEqual([1_000, 1_000, 1_000, 1_000]);
  });
});
