import { TransportError } from '@dn/core';
import type { ReplayRoute } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ORDER_LOOKUP_PAGES } from '../src/index.js';
import { closeReplays, fixture, fixtureJson, replay } from './support/real-fixtures.js';

afterEach(closeReplays);

/*
 * getOrder beyond the newest 100 inactive orders. Rows are the CCXT capture of `/accountInactiveOrders` (one closed
 * ETH order, timestamps in seconds) with the order index, client index and times changed per row; the cursors are
 * made up (the venue's are opaque strings). Derived variants, listed in fixtures/real/README.md.
 */
const template = fixtureJson<{ orders: Record<string, unknown>[] }>('ccxt.comment.accountInactiveOrders.json')
  .orders[0] as Record<string, unknown>;
const T0 = 1_766_387_932; // s, the capture's time

function row(index: number, timeSec: number, clientIndex = 0): Record<string, unknown> {
  const orderIndex = 281_474_977_354_074 + index;
  return {
    ...template,
    order_index: orderIndex,
    order_id: String(orderIndex),
    client_order_index: clientIndex,
    client_order_id: String(clientIndex),
    timestamp: timeSec,
    created_at: timeSec,
    updated_at: timeSec,
  };
}

const NO_ACTIVE: ReplayRoute = {
  path: '/api/v1/accountActiveOrders',
  body: JSON.stringify({ code: 200, orders: null }),
};

/** `/accountInactiveOrders` page by page: page i answers cursor `c{i}` (the first, none); `last` ends the walk. */
function pages(rows: Record<string, unknown>[][], last: string | null = null): ReplayRoute[] {
  return rows
    .map((orders, i) => ({
      path: '/api/v1/accountInactiveOrders',
      ...(i > 0 ? { query: { cursor: `c${i}` } } : {}),
      body: JSON.stringify({ code: 200, orders, next_cursor: i < rows.length - 1 ? `c${i + 1}` : last }),
    }))
    .reverse();
}

function inactiveQueries(server: { requests: { path: string; query: Record<string, string> }[] }) {
  return server.requests.filter((r) => r.path === '/api/v1/accountInactiveOrders').map((r) => r.query);
}

describe('getOrder pages through inactive orders', () => {
  it('follows next_cursor past the newest page to find an older order', async () => {
    const { venue, server } = await replay([
      NO_ACTIVE,
      ...pages([[row(3, T0), row(2, T0)], [row(1, T0 - 10)], [row(0, T0 - 20, 77)]]),
    ]);
    const o = await venue.getOrder({ symbol: 'ETH', clientOrderId: '77' });
    expect(o).toMatchObject({ id: '281474977354074', clientOrderId: '77', status: 'cancelled' });
    expect(inactiveQueries(server).map((q) => [q['cursor'], q['limit'], q['market_id']])).toEqual([
      [undefined, '100', '0'],
      ['c1', '100', '0'],
      ['c2', '100', '0'],
    ]);
  });

  it('answers null only when the venue has no further page (or repeats its cursor)', async () => {
    const last = await replay([NO_ACTIVE, ...pages([[row(3, T0)], [row(2, T0)]])]);
    expect(await last.venue.getOrder({ symbol: 'ETH', orderId: '1' })).toBeNull();
    expect(inactiveQueries(last.server)).toHaveLength(2);
    const repeat = await replay([
      NO_ACTIVE,
      {
        path: '/api/v1/accountInactiveOrders',
        body: JSON.stringify({ code: 200, orders: [row(3, T0)], next_cursor: 'same' }),
      },
    ]);
    expect(await repeat.venue.getOrder({ symbol: 'ETH', orderId: '1' })).toBeNull();
    expect(inactiveQueries(repeat.server)).toHaveLength(2);
  });

  it('stops at a page older than the order it signed (less 5 min of clock skew): null is then certain', async () => {
    const now = (T0 + 3600) * 1000;
    const { venue, server } = await replay(
      [
        NO_ACTIVE,
        { path: '/api/v1/nextNonce', body: fixture('nautilus.http_next_nonce.json') },
        { method: 'POST', path: '/api/v1/sendTx', body: fixture('ccxt.comment.sendTx.json') },
        // Page 1 closes within the skew allowance, page 2 entirely before it: nothing further can be the order.
        ...pages(
          [[row(9, T0 + 3600), row(8, T0 + 3600 - 240)], [row(7, T0 + 3600 - 400)], [row(6, T0)], [row(5, T0)]],
          'c9',
        ),
      ],
      { clock: { now: () => now } },
    );
    const { clientOrderId } = await venue.placeOrder({
      symbol: 'ETH',
      side: 'buy',
      type: 'limit',
      size: '0.01',
      price: '2000.00',
      clientOrderId: 'lost-answer-1',
    });
    expect(await venue.getOrder({ symbol: 'ETH', clientOrderId })).toBeNull();
    expect(inactiveQueries(server)).toHaveLength(2);
  });

  it(`is bounded: ${MAX_ORDER_LOOKUP_PAGES} pages without reaching the order's time is an error, never "not found"`, async () => {
    const rows = Array.from({ length: MAX_ORDER_LOOKUP_PAGES + 3 }, (_, i) => [row(100 - i, T0)]);
    const { venue, server } = await replay([NO_ACTIVE, ...pages(rows, 'c99')]);
    const e = await venue.getOrder({ symbol: 'ETH', clientOrderId: '77' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).message).toMatch(/inactive orders/);
    expect(inactiveQueries(server)).toHaveLength(MAX_ORDER_LOOKUP_PAGES);
  });
});
