/** Engine state → Pacifica wire shapes (field names and string/number encodings of venues/pacifica.md). */
import type { Decimal } from '@dn/core';
import type { SimFill, SimFundingPayment, SimMarket, SimOrder, SimPosition, SimTrade } from '../../engine/index.js';

export const s = (d: Decimal): string => d.toFixed();
export const side = (x: 'buy' | 'sell'): 'bid' | 'ask' => (x === 'buy' ? 'bid' : 'ask');
const num = (id: string): number | bigint => {
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : BigInt(id);
};
export const orderIdNum = num;

export function orderStatus(o: SimOrder): string {
  if (o.status === 'expired') return 'cancelled';
  if (o.status === 'pending') return 'open';
  return o.status;
}

export function orderType(o: SimOrder): string {
  return o.type === 'market' ? 'market' : 'limit';
}

export function cancelReason(o: SimOrder): string | null {
  if (o.status !== 'cancelled' && o.status !== 'expired') return null;
  switch (o.cancelReason) {
    case 'self_trade':
      return 'self_trade_prevented';
    case 'expired':
      return 'expired';
    case 'liquidation':
      return 'force_cancel';
    default:
      return 'cancel';
  }
}

export function marketInfo(m: SimMarket, fundingRate: Decimal, nextFunding: Decimal, createdAt: number): object {
  return {
    symbol: m.venueSymbol,
    tick_size: s(m.tickSize),
    min_tick: '0',
    max_tick: '1000000',
    lot_size: s(m.lotSize),
    max_leverage: m.maxLeverage.toNumber(),
    isolated_only: false,
    min_order_size: s(m.minNotional ?? m.minSize),
    max_order_size: '5000000',
    funding_rate: s(fundingRate),
    next_funding_rate: s(nextFunding),
    created_at: createdAt,
    instrument_type: 'perpetual',
    base_asset: m.venueSymbol,
  };
}

/** The fields an open-order row and an order-history event share: ids, side, price and amounts. */
export function orderAmounts(o: SimOrder) {
  return {
    order_id: num(o.id),
    client_order_id: o.clientOrderId ?? null,
    symbol: o.symbol,
    side: side(o.side),
    price: o.price ? s(o.price) : '0',
    initial_amount: s(o.size),
    filled_amount: s(o.filledSize),
    cancelled_amount: o.status === 'cancelled' ? s(o.size.sub(o.filledSize)) : '0',
  };
}

export function openOrder(o: SimOrder): object {
  return {
    ...orderAmounts(o),
    stop_price: null,
    order_type: orderType(o),
    stop_parent_order_id: null,
    trigger_price_type: null,
    reduce_only: o.reduceOnly,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

export function historyOrder(o: SimOrder): object {
  return {
    order_id: num(o.id),
    client_order_id: o.clientOrderId ?? null,
    symbol: o.symbol,
    side: side(o.side),
    initial_price: o.price ? s(o.price) : '0',
    average_filled_price: o.averageFillPrice ? s(o.averageFillPrice) : '0',
    amount: s(o.size),
    filled_amount: s(o.filledSize),
    order_status: orderStatus(o),
    order_type: orderType(o),
    stop_price: null,
    stop_parent_order_id: null,
    reduce_only: o.reduceOnly,
    reason: cancelReason(o),
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

export function position(p: SimPosition, createdAt: number, funding: Decimal): object {
  return {
    symbol: p.symbol,
    side: p.size.gt(0) ? 'bid' : 'ask',
    amount: s(p.size.abs()),
    entry_price: s(p.entryPrice),
    margin: '0',
    funding: s(funding),
    isolated: false,
    ...(p.liquidationPrice !== undefined
      ? { liquidation_price: p.liquidationPrice ? s(p.liquidationPrice) : null }
      : {}),
    created_at: createdAt,
    updated_at: createdAt,
  };
}

export function wsPosition(p: SimPosition, t: number, funding: Decimal): object {
  return {
    s: p.symbol,
    d: p.size.gt(0) ? 'bid' : 'ask',
    a: s(p.size.abs()),
    p: s(p.entryPrice),
    m: '0',
    f: s(funding),
    i: false,
    l: p.liquidationPrice ? s(p.liquidationPrice) : null,
    t,
  };
}

/** `open_*` when the fill opened or extended a position, `close_*` when it realised PnL [approximation]. */
export function tradeSide(f: SimFill): string {
  const closing = !f.realizedPnl.isZero();
  if (f.side === 'buy') return closing ? 'close_short' : 'open_long';
  return closing ? 'close_long' : 'open_short';
}

export function tradeHistory(f: SimFill): object {
  return {
    history_id: num(f.id),
    order_id: num(f.orderId),
    client_order_id: f.clientOrderId ?? null,
    symbol: f.symbol,
    amount: s(f.size),
    price: s(f.price),
    entry_price: s(f.price),
    fee: s(f.fee),
    pnl: s(f.realizedPnl),
    event_type: f.liquidity === 'maker' ? 'fulfill_maker' : 'fulfill_taker',
    side: tradeSide(f),
    created_at: f.timestamp,
    cause: f.liquidation ? 'market_liquidation' : 'normal',
  };
}

export function wsAccountTrade(f: SimFill, account: string, li: number): object {
  return {
    h: num(f.id),
    i: num(f.orderId),
    I: f.clientOrderId ?? null,
    u: account,
    s: f.symbol,
    p: s(f.price),
    o: s(f.price),
    a: s(f.size),
    te: f.liquidity === 'maker' ? 'fulfill_maker' : 'fulfill_taker',
    ts: tradeSide(f),
    tc: f.liquidation ? 'market_liquidation' : 'normal',
    f: s(f.fee),
    n: s(f.realizedPnl),
    t: f.timestamp,
    li,
  };
}

export function wsOrderUpdate(o: SimOrder, account: string, event: string, li: number): object {
  return {
    i: num(o.id),
    I: o.clientOrderId ?? null,
    u: account,
    s: o.symbol,
    d: side(o.side),
    p: o.averageFillPrice ? s(o.averageFillPrice) : '0',
    ip: o.price ? s(o.price) : '0',
    lp: o.price ? s(o.price) : '0',
    a: s(o.size),
    f: s(o.filledSize),
    oe: event,
    os: orderStatus(o),
    ot: orderType(o),
    sp: null,
    si: null,
    r: o.reduceOnly,
    ct: o.createdAt,
    ut: o.updatedAt,
    li,
  };
}

export function publicTrade(t: SimTrade, li: number): object {
  return {
    h: num(t.id),
    s: t.symbol,
    a: s(t.size),
    p: s(t.price),
    d: t.side === 'buy' ? 'open_long' : 'open_short',
    tc: t.liquidation ? 'market_liquidation' : 'normal',
    t: t.time,
    li,
  };
}

/** `payout` is reported signed from the account's view (received > 0) [UNCERTAIN: the venue's sign is undocumented]. */
export function fundingPayment(p: SimFundingPayment): object {
  return {
    history_id: num(p.id.replace(/\D/g, '') || '0'),
    symbol: p.symbol,
    side: p.positionSize.gt(0) ? 'bid' : 'ask',
    amount: s(p.positionSize.abs()),
    payout: s(p.amount),
    rate: s(p.rate),
    created_at: p.timestamp,
  };
}
