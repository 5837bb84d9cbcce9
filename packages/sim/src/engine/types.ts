import type {
  Balance,
  BookLevel,
  Decimal,
  Fill,
  FundingPayment,
  Order,
  OrderBookSnapshot,
  Position,
  Side,
} from '@dn/core';

/** Why an order stopped before being filled. */
export type SimCancelReason =
  | 'user'
  | 'cancel_all'
  /** IOC or market remainder that found no more liquidity inside its limit or band. */
  | 'ioc_remainder'
  | 'expired'
  | 'self_trade'
  | 'reduce_only'
  | 'liquidation'
  /** Engine fault `partialFillOnly`: the rest of an IOC was cancelled. */
  | 'injected_partial';

export interface SimOrder extends Order {
  accountId: string;
  /** GTT expiry, ms since epoch; absent = good till cancelled. */
  expiresAt?: number;
  cancelReason?: SimCancelReason;
  /** Total fee paid by this order's fills (negative = rebate). */
  fee: Decimal;
  /** Set on the closing orders the engine creates when it liquidates an account. */
  liquidation?: boolean;
}

export interface SimFill extends Fill {
  accountId: string;
  /** Public trade id this fill belongs to. */
  tradeId: string;
  /** PnL realised by the part of the fill that reduced a position (before fee). */
  realizedPnl: Decimal;
  liquidation: boolean;
}

/** A print on the public tape. `side` is the taker's side. */
export interface SimTrade {
  id: string;
  symbol: string;
  price: Decimal;
  size: Decimal;
  side: Side;
  time: number;
  liquidation: boolean;
}

/**
 * `insurance`: after a liquidation that left the account below zero (a gap through the bankruptcy price), the
 * insurance fund covers the deficit and brings collateral back to 0, as venues do.
 */
export type LedgerType = 'deposit' | 'fee' | 'funding' | 'realized_pnl' | 'liquidation_penalty' | 'insurance';

/** One cash movement. For every account, Σ amount = collateral − 0 exactly. */
export interface LedgerEntry {
  id: string;
  accountId: string;
  type: LedgerType;
  /** Signed: positive credits the account. */
  amount: Decimal;
  /** Collateral after this entry. */
  balance: Decimal;
  symbol?: string;
  orderId?: string;
  fillId?: string;
  time: number;
}

export interface SimFundingPayment extends FundingPayment {
  id: string;
  accountId: string;
  rate: Decimal;
  positionSize: Decimal;
  markPrice: Decimal;
}

/** A settled funding rate of a market. */
export interface SimFundingRecord {
  symbol: string;
  time: number;
  rate: Decimal;
  markPrice: Decimal;
}

export interface SimFundingInfo {
  symbol: string;
  /** Current estimate for the interval in progress, per interval (positive = longs pay). */
  rate: Decimal;
  intervalHours: number;
  nextFundingTime: number;
  /** |rate| never exceeds this. */
  cap: Decimal;
  markPrice: Decimal;
  indexPrice: Decimal;
}

export interface SimAccountSummary extends Balance {
  accountId: string;
  currency: 'USD';
  collateral: Decimal;
  equity: Decimal;
  availableMargin: Decimal;
  unrealizedPnl: Decimal;
  /** Initial margin of positions (notional at mark / leverage). */
  initialMargin: Decimal;
  /** Same as initialMargin, under the `Balance` name. */
  initialMarginUsed: Decimal;
  maintenanceMargin: Decimal;
  /** Initial margin reserved by resting non-reduce-only orders. */
  orderMargin: Decimal;
}

export interface SimPosition extends Position {
  accountId: string;
  leverage: Decimal;
  liquidationPrice: Decimal | null;
  initialMargin: Decimal;
  maintenanceMargin: Decimal;
  /** Realised PnL (before fees) since the position was opened from flat. */
  realizedPnl: Decimal;
}

export interface SimBook extends OrderBookSnapshot {
  bids: BookLevel[];
  asks: BookLevel[];
  /** Increments on every change of the book (new grid point, depletion, user order). */
  sequence: number;
}

export interface SimStats {
  symbol: string;
  markPrice: Decimal;
  indexPrice: Decimal;
  lastPrice: Decimal;
  bestBid: Decimal;
  bestAsk: Decimal;
  /** 24 h traded volume in USD (background flow plus users' trades). */
  volume24h: Decimal;
  /** Open interest in base units. */
  openInterest: Decimal;
  funding: SimFundingInfo;
  time: number;
}

export interface SimHistoryQuery {
  symbol?: string;
  /** Inclusive, ms. */
  since?: number;
  /** Inclusive, ms. */
  until?: number;
  /** Newest `limit` entries (results are oldest first). */
  limit?: number;
}

export interface SimPlaceResult {
  order: SimOrder;
  /** Fills of this order (all of them so far when `duplicate`). */
  fills: SimFill[];
  /** True when the client order id was already known: nothing new was placed. */
  duplicate: boolean;
}

export interface SimLiquidationEvent {
  accountId: string;
  time: number;
  symbols: string[];
  fills: SimFill[];
  penalty: Decimal;
}

/** Payloads of `engine.events`. Emitted after the state change is complete. */
export interface SimEngineEvents {
  book: { symbol: string; sequence: number; time: number };
  trade: { trade: SimTrade };
  order: { accountId: string; order: SimOrder };
  fill: { accountId: string; fill: SimFill };
  /** Size 0 when the position was closed. */
  position: { accountId: string; position: SimPosition };
  balance: { accountId: string; balance: SimAccountSummary };
  funding: { accountId: string; payment: SimFundingPayment };
  fundingRate: { record: SimFundingRecord; intervalHours: number };
  liquidation: SimLiquidationEvent;
}
