import { randomUUID } from 'node:crypto';
import {
  Decimal,
  type DecimalInput,
  InvalidInputError,
  normalizeOrder,
  type PlaceOrderParameters,
  type PlaceOrderReturnType,
  toDecimal,
} from '@dn/core';
import type { ExtendedClient } from '../client.js';
import {
  EXTENDED_DEFAULT_ORDER_TTL_MS,
  EXTENDED_MAX_MARKET_SLIPPAGE,
  EXTENDED_ORDER_RULES,
  EXTENDED_VENUE,
} from '../config.js';
import { toMarket } from '../mappers.js';
import type { ExtendedOrderBody, OrderBuilder } from '../signing/order-types.js';
import type { ExtendedMarket } from '../wire.js';

/** A market-order band as a fraction in (0, 5 %]: the venue refuses market prices beyond mark ± 5 %. */
export function checkSlippage(value: DecimalInput): Decimal {
  const band = toDecimal(value, 'slippage');
  if (!band.gt(0) || band.gt(EXTENDED_MAX_MARKET_SLIPPAGE)) {
    throw new InvalidInputError(`slippage must be in (0, ${EXTENDED_MAX_MARKET_SLIPPAGE}]`, {
      field: 'slippage',
      value: band.toFixed(),
      expected: 'fraction such as 0.0075 (the venue refuses market prices beyond mark ± 5 %)',
      venue: EXTENDED_VENUE,
    });
  }
  return band;
}

/**
 * A unified order normalised by core's `normalizeOrder` (market orders banded around the best price of the full
 * book), signed by the client and sent. See `ExtendedVenue.placeOrder` for the rules.
 */
export async function placeUnifiedOrder(
  client: ExtendedClient,
  market: ExtendedMarket,
  params: PlaceOrderParameters,
  defaultSlippage: Decimal,
): Promise<PlaceOrderReturnType> {
  const { body, clientOrderId } = await buildUnifiedOrder(client, market, params, defaultSlippage);
  return sendUnifiedOrder(client, body, clientOrderId);
}

/** Sends a signed body (as `text` when its JSON was made ahead); the acknowledgement in unified terms. */
export async function sendUnifiedOrder(
  client: ExtendedClient,
  body: ExtendedOrderBody,
  clientOrderId: string,
  text?: string,
): Promise<PlaceOrderReturnType> {
  const placed = await client.placeOrder(body, text);
  return { orderId: placed.id, clientOrderId, status: 'accepted' };
}

/**
 * The signed body `placeUnifiedOrder` sends (validation, normalisation, expiry, fee, signature), not sent. `fee`:
 * the fee cap to sign (default: the client's for the market); `build`: what signs it (default: on this thread). The
 * body's `id` is the client order id, which is not part of the signed settlement.
 */
export async function buildUnifiedOrder(
  client: ExtendedClient,
  market: ExtendedMarket,
  params: PlaceOrderParameters,
  defaultSlippage: Decimal,
  fee?: Decimal,
  build?: OrderBuilder,
): Promise<{ body: ExtendedOrderBody; clientOrderId: string }> {
  if (params.side !== 'buy' && params.side !== 'sell') {
    throw new InvalidInputError('side must be buy or sell', {
      field: 'side',
      value: params.side,
      venue: EXTENDED_VENUE,
    });
  }
  const clientOrderId = params.clientOrderId ?? randomUUID();
  if (clientOrderId.length === 0) {
    throw new InvalidInputError('clientOrderId must not be empty', { field: 'clientOrderId', venue: EXTENDED_VENUE });
  }
  const band = params.slippage === undefined ? defaultSlippage : checkSlippage(params.slippage);
  const needsBook = params.type === 'market' && params.price === undefined;
  const order = normalizeOrder({ ...params, slippage: band }, toMarket(params.symbol, market), EXTENDED_ORDER_RULES, {
    defaultSlippage,
    ...(needsBook ? { best: await bestPrice(client, market, params.side) } : {}),
  });
  const tif = order.timeInForce;
  const now = client.now();
  const expiry = params.expiresAt ?? now + (client.options.orderTtlMs ?? EXTENDED_DEFAULT_ORDER_TTL_MS);
  if (!Number.isSafeInteger(expiry) || expiry <= now) {
    throw new InvalidInputError('expiresAt must be a future time in ms', {
      field: 'expiresAt',
      value: expiry,
      venue: EXTENDED_VENUE,
    });
  }
  const { body } = await client.buildOrder(
    market,
    {
      side: params.side === 'buy' ? 'BUY' : 'SELL',
      type: order.type === 'market' ? 'MARKET' : 'LIMIT',
      qty: order.size,
      price: order.price,
      timeInForce: tif === 'IOC' ? 'IOC' : 'GTT',
      postOnly: tif === 'POST_ONLY',
      reduceOnly: params.reduceOnly === true,
      expiryEpochMillis: expiry,
      externalId: clientOrderId,
      ...(fee !== undefined ? { fee } : {}),
    },
    build,
  );
  return { body, clientOrderId };
}

/** Best opposite price from the full book (levels with a zero size are ignored). */
async function bestPrice(client: ExtendedClient, market: ExtendedMarket, side: 'buy' | 'sell'): Promise<Decimal> {
  const book = await client.api.getOrderBook({ market: market.name });
  const levels = side === 'buy' ? book.ask : book.bid;
  const live = levels.filter((l) => l.qty.gt(0)).map((l) => l.price);
  if (live.length === 0) {
    throw new InvalidInputError(
      `No ${side === 'buy' ? 'ask' : 'bid'} in the ${market.name} book to price a market order`,
      { field: 'symbol', value: market.name, venue: EXTENDED_VENUE },
    );
  }
  return side === 'buy' ? Decimal.min(...live) : Decimal.max(...live);
}
