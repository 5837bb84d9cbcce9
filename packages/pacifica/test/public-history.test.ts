/**
 * The market's funding-rate history and the public trades stream, from real payloads (test/fixtures/real, sources in
 * its README) replayed through `PacificaVenue`: values, units, sign, time unit, paging and the taker-side reading.
 */
import { readFileSync } from 'node:fs';
import { isDnError, type PublicTrade } from '@dn/core';
import { type ReplayRoute, type ReplayServer, startReplayServer } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { PACIFICA_FUNDING_HISTORY_PAGE, PacificaVenue } from '../src/index.js';

type Json = { [k: string]: unknown };
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`./fixtures/real/${name}`, import.meta.url), 'utf8')) as Json;
const HOUR = 3_600_000;

/** CCXT's /info capture plus a SOL perpetual (derived from the BTC row) so the docs' SOL trades frame has a market. */
function infoWithSol(): Json {
  const info = fixture('ccxt-info.json');
  const rows = info.data as Json[];
  return { ...info, data: [...rows, { ...rows[0], symbol: 'SOL', tick_size: '0.01', lot_size: '0.01' }] };
}

let server: ReplayServer | undefined;
const venues: PacificaVenue[] = [];
afterEach(async () => {
  await Promise.all(venues.splice(0).map((v) => v.close()));
  await server?.close();
  server = undefined;
});

async function venue(routes: ReplayRoute[], sockets: Parameters<typeof startReplayServer>[0]['sockets'] = []) {
  server = await startReplayServer({ routes: [{ path: '/info', body: infoWithSol() }, ...routes], sockets });
  const v = new PacificaVenue({
    restUrl: server.url,
    wsUrl: `${server.wsUrl}/ws`,
    rateLimiter: false,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    timeoutMs: 5_000,
  });
  venues.push(v);
  return v;
}

/** A `/funding_rate/history` page built from the real row, one row per `createdAt` (newest first, as the venue pages). */
function page(createdAt: number[], next: string | null, rate = (i: number) => `0.00000${i + 1}`): Json {
  const real = (fixture('ccxt-src-funding-rate-history.json').data as Json[])[0] as Json;
  return {
    success: true,
    data: createdAt.map((t, i) => ({ ...real, funding_rate: rate(i), created_at: t })),
    next_cursor: next ?? '',
    has_more: next !== null,
  };
}

describe('getFundingHistory (GET /funding_rate/history)', () => {
  it('the real row: hourly fraction, longs pay when positive, ms time snapped to its settlement hour', async () => {
    const v = await venue([
      // The capture says has_more with its cursor: the page after it is the end (derived, empty).
      { path: '/funding_rate/history', query: { cursor: '11114Lz77' }, body: page([], null) },
      { path: '/funding_rate/history', body: fixture('ccxt-src-funding-rate-history.json') },
    ]);
    const records = await v.getFundingHistory({ symbol: 'BTC', since: Date.UTC(2025, 6, 29) });
    expect(records).toHaveLength(1);
    const [r] = records;
    expect(r?.symbol).toBe('BTC');
    expect(r?.rate.toString()).toBe('0.0000125'); // 0.00125 %/h, the zero-premium baseline 0.01 %/8
    expect(r?.rate.isPositive()).toBe(true);
    expect(r?.intervalHours).toBe(1);
    // created_at 1753806934249 ms = 2025-07-29 16:35:34 UTC → the 16:00 settlement.
    expect(r?.time).toBe(Date.UTC(2025, 6, 29, 16));
    expect(r?.markPrice).toBeUndefined(); // oracle_price is not a mark price
    const sent = server?.requests.filter((q) => q.path === '/funding_rate/history').map((q) => q.query);
    const limit = String(PACIFICA_FUNDING_HISTORY_PAGE);
    expect(sent).toEqual([
      { symbol: 'BTC', limit },
      { symbol: 'BTC', limit, cursor: '11114Lz77' },
    ]);
  });

  it('walks newest-first pages by cursor until it passes since, and answers oldest first within the range', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    // Derived from the real row: six hourly settlements t0+5h … t0, two pages, rows stamped 4 s after the hour.
    const v = await venue([
      { path: '/funding_rate/history', query: { cursor: 'p3' }, body: page([], null) },
      {
        path: '/funding_rate/history',
        query: { cursor: 'p2' },
        body: page(
          [2, 1, 0].map((h) => t0 + h * HOUR + 4_000),
          'p3',
        ),
      },
      {
        path: '/funding_rate/history',
        body: page(
          [5, 4, 3].map((h) => t0 + h * HOUR + 4_000),
          'p2',
        ),
      },
    ]);
    const got = await v.getFundingHistory({ symbol: 'BTC', since: t0 + HOUR, until: t0 + 4 * HOUR });
    expect(got.map((r) => (r.time - t0) / HOUR)).toEqual([1, 2, 3, 4]);
    expect(got.map((r) => r.rate.toString())).toEqual(['0.000002', '0.000001', '0.000003', '0.000002']);
    // Two requests: the walk stopped on reaching a row older than since (no request for cursor p3).
    expect(server?.requests.filter((q) => q.path === '/funding_rate/history').map((q) => q.query.cursor)).toEqual([
      undefined,
      'p2',
    ]);
    // limit keeps the oldest rows from since; the caller pages on with since = last.time + 1.
    const first = await v.getFundingHistory({ symbol: 'BTC', since: t0, limit: 2 });
    expect(first.map((r) => (r.time - t0) / HOUR)).toEqual([0, 1]);
    // Without since: the newest `limit` rows, and a page no larger than needed.
    const newest = await v.getFundingHistory({ symbol: 'BTC', limit: 2 });
    expect(newest.map((r) => (r.time - t0) / HOUR)).toEqual([4, 5]);
    expect(server?.requests.at(-1)?.query).toEqual({ symbol: 'BTC', limit: '2' });
  });

  it('reads pages that ascend (the docs do not state the order) forward to until', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const v = await venue([
      {
        path: '/funding_rate/history',
        query: { cursor: 'n2' },
        body: page(
          [3, 4, 5].map((h) => t0 + h * HOUR),
          'n3',
        ),
      },
      {
        path: '/funding_rate/history',
        body: page(
          [0, 1, 2].map((h) => t0 + h * HOUR),
          'n2',
        ),
      },
    ]);
    const got = await v.getFundingHistory({ symbol: 'BTC', since: t0 + HOUR, until: t0 + 3 * HOUR });
    expect(got.map((r) => (r.time - t0) / HOUR)).toEqual([1, 2, 3]);
    expect(got.map((r) => r.rate.toString())).toEqual(['0.000002', '0.000003', '0.000001']);
    expect(server?.requests.filter((q) => q.path === '/funding_rate/history')).toHaveLength(2);
  });

  it('several rows in one hour count once (the newest of the hour)', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const v = await venue([
      {
        path: '/funding_rate/history',
        body: page(
          [t0 + HOUR + 2_000_000, t0 + HOUR + 4_000, t0 + 4_000],
          null,
          (i) => ['0.0003', '0.0002', '0.0001'][i] as string,
        ),
      },
    ]);
    const got = await v.getFundingHistory({ symbol: 'BTC', since: t0 });
    expect(got.map((r) => [(r.time - t0) / HOUR, r.rate.toString()])).toEqual([
      [0, '0.0001'],
      [1, '0.0003'],
    ]);
  });

  it('a venue repeating its cursor fails the call instead of looping or answering with a silent gap', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const v = await venue([
      { path: '/funding_rate/history', query: { cursor: 'same' }, body: page([t0 + 3 * HOUR], 'same') },
      { path: '/funding_rate/history', body: page([t0 + 5 * HOUR], 'same') },
    ]);
    const e = await v.getFundingHistory({ symbol: 'BTC', since: t0 }).catch((x: unknown) => x);
    expect(isDnError(e) && e.code).toBe('TRANSPORT');
    expect(String((e as Error).message)).toMatch(/repeated cursor same/);
    expect(server?.requests.filter((q) => q.path === '/funding_rate/history')).toHaveLength(2);
    await expect(v.getFundingHistory({ symbol: 'BTC', limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('subscribeTrades (WS trades)', () => {
  it("CCXT's live frame and the docs' frame: taker side from d, base-unit size, ms time, history id", async () => {
    const ccxt = fixture('ccxt-src-ws-trades.json');
    const docs = fixture('docs-ws-trades.json');
    const v = await venue(
      [],
      [
        {
          path: '/ws',
          onMessage: (msg, send) => {
            const m = JSON.parse(msg) as { method?: string; params?: { source?: string; symbol?: string } };
            if (m.method !== 'subscribe') return;
            send({ channel: 'subscribe', data: m.params });
            if (m.params?.symbol === 'BTC') send(ccxt);
            if (m.params?.symbol === 'SOL') send(docs);
          },
        },
      ],
    );
    const btc: PublicTrade[] = [];
    const sol: PublicTrade[] = [];
    await v.subscribeTrades('BTC', (t) => btc.push(t));
    await v.subscribeTrades('SOL', (t) => sol.push(t));
    const deadline = Date.now() + 5_000;
    while ((btc.length < 1 || sol.length < 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    // close_short: the taker bought back a short, i.e. lifted an ask.
    expect(btc).toHaveLength(1);
    expect(btc[0]).toMatchObject({ id: '80062522', symbol: 'BTC', side: 'buy', timestamp: 1_765_018_379_085 });
    expect([btc[0]?.price.toString(), btc[0]?.size.toString()]).toEqual(['89471', '0.00001']);
    // open_long: a taker buy.
    expect(sol).toHaveLength(1);
    expect(sol[0]).toMatchObject({ id: '29369352', symbol: 'SOL', side: 'buy', timestamp: 1_749_052_438_829 });
    expect([sol[0]?.price.toString(), sol[0]?.size.toString()]).toEqual(['157.43', '0.16']);
  });

  it('open_short and close_long are taker sells (derived from the real frame)', async () => {
    const real = (fixture('ccxt-src-ws-trades.json').data as Json[])[0] as Json;
    const v = await venue(
      [],
      [
        {
          path: '/ws',
          onMessage: (msg, send) => {
            const m = JSON.parse(msg) as { method?: string; params?: unknown };
            if (m.method !== 'subscribe') return;
            send({ channel: 'subscribe', data: m.params });
            send({ channel: 'trades', data: ['open_short', 'close_long', 'open_long'].map((d) => ({ ...real, d })) });
          },
        },
      ],
    );
    const got: PublicTrade[] = [];
    await v.subscribeTrades('BTC', (t) => got.push(t));
    const deadline = Date.now() + 5_000;
    while (got.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(got.map((t) => t.side)).toEqual(['sell', 'sell', 'buy']);
  });
});
