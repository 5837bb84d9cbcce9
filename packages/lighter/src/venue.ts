import {
  type AccountEvent,
  type Balance,
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
  type Subscription,
  toDecimal,
} from '@dn/core';
import { LighterClient, type LighterClientOptions } from './client.js';
import { newClientOrderId } from './client-order-index.js';
import { toBalance, toLeverage, toOrder, toPosition } from './mappers.js';
import { CANCEL_ALL_TIME_IN_FORCE, MARGIN_MODE, TX_ATTRIBUTE, TX_TYPE } from './signing/constants.js';
import type { L2TxAttributes } from './signing/tx-fields.js';
import type { LighterMarkets } from './symbols.js';
import { ClientIdMemory } from './venue/client-ids.js';
import { venueFundingHistory } from './venue/funding-history.js';
import { venueCandles, venueFills, venueFundingPayments } from './venue/history.js';
import { venueAllStats, venueFunding, venueOrderBook } from './venue/market-data.js';
import { venueOrder } from './venue/order-lookup.js';
import { cancelIndexOf, orderBody, withClientOrderId } from './venue/orders.js';
import {
  type LighterMarketStatsUpdate,
  type OrderBookSubscriptionOptions,
  subscribeVenueAccount,
  subscribeVenueMarketStats,
  subscribeVenueOrderBook,
  subscribeVenueTrades,
} from './venue/streams.js';
import type { LighterOrder } from './wire.js';

/**
 * Lighter as a `PerpVenue`: unified symbols ("ETH"), Decimal amounts and core types over a `LighterClient`
 * (`venue.client` for Lighter's own API).
 *
 * - Client order ids: the PerpVenue string id maps to Lighter's integer ClientOrderIndex with `clientOrderIndexOf`
 *   (numeric strings map to themselves, others are hashed). Generated ids are numeric strings.
 * - Market orders are Type 1 (market), IOC, with the worst acceptable price at best ± `marketSlippage`, rounded
 *   to the tick toward the best price (buy: down, sell: up) so the band is never exceeded.
 * - `close()` closes the client too, also one passed in.
 */
export class LighterVenue implements PerpVenue {
  readonly id = 'lighter';
  readonly client: LighterClient;
  private readonly ids = new ClientIdMemory();

  constructor(options: LighterClientOptions | LighterClient) {
    this.client = options instanceof LighterClient ? options : new LighterClient(options);
  }

  // ───────────── market data ─────────────

  async getMarkets(): Promise<Market[]> {
    return (await this.client.loadMarkets(true)).list().map((m) => ({ ...m }));
  }

  getOrderBook(symbol: string, depth = 20): Promise<OrderBookSnapshot> {
    return venueOrderBook(this.client, symbol, depth);
  }

  getFunding(symbol: string): Promise<FundingRate> {
    return venueFunding(this.client, symbol);
  }

  getAllStats(): Promise<MarketStats[]> {
    return venueAllStats(this.client);
  }

  // ───────────── account ─────────────

  async getBalance(): Promise<Balance> {
    return toBalance(await this.client.getDetailedAccount());
  }

  async getPositions(): Promise<Position[]> {
    const [a, markets] = await Promise.all([this.client.getDetailedAccount(), this.client.loadMarkets()]);
    const out: Position[] = [];
    for (const p of a.positions) {
      const m = markets.byMarketIndex(p.market_id);
      if (m && !p.position.isZero()) out.push(toPosition(p, m));
    }
    return out;
  }

  async getOpenOrders(symbol?: string): Promise<Order[]> {
    const markets = await this.client.loadMarkets();
    const marketId = symbol === undefined ? undefined : (await this.client.market(symbol)).marketIndex;
    const r = await this.client.getActiveOrders(marketId);
    return this.mapOrders(r.orders, markets);
  }

  /**
   * Open orders first, then inactive orders page by page back to the order's signing time (orders this process
   * signed) or up to 10 pages of 100 (see venue/order-lookup.ts). Null only when the venue certainly does not list it.
   * @throws TransportError when the bounded walk ends before it can tell.
   */
  getOrder(query: OrderQuery): Promise<Order | null> {
    return venueOrder(this.client, this.ids, query);
  }

  /**
   * The leverage the venue applies to `symbol`: 100 / the account position row's `initial_margin_fraction` (percent)
   * from `/account`. The venue keeps a row (size 0) once leverage was set, so this reads a change back; undefined
   * when the account has no row for the market or the row's fraction is not a plausible percent (see toLeverage).
   * `setLeverage(3)` reads back as 2.9994… (IMF 33.34 %): the venue's fraction has 1e-4 steps.
   */
  async getLeverage(symbol: string): Promise<Decimal | undefined> {
    const [m, a] = await Promise.all([this.client.market(symbol), this.client.getDetailedAccount()]);
    const row = a.positions.find((p) => p.market_id === m.marketIndex);
    return row ? toLeverage(row, m) : undefined;
  }

  private mapOrders(orders: LighterOrder[], markets: LighterMarkets): Order[] {
    const out: Order[] = [];
    for (const o of orders) {
      const m = markets.byMarketIndex(o.market_index);
      if (m) out.push(toOrder(o, m, (i) => this.ids.idOf(i)));
    }
    return out;
  }

  // ───────────── trading ─────────────

  async placeOrder(params: PlaceOrderParameters): Promise<PlaceOrderReturnType> {
    const clientOrderId = params.clientOrderId ?? newClientOrderId();
    const body = await orderBody(this.client, this.ids, params, clientOrderId);
    try {
      await this.client.sendTx(TX_TYPE.CREATE_ORDER, body, { clientOrderId });
    } catch (e) {
      throw withClientOrderId(e, clientOrderId);
    }
    return { clientOrderId, status: 'accepted' };
  }

  /** Places up to 15 orders in one `sendTxBatch` round-trip with consecutive nonces (all or nothing at the API). */
  async placeOrders(orders: readonly PlaceOrderParameters[]): Promise<PlaceOrderReturnType[]> {
    const ids = orders.map((o) => o.clientOrderId ?? newClientOrderId());
    const bodies = await Promise.all(orders.map((o, i) => orderBody(this.client, this.ids, o, ids[i] as string)));
    await this.client.sendTxBatch(bodies.map((body) => ({ txType: TX_TYPE.CREATE_ORDER, body })));
    return ids.map((clientOrderId) => ({ clientOrderId, status: 'accepted' as const }));
  }

  async cancelOrder(query: OrderQuery): Promise<void> {
    const m = await this.client.market(query.symbol);
    const index = cancelIndexOf(query);
    try {
      await this.client.sendTx(TX_TYPE.CANCEL_ORDER, {
        MarketIndex: m.marketIndex,
        Index: index,
        L2TxAttributes: null,
      });
    } catch (e) {
      throw query.clientOrderId !== undefined ? withClientOrderId(e, query.clientOrderId) : e;
    }
  }

  /** Immediate cancel-all (of one market through the CancelAllMarketIndex attribute). The count is not reported. */
  async cancelAllOrders(symbol?: string): Promise<number | undefined> {
    const attrs: L2TxAttributes | null =
      symbol === undefined
        ? null
        : { [String(TX_ATTRIBUTE.CANCEL_ALL_MARKET_INDEX)]: (await this.client.market(symbol)).marketIndex };
    await this.client.sendTx(TX_TYPE.CANCEL_ALL_ORDERS, {
      TimeInForce: CANCEL_ALL_TIME_IN_FORCE.IMMEDIATE,
      Time: 0,
      L2TxAttributes: attrs,
    });
    return undefined;
  }

  /**
   * Cross-margin leverage via UpdateLeverage: InitialMarginFraction = ceil(10000 / leverage), rounded up so the
   * effective leverage never exceeds the request (Python's `int()` rounds down, i.e. slightly more leverage).
   */
  async setLeverage(symbol: string, leverage: DecimalInput): Promise<void> {
    const m = await this.client.market(symbol);
    const lev = toDecimal(leverage, 'leverage');
    if (!lev.gte(1) || lev.gt(m.maxLeverage)) {
      throw new InvalidInputError(`leverage must be in [1, ${m.maxLeverage.toString()}] on ${symbol}`, {
        field: 'leverage',
        value: lev.toString(),
        venue: 'lighter',
      });
    }
    const imf = new Decimal(10_000).div(lev).toDecimalPlaces(0, Decimal.ROUND_UP).toNumber();
    await this.client.sendTx(TX_TYPE.UPDATE_LEVERAGE, {
      MarketIndex: m.marketIndex,
      InitialMarginFraction: Math.max(imf, m.minInitialMarginFraction),
      MarginMode: MARGIN_MODE.CROSS,
      L2TxAttributes: null,
    });
  }

  // ───────────── history ─────────────

  /**
   * The market's settled hourly funding rates in [since, until] from the public `/fundings`, oldest first, at most
   * `limit` (default 100): signed fractions per hour (+ = longs pay), `intervalHours` 1, times in ms. Read in windows
   * of 99 hours, at most 50 requests per call (see venue/funding-history.ts).
   */
  getFundingHistory(query: FundingHistoryQuery): Promise<FundingRecord[]> {
    return venueFundingHistory(this.client, query);
  }

  getCandles(query: CandleQuery): Promise<Candle[]> {
    return venueCandles(this.client, query);
  }

  /** Fills from `/trades`, followed page by page (≤ 10 pages of 100) to cover `limit` and `since`. */
  getFills(query: HistoryQuery = {}): Promise<Fill[]> {
    return venueFills(this.client, this.ids, query);
  }

  /** Funding payments from `/positionFunding`, followed page by page (≤ 10 pages of 100). */
  getFundingPayments(query: HistoryQuery = {}): Promise<FundingPayment[]> {
    return venueFundingPayments(this.client, query);
  }

  // ───────────── streams ─────────────

  /**
   * `order_book/{m}` kept as a book; each snapshot carries the top `options.depth` levels per side (default 20).
   * @throws InvalidInputError when `options.depth` is not a positive integer (nothing is subscribed)
   */
  subscribeOrderBook(
    symbol: string,
    onBook: (book: OrderBookSnapshot) => void,
    options: OrderBookSubscriptionOptions = {},
  ): Promise<Subscription> {
    return subscribeVenueOrderBook(this.client, symbol, onBook, options);
  }

  /**
   * Public prints of `symbol` from `trade/{m}` as they happen (no history replay; prints missed while disconnected
   * are not replayed), taker side from `is_maker_ask`. One subscription per symbol and client.
   */
  subscribeTrades(symbol: string, onTrade: (trade: PublicTrade) => void): Promise<Subscription> {
    return subscribeVenueTrades(this.client, symbol, onTrade);
  }

  /** `market_stats/{m}`: mark / index price and the current funding rate (percent per hour → fraction). */
  subscribeMarketStats(symbol: string, onStats: (stats: LighterMarketStatsUpdate) => void): Promise<Subscription> {
    return subscribeVenueMarketStats(this.client, symbol, onStats);
  }

  /**
   * Orders, fills, positions and balance from `account_all_orders`, `account_all_trades`, `account_all_positions`
   * and `user_stats` (see ws/account.ts). Fills missed while disconnected are not replayed: after every reconnect a
   * `reconnected` event (once the resubscribed channels are live) tells the caller to reconcile with `getFills` etc.
   */
  subscribeAccount(onEvent: (event: AccountEvent) => void): Promise<Subscription> {
    return subscribeVenueAccount(this.client, this.ids, onEvent);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
