import { randomUUID } from 'node:crypto';
import {
  type AccountEvent,
  type Balance,
  bookSubscriptionDepth,
  type Candle,
  type CandleQuery,
  type Decimal,
  type DecimalInput,
  type Fill,
  type FundingHistoryQuery,
  type FundingPayment,
  type FundingRate,
  type FundingRecord,
  type HistoryQuery,
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
  type SubscribeOrderBookOptions,
  type Subscription,
  type SymbolMap,
  toDecimal,
  type UnifiedSymbol,
} from '@dn/core';
import { ExtendedClient } from './client.js';
import { EXTENDED_DEFAULT_MARKET_SLIPPAGE, EXTENDED_DEFAULT_ORDER_TTL_MS, EXTENDED_VENUE } from './config.js';
import { toBalance, toCandle, toFundingRate, toMarket, toMarketStats, toOrder, toPosition } from './mappers.js';
import type { ExtendedClientOptions } from './options.js';
import type { ExtendedCandleType } from './rest/markets.js';
import { buildSymbolMap, isPerpetual, unifiedSymbolOf } from './symbols.js';
import { fetchCandles } from './venue/candles.js';
import { venueFills, venueFundingHistory, venueFundingPayments } from './venue/history.js';
import { buildUnifiedOrder, checkSlippage, placeUnifiedOrder, sendUnifiedOrder } from './venue/orders.js';
import {
  orderTextWithId,
  orderTextWithoutId,
  PresignedOrders,
  type PresignOptions,
  type PresignOrderParameters,
  presignKey,
} from './venue/presigned.js';
import { subscribeAccountStream, subscribeBook, subscribePublicTrades } from './venue/streams.js';
import type { ExtendedAccountUpdate, ExtendedCandle, ExtendedMarket } from './wire.js';

/**
 * Extended as a venue-neutral `PerpVenue`: unified symbols (`BTC` ↔ `BTC-USD`), core types, market orders as a
 * marketable IOC limit inside a band, history paged to the query, streams mapped to core events. The venue's own API
 * (markets by venue name, wire types, signing, dead man's switch, raw topics) is `venue.client`.
 *
 * @example
 * const ext = new ExtendedVenue({ apiKey, starkPrivateKey, vault: 10002 });
 * const { clientOrderId } = await ext.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001' });
 */
export class ExtendedVenue implements PerpVenue {
  readonly id = EXTENDED_VENUE;
  /** Extended's own typed API this adapter runs on. */
  readonly client: ExtendedClient;
  private readonly slippage: Decimal;
  private symbols: { list: ExtendedMarket[]; map: SymbolMap } | undefined;
  /** The daily candle interval's spelling, once the venue accepted one. */
  private readonly daily: { interval?: string } = {};
  private presigned: PresignedOrders | undefined;

  constructor(options: ExtendedClientOptions | ExtendedClient = {}) {
    this.client = options instanceof ExtendedClient ? options : new ExtendedClient(options);
    this.slippage = checkSlippage(this.client.options.marketSlippage ?? EXTENDED_DEFAULT_MARKET_SLIPPAGE);
  }

  // ───────────────────────────── markets ─────────────────────────────

  /** The venue market of a unified symbol (refetches the list once when the symbol is unknown). */
  async marketOf(symbol: UnifiedSymbol): Promise<ExtendedMarket> {
    let map = this.symbolMap(await this.client.loadMarkets());
    if (!map.has(symbol)) map = this.symbolMap(await this.client.loadMarkets(true));
    const market = this.client.cachedMarket(map.toVenue(symbol));
    if (!market) {
      throw new InvalidInputError(`Unknown symbol ${symbol} on extended`, { field: 'symbol', value: symbol });
    }
    return market;
  }

  /** `marketOf` without a wait: undefined unless the cached list is fresh and knows `symbol`. */
  private freshMarketOf(symbol: UnifiedSymbol): ExtendedMarket | undefined {
    const list = this.client.freshMarkets();
    if (!list) return undefined;
    const map = this.symbolMap(list);
    return map.has(symbol) ? this.client.cachedMarket(map.toVenue(symbol)) : undefined;
  }

  async getMarkets(): Promise<Market[]> {
    const list = await this.client.loadMarkets(true);
    const fees = this.client.options.apiKey ? await this.client.feeTable(true) : undefined;
    return list.filter(isPerpetual).map((m) => toMarket(unifiedSymbolOf(m), m, fees?.get(m.name)));
  }

  async getOrderBook(symbol: UnifiedSymbol, depth = 50): Promise<OrderBookSnapshot> {
    const m = await this.marketOf(symbol);
    const book = await this.client.api.getOrderBook({ market: m.name });
    const levels = (l: { price: Decimal; qty: Decimal }[], desc: boolean) =>
      l
        .filter((x) => x.qty.gt(0))
        .sort((a, b) => (desc ? b.price.cmp(a.price) : a.price.cmp(b.price)))
        .slice(0, depth)
        .map((x) => ({ price: x.price, size: x.qty }));
    return { symbol, bids: levels(book.bid, true), asks: levels(book.ask, false), timestamp: this.client.now() };
  }

  async getFunding(symbol: UnifiedSymbol): Promise<FundingRate> {
    const m = await this.marketOf(symbol);
    return toFundingRate(symbol, await this.client.api.getMarketStats({ market: m.name }), this.client.now());
  }

  /** One request: `/info/markets` carries every market's stats. */
  async getAllStats(): Promise<MarketStats[]> {
    const list = await this.client.loadMarkets(true);
    const now = this.client.now();
    return list
      .filter((m) => isPerpetual(m) && m.marketStats)
      .map((m) => toMarketStats(unifiedSymbolOf(m), m.marketStats!, now));
  }

  /**
   * The market's applied hourly rates (`GET /info/{market}/funding`, public) in `[since, until]`, oldest first: with
   * `since`, the first `limit` from it (page forward with `since = last.time + 1`); without, the last `limit` up to
   * `until` (default now). `limit` defaults to one venue page (1,000), at most 10,000. `rate` is the 1-hour rate,
   * positive = longs pay, as `getFunding`.
   */
  async getFundingHistory(query: FundingHistoryQuery): Promise<FundingRecord[]> {
    const m = await this.marketOf(query.symbol);
    return venueFundingHistory(this.client, query.symbol, m.name, query);
  }

  async getCandles(query: CandleQuery): Promise<Candle[]> {
    return (await this.getCandlesOf(query, 'trades')).map(toCandle);
  }

  /** Candles of `trades`, `mark-prices` or `index-prices`, oldest first (the venue sends newest first). */
  async getCandlesOf(query: CandleQuery, candleType: ExtendedCandleType): Promise<ExtendedCandle[]> {
    const m = await this.marketOf(query.symbol);
    return fetchCandles(this.client, m.name, query, candleType, this.daily);
  }

  // ───────────────────────────── account ─────────────────────────────

  async getBalance(): Promise<Balance> {
    return toBalance(await this.client.api.getBalance());
  }

  async getPositions(): Promise<Position[]> {
    const rows = await this.client.api.getPositions();
    return rows.map((p) => toPosition(this.symbolOf(p.market), p)).filter((p) => !p.size.isZero());
  }

  async getOpenOrders(symbol?: UnifiedSymbol): Promise<Order[]> {
    const markets = symbol ? [(await this.marketOf(symbol)).name] : undefined;
    const rows = await this.client.api.getOpenOrders(markets ? { markets } : {});
    return rows.map((o) => toOrder(this.symbolOf(o.market), o));
  }

  async getOrder(query: OrderQuery): Promise<Order | null> {
    if (query.orderId !== undefined) {
      const o = await this.client.api.getOrderById({ id: query.orderId });
      return o ? toOrder(this.symbolOf(o.market), o) : null;
    }
    if (query.clientOrderId !== undefined) {
      const rows = await this.client.api.getOrdersByExternalId({ externalId: query.clientOrderId });
      const newest = rows.sort((a, b) => b.createdTime - a.createdTime)[0];
      return newest ? toOrder(this.symbolOf(newest.market), newest) : null;
    }
    throw new InvalidInputError('getOrder needs orderId or clientOrderId', { field: 'orderId', venue: EXTENDED_VENUE });
  }

  /**
   * Fills in `[since, until]`, oldest first: the newest `limit` (default 100, at most 1,000), cursor pages followed
   * (at most `EXTENDED_HISTORY_MAX_PAGES`) until enough rows, a row older than `since` or the last page.
   */
  async getFills(query: HistoryQuery = {}): Promise<Fill[]> {
    const markets = query.symbol ? [(await this.marketOf(query.symbol)).name] : undefined;
    return venueFills(this.client, (m) => this.symbolOf(m), markets, query);
  }

  /** Funding payments in `[since, until]`, oldest first, paged as `getFills`. */
  async getFundingPayments(query: HistoryQuery = {}): Promise<FundingPayment[]> {
    const markets = query.symbol ? [(await this.marketOf(query.symbol)).name] : undefined;
    return venueFundingPayments(this.client, (m) => this.symbolOf(m), markets, query);
  }

  async setLeverage(symbol: UnifiedSymbol, leverage: DecimalInput): Promise<void> {
    const m = await this.marketOf(symbol);
    const lev = toDecimal(leverage, 'leverage');
    if (!lev.gt(0) || lev.gt(m.tradingConfig.maxLeverage)) {
      throw new InvalidInputError(`leverage must be in (0, ${m.tradingConfig.maxLeverage.toFixed()}]`, {
        field: 'leverage',
        value: lev.toFixed(),
        venue: EXTENDED_VENUE,
      });
    }
    await this.client.api.setLeverage({ market: m.name, leverage: lev });
  }

  /** `GET /user/leverage` for the market: what the venue applies now; undefined when its answer omits the market. */
  async getLeverage(symbol: UnifiedSymbol): Promise<Decimal | undefined> {
    const m = await this.marketOf(symbol);
    const rows = await this.client.api.getLeverage({ markets: [m.name] });
    return rows.find((r) => r.market === m.name)?.leverage;
  }

  // ───────────────────────────── trading ─────────────────────────────

  /**
   * Places a signed order. Market orders are sent as MARKET + IOC at a worst price of best ask × (1 + band) rounded
   * DOWN to the tick for a buy (best bid × (1 − band) rounded UP for a sell), so the limit never leaves the band;
   * when the band is narrower than a tick the best price itself is used (core `marketablePrice`); an explicit worst
   * price is rounded inward. Sizes are floored to the lot. Limit prices must sit on the tick (refused, not rounded).
   * Minimums apply except to reduce-only orders (`EXTENDED_ORDER_RULES`). The acknowledgement is not a fill:
   * placement is asynchronous on Extended, so read the account stream or `getOrder({ clientOrderId })`.
   * @throws InvalidInputError before sending; VenueRejectedError (with `clientOrderId`) when the venue refuses;
   *   UnknownOutcomeError when the POST timed out (query by `clientOrderId`).
   */
  async placeOrder(params: PlaceOrderParameters): Promise<PlaceOrderReturnType> {
    this.client.assertCanSign();
    // A known symbol of a fresh list is read without awaiting: the order's request is written in the caller's turn
    // of the event loop, before any other queued work.
    const market = this.freshMarketOf(params.symbol) ?? (await this.marketOf(params.symbol));
    const store = this.presigned;
    const key = store && store.size > 0 ? presignKey(params) : undefined;
    if (store && key !== undefined) {
      const clientOrderId = params.clientOrderId ?? randomUUID();
      const hit =
        clientOrderId.length > 0
          ? store.take(key, this.client.now(), market, this.client.cachedFeeRate(market.name))
          : undefined;
      // The id is not part of the signed settlement: the body is the one a fresh build with this id gives.
      if (hit) {
        const body = { ...hit.body, id: clientOrderId };
        return sendUnifiedOrder(this.client, body, clientOrderId, orderTextWithId(hit.text, clientOrderId));
      }
      return placeUnifiedOrder(this.client, market, { ...params, clientOrderId }, this.slippage);
    }
    return placeUnifiedOrder(this.client, market, params, this.slippage);
  }

  /**
   * OPT-IN: lets {@link ExtendedVenue.presignOrder} sign orders ahead of time, which `placeOrder` then sends when
   * asked for the same order (undefined options with `false`: off, and the store emptied). A presigned order is sent
   * at most once (taken out of the store before sending, never put back, whatever the send's outcome), and only
   * while fresh: signed at most `maxAgeMs` ago (so its expiry is at most that much earlier than a fresh build's),
   * against the same market object and the same fee cap as the client would use now. Its nonce and signature were
   * made when it was signed; everything else is what `placeOrder` builds for the same parameters.
   */
  enablePresigning(options: PresignOptions | false = {}): void {
    this.presigned?.clear();
    this.presigned = options === false ? undefined : new PresignedOrders(options);
  }

  /** Hits, stale drops and evictions of the presigned store, and its size (undefined when presigning is off). */
  presignStats(): { hits: number; stale: number; evicted: number; size: number } | undefined {
    const p = this.presigned;
    return p ? { ...p.stats, size: p.size } : undefined;
  }

  /**
   * Signs `params` now (own nonce, expiry = now + the order TTL) and keeps it for `placeOrder`. Returns false
   * without signing when presigning is off, the parameters are not a plain limit order, or one signed less than half
   * of `maxAgeMs` ago is already kept (an older one is replaced: an order asked for again and again is renewed before
   * its age limit, so `placeOrder` never finds it stale); throws what `placeOrder` would throw for them (nothing is
   * kept then). The fee cap comes from the client's fee table, loaded if needed.
   */
  async presignOrder(params: PresignOrderParameters): Promise<boolean> {
    const store = this.presigned;
    const key = store ? presignKey(params) : undefined;
    if (!store || key === undefined) return false;
    if (store.hasFresh(key, this.client.now(), store.maxAgeMs / 2)) return false;
    this.client.assertCanSign();
    const market = await this.marketOf(params.symbol);
    const fee = await this.client.feeRate(market.name);
    const { body } = await buildUnifiedOrder(
      this.client,
      market,
      { ...params, clientOrderId: 'presigned' },
      this.slippage,
      fee,
      store.build,
    );
    // Its age is measured from the time its expiry was derived from.
    const signedAt = body.expiryEpochMillis - (this.client.options.orderTtlMs ?? EXTENDED_DEFAULT_ORDER_TTL_MS);
    const text = orderTextWithoutId(body);
    if (this.presigned === store) store.put(key, { body, signedAt, market, fee, text }, this.client.now());
    return true;
  }

  async cancelOrder(query: OrderQuery): Promise<void> {
    if (query.orderId !== undefined) return this.client.api.cancelOrder({ id: query.orderId });
    if (query.clientOrderId !== undefined)
      return this.client.api.cancelOrderByExternalId({ externalId: query.clientOrderId });
    throw new InvalidInputError('cancelOrder needs orderId or clientOrderId', {
      field: 'orderId',
      venue: EXTENDED_VENUE,
    });
  }

  /** Mass cancel is asynchronous on Extended: the count is not known, so this returns undefined. */
  async cancelAllOrders(symbol?: UnifiedSymbol): Promise<number | undefined> {
    if (symbol) await this.client.api.massCancel({ markets: [(await this.marketOf(symbol)).name] });
    else await this.client.api.massCancel({ cancelAll: true });
    return undefined;
  }

  // ───────────────────────────── streams ─────────────────────────────

  /**
   * Full-depth book from `/orderbooks/{market}` (snapshot, then deltas checked by `seq`; a gap reconnects, which
   * brings a fresh snapshot). `onBook` gets the top `options.depth` levels (else the client's `bookDepth`, else 50)
   * after every applied message.
   * @throws InvalidInputError when `options.depth` is not a positive integer (nothing is subscribed)
   */
  async subscribeOrderBook(
    symbol: UnifiedSymbol,
    onBook: (book: OrderBookSnapshot) => void,
    options?: SubscribeOrderBookOptions,
  ): Promise<Subscription> {
    // The client's `bookDepth` is checked the same way: 0 would hand over empty books that read as no liquidity.
    const fallback = bookSubscriptionDepth({ depth: this.client.options.bookDepth }, 50, EXTENDED_VENUE);
    const depth = bookSubscriptionDepth(options, fallback, EXTENDED_VENUE);
    return subscribeBook(this.client, symbol, await this.marketOf(symbol), onBook, { depth });
  }

  /**
   * Public prints of the market from `/publicTrades/{market}` (`side` is the taker's), oldest first within a frame.
   * ADL (`DELEVERAGE`) prints are left out: no taker crossed the book. Prints sent while the socket was down are not
   * replayed.
   */
  async subscribeTrades(symbol: UnifiedSymbol, onTrade: (trade: PublicTrade) => void): Promise<Subscription> {
    return subscribePublicTrades(this.client, symbol, await this.marketOf(symbol), onTrade);
  }

  /**
   * The private `/account` stream: the full state on connect (balance, positions, open orders), then updates:
   * order changes (including asynchronous rejections), fills, positions, balance. After a dropped connection is
   * re-established, `{ type: 'reconnected' }` comes first (events in between may be lost: reconcile by REST), then
   * the venue's full state again.
   */
  async subscribeAccount(onEvent: (event: AccountEvent) => void): Promise<Subscription> {
    return this.subscribeAccountUpdates((_type, _update, events) => {
      for (const e of events) onEvent(e);
    });
  }

  /** Same stream with the venue's own payloads alongside the unified events (type `RECONNECTED` after a drop). */
  async subscribeAccountUpdates(
    onUpdate: (type: string, update: ExtendedAccountUpdate, events: AccountEvent[]) => void,
  ): Promise<Subscription> {
    return subscribeAccountStream(this.client, (market) => this.symbolOf(market), onUpdate);
  }

  /** Closes every stream of the client. */
  async close(): Promise<void> {
    await this.client.close();
  }

  // ───────────────────────────── internals ─────────────────────────────

  /** `BTC` ↔ `BTC-USD` for the given market list (rebuilt only when the client loaded a new list). */
  private symbolMap(list: ExtendedMarket[]): SymbolMap {
    if (this.symbols?.list !== list) this.symbols = { list, map: buildSymbolMap(list) };
    return this.symbols.map;
  }

  private symbolOf(market: string): UnifiedSymbol {
    const m = this.client.cachedMarket(market);
    return m ? unifiedSymbolOf(m) : unifiedSymbolOf({ name: market, assetName: '' });
  }
}
