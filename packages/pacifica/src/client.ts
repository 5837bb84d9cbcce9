import {
  type AccountEvent,
  type Balance,
  type Candle,
  type CandleQuery,
  type Clock,
  candleIntervalMs,
  Decimal,
  type DecimalInput,
  type Fill,
  type FundingPayment,
  type FundingRate,
  type HistoryQuery,
  type HttpRetryOptions,
  InvalidInputError,
  type Market,
  type MarketStats,
  normalizeOrder,
  type Order,
  type OrderBookSnapshot,
  type OrderQuery,
  type PerpVenue,
  type PlaceOrderParameters,
  type PlaceOrderReturnType,
  type Position,
  type Subscription,
  SymbolMap,
  TransportError,
  toDecimal,
  type UnifiedSymbol,
} from '@dn/core';
import { z } from 'zod';
import { DEFAULT_MARKET_SLIPPAGE, PACIFICA_ORDER_RULES, PACIFICA_URLS, type PacificaNetwork } from './constants.js';
import {
  balanceFromWs,
  eventsToOrder,
  flatPosition,
  historyToOrder,
  isPlainOrderType,
  openOrderToOrder,
  toBalance,
  toBookSnapshot,
  toCandle,
  toFundingPayment,
  toFundingRate,
  toMarket,
  toMarketStats,
  toPosition,
  tradeToFill,
  wsOrderToOrder,
} from './domain.js';
import type { PacificaAction } from './payloads/action.js';
import { newClientOrderId } from './payloads/client-order-id.js';
import {
  buildCancelAllOrders,
  buildCancelOrder,
  buildLimitOrder,
  buildMarketOrder,
  type PacificaTif,
} from './payloads/orders.js';
import { type PacificaRateLimitOptions, pacificaRateLimit } from './rate-limit.js';
import { PacificaRestApi } from './rest/api.js';
import {
  createPacificaRestContext,
  type PacificaRestContext,
  parseData,
  requireSigner,
  UnsignedAction,
} from './rest/http.js';
import type { PacificaKlineInterval } from './rest/markets.js';
import { PacificaSigner } from './signer.js';
import type { PacificaKeypair } from './signing/keys.js';
import { PACIFICA_REST_PATHS, type PacificaOperationType } from './signing/operation-types.js';
import { perpetualMarkets } from './symbols.js';
import {
  bookSchema,
  cancelAllResultSchema,
  orderIdResultSchema,
  type PacificaBook,
  type PacificaMarketInfo,
  type PacificaPriceInfo,
  type PacificaWsPublicTrade,
  priceInfoSchema,
  wsAccountInfoSchema,
  wsAccountTradeSchema,
  wsOrderAckSchema,
  wsOrderUpdateSchema,
  wsPositionSchema,
  wsPublicTradeSchema,
} from './wire.js';
import { PacificaWs, type PacificaWsOptions } from './ws/connection.js';

export interface PacificaClientOptions {
  /** Default `mainnet`. Ignored for the URLs you set explicitly. */
  network?: PacificaNetwork;
  /** REST base including `/api/v1`, e.g. `https://api.pacifica.fi/api/v1`. */
  restUrl?: string;
  /** WS endpoint, e.g. `wss://ws.pacifica.fi/ws`. */
  wsUrl?: string;
  /** Base58 public key of the trading account. Needed for account reads and trading. */
  account?: string;
  /** Base58 secret of the account key, or of the agent wallet when `agentWallet` is set. */
  secretKey?: string | PacificaKeypair;
  /** Public key of a bound agent wallet that signs for `account`. */
  agentWallet?: string;
  /** API config key (`PF-API-KEY`): raises the rate limit, authorises nothing. */
  apiConfigKey?: string;
  /** Validity of a signed request after its timestamp, ms (default 5000). */
  expiryWindowMs?: number;
  /** Source of signed timestamps (default: system clock). Use the simulator's clock in paper mode. */
  clock?: Pick<Clock, 'now'>;
  /** HTTP timeout per attempt, ms (default 10 000). */
  timeoutMs?: number;
  retry?: HttpRetryOptions;
  /** Credit budget (default: the venue's); `false` disables local limiting. */
  rateLimit?: PacificaRateLimitOptions | false;
  ws?: Omit<PacificaWsOptions, 'url' | 'signer' | 'apiConfigKey'>;
  /**
   * How `placeOrder`, `cancelOrder` and `cancelAllOrders` travel (default `rest`). With `ws`, a
   * request that cannot be sent because the socket is down goes over REST instead; one that was
   * sent and got no answer is `UnknownOutcomeError`, never resent.
   */
  trading?: 'rest' | 'ws';
  /** Default band of market orders as a fraction (default 0.005 = 0.5 %), sent as `slippage_percent`. */
  marketSlippage?: DecimalInput;
}

/** What a trading action returned, whichever way it travelled. */
export interface PacificaTradeResult {
  orderId?: string;
  clientOrderId?: string;
  cancelledCount?: number;
  via: 'rest' | 'ws';
}

const NO_FEES = Object.freeze({ makerFee: new Decimal(0), takerFee: new Decimal(0) });

const TIF: Record<NonNullable<PlaceOrderParameters['timeInForce']>, PacificaTif> = {
  GTT: 'GTC',
  IOC: 'IOC',
  POST_ONLY: 'ALO',
};

/** Candles per `/kline` request: the venue caps near 4,000 and errors above ~3,960 (CCXT uses 3,950). */
export const KLINE_PAGE = 3_950;

/** Tier-0 rates as `/account` reports them in CCXT's capture (maker 0.015 %, taker 0.04 %). */
const BASE_TIER_FEES = { makerFee: toDecimal('0.00015', 'makerFee'), takerFee: toDecimal('0.0004', 'takerFee') };

/** Pages scanned when looking an order up by client id in the order history. */
const ORDER_LOOKUP_PAGES = 5;

/**
 * Pacifica client: typed REST (`client.rest`), WebSocket data and trading (`client.ws`), and the
 * venue-neutral `PerpVenue` interface bots use.
 *
 * @example
 * const pacifica = new PacificaClient({ account: MAIN_PUBKEY, secretKey: AGENT_SECRET, agentWallet: AGENT_PUBKEY });
 * const { clientOrderId } = await pacifica.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price: '60000', timeInForce: 'POST_ONLY' });
 */
export class PacificaClient implements PerpVenue {
  readonly id = 'pacifica';
  /** Typed REST methods in Pacifica's own terms. */
  readonly rest: PacificaRestApi;
  readonly signer: PacificaSigner | undefined;
  private readonly ctx: PacificaRestContext;
  private readonly options: PacificaClientOptions;
  private readonly wsUrl: string;
  private wsConn: PacificaWs | undefined;
  private readonly marketSlippage: Decimal;
  private marketCache: Map<string, PacificaMarketInfo> | undefined;
  private symbolMap: SymbolMap | undefined;
  private closed = false;

  constructor(options: PacificaClientOptions = {}) {
    this.options = options;
    const urls = PACIFICA_URLS[options.network ?? 'mainnet'];
    this.wsUrl = options.wsUrl ?? urls.ws;
    if (options.secretKey !== undefined) {
      if (options.account === undefined) {
        throw new InvalidInputError('account is required with secretKey', { field: 'account', venue: 'pacifica' });
      }
      this.signer = new PacificaSigner({
        account: options.account,
        secretKey: options.secretKey,
        ...(options.agentWallet !== undefined ? { agentWallet: options.agentWallet } : {}),
        ...(options.expiryWindowMs !== undefined ? { expiryWindowMs: options.expiryWindowMs } : {}),
        ...(options.clock !== undefined ? { clock: options.clock } : {}),
      });
    }
    this.ctx = createPacificaRestContext({
      baseUrl: options.restUrl ?? urls.rest,
      ...(this.signer ? { signer: this.signer } : {}),
      ...(options.apiConfigKey !== undefined ? { apiConfigKey: options.apiConfigKey } : {}),
      ...(options.rateLimit !== false
        ? { rateLimit: pacificaRateLimit(options.rateLimit ?? {}, options.apiConfigKey !== undefined) }
        : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
      ...(options.account !== undefined ? { account: options.account } : {}),
    });
    this.rest = new PacificaRestApi(this.ctx);
    this.marketSlippage = toDecimal(options.marketSlippage ?? DEFAULT_MARKET_SLIPPAGE, 'marketSlippage');
    checkSlippage(this.marketSlippage, 'marketSlippage');
  }

  /** The account this client reads and trades. */
  get account(): string | undefined {
    return this.options.account;
  }

  /** The WebSocket (created on first use; connects on first subscription or `connect()`). */
  get ws(): PacificaWs {
    if (this.closed) throw new TransportError('PacificaClient is closed', { venue: 'pacifica' });
    this.wsConn ??= new PacificaWs({
      ...this.options.ws,
      url: this.wsUrl,
      ...(this.signer ? { signer: this.signer } : {}),
      ...(this.options.apiConfigKey !== undefined ? { apiConfigKey: this.options.apiConfigKey } : {}),
    });
    return this.wsConn;
  }

  // ───────────── trading (REST or WS) ─────────────

  /**
   * Sends a trading action built with `buildMarketOrder`, `buildLimitOrder`, `buildEditOrder`,
   * `buildCancelOrder` or `buildCancelAllOrders`, over WS or REST (see `trading`).
   */
  async trade(
    action: PacificaAction<PacificaOperationType, object>,
    options: { via?: 'rest' | 'ws'; clientOrderId?: string } = {},
  ): Promise<PacificaTradeResult> {
    requireSigner(this.signer);
    const via = options.via ?? this.options.trading ?? 'rest';
    if (via === 'ws') {
      const ws = this.ws;
      if (!ws.isOpen) void ws.connect().catch(() => undefined);
      else {
        try {
          const data = await ws.trade(
            action,
            options.clientOrderId !== undefined ? { clientOrderId: options.clientOrderId } : {},
          );
          return { ...wsResult(action.type, data), via: 'ws' };
        } catch (e) {
          // Only "not sent" falls through to REST; a sent request's fate is the caller's to resolve.
          if (!(e instanceof TransportError)) throw e;
        }
      }
    }
    return { ...(await this.tradeRest(action, options.clientOrderId)), via: 'rest' };
  }

  private async tradeRest(
    action: PacificaAction<PacificaOperationType, object>,
    clientOrderId: string | undefined,
  ): Promise<Omit<PacificaTradeResult, 'via'>> {
    const path = (PACIFICA_REST_PATHS as Record<string, string>)[action.type];
    if (path === undefined) {
      throw new InvalidInputError('No REST path for this operation', {
        field: 'type',
        value: action.type,
        venue: 'pacifica',
      });
    }
    const isCancel = action.type === 'cancel_order' || action.type === 'cancel_all_orders';
    const body = await this.ctx.http.request({
      method: 'POST',
      path,
      body: new UnsignedAction(action),
      weight: isCancel ? this.ctx.weights.cancel : this.ctx.weights.standard,
      operation: action.type,
      ...(clientOrderId !== undefined ? { clientOrderId } : {}),
    });
    if (action.type === 'cancel_all_orders') {
      return { cancelledCount: parseData(body, cancelAllResultSchema, action.type).cancelledCount };
    }
    if (isCancel) return {};
    const parsed = orderIdResultSchema.safeParse((body as { data?: unknown } | undefined)?.data);
    return {
      ...(parsed.success ? { orderId: parsed.data.orderId } : {}),
      ...(clientOrderId !== undefined ? { clientOrderId } : {}),
    };
  }

  // ───────────── PerpVenue ─────────────

  async getMarkets(): Promise<Market[]> {
    const [infos, fees] = await Promise.all([this.loadMarkets(true), this.feeRates()]);
    return perpetualMarkets([...infos.values()]).map((m) => toMarket(m, fees));
  }

  async getOrderBook(symbol: UnifiedSymbol, depth?: number): Promise<OrderBookSnapshot> {
    const venueSymbol = await this.toVenue(symbol);
    return toBookSnapshot(await this.rest.getBook({ symbol: venueSymbol }), depth);
  }

  async getFunding(symbol: UnifiedSymbol): Promise<FundingRate> {
    const venueSymbol = await this.toVenue(symbol);
    const p = (await this.rest.getPrices()).find((x) => x.symbol === venueSymbol);
    if (!p) throw new TransportError(`pacifica /info/prices has no entry for ${venueSymbol}`, { venue: 'pacifica' });
    return toFundingRate(p);
  }

  async getAllStats(): Promise<MarketStats[]> {
    const [markets, prices] = await Promise.all([this.loadMarkets(), this.rest.getPrices()]);
    return prices.filter((p) => markets.get(p.symbol)?.instrumentType === 'perpetual').map(toMarketStats);
  }

  async getBalance(): Promise<Balance> {
    return toBalance(await this.rest.getAccount({ account: this.requireAccount() }));
  }

  async getPositions(): Promise<Position[]> {
    const [positions, prices] = await Promise.all([
      this.rest.getPositions({ account: this.requireAccount() }),
      this.rest.getPrices(),
    ]);
    const marks = new Map(prices.map((p) => [p.symbol, p.mark]));
    return positions.map((p) => toPosition(p, marks.get(p.symbol)));
  }

  /** Plain limit and market orders; stop / TP / SL orders are in `rest.getOpenOrders()`. */
  async getOpenOrders(symbol?: UnifiedSymbol): Promise<Order[]> {
    const venueSymbol = symbol === undefined ? undefined : await this.toVenue(symbol);
    const orders = await this.rest.getOpenOrders({ account: this.requireAccount() });
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
    if ((query.orderId === undefined) === (query.clientOrderId === undefined)) {
      throw new InvalidInputError('Give exactly one of orderId and clientOrderId', {
        field: 'orderId',
        venue: 'pacifica',
      });
    }
    const account = this.requireAccount();
    const matches = (o: { orderId: string; clientOrderId: string | null; symbol: string }): boolean =>
      o.symbol === venueSymbol &&
      (query.orderId !== undefined ? o.orderId === query.orderId : o.clientOrderId === query.clientOrderId);
    const open = (await this.rest.getOpenOrders({ account })).find(matches);
    if (open) return openOrderToOrder(open);
    if (query.orderId !== undefined) {
      if (!/^\d+$/.test(query.orderId)) return null;
      const order = eventsToOrder(await this.rest.getOrderHistoryById({ orderId: query.orderId }));
      return order && order.symbol === venueSymbol ? order : null;
    }
    let cursor: string | undefined;
    for (let page = 0; page < ORDER_LOOKUP_PAGES; page++) {
      const res = await this.rest.getOrderHistory({ account, limit: 100, ...(cursor ? { cursor } : {}) });
      const hit = res.items.find(matches);
      if (hit) return historyToOrder(hit);
      if (!res.hasMore) break;
      cursor = res.nextCursor;
    }
    return null;
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
    if (params.expiresAt !== undefined) {
      throw new InvalidInputError('Pacifica orders cannot expire at a given time', {
        field: 'expiresAt',
        value: params.expiresAt,
        expected: 'no expiresAt (GTC until cancelled)',
        venue: 'pacifica',
      });
    }
    const clientOrderId = params.clientOrderId ?? newClientOrderId();
    const band = params.slippage === undefined ? this.marketSlippage : toDecimal(params.slippage, 'slippage');
    if (params.type === 'market' && params.price === undefined) checkSlippage(band, 'slippage');
    // Fees play no part in the order rules; the venue prices a market order without a worst price itself.
    const order = normalizeOrder(params, toMarket(market, NO_FEES), PACIFICA_ORDER_RULES, {
      defaultSlippage: this.marketSlippage,
      venuePricesMarketOrders: true,
    });
    const side = order.side === 'buy' ? 'bid' : 'ask';
    const { size, reduceOnly } = order;
    let action: PacificaAction<PacificaOperationType, object>;
    if (order.price !== undefined) {
      action = buildLimitOrder({
        symbol: market.symbol,
        side,
        price: order.price,
        amount: size,
        tif: TIF[order.timeInForce],
        reduceOnly,
        clientOrderId,
      });
    } else {
      action = buildMarketOrder({
        symbol: market.symbol,
        side,
        amount: size,
        slippagePercent: band.mul(100),
        reduceOnly,
        clientOrderId,
      });
    }
    const res = await this.trade(action, { clientOrderId });
    return { ...(res.orderId !== undefined ? { orderId: res.orderId } : {}), clientOrderId, status: 'accepted' };
  }

  async cancelOrder(query: OrderQuery): Promise<void> {
    const symbol = await this.toVenue(query.symbol);
    const action = buildCancelOrder({
      symbol,
      ...(query.orderId !== undefined ? { orderId: parseOrderId(query.orderId) } : {}),
      ...(query.clientOrderId !== undefined ? { clientOrderId: query.clientOrderId } : {}),
    });
    await this.trade(action, query.clientOrderId !== undefined ? { clientOrderId: query.clientOrderId } : {});
  }

  async cancelAllOrders(symbol?: UnifiedSymbol): Promise<number | undefined> {
    const venueSymbol = symbol === undefined ? undefined : await this.toVenue(symbol);
    const res = await this.trade(buildCancelAllOrders(venueSymbol === undefined ? {} : { symbol: venueSymbol }));
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
    await this.rest.updateLeverage({ symbol: market.symbol, leverage: lev.toNumber() });
  }

  /**
   * Candles oldest first: the `limit` (default 500) newest ones when `since` is absent, else the first
   * `limit` from `since`. The venue caps one answer at about 4,000 candles and answers an open range
   * with its cap, so every request carries `end_time` and spans at most `KLINE_PAGE` candles.
   */
  async getCandles(query: CandleQuery): Promise<Candle[]> {
    const symbol = await this.toVenue(query.symbol);
    const ms = candleIntervalMs(query.interval, 'pacifica');
    const limit = query.limit ?? 500;
    const now = this.options.clock?.now() ?? Date.now();
    const end = query.until ?? (query.since !== undefined ? Math.min(now, query.since + limit * ms - 1) : now);
    const start = query.since ?? end - limit * ms + 1;
    const byTime = new Map<number, Candle>();
    for (let from = start; from <= end; from += KLINE_PAGE * ms) {
      const to = Math.min(end, from + KLINE_PAGE * ms - 1);
      const klines = await this.rest.getKlines({
        symbol,
        interval: query.interval as PacificaKlineInterval,
        startTime: from,
        endTime: to,
      });
      for (const k of klines) byTime.set(k.openTime, toCandle(k));
      if (query.since !== undefined && byTime.size >= limit) break;
    }
    const candles = [...byTime.values()].sort((a, b) => a.time - b.time);
    return query.since === undefined ? candles.slice(-limit) : candles.slice(0, limit);
  }

  /** Fills oldest first (at most `limit`, default 100, newest kept). */
  async getFills(query: HistoryQuery = {}): Promise<Fill[]> {
    const account = this.requireAccount();
    const symbol = query.symbol === undefined ? undefined : await this.toVenue(query.symbol);
    const limit = query.limit ?? 100;
    const out: Fill[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.rest.getTradeHistory({
        account,
        limit: Math.min(limit, 1000),
        ...(symbol !== undefined ? { symbol } : {}),
        ...(query.since !== undefined ? { startTime: query.since } : {}),
        ...(query.until !== undefined ? { endTime: query.until } : {}),
        ...(cursor ? { cursor } : {}),
      });
      for (const t of page.items) {
        if (query.since !== undefined && t.createdAt < query.since) continue;
        if (query.until !== undefined && t.createdAt > query.until) continue;
        if (symbol !== undefined && t.symbol !== symbol) continue;
        out.push(tradeToFill(t));
      }
      cursor = page.hasMore ? page.nextCursor : undefined;
    } while (cursor !== undefined && out.length < limit);
    return out.sort((a, b) => a.timestamp - b.timestamp).slice(-limit);
  }

  /** Funding payments oldest first; the cash sign is derived from side and rate (see `toFundingPayment`). */
  async getFundingPayments(query: HistoryQuery = {}): Promise<FundingPayment[]> {
    const account = this.requireAccount();
    const symbol = query.symbol === undefined ? undefined : await this.toVenue(query.symbol);
    const limit = query.limit ?? 100;
    const out: FundingPayment[] = [];
    let cursor: string | undefined;
    let older = false;
    do {
      const page = await this.rest.getFundingHistory({ account, limit: 100, ...(cursor ? { cursor } : {}) });
      for (const f of page.items) {
        if (query.since !== undefined && f.createdAt < query.since) {
          older = true;
          continue;
        }
        if (query.until !== undefined && f.createdAt > query.until) continue;
        if (symbol !== undefined && f.symbol !== symbol) continue;
        out.push(toFundingPayment(f));
      }
      cursor = page.hasMore ? page.nextCursor : undefined;
    } while (cursor !== undefined && out.length < limit && !older);
    return out.sort((a, b) => a.timestamp - b.timestamp).slice(-limit);
  }

  /** Full book snapshots pushed by the venue (no deltas, no sequence numbers); survives reconnects. */
  async subscribeOrderBook(symbol: UnifiedSymbol, onBook: (book: OrderBookSnapshot) => void): Promise<Subscription> {
    const venueSymbol = await this.toVenue(symbol);
    return this.subscribeBook(venueSymbol, (b) => onBook(toBookSnapshot(b)));
  }

  /**
   * Orders (`account_order_updates`), fills (`account_trades`), positions (`account_positions`,
   * marked with the `prices` stream; a market leaving the list is reported with size 0) and balance
   * (`account_info`). Funding payments have no stream: poll `getFundingPayments`. After a
   * reconnect, positions come back as a snapshot; reconcile open orders with `getOpenOrders`.
   */
  async subscribeAccount(onEvent: (event: AccountEvent) => void): Promise<Subscription> {
    const account = this.requireAccount();
    const ws = this.ws;
    const marks = new Map<string, Decimal>();
    let held = new Set<string>();
    const subs = await Promise.all([
      ws.subscribe({ source: 'prices' }, (data) => {
        for (const p of this.parseStream(z.array(priceInfoSchema), data, 'prices') ?? []) marks.set(p.symbol, p.mark);
      }),
      ws.subscribe({ source: 'account_order_updates', account }, (data) => {
        for (const o of this.parseStream(z.array(wsOrderUpdateSchema), data, 'account_order_updates') ?? []) {
          onEvent({ type: 'order', order: wsOrderToOrder(o) });
        }
      }),
      ws.subscribe({ source: 'account_trades', account }, (data) => {
        for (const t of this.parseStream(z.array(wsAccountTradeSchema), data, 'account_trades') ?? []) {
          onEvent({ type: 'fill', fill: tradeToFill(t) });
        }
      }),
      ws.subscribe({ source: 'account_positions', account }, (data) => {
        const list = this.parseStream(z.array(wsPositionSchema), data, 'account_positions');
        if (!list) return;
        const now = new Set<string>();
        for (const p of list) {
          now.add(p.symbol);
          onEvent({ type: 'position', position: toPosition(p, marks.get(p.symbol)) });
        }
        for (const s of held) if (!now.has(s)) onEvent({ type: 'position', position: flatPosition(s, marks.get(s)) });
        held = now;
      }),
      ws.subscribe({ source: 'account_info', account }, (data) => {
        const info = this.parseStream(wsAccountInfoSchema, data, 'account_info');
        if (info) onEvent({ type: 'balance', balance: balanceFromWs(info) });
      }),
    ]);
    return { unsubscribe: async () => void (await Promise.all(subs.map((s) => s.unsubscribe()))) };
  }

  /** Stops the WebSocket and its timers. */
  async close(): Promise<void> {
    this.closed = true;
    await this.wsConn?.close();
  }

  // ───────────── typed streams ─────────────

  /** `prices`: funding, mark, oracle, volume of every market, pushed periodically. */
  subscribePrices(onPrices: (prices: PacificaPriceInfo[]) => void): Promise<Subscription> {
    return this.ws.subscribe({ source: 'prices' }, (data) => {
      const list = this.parseStream(z.array(priceInfoSchema), data, 'prices');
      if (list) onPrices(list);
    });
  }

  /** `book`: a full snapshot on every push. */
  subscribeBook(symbol: string, onBook: (book: PacificaBook) => void, aggLevel = 1): Promise<Subscription> {
    return this.ws.subscribe({ source: 'book', symbol, agg_level: aggLevel }, (data) => {
      const book = this.parseStream(bookSchema, data, 'book');
      if (book) onBook(book);
    });
  }

  /** `trades`: public prints of a market. */
  subscribeTrades(symbol: string, onTrades: (trades: PacificaWsPublicTrade[]) => void): Promise<Subscription> {
    return this.ws.subscribe({ source: 'trades', symbol }, (data) => {
      const list = this.parseStream(z.array(wsPublicTradeSchema), data, 'trades');
      if (list) onTrades(list);
    });
  }

  // ───────────── helpers ─────────────

  private parseStream<S extends z.ZodType>(schema: S, data: unknown, channel: string): z.output<S> | undefined {
    const r = schema.safeParse(data);
    if (r.success) return r.data;
    this.wsConn?.reportError(
      new TransportError(
        `pacifica ${channel} frame has an unexpected shape; dropped`,
        { venue: 'pacifica' },
        { cause: r.error },
      ),
    );
    return undefined;
  }

  private requireAccount(): string {
    const a = this.options.account;
    if (a === undefined) {
      throw new InvalidInputError('This call needs an account: pass account in the client options', {
        field: 'account',
        venue: 'pacifica',
      });
    }
    return a;
  }

  /**
   * The account's own rates from `/account` (CCXT reads them there); else the tier of `/info/fees`
   * (seen only in pacifica-mcp, no docs page); else the base tier, so a missing fee table never stops
   * markets from loading.
   */
  private async feeRates(): Promise<{ makerFee: Decimal; takerFee: Decimal }> {
    let level = 0;
    if (this.options.account !== undefined) {
      const acct = await this.rest.getAccount({ account: this.options.account });
      if (acct.makerFee !== undefined && acct.takerFee !== undefined)
        return { makerFee: acct.makerFee, takerFee: acct.takerFee };
      level = acct.feeLevel;
    }
    let levels: Awaited<ReturnType<PacificaRestApi['getFeeLevels']>> = [];
    try {
      levels = await this.rest.getFeeLevels();
    } catch {
      // Undocumented endpoint: its absence must not stop market loading.
    }
    const f = levels.find((l) => l.level === level) ?? levels[0];
    return f ? { makerFee: f.makerFee, takerFee: f.takerFee } : BASE_TIER_FEES;
  }

  private async loadMarkets(refresh = false): Promise<Map<string, PacificaMarketInfo>> {
    if (!this.marketCache || refresh) {
      const infos = await this.rest.getMarketInfo();
      this.marketCache = new Map(infos.map((m) => [m.symbol, m]));
      this.symbolMap = new SymbolMap(
        'pacifica',
        perpetualMarkets(infos).map((m) => [m.symbol, m.symbol] as const),
      );
    }
    return this.marketCache;
  }

  private async marketOf(symbol: UnifiedSymbol): Promise<PacificaMarketInfo> {
    const venueSymbol = await this.toVenue(symbol);
    return (this.marketCache as Map<string, PacificaMarketInfo>).get(venueSymbol) as PacificaMarketInfo;
  }

  /** Unified → market id; an unknown symbol triggers one refresh of the market list before failing. */
  private async toVenue(symbol: UnifiedSymbol): Promise<string> {
    await this.loadMarkets();
    if (!this.symbolMap?.has(symbol)) await this.loadMarkets(true);
    return (this.symbolMap as SymbolMap).toVenue(symbol);
  }
}

function checkSlippage(band: Decimal, field: string): void {
  if (!band.gt(0) || !band.lt(1)) {
    throw new InvalidInputError(`${field} must be a fraction in (0, 1)`, {
      field,
      value: band.toString(),
      expected: 'e.g. "0.005" for 0.5 %',
      venue: 'pacifica',
    });
  }
}

function parseOrderId(id: string): bigint {
  if (!/^\d+$/.test(id)) {
    throw new InvalidInputError('orderId must be the venue order id (digits)', {
      field: 'orderId',
      value: id,
      venue: 'pacifica',
    });
  }
  return BigInt(id);
}

function wsResult(type: string, data: unknown): Omit<PacificaTradeResult, 'via'> {
  if (type === 'cancel_all_orders') {
    const r = cancelAllResultSchema.safeParse(data);
    return r.success ? { cancelledCount: r.data.cancelledCount } : {};
  }
  const ack = wsOrderAckSchema.safeParse(data);
  if (!ack.success) return {};
  return {
    ...(ack.data.orderId !== null ? { orderId: ack.data.orderId } : {}),
    ...(ack.data.clientOrderId !== null ? { clientOrderId: ack.data.clientOrderId } : {}),
  };
}
