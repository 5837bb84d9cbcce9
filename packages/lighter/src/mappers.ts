import {
  type Balance,
  baseAssetOf,
  Decimal,
  type Fill,
  type FundingPayment,
  type Order,
  type OrderStatus,
  type Position,
  type PublicTrade,
  type TimeInForce,
} from '@dn/core';
import { LIGHTER_FUNDING_INTERVAL_HOURS } from './config.js';
import { accountFunding } from './funding-units.js';
import { stepOf, toMs } from './scale.js';
import { feeFraction, type LighterMarketInfo } from './symbols.js';
import type {
  LighterAccountPosition,
  LighterDetailedAccount,
  LighterOrder,
  LighterOrderBookDetail,
  LighterPositionFunding,
  LighterPublicTrade,
  LighterTrade,
} from './wire.js';

const ZERO = new Decimal(0);

/** Builds the market view of a perp `orderBookDetails` row. Margin fractions are in 1e-4 units (500 = 5 %). */
export function toMarket(d: LighterOrderBookDetail): LighterMarketInfo {
  const tick = stepOf(d.price_decimals);
  const lot = stepOf(d.size_decimals);
  const imf = d.min_initial_margin_fraction > 0 ? d.min_initial_margin_fraction : d.default_initial_margin_fraction;
  return {
    symbol: baseAssetOf(d.symbol),
    venueSymbol: String(d.market_id),
    marketIndex: d.market_id,
    priceDecimals: d.price_decimals,
    sizeDecimals: d.size_decimals,
    tickSize: tick,
    lotSize: lot,
    minSize: Decimal.max(d.min_base_amount, lot),
    minNotional: d.min_quote_amount,
    maxLeverage: imf > 0 ? new Decimal(10_000).div(imf) : new Decimal(1),
    makerFee: feeFraction(d.maker_fee),
    takerFee: feeFraction(d.taker_fee),
    fundingIntervalHours: LIGHTER_FUNDING_INTERVAL_HOURS,
    active: d.status === 'active',
    minInitialMarginFraction: imf,
  };
}

/** Lighter order status → unified. Every `canceled-*` reason is a cancellation; `canceled-expired` an expiry. */
export function toOrderStatus(o: Pick<LighterOrder, 'status' | 'filled_base_amount'>): OrderStatus {
  const s = o.status;
  if (s === 'filled') return 'filled';
  if (s === 'open') return o.filled_base_amount.gt(0) ? 'partially_filled' : 'open';
  if (s === 'in-progress' || s === 'pending') return 'pending';
  if (s === 'canceled-expired') return 'expired';
  if (s.startsWith('canceled')) return 'cancelled';
  return 'pending';
}

function timeInForceOf(tif: string): TimeInForce {
  if (tif === 'immediate-or-cancel') return 'IOC';
  if (tif === 'post-only') return 'POST_ONLY';
  return 'GTT';
}

/**
 * `clientOrderIdOf(index)` gives back the caller's string for indexes this client created; otherwise the decimal
 * index itself (which `clientOrderIndexOf` maps back to the same index).
 */
export function toOrder(o: LighterOrder, m: LighterMarketInfo, clientOrderIdOf: (index: bigint) => string): Order {
  const filled = o.filled_base_amount;
  const out: Order = {
    id: o.order_index.toString(),
    symbol: m.symbol,
    side: o.is_ask ? 'sell' : 'buy',
    type: o.type === 'market' ? 'market' : 'limit',
    timeInForce: timeInForceOf(o.time_in_force),
    size: o.initial_base_amount,
    filledSize: filled,
    status: toOrderStatus(o),
    reduceOnly: o.reduce_only,
    createdAt: toMs(o.created_at ?? o.timestamp ?? 0),
    updatedAt: toMs(o.updated_at ?? o.timestamp ?? o.created_at ?? 0),
  };
  if (o.client_order_index > 0n) out.clientOrderId = clientOrderIdOf(o.client_order_index);
  if (o.type !== 'market') out.price = o.price;
  if (filled.gt(0)) out.averageFillPrice = o.filled_quote_amount.div(filled);
  return out;
}

export function toPosition(p: LighterAccountPosition, m: LighterMarketInfo): Position {
  const size = p.position.abs().mul(p.sign < 0 ? -1 : 1);
  const notional = p.position_value.abs();
  const mark = p.position.isZero() ? p.avg_entry_price : notional.div(p.position.abs());
  const liq = p.liquidation_price;
  return {
    symbol: m.symbol,
    size,
    entryPrice: p.avg_entry_price,
    markPrice: mark.toDecimalPlaces(m.priceDecimals + 2),
    unrealizedPnl: p.unrealized_pnl,
    // "0" is how the venue says there is no liquidation price.
    liquidationPrice: liq.gt(0) ? liq : null,
    // Position IMF is a percent ("5.00" = 20×).
    ...(p.initial_margin_fraction.gt(0) ? { leverage: new Decimal(100).div(p.initial_margin_fraction) } : {}),
    notional,
  };
}

export function toBalance(a: LighterDetailedAccount): Balance {
  const upnl = a.positions.reduce((s, p) => s.add(p.unrealized_pnl), ZERO);
  return {
    currency: 'USDC',
    collateral: a.collateral,
    equity: a.total_asset_value,
    availableMargin: a.available_balance,
    unrealizedPnl: upnl,
    ...(a.cross_initial_margin_requirement ? { initialMarginUsed: a.cross_initial_margin_requirement } : {}),
    ...(a.cross_maintenance_margin_requirement ? { maintenanceMargin: a.cross_maintenance_margin_requirement } : {}),
  };
}

const PPM = new Decimal(1_000_000);

/**
 * Fee of one side of a trade. Lighter stamps each trade with integer `maker_fee` / `taker_fee` rates in parts per
 * million of the USD amount: the live captures carry the same 28 / 196 on trades of 1.18 and 314.32 USD, which only a
 * rate can do (an absolute amount would scale with the trade). When the field is absent (public trade lists omit the
 * taker's), the market's fee rate is used instead.
 */
export function tradeFee(t: LighterTrade, maker: boolean, m: LighterMarketInfo): Decimal {
  const notional = t.usd_amount ?? t.price.mul(t.size);
  const ppm = maker ? t.maker_fee : t.taker_fee;
  if (ppm !== undefined) return notional.mul(ppm).div(PPM);
  return notional.mul(maker ? m.makerFee : m.takerFee);
}

/** A trade seen from `accountIndex`'s side (undefined when the account is on neither side). */
export function toFill(
  t: LighterTrade,
  accountIndex: bigint,
  m: LighterMarketInfo,
  clientOrderIdOf: (index: bigint) => string,
): Fill | undefined {
  const isAsk = t.ask_account_id === accountIndex;
  if (!isAsk && t.bid_account_id !== accountIndex) return undefined;
  const maker = isAsk === t.is_maker_ask;
  const orderId = isAsk ? t.ask_id : t.bid_id;
  const cid = isAsk ? t.ask_client_id : t.bid_client_id;
  const fill: Fill = {
    id: t.trade_id.toString(),
    orderId: orderId.toString(),
    symbol: m.symbol,
    side: isAsk ? 'sell' : 'buy',
    price: t.price,
    size: t.size,
    fee: tradeFee(t, maker, m),
    liquidity: maker ? 'maker' : 'taker',
    timestamp: toMs(t.timestamp),
  };
  if (cid !== undefined && cid > 0n) fill.clientOrderId = clientOrderIdOf(cid);
  return fill;
}

/** A public print; the taker bought when the maker was the ask (`is_maker_ask`). */
export function toPublicTrade(t: LighterPublicTrade, m: LighterMarketInfo): PublicTrade {
  return {
    id: t.trade_id.toString(),
    symbol: m.symbol,
    price: t.price,
    size: t.size.abs(),
    side: t.is_maker_ask ? 'buy' : 'sell',
    timestamp: toMs(t.timestamp),
  };
}

const HUNDRED = new Decimal(100);

/**
 * The leverage an account position row says the venue applies: 100 / `initial_margin_fraction` (a percent on REST:
 * "5.00" = 20×, "10.00" on a flat row = 10×; the row stays after UpdateLeverage with `position` "0"). Undefined when the
 * fraction is absent or zero, or gives a leverage outside [1, the market's maximum] — a docs example of the WS stream
 * writes "0.0500", a fraction, which read as a percent would be 2000×: such an answer says nothing reliable.
 */
export function toLeverage(p: LighterAccountPosition, m: LighterMarketInfo): Decimal | undefined {
  const imf = p.initial_margin_fraction;
  if (!imf.gt(0)) return undefined;
  const lev = HUNDRED.div(imf);
  // 1e-6 of room: the percent has two decimals, so 100 / IMF is rarely the exact maximum.
  return lev.gte(1) && lev.lte(m.maxLeverage.mul('1.000001')) ? lev : undefined;
}

/** A settled funding payment of the account; units and signs in funding-units.ts. */
export function toFundingPayment(f: LighterPositionFunding, m: LighterMarketInfo): FundingPayment {
  const { amount, rate } = accountFunding(f);
  return {
    symbol: m.symbol,
    amount,
    rate,
    positionSize: f.position_side === 'short' ? f.position_size.abs().neg() : f.position_size.abs(),
    timestamp: toMs(f.timestamp),
  };
}
