import {
  Decimal,
  InvalidInputError,
  normalizeOrder,
  type OrderQuery,
  type PlaceOrderParameters,
  VenueRejectedError,
} from '@dn/core';
import type { LighterClient } from '../client.js';
import { clientOrderIndexOf } from '../client-order-index.js';
import { LIGHTER_DEFAULT_ORDER_TTL_MS, LIGHTER_ORDER_RULES } from '../config.js';
import { parseIndex, toScaledInt } from '../scale.js';
import { ORDER_TYPE, TIME_IN_FORCE } from '../signing/constants.js';
import type { CreateOrderFields } from '../signing/tx-fields.js';
import type { LighterMarketInfo } from '../symbols.js';
import type { LighterOrder } from '../wire.js';
import type { ClientIdMemory } from './client-ids.js';

/** CreateOrder fields the client fills in itself. */
export type OrderBody = Omit<CreateOrderFields, 'Nonce' | 'ExpiredAt' | 'AccountIndex' | 'ApiKeyIndex'>;

/**
 * Validates, rounds and scales a PerpVenue order into CreateOrder fields (core `normalizeOrder` with
 * `LIGHTER_ORDER_RULES`: minimums waived for reduce-only orders). Market orders are Type 1 (market), IOC, with the
 * worst acceptable price at best ± `marketSlippage` (core `marketablePrice` inside `normalizeOrder`).
 */
export async function orderBody(
  client: LighterClient,
  ids: ClientIdMemory,
  params: PlaceOrderParameters,
  clientOrderId: string,
): Promise<OrderBody> {
  const m = await client.market(params.symbol);
  const index = clientOrderIndexOf(clientOrderId);
  ids.remember(index, clientOrderId, client.clock.now());
  const invalid = (msg: string, field: string, value?: unknown) =>
    new InvalidInputError(msg, { field, value, venue: 'lighter' });
  if (params.side !== 'buy' && params.side !== 'sell') throw invalid('side must be buy or sell', 'side', params.side);
  const isMarket = params.type === 'market';
  // A market order's minimum notional is judged at the best price, so the book is read even with a worst price.
  const order = normalizeOrder(params, m, LIGHTER_ORDER_RULES, {
    defaultSlippage: client.marketSlippage,
    ...(isMarket ? { best: await bestPrice(client, m, params.side) } : {}),
  });
  const { size, price, reduceOnly } = order;
  const tif = order.timeInForce;
  let orderExpiry = 0;
  if (tif !== 'IOC') {
    const now = client.clock.now();
    orderExpiry = params.expiresAt ?? now + LIGHTER_DEFAULT_ORDER_TTL_MS;
    if (!Number.isSafeInteger(orderExpiry) || orderExpiry <= now) {
      throw invalid('expiresAt must be a future time in ms', 'expiresAt', params.expiresAt);
    }
  }
  return {
    MarketIndex: m.marketIndex,
    ClientOrderIndex: index,
    BaseAmount: toScaledInt(size, m.sizeDecimals, 'size'),
    Price: toScaledInt(price, m.priceDecimals, 'price'),
    IsAsk: params.side === 'sell' ? 1 : 0,
    Type: isMarket ? ORDER_TYPE.MARKET : ORDER_TYPE.LIMIT,
    TimeInForce:
      tif === 'IOC'
        ? TIME_IN_FORCE.IMMEDIATE_OR_CANCEL
        : tif === 'POST_ONLY'
          ? TIME_IN_FORCE.POST_ONLY
          : TIME_IN_FORCE.GOOD_TILL_TIME,
    ReduceOnly: reduceOnly ? 1 : 0,
    TriggerPrice: 0,
    OrderExpiry: orderExpiry,
    L2TxAttributes: null,
  };
}

/** The best opposite price (buy: lowest ask, sell: highest bid). @throws VenueRejectedError on an empty side. */
async function bestPrice(client: LighterClient, m: LighterMarketInfo, side: 'buy' | 'sell'): Promise<Decimal> {
  const r = await client.getOrderBookOrders(m.marketIndex, 5);
  const levels = side === 'buy' ? r.asks : r.bids;
  const best = levels
    .map((o) => o.price)
    .reduce<Decimal | undefined>(
      (b, p) => (b === undefined ? p : side === 'buy' ? Decimal.min(b, p) : Decimal.max(b, p)),
      undefined,
    );
  if (!best) {
    throw new VenueRejectedError(`No ${side === 'buy' ? 'asks' : 'bids'} on ${m.symbol} to price a market order`, {
      venue: 'lighter',
      operation: 'placeOrder',
    });
  }
  return best;
}

/** The Lighter order index a cancel targets: the order id, else the client id's ClientOrderIndex. */
export function cancelIndexOf(query: OrderQuery): bigint {
  if (query.orderId !== undefined) return parseIndex(query.orderId, 'orderId');
  if (query.clientOrderId !== undefined) return clientOrderIndexOf(query.clientOrderId);
  throw new InvalidInputError('cancelOrder needs orderId or clientOrderId', { field: 'orderId', venue: 'lighter' });
}

/** A predicate finding the queried order among wire orders (by order index or by client order index). */
export function orderMatcher(query: OrderQuery): (o: LighterOrder) => boolean {
  if (query.orderId !== undefined) {
    const id = parseIndex(query.orderId, 'orderId');
    return (o) => o.order_index === id;
  }
  if (query.clientOrderId !== undefined) {
    const index = clientOrderIndexOf(query.clientOrderId);
    return (o) => o.client_order_index === index;
  }
  throw new InvalidInputError('getOrder needs orderId or clientOrderId', { field: 'orderId', venue: 'lighter' });
}

/** A rejection carries the caller's client order id so the caller can tell which order it was. */
export function withClientOrderId(e: unknown, clientOrderId: string): unknown {
  if (e instanceof VenueRejectedError && e.context.clientOrderId === undefined) {
    return new VenueRejectedError(e.shortMessage, { ...e.context, clientOrderId }, { cause: e });
  }
  return e;
}
