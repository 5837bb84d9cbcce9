import {
  type AccountEvent,
  type Balance,
  bookSubscriptionDepth,
  type Candle,
  type CandleQuery,
  Decimal,
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
  TransportError,
  toDecimal,
  type UnifiedSymbol,
} from '@dn/core';
import { PacificaClient, type PacificaClientOptions } from './client.js';
import {
  isPlainOrderType,
  openOrderToOrder,
  toBalance,
  toBookSnapshot,
  toFundingRate,
  toMarket,
  toMarketStats,
  toPosition,
  toPublicTrade,
} from './mappers.js';
import { buildCancelAllOrders } from './payloads/orders.js';
import { pacificaSymbolMap, perpetualMarkets } from './symbols.js';
import { requireAccount } from './venue/account.js';
import { fetchFundingHistory } from './venue/funding-history.js';
import { fetchCandles, fetchFills, fetchFundingPayments } from './venue/history.js';
import { cancelAction, findOrder, orderAction } from './venue/orders.js';
import { subscribeAccountEvents } from './venue/streams.js';
import type { PacificaMarketInfo } from './wire/index.js';

/**
 * Pacifica as a venue-neutral `PerpVenue` (unified symbols, Decimal amounts, core order rules), over a
 * `PacificaClient` (`venue.client`) for everything in Pacifica's own terms.
 *
 * @example
 * const pacifica = new PacificaVenue({ account: MAIN_PUBKEY, secretKey: AGENT_SECRET, agentWallet: AGENT_PUBKEY });
 * const { clientOrderId } = await pacifica.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price: '60000', timeInForce: 'POST_ONLY' });
 */
export class PacificaVenue implements PerpVenue {
  readonly id = 'pacifica';
  readonly client: PacificaClient;
  private symbolMap: SymbolMap | undefined;
  private symbolMapOf: ReadonlyMap<string, PacificaMarketInfo> | undefined;

  constructor(options: PacificaClientOptions | PacificaClient = {}) {
    this.client = options instanceof PacificaClient ? options : new PacificaClient(options);
  }

  async getMarkets(): Promise<Market[]> {
    const [infos, fees] = await Promise.all([this.client.loadMarkets(true), this.client.getFeeRates()]);
    return perpetualMarkets([...infos.values()]).map((m) => toMarket(m, fees));
  }

  async getOrderBook(symbol: UnifiedSymbol, depth?: number): Promise<OrderBookSnapshot> {
    const venueSymbol = await this.toVenue(symbol);
    return toBookSnapshot(await this.client.rest.getBook({ symbol: venueSymbol }), depth);
  }

  async getFunding(symbol: UnifiedSymbol): Promise<FundingRate> {
    const venueSymbol = await this.toVenue(symbol);
    const p = (await this.client.rest.getPrices()).find((x) => x.symbol === venueSymbol);
    if (!p) throw new TransportError(`pacifica /info/prices has no entry for ${venueSymbol}`, { venue: 'pacifica' });
    return toFundingRate(p);
  }

  async getAllStats(): Promise<MarketStats[]> {
    const [markets, prices] = await Promise.all([this.client.loadMarkets(), this.client.rest.getPrices()]);
    return prices.filter((p) => markets.get(p.symbol)?.instrumentType === 'perpetual').map(toMarketStats);
  }

  async getBalance(): Promise<Balance> {
    return toBalance(await this.client.rest.getAccount({ account: requireAccount(this.client) }));
  }

  async getPositions(): Promise<Position[]> {
    const [positions, prices] = await Promise.all([
      this.client.rest.getPositions({ account: requireAccount(this.client) }),
      this.client.rest.getPrices(),
    ]);
    const marks = new Map(prices.map((p) => [p.symbol, p.mark]));
    return positions.map((p) => toPosition(p, marks.get(p.symbol)));
  }

  /** Plain limit and market orders; stop / TP / SL orders are in `client.rest.getOpenOrders()`. */
  async getOpenOrders(symbol?: UnifiedSymbol): Promise<Order[]> {
    const venueSymbol = symbol === undefined ? undefined : await this.toVenue(symbol);
    const orders = await this.client.rest.getOpenOrders({ account: requireAccount(this.client) });
    return orders
      .filter((o) => isPlainOrderType(o.orderType) && (venueSymbol === undefined || o.symbol === venueSymbol))
      .map(openOrderToOrder);
  }

  /**
   * Looks an order up in the open orders, then by id in its event history, or by client id in the
   * newest pages of the order history. Null when the venue does not know it.
   */
  async getOrder(query: OrderQuery): Promise<Order | null> {
    const venueSymbol = await this.toVenue(query.symbol);
    return findOrder(this.client, venueSymbol, query);
  }

  /**
   * Limit orders go out as `create_order` (GTT→GTC, IOC, POST_ONLY→ALO). Market orders go out as
   * `create_market_order` bounded by `slippage_percent` (the venue's own band), or, when `price`
   * gives an explicit worst price, as an IOC limit at that price rounded to the tick towards
   * safety (buy down, sell up). Sizes are floored to the lot. The minimum value applies except to reduce-only
   * orders (`PACIFICA_ORDER_RULES`, core `normalizeOrder`). Always carries a client order id.
   * @throws InvalidInputError before sending; VenueRejectedError; UnknownOutcomeError (then look the order up by `clientOrderId`).
   */
  async placeOrder(params: PlaceOrderParameters): Promise<PlaceOrderReturnType> {
    const market = await this.marketOf(params.symbol);
    const { action, clientOrderId } = orderAction(params, market, this.client.marketSlippage);
    const res = await this.client.trade(action, { clientOrderId });
    return { ...(res.orderId !== undefined ? { orderId: res.orderId } : {}), clientOrderId, status: 'accepted' };
  }

  async cancelOrder(query: OrderQuery): Promise<void> {
    const symbol = await this.toVenue(query.symbol);
    await this.client.trade(
      cancelAction(symbol, query),
      query.clientOrderId !== undefined ? { clientOrderId: query.clientOrderId } : {},
    );
  }

  async cancelAllOrders(symbol?: UnifiedSymbol): Promise<number | undefined> {
    const venueSymbol = symbol === undefined ? undefined : await this.toVenue(symbol);
    const res = await this.client.trade(buildCancelAllOrders(venueSymbol === undefined ? {} : { symbol: venueSymbol }));
    return res.cancelledCount;
  }

  /** Whole leverage only; with a position open the venue only lets it go up. */
  async setLeverage(symbol: UnifiedSymbol, leverage: DecimalInput): Promise<void> {
    const market = await this.marketOf(symbol);
    const lev = toDecimal(leverage, 'leverage');
    if (!lev.isInteger() || lev.lt(1) || lev.gt(market.maxLeverage)) {
      throw new InvalidInputError('leverage must be a whole number between 1 and the market maximum', {
        field: 'leverage',
        value: lev.toString(),
        expected: `1..${market.maxLeverage}`,
        venue: 'pacifica',
      });
    }
    await this.client.rest.updateLeverage({ symbol: market.symbol, leverage: lev.toNumber() });
  }

  /**
   * The account's leverage on `symbol` as the venue reports it: its margin setting, else the market's maximum
   * (`/account/settings` omits markets left at their defaults: cross margin, maximum leverage).
   */
  async getLeverage(symbol: UnifiedSymbol): Promise<Decimal> {
    const market = await this.marketOf(symbol);
    const settings = await this.client.rest.getAccountSettings();
    const own = settings.find((s) => s.symbol === market.symbol);
    return new Decimal(own ? own.leverage : market.maxLeverage);
  }

  /**
   * Candles oldest first: the `limit` (default 500) newest ones when `since` is absent, else the first
   * `limit` from `since`. The venue caps one answer at about 4,000 candles and answers an open range
   * with its cap, so every request carries `end_time` and spans at most `PACIFICA_KLINE_PAGE` candles.
   */
  async getCandles(query: CandleQuery): Promise<Candle[]> {
    return fetchCandles(this.client, await this.toVenue(query.symbol), query);
  }

  /**
   * The market's settled hourly rates in [since, until] (`/funding_rate/history`, public), oldest first, at most
   * `limit` (default 4,000, the venue's largest page): the oldest ones from `since`, else the newest ones. `rate` is
   * the hourly fraction (positive: longs pay), `intervalHours` 1, `time` the settlement hour. The venue has no time
   * filter, so every call walks back from the newest row to `since` (one request per 4,000 hours).
   */
  async getFundingHistory(query: FundingHistoryQuery): Promise<FundingRecord[]> {
    return fetchFundingHistory(this.client, await this.toVenue(query.symbol), query);
  }

  /** Fills oldest first (at most `limit`, default 100, newest kept). */
  async getFills(query: HistoryQuery = {}): Promise<Fill[]> {
    const account = requireAccount(this.client);
    const symbol = query.symbol === undefined ? undefined : await this.toVenue(query.symbol);
    return fetchFills(this.client, account, symbol, query);
  }

  /** Funding payments oldest first; the cash sign is derived from side and rate (see `toFundingPayment`). */
  async getFundingPayments(query: HistoryQuery = {}): Promise<FundingPayment[]> {
    const account = requireAccount(this.client);
    const symbol = query.symbol === undefined ? undefined : await this.toVenue(query.symbol);
    return fetchFundingPayments(this.client, account, symbol, query);
  }

  /**
   * Full book snapshots pushed by the venue (no deltas, no sequence numbers); survives reconnects. Each snapshot has
   * at most `options.depth` levels per side (every level the venue pushed when absent).
   * @throws InvalidInputError when `options.depth` is not a positive integer (nothing is subscribed)
   */
  async subscribeOrderBook(
    symbol: UnifiedSymbol,
    onBook: (book: OrderBookSnapshot) => void,
    options?: SubscribeOrderBookOptions,
  ): Promise<Subscription> {
    const depth = bookSubscriptionDepth(options, Number.POSITIVE_INFINITY, this.id);
    const venueSymbol = await this.toVenue(symbol);
    return this.client.subscribeBook(venueSymbol, (b) => onBook(toBookSnapshot(b, depth)));
  }

  /**
   * The `trades` stream: each print with the taker's side (`d` is the taker's position effect: `open_long` /
   * `close_short` bought). Prints during a reconnect are not replayed.
   */
  async subscribeTrades(symbol: UnifiedSymbol, onTrade: (trade: PublicTrade) => void): Promise<Subscription> {
    const venueSymbol = await this.toVenue(symbol);
    return this.client.subscribeTrades(venueSymbol, (trades) => {
      for (const t of trades) if (t.symbol === venueSymbol) onTrade(toPublicTrade(t));
    });
  }

  /**
   * Orders (`account_order_updates`), fills (`account_trades`), positions (`account_positions`,
   * marked with the `prices` stream; a market leaving the list is reported with size 0) and balance
   * (`account_info`). Funding payments have no stream: poll `getFundingPayments`. After a drop,
   * `{ type: 'reconnected' }` comes once every account stream is resubscribed and acked (never for the
   * first connection): positions come back as a snapshot; reconcile orders and fills by REST.
   */
  async subscribeAccount(onEvent: (event: AccountEvent) => void): Promise<Subscription> {
    return subscribeAccountEvents(this.client, requireAccount(this.client), onEvent);
  }

  /** Stops the client's WebSocket and its timers. */
  close(): Promise<void> {
    return this.client.close();
  }

  private async marketOf(symbol: UnifiedSymbol): Promise<PacificaMarketInfo> {
    const venueSymbol = await this.toVenue(symbol);
    return (await this.client.loadMarkets()).get(venueSymbol) as PacificaMarketInfo;
  }

  /** Unified → market id; an unknown symbol triggers one refresh of the market list before failing. */
  private async toVenue(symbol: UnifiedSymbol): Promise<string> {
    let markets = await this.client.loadMarkets();
    if (!this.symbolsOf(markets).has(symbol)) markets = await this.client.loadMarkets(true);
    return this.symbolsOf(markets).toVenue(symbol);
  }

  /** The symbol map of the client's current market list, rebuilt whenever the client reloads it. */
  private symbolsOf(markets: ReadonlyMap<string, PacificaMarketInfo>): SymbolMap {
    if (this.symbolMap === undefined || this.symbolMapOf !== markets) {
      this.symbolMap = pacificaSymbolMap([...markets.values()]);
      this.symbolMapOf = markets;
    }
    return this.symbolMap;
  }
}
