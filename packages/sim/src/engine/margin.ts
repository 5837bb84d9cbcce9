import { Decimal, type DecimalInput, roundToStep, toDecimal } from '@dn/core';
import { type AccountState, cash, type PositionState, ZERO } from './account.js';
import type { EngineCore } from './engine-core.js';
import { SimRejectError } from './errors.js';
import type { SimMarket } from './markets.js';
import { applyFill, cancelResting, print, retainOrder } from './matching.js';
import { markAt } from './prices.js';
import type { SimAccountSummary, SimFill, SimOrder, SimPosition } from './types.js';

export function leverageOf(core: EngineCore, acct: AccountState, m: SimMarket): Decimal {
  return acct.leverage.get(m.symbol) ?? core.config.defaultLeverage ?? Decimal.min(10, m.maxLeverage);
}

export function checkLeverage(m: SimMarket, leverage: DecimalInput, accountId?: string): Decimal {
  let lev: Decimal;
  try {
    lev = toDecimal(leverage, 'leverage');
  } catch {
    throw new SimRejectError('INVALID_LEVERAGE', 'leverage is not a number', { accountId, symbol: m.symbol });
  }
  if (lev.gt(m.maxLeverage)) {
    throw new SimRejectError('LEVERAGE_TOO_HIGH', `max leverage on ${m.symbol} is ${m.maxLeverage.toString()}`, {
      accountId,
      symbol: m.symbol,
      value: lev.toString(),
      expected: `<= ${m.maxLeverage.toString()}`,
    });
  }
  if (lev.lt(1)) {
    throw new SimRejectError('INVALID_LEVERAGE', 'leverage must be >= 1', {
      accountId,
      symbol: m.symbol,
      value: lev.toString(),
    });
  }
  return lev;
}

/** Sets the account's leverage on a market, unless its exposure there would then lack margin. */
export function changeLeverage(core: EngineCore, acct: AccountState, m: SimMarket, leverage: DecimalInput): Decimal {
  const accountId = acct.id;
  const symbol = m.symbol;
  const lev = checkLeverage(m, leverage, accountId);
  const before = acct.leverage.get(symbol);
  acct.leverage.set(symbol, lev);
  const s = summary(core, acct);
  const pos = acct.positions.get(symbol);
  const exposed = (pos !== undefined && !pos.size.isZero()) || [...acct.open.values()].some((o) => o.symbol === symbol);
  if (exposed && s.availableMargin.lt(0)) {
    if (before === undefined) acct.leverage.delete(symbol);
    else acct.leverage.set(symbol, before);
    throw new SimRejectError('INSUFFICIENT_MARGIN', `not enough margin for ${lev.toString()}x on ${symbol}`, {
      accountId,
      symbol,
      value: lev.toString(),
    });
  }
  core.markAccount(acct, symbol);
  return lev;
}

function metrics(core: EngineCore, acct: AccountState, t: number): Omit<SimAccountSummary, 'accountId' | 'currency'> {
  let upnl = ZERO;
  let im = ZERO;
  let mm = ZERO;
  for (const [sym, p] of acct.positions) {
    if (p.size.isZero()) continue;
    const mkt = core.requireMarket(sym);
    const mark = markAt(core.world, mkt, t);
    const notional = p.size.abs().mul(mark);
    upnl = upnl.add(mark.sub(p.entryPrice).mul(p.size));
    im = im.add(notional.div(leverageOf(core, acct, mkt.market)));
    mm = mm.add(notional.mul(mkt.market.maintenanceMarginRate));
  }
  let om = ZERO;
  for (const o of acct.open.values()) {
    if (o.reduceOnly) continue;
    const m = core.requireMarket(o.symbol).market;
    om = om.add(
      o.size
        .sub(o.filledSize)
        .mul(o.price as Decimal)
        .div(leverageOf(core, acct, m)),
    );
  }
  const equity = acct.collateral.add(upnl);
  return {
    collateral: acct.collateral,
    equity,
    availableMargin: equity.sub(im).sub(om),
    unrealizedPnl: upnl,
    initialMargin: im,
    initialMarginUsed: im,
    maintenanceMargin: mm,
    orderMargin: om,
  };
}

export function summary(core: EngineCore, acct: AccountState): SimAccountSummary {
  return { accountId: acct.id, currency: 'USD', ...metrics(core, acct, core.cursor) };
}

export function positionView(core: EngineCore, acct: AccountState, sym: string, p: PositionState): SimPosition {
  const mkt = core.requireMarket(sym);
  const m = mkt.market;
  const t = core.cursor;
  const mark = markAt(core.world, mkt, t);
  const lev = leverageOf(core, acct, m);
  const notional = p.size.abs().mul(mark);
  // Cross margin: the price of this market at which equity meets maintenance, other marks held.
  let others = ZERO;
  let otherMm = ZERO;
  for (const [s2, p2] of acct.positions) {
    if (s2 === sym || p2.size.isZero()) continue;
    const mkt2 = core.requireMarket(s2);
    const mk2 = markAt(core.world, mkt2, t);
    others = others.add(mk2.sub(p2.entryPrice).mul(p2.size));
    otherMm = otherMm.add(p2.size.abs().mul(mk2).mul(mkt2.market.maintenanceMarginRate));
  }
  let liq: Decimal | null = null;
  if (!p.size.isZero()) {
    const denom = p.size.sub(p.size.abs().mul(m.maintenanceMarginRate));
    const lp = otherMm.sub(acct.collateral).sub(others).add(p.size.mul(p.entryPrice)).div(denom);
    liq = lp.gt(0) ? roundToStep(lp, m.tickSize) : null;
  }
  return {
    accountId: acct.id,
    symbol: sym,
    size: p.size,
    entryPrice: p.entryPrice,
    markPrice: mark,
    unrealizedPnl: mark.sub(p.entryPrice).mul(p.size),
    liquidationPrice: liq,
    leverage: lev,
    notional,
    initialMargin: notional.div(lev),
    maintenanceMargin: notional.mul(m.maintenanceMarginRate),
    realizedPnl: p.realizedPnl,
  };
}

export function checkLiquidations(core: EngineCore, t: number): void {
  for (const acct of core.accounts.values()) {
    let has = false;
    for (const p of acct.positions.values()) if (!p.size.isZero()) has = true;
    if (!has) continue;
    const s = metrics(core, acct, t);
    if (s.equity.lt(s.maintenanceMargin)) liquidate(core, acct, t);
  }
}

/** Cancels the account's orders and closes every position at mark, charging the penalty on the closed notional. */
function liquidate(core: EngineCore, acct: AccountState, t: number): void {
  for (const o of [...acct.open.values()]) cancelResting(core, acct, o, 'liquidation', t);
  const fills: SimFill[] = [];
  const symbols: string[] = [];
  let penalty = ZERO;
  for (const [sym, p] of acct.positions) {
    if (p.size.isZero()) continue;
    const mkt = core.requireMarket(sym);
    const mark = markAt(core.world, mkt, t);
    const size = p.size.abs();
    const order: SimOrder = {
      id: core.nextId('order'),
      symbol: sym,
      side: p.size.isPositive() ? 'sell' : 'buy',
      type: 'market',
      timeInForce: 'IOC',
      size,
      filledSize: ZERO,
      status: 'filled',
      reduceOnly: true,
      createdAt: t,
      updatedAt: t,
      accountId: acct.id,
      fee: ZERO,
      liquidation: true,
    };
    retainOrder(core, acct, order);
    const tradeId = core.nextId('trade');
    fills.push(
      applyFill(core, {
        acct,
        order,
        price: mark,
        size,
        liquidity: 'taker',
        time: t,
        tradeId,
        liquidation: true,
        feeRate: ZERO,
      }),
    );
    print(core, mkt, tradeId, mark, size, order.side, t, true);
    core.enqueue('order', { accountId: acct.id, order: { ...order } });
    penalty = penalty.add(mark.mul(size).mul(mkt.market.liquidationPenaltyRate));
    symbols.push(sym);
  }
  // The penalty never pushes the account below zero: what is left after closing is all it can take.
  penalty = cash(Decimal.min(penalty, Decimal.max(acct.collateral, ZERO)), Decimal.ROUND_DOWN);
  if (!penalty.isZero()) core.ledgerAdd(acct, 'liquidation_penalty', penalty.neg(), t, {});
  if (acct.collateral.lt(0)) core.ledgerAdd(acct, 'insurance', acct.collateral.neg(), t, {});
  core.enqueue('liquidation', { accountId: acct.id, time: t, symbols, fills: fills.map((f) => ({ ...f })), penalty });
}
