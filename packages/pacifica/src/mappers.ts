/** Pacifica wire types → @dn/core domain types. Pure functions, no I/O. */
import type * as core from '@dn/core';
import { Decimal } from '@dn/core';
import { PACIFICA_FUNDING_INTERVAL_HOURS } from './config.js';
import type {
  PacificaAccount,
  PacificaBook,
  PacificaFundingPayment,
  PacificaFundingRateRecord,
  PacificaKline,
  PacificaMarketInfo,
  PacificaOpenOrder,
  PacificaOrderEvent,
  PacificaOrderHistoryEntry,
  PacificaPosition,
  PacificaPriceInfo,
  PacificaTrade,
  PacificaWsAccountInfo,
  PacificaWsAccountTrade,
  PacificaWsOrderUpdate,
  PacificaWsPosition,
  PacificaWsPublicTrade,
} from './wire/index.js';

const HOUR_MS = 3_600_000;
const HOURS_PER_YEAR = 8_760;
const ZERO = new Decimal(0);

export function toMarket(m: PacificaMarketInfo, fees: { makerFee: Decimal; takerFee: Decimal }): core.Market {
  return {
    symbol: m.symbol,
    venueSymbol: m.symbol,
    tickSize: m.tickSize,
    lotSize: m.lotSize,
    // The venue's minimum is a USD notional; in base units only the lot constrains a size.
    minSize: m.lotSize,
    minNotional: m.minOrderSize,
    maxLeverage: new Decimal(m.maxLeverage),
    makerFee: fees.makerFee,
    takerFee: fees.takerFee,
    fundingIntervalHours: PACIFICA_FUNDING_INTERVAL_HOURS,
    active: true,
  };
}

export function toBookSnapshot(b: PacificaBook, depth?: number): core.OrderBookSnapshot {
  const lvl = (l: { price: Decimal; amount: Decimal }) => ({ price: l.price, size: l.amount });
  const n = depth ?? Number.POSITIVE_INFINITY;
  const seq = b.lastOrderId === undefined ? undefined : Number(b.lastOrderId);
  return {
    symbol: b.symbol,
    bids: b.bids.slice(0, n).map(lvl),
    asks: b.asks.slice(0, n).map(lvl),
    timestamp: b.timestamp,
    ...(seq !== undefined && Number.isSafeInteger(seq) ? { sequence: seq } : {}),
  };
}

/**
 * Funding of a market from `/info/prices` (or the `prices` stream). The rate is `next_funding`, the
 * running estimate for the hour in progress (what a rotation bot compares); `funding` is the rate
 * already settled for the past hour. Settlement is taken at the top of each UTC hour [INFERRED:
 * no field gives it].
 */
export function toFundingRate(p: PacificaPriceInfo): core.FundingRate {
  return {
    symbol: p.symbol,
    rate: p.nextFunding,
    intervalHours: PACIFICA_FUNDING_INTERVAL_HOURS,
    apr: p.nextFunding.mul(HOURS_PER_YEAR / PACIFICA_FUNDING_INTERVAL_HOURS),
    nextFundingTime: (Math.floor(p.timestamp / HOUR_MS) + 1) * HOUR_MS,
    markPrice: p.mark,
    indexPrice: p.oracle,
    timestamp: p.timestamp,
  };
}

/**
 * One `/funding_rate/history` row as the market's settled rate: `funding_rate` is "the last settled funding rate"
 * (docs), an hourly fraction, positive = longs pay. `time` is the settlement hour the row belongs to (the top of the
 * UTC hour at or before `created_at`: payments land a few seconds after the hour). The row's `oracle_price` is not a
 * mark price, so `markPrice` is left out.
 */
export function toFundingRecord(symbol: string, r: PacificaFundingRateRecord): core.FundingRecord {
  return {
    symbol,
    time: settlementHour(r.createdAt),
    rate: r.fundingRate,
    intervalHours: PACIFICA_FUNDING_INTERVAL_HOURS,
  };
}

/** The top of the UTC hour at or before `ms`. */
export function settlementHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/**
 * A print of the `trades` stream. Its `d` is the taker's position effect (the venue publishes the taker's side only;
 * REST `/trades` marks the same rows `fulfill_taker`): `open_long` / `close_short` lifted an ask (buy).
 */
export function toPublicTrade(t: PacificaWsPublicTrade): core.PublicTrade {
  return {
    ...(t.historyId !== undefined ? { id: t.historyId } : {}),
    symbol: t.symbol,
    price: t.price,
    size: t.amount,
    side: tradeSideToSide(t.side),
    timestamp: t.timestamp,
  };
}

export function toMarketStats(p: PacificaPriceInfo): core.MarketStats {
  return {
    symbol: p.symbol,
    markPrice: p.mark,
    indexPrice: p.oracle,
    volume24h: p.volume24h,
    // The venue reports base units; core's openInterest is USD notional on every venue.
    ...(p.openInterest !== undefined ? { openInterest: p.openInterest.mul(p.mark) } : {}),
    funding: toFundingRate(p),
  };
}

export function toBalance(a: PacificaAccount): core.Balance {
  return balanceOf(a, a.totalMarginUsed, a.crossMmr);
}

export function balanceFromWs(a: PacificaWsAccountInfo): core.Balance {
  return balanceOf(a, a.marginUsed, a.crossMaintenanceMargin);
}

/** REST `/account` and the `account_info` stream carry the same figures under different names. */
function balanceOf(
  a: { balance: Decimal; accountEquity: Decimal; availableToSpend: Decimal },
  marginUsed: Decimal | undefined,
  maintenanceMargin: Decimal | undefined,
): core.Balance {
  return {
    currency: 'USDC',
    collateral: a.balance,
    equity: a.accountEquity,
    availableMargin: a.availableToSpend,
    unrealizedPnl: a.accountEquity.sub(a.balance),
    ...(marginUsed !== undefined ? { initialMarginUsed: marginUsed } : {}),
    ...(maintenanceMargin !== undefined ? { maintenanceMargin } : {}),
  };
}

/** `/positions` has no mark: it comes from `/info/prices` (entry price when the market is missing there). */
export function toPosition(p: PacificaPosition | PacificaWsPosition, mark: Decimal | undefined): core.Position {
  const size = p.side === 'bid' ? p.amount : p.amount.neg();
  const m = mark ?? p.entryPrice;
  return {
    symbol: p.symbol,
    size,
    entryPrice: p.entryPrice,
    markPrice: m,
    unrealizedPnl: m.sub(p.entryPrice).mul(size),
    ...(p.liquidationPrice !== undefined ? { liquidationPrice: liquidationOf(p.liquidationPrice) } : {}),
    notional: size.abs().mul(m),
  };
}

/** The venue writes no liquidation price (e.g. a fully collateralised short) as 0 or below: that is "none". */
function liquidationOf(price: Decimal | null): Decimal | null {
  return price === null || price.lte(0) ? null : price;
}

/** A flat position (size 0) of `symbol`, for a market that left the positions list. */
export function flatPosition(symbol: string, mark: Decimal | undefined): core.Position {
  const m = mark ?? ZERO;
  return {
    symbol,
    size: ZERO,
    entryPrice: ZERO,
    markPrice: m,
    unrealizedPnl: ZERO,
    liquidationPrice: null,
    notional: ZERO,
  };
}

const sideOf = (s: 'bid' | 'ask'): core.Side => (s === 'bid' ? 'buy' : 'sell');

function status(raw: string, filled: Decimal): core.OrderStatus {
  switch (raw) {
    case 'open':
      return filled.gt(0) ? 'partially_filled' : 'open';
    case 'partially_filled':
    case 'filled':
    case 'cancelled':
    case 'rejected':
      return raw;
    case 'expired':
      return 'expired';
    default:
      // Unknown statuses are reported as pending rather than guessed terminal.
      return 'pending';
  }
}

const isMarketType = (t: string): boolean => t === 'market';

/** True for plain orders; stop, TP and SL orders have no `PerpVenue` representation. */
export function isPlainOrderType(t: string): boolean {
  return t === 'limit' || t === 'market';
}

/** Fields every order row carries: ids, market, side, and the venue's order type. */
interface OrderRow {
  orderId: string;
  clientOrderId: string | null;
  symbol: string;
  side: 'bid' | 'ask';
  orderType: string;
}

/** Market orders are IOC; the venue reports no TIF, so anything else is reported as GTT. */
function orderIdentity(
  o: OrderRow,
): Pick<core.Order, 'id' | 'clientOrderId' | 'symbol' | 'side' | 'type' | 'timeInForce'> {
  const market = isMarketType(o.orderType);
  return {
    id: o.orderId,
    ...(o.clientOrderId !== null ? { clientOrderId: o.clientOrderId } : {}),
    symbol: o.symbol,
    side: sideOf(o.side),
    type: market ? 'market' : 'limit',
    timeInForce: market ? 'IOC' : 'GTT',
  };
}

/** Open orders do not report their TIF: resting ones are reported as GTT. */
export function openOrderToOrder(o: PacificaOpenOrder): core.Order {
  return {
    ...orderIdentity(o),
    ...(o.price?.gt(0) ? { price: o.price } : {}),
    size: o.initialAmount,
    filledSize: o.filledAmount,
    status: o.filledAmount.gt(0) ? 'partially_filled' : 'open',
    reduceOnly: o.reduceOnly,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export function historyToOrder(o: PacificaOrderHistoryEntry): core.Order {
  return reportedOrder(o, {
    price: o.initialPrice,
    size: o.amount,
    averageFillPrice: o.averageFilledPrice,
    status: o.orderStatus,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  });
}

/** The order as of its newest event (`/orders/history_by_id`). */
export function eventsToOrder(events: readonly PacificaOrderEvent[]): core.Order | null {
  if (events.length === 0) return null;
  const sorted = [...events].sort((a, b) => a.createdAt - b.createdAt || cmpId(a.historyId, b.historyId));
  const first = sorted[0] as PacificaOrderEvent;
  const last = sorted[sorted.length - 1] as PacificaOrderEvent;
  return reportedOrder(last, {
    price: last.price,
    size: last.initialAmount,
    averageFillPrice: undefined,
    status: last.orderStatus,
    createdAt: first.createdAt,
    updatedAt: last.createdAt,
  });
}

function cmpId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function wsOrderToOrder(o: PacificaWsOrderUpdate): core.Order {
  return reportedOrder(o, {
    price: o.initialPrice,
    size: o.amount,
    averageFillPrice: o.averageFilledPrice,
    status: o.status,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  });
}

/**
 * An order as the history, its events and the order stream report it: the limit price only on limit orders, the
 * average fill price only once something filled, the venue's status read against the filled amount.
 */
function reportedOrder(
  o: OrderRow & { filledAmount: Decimal; reduceOnly: boolean },
  r: {
    price: Decimal | undefined;
    size: Decimal;
    averageFillPrice: Decimal | undefined;
    status: string;
    createdAt: number;
    updatedAt: number;
  },
): core.Order {
  return {
    ...orderIdentity(o),
    ...(!isMarketType(o.orderType) && r.price !== undefined ? { price: r.price } : {}),
    size: r.size,
    filledSize: o.filledAmount,
    ...(r.averageFillPrice?.gt(0) ? { averageFillPrice: r.averageFillPrice } : {}),
    status: status(r.status, o.filledAmount),
    reduceOnly: o.reduceOnly,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** `open_long` and `close_short` buy; `open_short` and `close_long` sell. */
export function tradeSideToSide(s: 'open_long' | 'open_short' | 'close_long' | 'close_short'): core.Side {
  return s === 'open_long' || s === 'close_short' ? 'buy' : 'sell';
}

export function tradeToFill(t: PacificaTrade | PacificaWsAccountTrade): core.Fill {
  return {
    id: t.historyId,
    orderId: t.orderId,
    ...(t.clientOrderId !== null ? { clientOrderId: t.clientOrderId } : {}),
    symbol: t.symbol,
    side: tradeSideToSide(t.side),
    price: t.price,
    size: t.amount,
    fee: t.fee,
    liquidity: t.eventType === 'fulfill_maker' ? 'maker' : 'taker',
    timestamp: 'createdAt' in t ? t.createdAt : t.timestamp,
  };
}

/**
 * The sign of `payout` is undocumented, so the cash direction is derived from the position side
 * and the rate (positive rate: longs pay). If the venue already signs `payout`, the result is the same.
 */
export function toFundingPayment(f: PacificaFundingPayment): core.FundingPayment {
  const longPays = f.rate.gt(0);
  const pays = f.side === 'bid' ? longPays : f.rate.lt(0);
  const amount = f.rate.isZero() ? ZERO : pays ? f.payout.abs().neg() : f.payout.abs();
  return {
    symbol: f.symbol,
    amount,
    rate: f.rate,
    positionSize: f.side === 'bid' ? f.amount : f.amount.neg(),
    timestamp: f.createdAt,
  };
}

export function toCandle(k: PacificaKline): core.Candle {
  return { time: k.openTime, open: k.open, high: k.high, low: k.low, close: k.close, volume: k.volume };
}
