import {
  type Decimal,
  InvalidInputError,
  normalizeOrder,
  type Order,
  type OrderQuery,
  type PlaceOrderParameters,
  toDecimal,
} from '@dn/core';
import type { PacificaClient } from '../client.js';
import { PACIFICA_ORDER_RULES } from '../config.js';
import { eventsToOrder, historyToOrder, openOrderToOrder, toMarket } from '../mappers.js';
import type { PacificaAction } from '../payloads/action.js';
import { newClientOrderId } from '../payloads/client-order-id.js';
import { buildCancelOrder, buildLimitOrder, buildMarketOrder, type PacificaTif } from '../payloads/orders.js';
import { slippageFraction } from '../payloads/validate.js';
import type { PacificaOperationType } from '../signing/operation-types.js';
import type { PacificaMarketInfo } from '../wire/index.js';
import { requireAccount } from './account.js';

const NO_FEES = Object.freeze({ makerFee: toDecimal(0), takerFee: toDecimal(0) });

const TIF: Record<NonNullable<PlaceOrderParameters['timeInForce']>, PacificaTif> = {
  GTT: 'GTC',
  IOC: 'IOC',
  POST_ONLY: 'ALO',
};

/** Pages scanned when looking an order up by client id in the order history. */
const ORDER_LOOKUP_PAGES = 5;

/** The signed action of a unified order (see `PacificaVenue.placeOrder`), with the client order id it carries. */
export function orderAction(
  params: PlaceOrderParameters,
  market: PacificaMarketInfo,
  defaultSlippage: Decimal,
): { action: PacificaAction<PacificaOperationType, object>; clientOrderId: string } {
  if (params.expiresAt !== undefined) {
    throw new InvalidInputError('Pacifica orders cannot expire at a given time', {
      field: 'expiresAt',
      value: params.expiresAt,
      expected: 'no expiresAt (GTC until cancelled)',
      venue: 'pacifica',
    });
  }
  const clientOrderId = params.clientOrderId ?? newClientOrderId();
  const band = params.slippage === undefined ? defaultSlippage : toDecimal(params.slippage, 'slippage');
  if (params.type === 'market' && params.price === undefined) slippageFraction(band, 'slippage');
  // Fees play no part in the order rules; the venue prices a market order without a worst price itself.
  const order = normalizeOrder(params, toMarket(market, NO_FEES), PACIFICA_ORDER_RULES, {
    defaultSlippage,
    venuePricesMarketOrders: true,
  });
  const side = order.side === 'buy' ? 'bid' : 'ask';
  const { size, reduceOnly } = order;
  const action =
    order.price !== undefined
      ? buildLimitOrder({
          symbol: market.symbol,
          side,
          price: order.price,
          amount: size,
          tif: TIF[order.timeInForce],
          reduceOnly,
          clientOrderId,
        })
      : buildMarketOrder({
          symbol: market.symbol,
          side,
          amount: size,
          slippagePercent: band.mul(100),
          reduceOnly,
          clientOrderId,
        });
  return { action, clientOrderId };
}

/** `cancel_order` of one order of market `symbol`, by venue id or client id. */
export function cancelAction(symbol: string, query: OrderQuery): PacificaAction<PacificaOperationType, object> {
  return buildCancelOrder({
    symbol,
    ...(query.orderId !== undefined ? { orderId: parseOrderId(query.orderId) } : {}),
    ...(query.clientOrderId !== undefined ? { clientOrderId: query.clientOrderId } : {}),
  });
}

/** See `PacificaVenue.getOrder`. */
export async function findOrder(client: PacificaClient, venueSymbol: string, query: OrderQuery): Promise<Order | null> {
  if ((query.orderId === undefined) === (query.clientOrderId === undefined)) {
    throw new InvalidInputError('Give exactly one of orderId and clientOrderId', {
      field: 'orderId',
      venue: 'pacifica',
    });
  }
  const account = requireAccount(client);
  const matches = (o: { orderId: string; clientOrderId: string | null; symbol: string }): boolean =>
    o.symbol === venueSymbol &&
    (query.orderId !== undefined ? o.orderId === query.orderId : o.clientOrderId === query.clientOrderId);
  const open = (await client.rest.getOpenOrders({ account })).find(matches);
  if (open) return openOrderToOrder(open);
  if (query.orderId !== undefined) {
    if (!/^\d+$/.test(query.orderId)) return null;
    const order = eventsToOrder(await client.rest.getOrderHistoryById({ orderId: query.orderId }));
    return order && order.symbol === venueSymbol ? order : null;
  }
  let cursor: string | undefined;
  for (let page = 0; page < ORDER_LOOKUP_PAGES; page++) {
    const res = await client.rest.getOrderHistory({ account, limit: 100, ...(cursor ? { cursor } : {}) });
    const hit = res.items.find(matches);
    if (hit) return historyToOrder(hit);
    if (!res.hasMore) break;
    cursor = res.nextCursor;
  }
  return null;
}

function parseOrderId(id: string): bigint {
  if (!/^\d+$/.test(id)) {
    throw new InvalidInputError('orderId must be the venue order id (digits)', {
      field: 'orderId',
      value: id,
      venue: 'pacifica',
    });
  }
  return BigInt(id);
}
