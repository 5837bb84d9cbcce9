import { type Order, type OrderQuery, TransportError, walkPages } from '@dn/core';
import type { LighterClient } from '../client.js';
import { clientOrderIndexOf } from '../client-order-index.js';
import { toOrder } from '../mappers.js';
import { toMs } from '../scale.js';
import type { LighterOrder } from '../wire.js';
import type { ClientIdMemory } from './client-ids.js';
import { orderMatcher } from './orders.js';
import { LIGHTER_PAGE_LIMIT } from './paging.js';

/** Pages of `/accountInactiveOrders` (100 orders each) one lookup reads at most. */
export const MAX_ORDER_LOOKUP_PAGES = 10;
/** Room for the venue's clock running behind ours when deciding that a page is older than the order. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The queried order: the market's open orders, then its inactive orders newest first, page by page until the order,
 * the venue's last page, or a page entirely older than the order can be (its signing time, when this process signed
 * it, less CLOCK_SKEW_MS). Null only when the venue certainly does not list it.
 * @throws TransportError when MAX_ORDER_LOOKUP_PAGES pages were read without reaching that point: the order may be
 *   further back (an account busy enough to close 1,000 orders since), so "not found" would be a guess — a caller
 *   recovering a lost answer must not place the order again on it.
 */
export async function venueOrder(client: LighterClient, ids: ClientIdMemory, query: OrderQuery): Promise<Order | null> {
  const m = await client.market(query.symbol);
  const match = orderMatcher(query);
  const active = await client.getActiveOrders(m.marketIndex);
  const found = active.orders.find(match) ?? (await findInactive(client, m.marketIndex, match, horizonOf(ids, query)));
  if (!found) return null;
  const order = toOrder(found, m, (i) => ids.idOf(i));
  if (query.clientOrderId !== undefined) order.clientOrderId = query.clientOrderId;
  return order;
}

/** The earliest time the order can have been created at (ms), when known. */
function horizonOf(ids: ClientIdMemory, query: OrderQuery): number | undefined {
  if (query.clientOrderId === undefined || query.orderId !== undefined) return undefined;
  const signedAt = ids.signedAt(clientOrderIndexOf(query.clientOrderId));
  return signedAt === undefined ? undefined : signedAt - CLOCK_SKEW_MS;
}

/**
 * The latest time a row carries (created, updated, listed). Whether the venue sorts inactive orders by creation or by
 * the time they closed, every later row is older than this in that order, and the queried order is not (closed ≥
 * created ≥ horizon). Undefined when the row has no time.
 */
function latestTime(o: LighterOrder): number | undefined {
  const times = [o.created_at, o.updated_at, o.timestamp].filter((t): t is number => t !== undefined).map(toMs);
  return times.length > 0 ? Math.max(...times) : undefined;
}

async function findInactive(
  client: LighterClient,
  marketId: number,
  match: (o: LighterOrder) => boolean,
  horizon: number | undefined,
): Promise<LighterOrder | undefined> {
  const pages = walkPages<LighterOrder>(
    async (cursor) => {
      const r = await client.getInactiveOrders({
        limit: LIGHTER_PAGE_LIMIT,
        marketId,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      return { items: r.orders, next: r.next_cursor };
    },
    { maxPages: MAX_ORDER_LOOKUP_PAGES },
  );
  for (;;) {
    const step = await pages.next();
    // The walk ended on the venue's last page, an empty page or a cursor it already gave: nothing further to show.
    if (step.done) {
      if (step.value !== 'max-pages') return undefined;
      break;
    }
    const hit = step.value.items.find(match);
    if (hit) return hit;
    const oldest = step.value.items.at(-1);
    const t = oldest && latestTime(oldest);
    if (horizon !== undefined && t !== undefined && t < horizon) return undefined;
  }
  throw new TransportError(
    `Lighter order lookup read ${MAX_ORDER_LOOKUP_PAGES} pages of inactive orders without reaching the order's time`,
    { venue: 'lighter', url: '/api/v1/accountInactiveOrders' },
    { details: 'the order may be further back: its state is unknown, not absent' },
  );
}
