import { Decimal, floorToStep, type PlaceOrderParameters, type Side } from '@dn/core';
import { type AccountState, cash, type PositionState, ZERO } from './account.js';
import type { EngineCore, MarketState } from './engine-core.js';
import type { ValidOrder } from './order-validation.js';
import { midAt } from './prices.js';
import type { BookSide } from './synthetic-book.js';
import type { SimCancelReason, SimFill, SimOrder, SimTrade } from './types.js';

const MAX_TRADES = 2_000;

interface FillParams {
  acct: AccountState;
  order: SimOrder;
  price: Decimal;
  size: Decimal;
  liquidity: 'maker' | 'taker';
  time: number;
  tradeId: string;
  liquidation: boolean;
  feeRate: Decimal;
}

/**
 * Books an order that passed validation: it takes what it can now (up to `partialFraction` of its size when a fault
 * is injected), then rests, fills or is cancelled.
 */
export function enterOrder(
  core: EngineCore,
  acct: AccountState,
  params: PlaceOrderParameters,
  valid: ValidOrder,
  partialFraction: Decimal | undefined,
): { order: SimOrder; fills: SimFill[] } {
  const { mkt, isMarket, tif, size, limit, reduceOnly } = valid;
  const m = mkt.market;
  const now = core.cursor;
  const cid = params.clientOrderId;
  const id = core.nextId('order');
  const order: SimOrder = {
    id,
    symbol: m.symbol,
    side: params.side,
    type: params.type,
    timeInForce: tif,
    size,
    filledSize: ZERO,
    status: 'open',
    reduceOnly,
    createdAt: now,
    updatedAt: now,
    accountId: acct.id,
    fee: ZERO,
  };
  if (cid !== undefined) order.clientOrderId = cid;
  if (!isMarket) order.price = limit;
  if (params.expiresAt !== undefined) order.expiresAt = params.expiresAt;
  retainOrder(core, acct, order);

  const fills: SimFill[] = [];
  let stopReason: SimCancelReason | undefined;
  if (tif !== 'POST_ONLY') {
    const cap = partialFraction === undefined ? size : floorToStep(size.mul(partialFraction), m.lotSize);
    stopReason = take(core, mkt, acct, order, limit, cap, now, fills);
    if (stopReason === undefined && partialFraction !== undefined) stopReason = 'injected_partial';
  }
  const remaining = order.size.sub(order.filledSize);
  if (remaining.isZero()) {
    order.status = 'filled';
  } else if (isMarket || tif === 'IOC' || stopReason === 'self_trade') {
    finish(order, 'cancelled', stopReason ?? 'ioc_remainder', now);
  } else {
    order.status = order.filledSize.isZero() ? 'open' : 'partially_filled';
    rest(core, mkt, acct, order);
  }
  order.updatedAt = now;
  core.enqueue('order', { accountId: acct.id, order: { ...order } });
  core.markAccount(acct, m.symbol);
  return { order, fills };
}

/**
 * Sweeps the opposite side up to `limit` and at most `cap`: generated liquidity first at each price, then users'
 * resting orders in time priority. Returns why it stopped early, if it did for a reason other than price/size.
 */
export function take(
  core: EngineCore,
  mkt: MarketState,
  acct: AccountState,
  order: SimOrder,
  limit: Decimal,
  cap: Decimal,
  now: number,
  fills: SimFill[],
): SimCancelReason | undefined {
  const m = mkt.market;
  const buy = order.side === 'buy';
  const gridT = core.world.gridTime(now);
  const side: BookSide = buy ? 'ask' : 'bid';
  const synthetic = mkt.book.levels(side, midAt(core.world, mkt, now), gridT, gridT);
  const makers = [...(buy ? mkt.asks : mkt.bids)];
  let remaining = cap.sub(order.filledSize);
  let i = 0;
  let j = 0;
  const better = (a: Decimal, b: Decimal): boolean => (buy ? a.lt(b) : a.gt(b));
  const within = (p: Decimal): boolean => (buy ? p.lte(limit) : p.gte(limit));
  while (remaining.gt(0)) {
    const syn = synthetic[i];
    const mk = makers[j];
    const synP = syn?.price;
    const mkP = mk?.price;
    if (synP === undefined && mkP === undefined) break;
    const useSyn = synP !== undefined && (mkP === undefined || !better(mkP, synP));
    const p = (useSyn ? synP : mkP) as Decimal;
    if (!within(p)) break;
    const tradeId = core.nextId('trade');
    const takerFill = (q: Decimal) =>
      applyFill(core, {
        acct,
        order,
        price: p,
        size: q,
        liquidity: 'taker',
        time: now,
        tradeId,
        liquidation: false,
        feeRate: m.takerFee,
      });
    if (useSyn && syn) {
      const q = Decimal.min(remaining, syn.size);
      fills.push(takerFill(q));
      mkt.book.consume(side, p, q, gridT);
      core.dirtyBooks.add(m.symbol);
      print(core, mkt, tradeId, p, q, order.side, now, false);
      remaining = remaining.sub(q);
      i++;
      continue;
    }
    if (!mk) break;
    if (mk.accountId === acct.id) {
      if (core.config.stp === 'cancel_taker') return 'self_trade';
      cancelResting(core, acct, mk, 'self_trade', now);
      j++;
      continue;
    }
    const makerAcct = core.requireAccount(mk.accountId);
    let mkRem = mk.size.sub(mk.filledSize);
    if (mk.reduceOnly) {
      const reducible = reducibleSize(makerAcct, mk);
      if (reducible.isZero()) {
        cancelResting(core, makerAcct, mk, 'reduce_only', now);
        j++;
        continue;
      }
      mkRem = Decimal.min(mkRem, reducible);
    }
    const q = Decimal.min(remaining, mkRem);
    fills.push(takerFill(q));
    applyFill(core, {
      acct: makerAcct,
      order: mk,
      price: p,
      size: q,
      liquidity: 'maker',
      time: now,
      tradeId,
      liquidation: false,
      feeRate: m.makerFee,
    });
    print(core, mkt, tradeId, p, q, order.side, now, false);
    remaining = remaining.sub(q);
    afterMakerFill(core, mkt, makerAcct, mk, now);
    if (mk.status !== 'partially_filled') j++;
  }
  return undefined;
}

/** Updates a resting order after a fill: done, or clipped when reduce-only and the position shrank. */
export function afterMakerFill(core: EngineCore, mkt: MarketState, acct: AccountState, o: SimOrder, now: number): void {
  core.dirtyBooks.add(mkt.market.symbol);
  const rem = o.size.sub(o.filledSize);
  if (rem.isZero()) {
    o.status = 'filled';
    o.updatedAt = now;
    unrest(core, mkt, acct, o);
  } else {
    o.status = 'partially_filled';
    o.updatedAt = now;
    if (o.reduceOnly && reducibleSize(acct, o).isZero()) {
      cancelResting(core, acct, o, 'reduce_only', now);
      return;
    }
  }
  core.enqueue('order', { accountId: acct.id, order: { ...o } });
  core.markAccount(acct, o.symbol);
}

/** What an order of the account may close of its position: all of it when the order faces it, else 0. */
export function reducibleSize(acct: AccountState, o: SimOrder): Decimal {
  const pos = acct.positions.get(o.symbol)?.size ?? ZERO;
  const closes = (o.side === 'buy' && pos.lt(0)) || (o.side === 'sell' && pos.gt(0));
  return closes ? pos.abs() : ZERO;
}

/**
 * Fills a resting order as maker at its own price against flow that is not a user's order (the mid crossing it, the
 * simulated takers), up to `max`; a reduce-only order is clipped to its position or cancelled when nothing is left
 * to close. The other side of the print is the taker's.
 * @returns the size filled
 */
export function fillRestingAtOwnPrice(
  core: EngineCore,
  mkt: MarketState,
  o: SimOrder,
  max: Decimal,
  t: number,
): Decimal {
  const acct = core.requireAccount(o.accountId);
  let size = Decimal.min(o.size.sub(o.filledSize), max);
  if (o.reduceOnly) {
    const reducible = reducibleSize(acct, o);
    if (reducible.isZero()) {
      cancelResting(core, acct, o, 'reduce_only', t);
      return ZERO;
    }
    size = Decimal.min(size, reducible);
  }
  const tradeId = core.nextId('trade');
  const price = o.price as Decimal;
  applyFill(core, {
    acct,
    order: o,
    price,
    size,
    liquidity: 'maker',
    time: t,
    tradeId,
    liquidation: false,
    feeRate: mkt.market.makerFee,
  });
  print(core, mkt, tradeId, price, size, o.side === 'buy' ? 'sell' : 'buy', t, false);
  afterMakerFill(core, mkt, acct, o, t);
  return size;
}

/** Books one fill: position, realised PnL, fee, ledger, order progress. */
export function applyFill(core: EngineCore, f: FillParams): SimFill {
  const { acct, order, price, size, time } = f;
  const sym = order.symbol;
  const pos = acct.positions.get(sym) ?? { size: ZERO, entryPrice: ZERO, realizedPnl: ZERO };
  const signed = order.side === 'buy' ? size : size.neg();
  let realized = ZERO;
  const next: PositionState = { ...pos };
  if (pos.size.isZero() || pos.size.isPositive() === signed.isPositive()) {
    const newSize = pos.size.add(signed);
    next.entryPrice = pos.size.abs().mul(pos.entryPrice).add(size.mul(price)).div(newSize.abs());
    next.size = newSize;
    if (pos.size.isZero()) next.realizedPnl = ZERO;
  } else {
    const closeQty = Decimal.min(size, pos.size.abs());
    const dir = pos.size.isPositive() ? 1 : -1;
    realized = cash(price.sub(pos.entryPrice).mul(closeQty).mul(dir));
    next.size = pos.size.add(signed);
    next.realizedPnl = pos.realizedPnl.add(realized);
    if (next.size.isZero()) next.entryPrice = ZERO;
    else if (next.size.isPositive() !== pos.size.isPositive()) {
      next.entryPrice = price;
      next.realizedPnl = ZERO;
    }
  }
  acct.positions.set(sym, next);
  const fee = cash(price.mul(size).mul(f.feeRate), Decimal.ROUND_CEIL);
  const fillId = core.nextId('fill');
  const refs = { symbol: sym, orderId: order.id, fillId };
  if (!realized.isZero()) core.ledgerAdd(acct, 'realized_pnl', realized, time, refs);
  if (!fee.isZero()) core.ledgerAdd(acct, 'fee', fee.neg(), time, refs);
  const prevFilled = order.filledSize;
  order.filledSize = prevFilled.add(size);
  order.averageFillPrice = (order.averageFillPrice ?? ZERO).mul(prevFilled).add(price.mul(size)).div(order.filledSize);
  order.fee = order.fee.add(fee);
  order.updatedAt = time;
  const fill: SimFill = {
    id: fillId,
    orderId: order.id,
    symbol: sym,
    side: order.side,
    price,
    size,
    fee,
    liquidity: f.liquidity,
    timestamp: time,
    accountId: acct.id,
    tradeId: f.tradeId,
    realizedPnl: realized,
    liquidation: f.liquidation,
  };
  if (order.clientOrderId !== undefined) fill.clientOrderId = order.clientOrderId;
  acct.fills.push(fill);
  core.enqueue('fill', { accountId: acct.id, fill: { ...fill } });
  core.markAccount(acct, sym);
  return fill;
}

export function print(
  core: EngineCore,
  mkt: MarketState,
  id: string,
  price: Decimal,
  size: Decimal,
  side: Side,
  time: number,
  liq: boolean,
): void {
  const trade: SimTrade = { id, symbol: mkt.market.symbol, price, size, side, time, liquidation: liq };
  mkt.trades.push(trade);
  if (mkt.trades.length > MAX_TRADES) mkt.trades.splice(0, mkt.trades.length - MAX_TRADES);
  core.enqueue('trade', { trade: { ...trade } });
}

export function rest(core: EngineCore, mkt: MarketState, acct: AccountState, o: SimOrder): void {
  acct.open.set(o.id, o);
  insertResting(mkt, o);
  core.dirtyBooks.add(mkt.market.symbol);
}

export function insertResting(mkt: MarketState, o: SimOrder): void {
  const list = o.side === 'buy' ? mkt.bids : mkt.asks;
  const p = o.price as Decimal;
  // Price priority, then time (ids increase with time).
  let idx = list.length;
  for (let k = 0; k < list.length; k++) {
    const q = list[k]?.price as Decimal;
    if (o.side === 'buy' ? p.gt(q) : p.lt(q)) {
      idx = k;
      break;
    }
  }
  list.splice(idx, 0, o);
}

function unrest(core: EngineCore, mkt: MarketState, acct: AccountState, o: SimOrder): void {
  acct.open.delete(o.id);
  const list = o.side === 'buy' ? mkt.bids : mkt.asks;
  const k = list.indexOf(o);
  if (k >= 0) list.splice(k, 1);
  core.dirtyBooks.add(mkt.market.symbol);
}

export function cancelResting(
  core: EngineCore,
  acct: AccountState,
  o: SimOrder,
  reason: SimCancelReason,
  now: number,
): void {
  const mkt = core.requireMarket(o.symbol);
  unrest(core, mkt, acct, o);
  finish(o, reason === 'expired' ? 'expired' : 'cancelled', reason, now);
  core.enqueue('order', { accountId: acct.id, order: { ...o } });
  core.markAccount(acct, o.symbol);
}

export function finish(o: SimOrder, status: 'cancelled' | 'expired', reason: SimCancelReason, now: number): void {
  o.status = status;
  o.cancelReason = reason;
  o.updatedAt = now;
}

export function retainOrder(core: EngineCore, acct: AccountState, o: SimOrder): void {
  acct.orders.set(o.id, o);
  if (o.clientOrderId !== undefined) acct.clientIds.set(o.clientOrderId, o.id);
  if (acct.orders.size > core.config.maxRetainedOrders) {
    for (const old of acct.orders.values()) {
      if (acct.orders.size <= core.config.maxRetainedOrders) break;
      if (acct.open.has(old.id)) continue;
      acct.orders.delete(old.id);
      if (old.clientOrderId !== undefined) acct.clientIds.delete(old.clientOrderId);
    }
  }
}

export function findOrder(acct: AccountState, q: { orderId?: string; clientOrderId?: string }): SimOrder | undefined {
  if (q.orderId !== undefined) return acct.orders.get(q.orderId);
  if (q.clientOrderId !== undefined) {
    const id = acct.clientIds.get(q.clientOrderId);
    return id === undefined ? undefined : acct.orders.get(id);
  }
  return undefined;
}
