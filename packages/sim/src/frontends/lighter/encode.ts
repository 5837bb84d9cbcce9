import { Decimal } from '@dn/core';
import type {
  SimEngine,
  SimFill,
  SimFundingPayment,
  SimMarket,
  SimOrder,
  SimPosition,
  SimTrade,
} from '../../engine/index.js';
import { jsonNumber } from '../../server/json.js';

/** Exchange order indexes start at 2^48 (client order indexes are below): engine id N ↔ 2^48 + N. */
export const ORDER_INDEX_BASE = 1n << 48n;

export function orderIndexOf(engineOrderId: string): bigint {
  return ORDER_INDEX_BASE + BigInt(engineOrderId);
}

export function engineOrderIdOf(orderIndex: bigint): string | undefined {
  return orderIndex >= ORDER_INDEX_BASE ? (orderIndex - ORDER_INDEX_BASE).toString() : undefined;
}

export function marketIndexOf(m: SimMarket): number {
  return Number(m.venueSymbol);
}

export function priceDecimalsOf(m: SimMarket): number {
  return m.tickSize.decimalPlaces();
}

export function sizeDecimalsOf(m: SimMarket): number {
  return m.lotSize.decimalPlaces();
}

/** REST prints prices with exactly price_decimals digits (the Python SDK relies on it). */
export function px(m: SimMarket, v: Decimal): string {
  return v.toFixed(priceDecimalsOf(m));
}

export function sz(m: SimMarket, v: Decimal): string {
  return v.toFixed(sizeDecimalsOf(m));
}

const seconds = (ms: number): number => Math.floor(ms / 1000);
const ppm = (fraction: Decimal): number => fraction.mul(1_000_000).toDecimalPlaces(0).toNumber();

function statusOf(o: SimOrder): string {
  switch (o.status) {
    case 'open':
    case 'partially_filled':
      return 'open';
    case 'filled':
      return 'filled';
    case 'expired':
      return 'canceled-expired';
    case 'pending':
      return 'pending';
    default:
      switch (o.cancelReason) {
        case 'self_trade':
          return 'canceled-self-trade';
        case 'reduce_only':
          return 'canceled-reduce-only';
        case 'liquidation':
          return 'canceled-liquidation';
        case 'ioc_remainder':
        case 'injected_partial':
          return o.filledSize.isZero() ? 'canceled-not-enough-liquidity' : 'canceled';
        case 'expired':
          return 'canceled-expired';
        default:
          return 'canceled';
      }
  }
}

/** Lighter `Order` (timestamps in seconds, amounts as decimal strings, 60-bit ids as bare numbers). */
export function encodeOrder(m: SimMarket, o: SimOrder): Record<string, unknown> {
  const index = orderIndexOf(o.id);
  const cidx = o.clientOrderId !== undefined && /^\d+$/.test(o.clientOrderId) ? BigInt(o.clientOrderId) : 0n;
  const filledQuote = (o.averageFillPrice ?? new Decimal(0)).mul(o.filledSize);
  const price = o.price ?? o.averageFillPrice ?? new Decimal(0);
  return {
    order_index: index,
    client_order_index: cidx,
    order_id: index.toString(),
    client_order_id: cidx.toString(),
    market_index: marketIndexOf(m),
    owner_account_index: BigInt(o.accountId),
    initial_base_amount: sz(m, o.size),
    price: px(m, price),
    nonce: 0,
    remaining_base_amount: sz(
      m,
      o.status === 'open' || o.status === 'partially_filled' ? o.size.sub(o.filledSize) : new Decimal(0),
    ),
    is_ask: o.side === 'sell',
    base_size: 0,
    base_price: 0,
    filled_base_amount: sz(m, o.filledSize),
    filled_quote_amount: filledQuote.toFixed(6),
    side: o.side === 'sell' ? 'ask' : 'bid',
    type: o.type,
    time_in_force:
      o.timeInForce === 'IOC' ? 'immediate-or-cancel' : o.timeInForce === 'POST_ONLY' ? 'post-only' : 'good-till-time',
    reduce_only: o.reduceOnly,
    trigger_price: px(m, new Decimal(0)),
    order_expiry: o.expiresAt ?? 0,
    status: statusOf(o),
    trigger_status: 'na',
    trigger_time: 0,
    parent_order_index: 0,
    parent_order_id: '0',
    block_height: 0,
    timestamp: seconds(o.createdAt),
    created_at: seconds(o.createdAt),
    updated_at: seconds(o.updatedAt),
  };
}

/** Lighter `AccountPosition`: unsigned `position` plus `sign`; IMF as a percent ("10.00" = 10×). */
export function encodePosition(m: SimMarket, p: SimPosition, openOrders: number): Record<string, unknown> {
  return {
    market_id: marketIndexOf(m),
    symbol: m.symbol,
    initial_margin_fraction: new Decimal(100).div(p.leverage).toFixed(2),
    open_order_count: openOrders,
    pending_order_count: 0,
    position_tied_order_count: 0,
    sign: p.size.lt(0) ? -1 : 1,
    position: sz(m, p.size.abs()),
    avg_entry_price: p.entryPrice.toFixed(priceDecimalsOf(m) + 2),
    position_value: p.notional.toFixed(6),
    unrealized_pnl: p.unrealizedPnl.toFixed(6),
    realized_pnl: p.realizedPnl.toFixed(6),
    liquidation_price: p.liquidationPrice ? px(m, p.liquidationPrice) : '0',
    total_funding_paid_out: '0',
    margin_mode: 0,
    allocated_margin: '0',
    margin_set_flag: 0,
    total_discount: '0',
  };
}

/**
 * The row the venue keeps for a market whose leverage the account set while flat (nautilus capture `http_account`:
 * `position` "0.00000", `initial_margin_fraction` "10.00"): the IMF percent of the leverage the engine applies.
 */
export function encodeFlatPosition(m: SimMarket, leverage: Decimal, openOrders: number): Record<string, unknown> {
  return {
    market_id: marketIndexOf(m),
    symbol: m.symbol,
    initial_margin_fraction: new Decimal(100).div(leverage).toFixed(2),
    open_order_count: openOrders,
    pending_order_count: 0,
    position_tied_order_count: 0,
    sign: 1,
    position: sz(m, new Decimal(0)),
    avg_entry_price: '0.0',
    position_value: '0.000000',
    unrealized_pnl: '0.000000',
    realized_pnl: '0.000000',
    liquidation_price: '0',
    total_funding_paid_out: '0',
    margin_mode: 0,
    allocated_margin: '0.000000',
    margin_set_flag: 0,
    total_discount: '0',
  };
}

/** Who stood on each side of a print: order, client order and account ids, and whether the maker sold. */
interface TradeSides {
  askId: bigint;
  bidId: bigint;
  askClientId: bigint;
  bidClientId: bigint;
  askAccountId: bigint;
  bidAccountId: bigint;
  makerIsAsk: boolean;
}

/** The venue's `Trade` row, shared by the public prints and the account's fills. */
function tradeRow(
  m: SimMarket,
  print: { id: bigint; liquidation: boolean | undefined; size: Decimal; price: Decimal; time: number },
  sides: TradeSides,
): Record<string, unknown> {
  return {
    trade_id: print.id,
    trade_id_str: print.id.toString(),
    tx_hash: '',
    type: print.liquidation ? 'liquidation' : 'trade',
    market_id: marketIndexOf(m),
    size: sz(m, print.size),
    price: px(m, print.price),
    usd_amount: print.price.mul(print.size).toFixed(6),
    ask_id: sides.askId,
    ask_id_str: sides.askId.toString(),
    bid_id: sides.bidId,
    bid_id_str: sides.bidId.toString(),
    ask_client_id: sides.askClientId,
    bid_client_id: sides.bidClientId,
    ask_account_id: sides.askAccountId,
    bid_account_id: sides.bidAccountId,
    is_maker_ask: sides.makerIsAsk,
    block_height: 0,
    timestamp: print.time,
    // Integer rates in parts per million of usd_amount, as the venue stamps every trade.
    taker_fee: ppm(m.takerFee),
    maker_fee: ppm(m.makerFee),
    transaction_time: print.time * 1000,
  };
}

/**
 * A print of the public `trade/{m}` channel (nautilus docs-example shape `ws_trade_update`). `is_maker_ask` is true
 * when the taker bought. Order and account ids are 0: the engine's tape does not say whose orders met.
 */
export function encodePublicTrade(m: SimMarket, t: SimTrade): Record<string, unknown> {
  const id = BigInt(t.id.replace(/\D/g, '') || '0');
  const none = { askId: 0n, bidId: 0n, askClientId: 0n, bidClientId: 0n, askAccountId: 0n, bidAccountId: 0n };
  return {
    ...tradeRow(m, { ...t, id }, { ...none, makerIsAsk: t.side === 'buy' }),
    ask_client_id_str: '0',
    bid_client_id_str: '0',
  };
}

/** Lighter `Trade` seen from one fill; the counterparty is the simulated market (account 0). */
export function encodeTrade(m: SimMarket, f: SimFill, order: SimOrder | undefined): Record<string, unknown> {
  const mine = orderIndexOf(f.orderId);
  const cidx =
    order?.clientOrderId !== undefined && /^\d+$/.test(order.clientOrderId) ? BigInt(order.clientOrderId) : 0n;
  const isAsk = f.side === 'sell';
  const me = BigInt(f.accountId);
  return tradeRow(
    m,
    { id: BigInt(f.id), liquidation: f.liquidation, size: f.size, price: f.price, time: f.timestamp },
    {
      askId: isAsk ? mine : 0n,
      bidId: isAsk ? 0n : mine,
      askClientId: isAsk ? cidx : 0n,
      bidClientId: isAsk ? 0n : cidx,
      askAccountId: isAsk ? me : 0n,
      bidAccountId: isAsk ? 0n : me,
      makerIsAsk: f.liquidity === 'maker' ? isAsk : !isAsk,
    },
  );
}

export function encodeFunding(m: SimMarket, p: SimFundingPayment): Record<string, unknown> {
  return {
    timestamp: seconds(p.timestamp),
    market_id: marketIndexOf(m),
    funding_id: BigInt(p.id.replace(/\D/g, '') || '0'),
    // Exactly what the engine booked, so an account's funding reconciles with its ledger to the last digit.
    change: p.amount.toString(),
    // Percent, as market_stats prints rates.
    rate: p.rate.mul(100).toFixed(6),
    position_size: sz(m, p.positionSize.abs()),
    position_side: p.positionSize.lt(0) ? 'short' : 'long',
    discount: '0',
  };
}

/** `market_stats` body: prices as strings, the funding rate in percent per hour. */
export function encodeMarketStats(engine: SimEngine, m: SimMarket): Record<string, unknown> {
  const s = engine.stats(m.symbol);
  const hourly = s.funding.rate.div(s.funding.intervalHours);
  return {
    symbol: m.symbol,
    market_id: marketIndexOf(m),
    index_price: px(m, s.indexPrice),
    mark_price: px(m, s.markPrice),
    mid_price: px(m, s.markPrice),
    open_interest: sz(m, s.openInterest),
    open_interest_limit: '72057594037927936.000000',
    // Percent per hour, as the venue prints them (the live BTC frame: "0.0500" / "4.0000" / "0.0100").
    funding_clamp_small: '0.0500',
    funding_clamp_big: '4.0000',
    base_interest_rate: '0.0100',
    last_trade_price: px(m, s.lastPrice),
    current_funding_rate: hourly.mul(100).toFixed(6),
    funding_rate: hourly.mul(100).toFixed(6),
    funding_timestamp: s.funding.nextFundingTime,
    daily_base_token_volume: jsonNumber(s.volume24h.div(s.markPrice).toDecimalPlaces(4)),
    daily_quote_token_volume: jsonNumber(s.volume24h.toDecimalPlaces(2)),
    daily_price_low: jsonNumber(s.lastPrice),
    daily_price_high: jsonNumber(s.lastPrice),
    daily_price_change: 0,
  };
}
