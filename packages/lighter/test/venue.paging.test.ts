import type { ReplayRoute } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { closeReplays, fixtureJson, replay } from './support/real-fixtures.js';

afterEach(closeReplays);

/*
 * Cursor paging of getFills / getFundingPayments. Trade rows are the live nautilus capture
 * (nautilus.http_recent_trades_unordered.json, account 281474976639642) split into pages with made-up cursors; the
 * venue's own `next_cursor` values are opaque strings, absent on the last page.
 */
const ACCOUNT = '281474976639642';
const trades = fixtureJson<{ trades: Record<string, unknown>[] }>('nautilus.http_recent_trades_unordered.json').trades;
const byId = (id: string) => trades.find((t) => t['trade_id_str'] === id) as Record<string, unknown>;
// Newest first, as the venue pages them (timestamps 284 > 283 > 282).
const NEWEST_FIRST = ['19211490284', '19211490283', '19211490282'].map(byId);

/** Routes answering `/trades` page by page: page i is served for cursor `c{i}` (none for the first). */
function tradePages(pages: Record<string, unknown>[][], lastCursor: string | null = null): ReplayRoute[] {
  return pages
    .map((rows, i) => ({
      path: '/api/v1/trades',
      ...(i > 0 ? { query: { cursor: `c${i}` } } : {}),
      body: JSON.stringify({ code: 200, trades: rows, next_cursor: i < pages.length - 1 ? `c${i + 1}` : lastCursor }),
    }))
    .reverse(); // cursor routes before the catch-all first page
}

function tradeRequests(server: { requests: { path: string; query: Record<string, string> }[] }) {
  return server.requests.filter((r) => r.path === '/api/v1/trades').map((r) => r.query);
}

describe('getFills pages through /trades', () => {
  it('follows next_cursor until the last page and returns the fills oldest first', async () => {
    const { venue, server } = await replay(tradePages(NEWEST_FIRST.map((t) => [t])), { accountIndex: ACCOUNT });
    const fills = await venue.getFills({ symbol: 'ETH' });
    expect(fills.map((f) => f.id)).toEqual(['19211490282', '19211490283', '19211490284']);
    const qs = tradeRequests(server);
    expect(qs.map((q) => q['cursor'])).toEqual([undefined, 'c1', 'c2']);
    expect(qs.every((q) => q['limit'] === '100' && q['market_id'] === '0')).toBe(true);
  });

  it('stops once `limit` fills are collected and keeps the newest', async () => {
    const { venue, server } = await replay(tradePages(NEWEST_FIRST.map((t) => [t])), { accountIndex: ACCOUNT });
    const fills = await venue.getFills({ limit: 2 });
    expect(fills.map((f) => f.id)).toEqual(['19211490283', '19211490284']);
    expect(tradeRequests(server).map((q) => [q['cursor'], q['limit']])).toEqual([
      [undefined, '2'],
      ['c1', '2'],
    ]);
  });

  it('stops at the first row older than `since` (rows are newest first)', async () => {
    const oldest = NEWEST_FIRST[2] as Record<string, unknown>;
    const { venue, server } = await replay(tradePages(NEWEST_FIRST.map((t) => [t])), { accountIndex: ACCOUNT });
    const fills = await venue.getFills({ since: Number(oldest['timestamp']) + 1 });
    expect(fills.map((f) => f.id)).toEqual(['19211490283', '19211490284']);
    expect(tradeRequests(server)).toHaveLength(3);
    const { venue: v2, server: s2 } = await replay(
      tradePages([
        [NEWEST_FIRST[0], NEWEST_FIRST[2]] as Record<string, unknown>[],
        [NEWEST_FIRST[1]] as Record<string, unknown>[],
      ]),
      { accountIndex: ACCOUNT },
    );
    expect((await v2.getFills({ since: Number(oldest['timestamp']) + 1 })).map((f) => f.id)).toEqual(['19211490284']);
    expect(tradeRequests(s2)).toHaveLength(1);
  });

  it('is bounded: a venue that always has another page is read at most 10 times', async () => {
    const pages = Array.from({ length: 15 }, () => [] as Record<string, unknown>[]);
    // Empty pages end the walk at once; pages of rows the account is not part of do not.
    const foreign = { ...(NEWEST_FIRST[0] as Record<string, unknown>), bid_account_id: 1, ask_account_id: 2 };
    const { venue, server } = await replay(
      tradePages(
        pages.map(() => [foreign]),
        'c99',
      ),
      { accountIndex: ACCOUNT },
    );
    expect(await venue.getFills({ limit: 1000 })).toEqual([]);
    expect(tradeRequests(server)).toHaveLength(10);
  });

  it('stops on a repeated cursor', async () => {
    const { venue, server } = await replay(
      [
        {
          path: '/api/v1/trades',
          body: JSON.stringify({ code: 200, trades: [NEWEST_FIRST[0]], next_cursor: 'same' }),
        },
      ],
      { accountIndex: ACCOUNT },
    );
    const fills = await venue.getFills();
    expect(fills.map((f) => f.id)).toEqual(['19211490284']);
    expect(tradeRequests(server).map((q) => q['cursor'])).toEqual([undefined, 'same']);
  });
});

describe('getFundingPayments pages through /positionFunding', () => {
  // Derived rows in the documented shape (lighter.md, positionFunding): no live capture exists.
  const row = (t: number) => ({
    timestamp: t,
    market_id: 0,
    funding_id: t,
    change: '-0.01',
    rate: '0.0012',
    position_size: '1.5',
    position_side: 'long',
  });
  it('follows next_cursor and returns every payment oldest first', async () => {
    const page = (rows: unknown[], next: string | null) =>
      JSON.stringify({ code: 200, position_fundings: rows, next_cursor: next });
    const { venue, server } = await replay([
      { path: '/api/v1/positionFunding', query: { cursor: 'p1' }, body: page([row(1_777_000_000)], null) },
      { path: '/api/v1/positionFunding', body: page([row(1_777_007_200), row(1_777_003_600)], 'p1') },
    ]);
    const payments = await venue.getFundingPayments();
    expect(payments.map((p) => p.timestamp)).toEqual([1_777_000_000_000, 1_777_003_600_000, 1_777_007_200_000]);
    expect(payments.every((p) => p.amount.toFixed() === '-0.01' && p.symbol === 'ETH')).toBe(true);
    const qs = server.requests.filter((r) => r.path === '/api/v1/positionFunding').map((r) => r.query['cursor']);
    expect(qs).toEqual([undefined, 'p1']);
  });

  it('keeps a payment served on two pages once', async () => {
    const page = (next: string | null) =>
      JSON.stringify({ code: 200, position_fundings: [row(1_777_003_600)], next_cursor: next });
    const { venue } = await replay([
      { path: '/api/v1/positionFunding', query: { cursor: 'p1' }, body: page(null) },
      { path: '/api/v1/positionFunding', body: page('p1') },
    ]);
    expect(await venue.getFundingPayments()).toHaveLength(1);
  });
});
