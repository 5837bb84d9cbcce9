import {
  type Balance,
  type Candle,
  Decimal,
  type Fill,
  type FundingPayment,
  type FundingRate,
  type FundingRecord,
  type Market,
  type MarketStats,
  type Order,
  type OrderStatus,
  type Position,
  type PublicTrade,
  type UnifiedSymbol,
} from '@dn/core';
import { EXTENDED_FUNDING_INTERVAL_HOURS, EXTENDED_PUBLIC_FEES } from './config.js';
import type {
  ExtendedBalance,
  ExtendedCandle,
  ExtendedFees,
  ExtendedFundingPayment,
  ExtendedFundingRecord,
  ExtendedMarket,
  ExtendedMarketStats,
  ExtendedOrder,
  ExtendedPosition,
  ExtendedPublicTrade,
  ExtendedTrade,
} from './wire.js';

const HOURS_PER_YEAR = 8760;

export function toMarket(symbol: UnifiedSymbol, m: ExtendedMarket, fees?: ExtendedFees): Market {
  const tc = m.tradingConfig;
  return {
    symbol,
    venueSymbol: m.name,
    tickSize: tc.minPriceChange,
    lotSize: tc.minOrderSizeChange,
    minSize: tc.minOrderSize,
    maxLeverage: tc.maxLeverage,
    makerFee: fees?.makerFeeRate ?? EXTENDED_PUBLIC_FEES.maker,
    takerFee: fees?.takerFeeRate ?? EXTENDED_PUBLIC_FEES.taker,
    fundingIntervalHours: EXTENDED_FUNDING_INTERVAL_HOURS,
    // Without a status (older answers) the `active` flag alone decides.
    active: m.active && (m.status === undefined || m.status === 'ACTIVE'),
  };
}

export function toFundingRate(symbol: UnifiedSymbol, s: ExtendedMarketStats, now: number): FundingRate {
  return {
    symbol,
    rate: s.fundingRate,
    intervalHours: EXTENDED_FUNDING_INTERVAL_HOURS,
    apr: s.fundingRate.mul(HOURS_PER_YEAR / EXTENDED_FUNDING_INTERVAL_HOURS),
    ...(s.nextFundingRate !== undefined ? { nextFundingTime: s.nextFundingRate } : {}),
    markPrice: s.markPrice,
    ...(s.indexPrice ? { indexPrice: s.indexPrice } : {}),
    timestamp: now,
  };
}

export function toMarketStats(symbol: UnifiedSymbol, s: ExtendedMarketStats, now: number): MarketStats {
  return {
    symbol,
    markPrice: s.markPrice,
    ...(s.indexPrice ? { indexPrice: s.indexPrice } : {}),
    ...(s.lastPrice ? { lastPrice: s.lastPrice } : {}),
    ...(s.bidPrice ? { bestBid: s.bidPrice } : {}),
    ...(s.askPrice ? { bestAsk: s.askPrice } : {}),
    volume24h: s.dailyVolume ?? new Decimal(0),
    ...(s.openInterest ? { openInterest: s.openInterest } : {}),
    funding: toFundingRate(symbol, s, now),
  };
}

export function toBalance(b: ExtendedBalance): Balance {
  return {
    currency: b.collateralName,
    collateral: b.balance,
    equity: b.equity,
    availableMargin: b.availableForTrade,
    unrealizedPnl: b.unrealisedPnl,
    ...(b.initialMargin ? { initialMarginUsed: b.initialMargin } : {}),
  };
}

/** `size` is absolute on the wire; the domain size is signed (short negative). A closed position has size 0. */
export function toPosition(symbol: UnifiedSymbol, p: ExtendedPosition): Position {
  const closed = p.status === 'CLOSED';
  const size = closed ? new Decimal(0) : p.side === 'SHORT' ? p.size.abs().neg() : p.size.abs();
  return {
    symbol,
    size,
    entryPrice: p.openPrice,
    markPrice: p.markPrice,
    unrealizedPnl: closed ? new Decimal(0) : p.unrealisedPnl,
    // The venue sends 0 (or nothing) when there is no liquidation price.
    liquidationPrice: p.liquidationPrice && !p.liquidationPrice.isZero() ? p.liquidationPrice : null,
    ...(p.leverage ? { leverage: p.leverage } : {}),
    notional: closed ? new Decimal(0) : p.value.abs(),
  };
}

const STATUS: Record<string, OrderStatus> = {
  NEW: 'open',
  TRIGGERED: 'open',
  UNTRIGGERED: 'pending',
  PARTIALLY_FILLED: 'partially_filled',
  FILLED: 'filled',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
  REJECTED: 'rejected',
};

export function toOrder(symbol: UnifiedSymbol, o: ExtendedOrder): Order {
  const filled = o.filledQty ?? new Decimal(0);
  const price = o.price && !o.price.isZero() ? o.price : undefined;
  return {
    id: o.id,
    ...(o.externalId ? { clientOrderId: o.externalId } : {}),
    symbol,
    side: o.side === 'BUY' ? 'buy' : 'sell',
    type: o.type === 'MARKET' ? 'market' : 'limit',
    timeInForce: o.postOnly ? 'POST_ONLY' : o.timeInForce === 'IOC' ? 'IOC' : 'GTT',
    ...(price ? { price } : {}),
    size: o.qty,
    filledSize: filled,
    ...(o.averagePrice && !o.averagePrice.isZero() ? { averageFillPrice: o.averagePrice } : {}),
    // Unknown statuses are reported as pending (the order may exist), never as a terminal state.
    status: STATUS[o.status] ?? 'pending',
    reduceOnly: o.reduceOnly === true,
    createdAt: o.createdTime,
    updatedAt: o.updatedTime ?? o.createdTime,
  };
}

export function toFill(symbol: UnifiedSymbol, t: ExtendedTrade): Fill {
  return {
    id: t.id,
    orderId: t.orderId,
    ...(t.externalOrderId ? { clientOrderId: t.externalOrderId } : {}),
    symbol,
    side: t.side === 'BUY' ? 'buy' : 'sell',
    price: t.price,
    size: t.qty,
    fee: t.fee,
    liquidity: t.isTaker ? 'taker' : 'maker',
    timestamp: t.createdTime,
  };
}

/**
 * The cash direction comes from side × rate, as the funding docs define it (positive rate: longs pay, shorts
 * receive), not from the sign of `fundingFee`, which no source settles (README, "Verified against"). If the venue
 * already signs `fundingFee` from the account's view, the result is the same. A zero rate keeps the venue's value.
 */
export function toFundingPayment(symbol: UnifiedSymbol, f: ExtendedFundingPayment): FundingPayment {
  const magnitude = f.fundingFee.abs();
  const pays = f.fundingRate.isPositive() === (f.side === 'LONG');
  const amount = f.fundingRate.isZero() ? f.fundingFee : pays ? magnitude.neg() : magnitude;
  return {
    symbol,
    amount,
    rate: f.fundingRate,
    positionSize: f.side === 'SHORT' ? f.size.abs().neg() : f.size.abs(),
    timestamp: f.paidTime,
  };
}

export function toCandle(c: ExtendedCandle): Candle {
  return { time: c.T, open: c.o, high: c.h, low: c.l, close: c.c, volume: c.v ?? new Decimal(0) };
}

/**
 * One applied rate of `/info/{market}/funding` (`f` the 1-hour rate as a fraction, positive = longs pay; `T` the
 * settlement time in ms): the same unit and sign as `toFundingRate`. The row has no mark price.
 */
export function toFundingRecord(symbol: UnifiedSymbol, r: ExtendedFundingRecord): FundingRecord {
  return { symbol, time: r.T, rate: r.f, intervalHours: EXTENDED_FUNDING_INTERVAL_HOURS };
}

/** A `/publicTrades` row: `S` is the taker's side (API docs "Trades stream"), `q` base units, `T` ms. */
export function toPublicTrade(symbol: UnifiedSymbol, t: ExtendedPublicTrade): PublicTrade {
  return { id: t.i, symbol, price: t.p, size: t.q.abs(), side: t.S === 'BUY' ? 'buy' : 'sell', timestamp: t.T };
}
