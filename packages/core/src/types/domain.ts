import type { Decimal } from './decimal.js';

/** Venue identifiers shipped with dn. Third-party connectors may use any other string. */
export type KnownVenueId = 'extended' | 'pacifica' | 'edgex' | 'lighter';
export type VenueId = KnownVenueId | (string & {});

/** Unified base-asset symbol, e.g. `"BTC"`. Every venue maps its own market ids to and from it. */
export type UnifiedSymbol = string;

export type Side = 'buy' | 'sell';

export interface Market {
  symbol: UnifiedSymbol;
  /** The venue's own market id as it appears on the wire (`"BTC-USD"`, `"BTCUSD"`, `"1"`). */
  venueSymbol: string;
  tickSize: Decimal;
  lotSize: Decimal;
  minSize: Decimal;
  /** Minimum order notional in quote currency, where the venue has one. */
  minNotional?: Decimal;
  maxLeverage: Decimal;
  /** Fee rates as fractions (0.0002 = 2 bps). Negative = rebate. */
  makerFee: Decimal;
  takerFee: Decimal;
  /** Hours between funding settlements for this market. Always read from the venue, never defaulted. */
  fundingIntervalHours: number;
  active: boolean;
}

export interface BookLevel {
  price: Decimal;
  size: Decimal;
}

export interface OrderBookSnapshot {
  symbol: UnifiedSymbol;
  /** Best first. */
  bids: BookLevel[];
  /** Best first. */
  asks: BookLevel[];
  /** Venue or local receive time, ms since epoch. */
  timestamp: number;
  sequence?: number;
}

/** Sign convention everywhere: a positive rate means longs pay shorts. */
export interface FundingRate {
  symbol: UnifiedSymbol;
  /** Rate per funding interval, as a fraction (0.0001 = 1 bp). */
  rate: Decimal;
  /** Required: rates of different venues are only comparable after normalising by it. */
  intervalHours: number;
  /** Annualised: rate × 8760 / intervalHours. */
  apr: Decimal;
  nextFundingTime?: number;
  markPrice?: Decimal;
  indexPrice?: Decimal;
  timestamp: number;
}

export interface MarketStats {
  symbol: UnifiedSymbol;
  markPrice: Decimal;
  indexPrice?: Decimal;
  lastPrice?: Decimal;
  bestBid?: Decimal;
  bestAsk?: Decimal;
  /** 24 h traded volume in quote currency (USD). */
  volume24h: Decimal;
  /** Open interest as USD notional (base units × mark) on every venue, so venues compare. */
  openInterest?: Decimal;
  funding: FundingRate;
}

export interface Balance {
  /** Collateral currency, e.g. USD or USDC. */
  currency: string;
  /** Wallet balance: deposits + realised PnL − fees ± funding. */
  collateral: Decimal;
  /** collateral + unrealised PnL. */
  equity: Decimal;
  /** Margin free for new positions. */
  availableMargin: Decimal;
  unrealizedPnl: Decimal;
  initialMarginUsed?: Decimal;
  maintenanceMargin?: Decimal;
}

export interface Position {
  symbol: UnifiedSymbol;
  /** Signed base size: positive long, negative short. */
  size: Decimal;
  entryPrice: Decimal;
  markPrice: Decimal;
  unrealizedPnl: Decimal;
  /** Undefined when the venue does not report one; null when there is none (no liquidation risk). */
  liquidationPrice?: Decimal | null;
  leverage?: Decimal;
  /** Position notional at mark, absolute, in quote currency. */
  notional: Decimal;
}

export type OrderType = 'market' | 'limit';

/**
 * GTT: rests until filled, cancelled or expired. IOC: fills what it can now, rest cancelled.
 * POST_ONLY: rejected if it would take liquidity.
 */
export type TimeInForce = 'GTT' | 'IOC' | 'POST_ONLY';

export type OrderStatus = 'pending' | 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'expired';

export interface Order {
  id: string;
  clientOrderId?: string;
  symbol: UnifiedSymbol;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  price?: Decimal;
  size: Decimal;
  filledSize: Decimal;
  averageFillPrice?: Decimal;
  status: OrderStatus;
  reduceOnly: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Fill {
  id: string;
  orderId: string;
  clientOrderId?: string;
  symbol: UnifiedSymbol;
  side: Side;
  price: Decimal;
  size: Decimal;
  /** Fee paid in quote currency; negative = rebate received. */
  fee: Decimal;
  liquidity: 'maker' | 'taker';
  timestamp: number;
}

/** One public print of a market (anyone's trade). */
export interface PublicTrade {
  /** The venue's trade id where it sends one. */
  id?: string;
  symbol: UnifiedSymbol;
  price: Decimal;
  size: Decimal;
  /** The taker's (aggressor's) side: `buy` lifted an ask. */
  side: Side;
  timestamp: number;
}

export interface FundingPayment {
  symbol: UnifiedSymbol;
  /** Cash received by the account; negative = paid. */
  amount: Decimal;
  rate?: Decimal;
  positionSize?: Decimal;
  timestamp: number;
}

/**
 * One settled funding rate of a market (the market's, not the account's payment). Sign as `FundingRate.rate`:
 * positive = longs pay shorts.
 */
export interface FundingRecord {
  symbol: UnifiedSymbol;
  /** Settlement time (or, for venues that publish a rate per period, the period's start), ms since epoch. */
  time: number;
  /** Rate per funding interval, as a fraction (0.0001 = 1 bp). */
  rate: Decimal;
  /** The interval the rate applies to, in hours (rates are only comparable after normalising by it). */
  intervalHours: number;
  markPrice?: Decimal;
}

export type CandleInterval = '1m' | '5m' | '15m' | '30m' | '1h' | '4h' | '1d';

export interface Candle {
  /** Open time, ms since epoch. */
  time: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
}

export type AccountEvent =
  | { type: 'order'; order: Order }
  | { type: 'fill'; fill: Fill }
  | { type: 'position'; position: Position }
  | { type: 'balance'; balance: Balance }
  | { type: 'funding'; payment: FundingPayment }
  /**
   * The account stream was re-established after a drop: events in between may be lost. Reconcile from REST (orders,
   * positions, fills) before trusting the stream-fed state again. Never sent for the first connection.
   */
  | { type: 'reconnected'; at: number };
