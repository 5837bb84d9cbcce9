import type { Decimal, DecimalInput } from './decimal.js';
import type {
  AccountEvent,
  Balance,
  Candle,
  CandleInterval,
  Fill,
  FundingPayment,
  FundingRate,
  FundingRecord,
  Market,
  MarketStats,
  Order,
  OrderBookSnapshot,
  OrderType,
  Position,
  PublicTrade,
  Side,
  TimeInForce,
  UnifiedSymbol,
  VenueId,
} from './domain.js';

export interface PlaceOrderParameters {
  symbol: UnifiedSymbol;
  side: Side;
  /** `market` is sent as a marketable limit IOC inside a price band (never an unbounded market order). */
  type: OrderType;
  size: DecimalInput;
  /** Required for limit orders. For market orders, an explicit worst acceptable price (overrides the band). */
  price?: DecimalInput;
  timeInForce?: TimeInForce;
  reduceOnly?: boolean;
  /**
   * Idempotency key. Generated when absent and returned, so a caller that must retry can query by it.
   * Retrying with the same id never doubles an order on venues that deduplicate.
   */
  clientOrderId?: string;
  /** Market orders: the price band around the best price as a fraction (0.01 = 1 %). Venue default otherwise. */
  slippage?: DecimalInput;
  /** Expiry of a GTT order, ms since epoch. */
  expiresAt?: number;
}

/**
 * The venue's acknowledgement. It is never a fill: read fills or positions back to know what executed. A refusal is
 * never an acknowledgement: it throws (VenueRejectedError, InvalidInputError).
 */
export interface PlaceOrderReturnType {
  orderId?: string;
  clientOrderId: string;
  status: 'accepted';
}

export interface OrderQuery {
  symbol: UnifiedSymbol;
  orderId?: string;
  clientOrderId?: string;
}

export interface HistoryQuery {
  symbol?: UnifiedSymbol;
  /** ms since epoch, inclusive. */
  since?: number;
  until?: number;
  limit?: number;
}

export interface FundingHistoryQuery {
  symbol: UnifiedSymbol;
  /** ms since epoch, inclusive. */
  since?: number;
  /** ms since epoch, inclusive. */
  until?: number;
  /** At most this many records (the oldest first within [since, until]); the venue's page size when absent. */
  limit?: number;
}

export interface CandleQuery {
  symbol: UnifiedSymbol;
  interval: CandleInterval;
  since?: number;
  until?: number;
  limit?: number;
}

export interface Subscription {
  unsubscribe(): Promise<void>;
}

/** How a book subscription is delivered. Checked with `bookSubscriptionDepth` before anything is subscribed. */
export interface SubscribeOrderBookOptions {
  /**
   * At most this many levels per side in each snapshot handed to `onBook` (a positive integer; the connector's own
   * default when absent). A caller that reads only the top of the book asks for 1: every level costs Decimals per
   * update on the hot path.
   */
  depth?: number;
}

/**
 * What every bot sees of a venue: unified symbols, decimals, one error vocabulary.
 * Failures are `VenueRejectedError` (the venue said no), `UnknownOutcomeError` (sent, outcome unknown: query
 * before deciding) or `InvalidInputError` (refused before sending); transports may also throw `TransportError`
 * or `RateLimitError` for requests that certainly had no effect.
 */
export interface PerpVenue {
  readonly id: VenueId;
  getMarkets(): Promise<Market[]>;
  getOrderBook(symbol: UnifiedSymbol, depth?: number): Promise<OrderBookSnapshot>;
  getFunding(symbol: UnifiedSymbol): Promise<FundingRate>;
  /** Stats (mark, volume, funding) of every market in as few requests as the venue allows. */
  getAllStats(): Promise<MarketStats[]>;
  getBalance(): Promise<Balance>;
  getPositions(): Promise<Position[]>;
  getOpenOrders(symbol?: UnifiedSymbol): Promise<Order[]>;
  /** Null when the venue does not know the order (never placed, or too old). */
  getOrder(query: OrderQuery): Promise<Order | null>;
  placeOrder(params: PlaceOrderParameters): Promise<PlaceOrderReturnType>;
  cancelOrder(query: OrderQuery): Promise<void>;
  /** Cancels every open order (of one symbol when given). Returns how many the venue reported cancelled, if known. */
  cancelAllOrders(symbol?: UnifiedSymbol): Promise<number | undefined>;
  setLeverage(symbol: UnifiedSymbol, leverage: DecimalInput): Promise<void>;
  /**
   * The leverage the venue applies to `symbol` now, read from the venue (not remembered from `setLeverage`), so a
   * caller can confirm a change took effect; undefined when the venue's answer does not say. Optional: a connector
   * whose venue cannot be asked leaves it out.
   */
  getLeverage?(symbol: UnifiedSymbol): Promise<Decimal | undefined>;
  getCandles(query: CandleQuery): Promise<Candle[]>;
  /**
   * The market's settled funding rates in [since, until], oldest first, at most `limit` (page by calling again
   * with `since` after the last record's time). Public data: no credentials needed.
   */
  getFundingHistory(query: FundingHistoryQuery): Promise<FundingRecord[]>;
  getFills(query?: HistoryQuery): Promise<Fill[]>;
  getFundingPayments(query?: HistoryQuery): Promise<FundingPayment[]>;
  /**
   * Snapshots of the book after every update, at most `options.depth` levels per side (the connector's default
   * otherwise). A depth that is not a positive integer throws InvalidInputError before anything is subscribed.
   */
  subscribeOrderBook(
    symbol: UnifiedSymbol,
    onBook: (book: OrderBookSnapshot) => void,
    options?: SubscribeOrderBookOptions,
  ): Promise<Subscription>;
  /**
   * The market's public prints as they happen (no history replay). Public data: no credentials needed. Optional: a
   * connector whose venue has no trade stream leaves it out. After a reconnect prints may have been missed; callers
   * that need completeness must not assume it.
   */
  subscribeTrades?(symbol: UnifiedSymbol, onTrade: (trade: PublicTrade) => void): Promise<Subscription>;
  subscribeAccount(onEvent: (event: AccountEvent) => void): Promise<Subscription>;
  /** Closes sockets and timers. The venue object is unusable afterwards. */
  close(): Promise<void>;
}
