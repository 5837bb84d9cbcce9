import {
  type AccountEvent,
  type Balance,
  bookSubscriptionDepth,
  type Candle,
  type CandleQuery,
  candleIntervalMs,
  type Decimal,
  type DecimalInput,
  type Fill,
  type FundingHistoryQuery,
  type FundingPayment,
  type FundingRate,
  type FundingRecord,
  type HistoryQuery,
  historyLimit,
  InvalidInputError,
  type Market,
  type MarketStats,
  type Order,
  type OrderBookSnapshot,
  type OrderQuery,
  type PerpVenue,
  type PlaceOrderParameters,
  type PlaceOrderReturnType,
  type Position,
  type PublicTrade,
  StateError,
  type SubscribeOrderBookOptions,
  type Subscription,
  VenueRejectedError,
} from '@dn/core';
import { cash } from './account.js';
import type { SimEngine } from './engine.js';
import { SimRejectError } from './errors.js';
import type { SimFundingInfo, SimTrade } from './types.js';

/** Records per `getFundingHistory` call when the query names no limit (page on with `since`). */
export const ENGINE_FUNDING_HISTORY_PAGE = 1_000;

/**
 * `PerpVenue` straight over one engine account, no protocol in between: for bot unit tests and in-process paper
 * trading. Engine rejections become `VenueRejectedError` with `venueCode` = the `SimRejectCode`.
 */
export class EngineVenue implements PerpVenue {
  readonly id: string;
  private readonly subs = new Set<() => void>();
  private closed = false;
  private cidCounter = 0;

  constructor(
    readonly engine: SimEngine,
    readonly accountId: string,
  ) {
    this.id = engine.venue;
    engine.ensureAccount(accountId);
  }

  async getMarkets(): Promise<Market[]> {
    return this.run('getMarkets', () => this.engine.markets());
  }

  async getOrderBook(symbol: string, depth = 20): Promise<OrderBookSnapshot> {
    return this.run('getOrderBook', () => this.engine.book(symbol, depth));
  }

  async getFunding(symbol: string): Promise<FundingRate> {
    return this.run('getFunding', () => toFundingRate(this.engine.funding(symbol), this.engine.clock.now()));
  }

  async getAllStats(): Promise<MarketStats[]> {
    return this.run('getAllStats', () =>
      this.engine.markets().map((m) => {
        const s = this.engine.stats(m.symbol);
        return {
          symbol: s.symbol,
          markPrice: s.markPrice,
          indexPrice: s.indexPrice,
          lastPrice: s.lastPrice,
          bestBid: s.bestBid,
          bestAsk: s.bestAsk,
          volume24h: s.volume24h,
          // The engine counts base units; the interface speaks USD notional so venues compare.
          openInterest: cash(s.openInterest.mul(s.markPrice)),
          funding: toFundingRate(s.funding, s.time),
        };
      }),
    );
  }

  async getBalance(): Promise<Balance> {
    return this.run('getBalance', () => this.engine.account(this.accountId));
  }

  async getPositions(): Promise<Position[]> {
    return this.run('getPositions', () => this.engine.positions(this.accountId));
  }

  async getOpenOrders(symbol?: string): Promise<Order[]> {
    return this.run('getOpenOrders', () => this.engine.openOrders(this.accountId, symbol));
  }

  async getOrder(query: OrderQuery): Promise<Order | null> {
    return this.run('getOrder', () => {
      const q: { orderId?: string; clientOrderId?: string } = {};
      if (query.orderId !== undefined) q.orderId = query.orderId;
      else if (query.clientOrderId !== undefined) q.clientOrderId = query.clientOrderId;
      const o = this.engine.order(this.accountId, q);
      return o && o.symbol === query.symbol ? o : null;
    });
  }

  async placeOrder(params: PlaceOrderParameters): Promise<PlaceOrderReturnType> {
    const clientOrderId = params.clientOrderId ?? this.newClientOrderId();
    return this.run(
      'placeOrder',
      () => {
        const r = this.engine.placeOrder(this.accountId, { ...params, clientOrderId });
        return { orderId: r.order.id, clientOrderId, status: 'accepted' as const };
      },
      clientOrderId,
    );
  }

  async cancelOrder(query: OrderQuery): Promise<void> {
    await this.run('cancelOrder', () => {
      const q: { orderId?: string; clientOrderId?: string } = {};
      if (query.orderId !== undefined) q.orderId = query.orderId;
      else if (query.clientOrderId !== undefined) q.clientOrderId = query.clientOrderId;
      else throw new InvalidInputError('cancelOrder needs orderId or clientOrderId', { field: 'orderId' });
      this.engine.cancelOrder(this.accountId, q);
    });
  }

  async cancelAllOrders(symbol?: string): Promise<number | undefined> {
    return this.run('cancelAllOrders', () => this.engine.cancelAll(this.accountId, symbol).length);
  }

  async setLeverage(symbol: string, leverage: DecimalInput): Promise<void> {
    await this.run('setLeverage', () => {
      this.engine.setLeverage(this.accountId, symbol, leverage);
    });
  }

  async getLeverage(symbol: string): Promise<Decimal> {
    return this.run('getLeverage', () => this.engine.leverage(this.accountId, symbol));
  }

  async getCandles(query: CandleQuery): Promise<Candle[]> {
    return this.run('getCandles', () => {
      const ms = candleIntervalMs(query.interval, this.id);
      const until = query.until ?? this.engine.clock.now();
      const since = query.since ?? until - ms * (query.limit ?? 100);
      const out = this.engine.candles(query.symbol, ms, since, until);
      return query.limit !== undefined ? out.slice(-query.limit) : out;
    });
  }

  /**
   * The rates the engine settled in [since, until] (it records from its start, at most 20 000 per market), oldest
   * first, at most `limit` (default 1,000).
   * @throws InvalidInputError when `limit` is not a positive integer
   * @throws VenueRejectedError UNKNOWN_SYMBOL
   */
  async getFundingHistory(query: FundingHistoryQuery): Promise<FundingRecord[]> {
    const limit = historyLimit(query.limit, ENGINE_FUNDING_HISTORY_PAGE, this.id);
    return this.run('getFundingHistory', () => {
      const intervalHours = this.engine.market(query.symbol).fundingIntervalHours;
      const q: { since?: number; until?: number; limit: number; keep: 'oldest' } = { limit, keep: 'oldest' };
      if (query.since !== undefined) q.since = query.since;
      if (query.until !== undefined) q.until = query.until;
      return this.engine
        .fundingHistory(query.symbol, q)
        .map((r) => ({ symbol: r.symbol, time: r.time, rate: r.rate, intervalHours, markPrice: r.markPrice }));
    });
  }

  async getFills(query: HistoryQuery = {}): Promise<Fill[]> {
    return this.run('getFills', () => this.engine.fills(this.accountId, query));
  }

  async getFundingPayments(query: HistoryQuery = {}): Promise<FundingPayment[]> {
    return this.run('getFundingPayments', () => this.engine.fundingPayments(this.accountId, query));
  }

  /**
   * The engine's book after every change, at most `options.depth` levels per side (default 20, as `getOrderBook`).
   * @throws InvalidInputError when `options.depth` is not a positive integer (nothing is subscribed)
   */
  async subscribeOrderBook(
    symbol: string,
    onBook: (book: OrderBookSnapshot) => void,
    options?: SubscribeOrderBookOptions,
  ): Promise<Subscription> {
    this.assertOpen();
    const depth = bookSubscriptionDepth(options, 20, this.id);
    this.engine.market(symbol);
    const off = this.engine.events.on('book', (e) => {
      if (e.symbol === symbol) onBook(this.engine.book(symbol, depth));
    });
    return this.track(off);
  }

  /**
   * Every print of the market from now on, oldest first: users' trades (the taker flow's fills of resting orders
   * included) and the generated background tape. `side` is the taker's.
   * @throws VenueRejectedError UNKNOWN_SYMBOL
   */
  async subscribeTrades(symbol: string, onTrade: (trade: PublicTrade) => void): Promise<Subscription> {
    const unwatch = this.run('subscribeTrades', () => this.engine.watchTrades(symbol));
    const off = this.engine.events.on('trade', ({ trade }) => {
      if (trade.symbol === symbol) onTrade(toPublicTrade(trade));
    });
    return this.track(() => {
      off();
      unwatch();
    });
  }

  async subscribeAccount(onEvent: (event: AccountEvent) => void): Promise<Subscription> {
    this.assertOpen();
    const id = this.accountId;
    const offs = [
      this.engine.events.on('order', (e) => e.accountId === id && onEvent({ type: 'order', order: e.order })),
      this.engine.events.on('fill', (e) => e.accountId === id && onEvent({ type: 'fill', fill: e.fill })),
      this.engine.events.on(
        'position',
        (e) => e.accountId === id && onEvent({ type: 'position', position: e.position }),
      ),
      this.engine.events.on('balance', (e) => e.accountId === id && onEvent({ type: 'balance', balance: e.balance })),
      this.engine.events.on('funding', (e) => e.accountId === id && onEvent({ type: 'funding', payment: e.payment })),
    ];
    return this.track(() => {
      for (const off of offs) off();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const off of this.subs) off();
    this.subs.clear();
  }

  private track(off: () => void): Subscription {
    this.subs.add(off);
    return {
      unsubscribe: async () => {
        off();
        this.subs.delete(off);
      },
    };
  }

  private newClientOrderId(): string {
    this.cidCounter += 1;
    return `sim-${this.engine.clock.now()}-${this.cidCounter}`;
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new StateError('EngineVenue is closed', { path: `engine:${this.id}`, reason: 'closed' });
    }
  }

  private run<T>(operation: string, fn: () => T, clientOrderId?: string): T {
    this.assertOpen();
    try {
      return fn();
    } catch (e) {
      if (e instanceof SimRejectError) {
        const context: ConstructorParameters<typeof VenueRejectedError>[1] = {
          venue: this.id,
          venueCode: e.code,
          venueMessage: e.message,
          operation,
        };
        if (clientOrderId !== undefined) context.clientOrderId = clientOrderId;
        throw new VenueRejectedError(`${this.id} rejected ${operation}: ${e.message}`, context, { cause: e });
      }
      throw e;
    }
  }
}

function toFundingRate(f: SimFundingInfo, timestamp: number): FundingRate {
  return {
    symbol: f.symbol,
    rate: f.rate,
    intervalHours: f.intervalHours,
    apr: f.rate.mul(8760).div(f.intervalHours),
    nextFundingTime: f.nextFundingTime,
    markPrice: f.markPrice,
    indexPrice: f.indexPrice,
    timestamp,
  };
}

function toPublicTrade(t: SimTrade): PublicTrade {
  return { id: t.id, symbol: t.symbol, price: t.price, size: t.size, side: t.side, timestamp: t.time };
}
