import { InvalidInputError } from '../errors/index.js';
import { ceilToStep, type Decimal, floorToStep, isMultipleOf, toDecimal } from '../types/decimal.js';
import type { Market, Side, TimeInForce } from '../types/domain.js';
import type { PlaceOrderParameters } from '../types/venue.js';
import { marketablePrice } from './marketable-price.js';

/**
 * Per-venue order rules that differ between venues. Each connector states its own, with the source, in its config.ts.
 */
export interface OrderRules {
  venue: string;
  /**
   * `waived`: a reduce-only order may be below the minimum size / notional (the venue lets a dust position be closed).
   * `enforced`: the venue refuses it like any other order.
   */
  reduceOnlyMinimums: 'waived' | 'enforced';
  /**
   * A limit price off the tick: `refused` (default) or `rounded` to the passive side (buy down, sell up), which never
   * makes the order more aggressive than asked.
   */
  limitOffTick?: 'refused' | 'rounded';
}

/** An order checked against its market: size on the lot, price on the tick, minimums applied. */
export interface NormalizedOrder {
  side: Side;
  type: 'market' | 'limit';
  size: Decimal;
  /** The limit sent to the venue (for market orders: the band's limit). */
  price: Decimal;
  timeInForce: TimeInForce;
  reduceOnly: boolean;
  /** The price the minimum notional is judged at: the best price for market orders, the limit otherwise. */
  referencePrice: Decimal;
}

export interface NormalizeOrderOptions {
  /** Best opposite price; required for a market order without an explicit price. */
  best?: Decimal;
  /** Default band for market orders when the caller gives no `slippage` (fraction). */
  defaultSlippage: Decimal;
  /**
   * The venue prices a market order itself from a slippage it is sent (Pacifica's `create_market`): a market order
   * without an explicit price gets no limit here, and its minimum notional is left to the venue (no price to judge it).
   */
  venuePricesMarketOrders?: boolean;
}

/** A normalized order whose market orders may carry no limit (the venue prices them). */
export type VenuePricedOrder = Omit<NormalizedOrder, 'price' | 'referencePrice'> & {
  price: Decimal | undefined;
  referencePrice: Decimal | undefined;
};

/**
 * One place for the order rules every connector and the simulator apply before signing: size floored to the lot,
 * limit price on the tick, market orders as a marketable IOC limit inside the band, minimum size and notional (with the
 * venue's reduce-only rule), IOC for market orders.
 * @throws InvalidInputError naming the field, the value and what was expected.
 */
export function normalizeOrder(
  params: PlaceOrderParameters,
  market: Market,
  rules: OrderRules,
  options: NormalizeOrderOptions & { venuePricesMarketOrders: true },
): VenuePricedOrder;
export function normalizeOrder(
  params: PlaceOrderParameters,
  market: Market,
  rules: OrderRules,
  options: NormalizeOrderOptions & { venuePricesMarketOrders?: false },
): NormalizedOrder;
export function normalizeOrder(
  params: PlaceOrderParameters,
  market: Market,
  rules: OrderRules,
  options: NormalizeOrderOptions,
): VenuePricedOrder {
  const invalid = (message: string, field: string, value?: unknown, expected?: string) =>
    new InvalidInputError(message, {
      field,
      ...(value !== undefined ? { value } : {}),
      ...(expected ? { expected } : {}),
      venue: rules.venue,
    });
  if (params.side !== 'buy' && params.side !== 'sell') throw invalid('side must be buy or sell', 'side', params.side);
  if (params.type !== 'market' && params.type !== 'limit') {
    throw invalid('type must be market or limit', 'type', params.type);
  }
  const isMarket = params.type === 'market';
  const reduceOnly = params.reduceOnly === true;
  const timeInForce = params.timeInForce ?? (isMarket ? 'IOC' : 'GTT');
  if (isMarket && timeInForce !== 'IOC') throw invalid('market orders are IOC', 'timeInForce', timeInForce, 'IOC');

  const size = floorToStep(toDecimal(params.size, 'size'), market.lotSize);
  if (!size.gt(0)) {
    throw invalid(
      `size is below one lot (${market.lotSize.toFixed()})`,
      'size',
      String(params.size),
      'at least one lot',
    );
  }

  let price: Decimal | undefined;
  let referencePrice: Decimal | undefined;
  const inward = (p: Decimal) =>
    params.side === 'buy' ? floorToStep(p, market.tickSize) : ceilToStep(p, market.tickSize);
  if (isMarket) {
    if (params.price !== undefined) {
      // An explicit worst price is rounded inward: the order never trades beyond what the caller accepted.
      price = inward(toDecimal(params.price, 'price'));
    } else if (options.venuePricesMarketOrders) {
      price = undefined;
    } else {
      if (!options.best) throw invalid(`no ${params.side === 'buy' ? 'ask' : 'bid'} to price a market order`, 'symbol');
      const band = params.slippage !== undefined ? toDecimal(params.slippage, 'slippage') : options.defaultSlippage;
      price = marketablePrice(params.side, options.best, band, market.tickSize);
    }
    referencePrice = options.best ?? price;
  } else {
    if (params.price === undefined) throw invalid('limit orders need a price', 'price');
    price = toDecimal(params.price, 'price');
    if (rules.limitOffTick === 'rounded') price = inward(price);
    else if (!isMultipleOf(price, market.tickSize)) {
      throw invalid('price is not on the tick', 'price', price.toFixed(), `multiple of ${market.tickSize.toFixed()}`);
    }
    referencePrice = price;
  }
  if (price && !price.gt(0)) throw invalid('price must be positive', 'price', price.toFixed());

  const minimumsApply = !(reduceOnly && rules.reduceOnlyMinimums === 'waived');
  if (minimumsApply && size.lt(market.minSize)) {
    throw invalid(
      `size below the minimum ${market.minSize.toFixed()} of ${market.symbol}`,
      'size',
      size.toFixed(),
      `>= ${market.minSize.toFixed()}`,
    );
  }
  if (minimumsApply && market.minNotional && referencePrice && size.mul(referencePrice).lt(market.minNotional)) {
    throw invalid(
      `order value below the minimum ${market.minNotional.toFixed()} of ${market.symbol}`,
      'size',
      size.toFixed(),
      `size × price >= ${market.minNotional.toFixed()}`,
    );
  }
  return { side: params.side, type: params.type, size, price, timeInForce, reduceOnly, referencePrice };
}
