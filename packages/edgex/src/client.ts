import { randomUUID } from 'node:crypto';
import {
  type AccountEvent,
  type Balance,
  type Candle,
  type CandleInterval,
  type CandleQuery,
  type Clock,
  Decimal,
  type DecimalInput,
  type DnError,
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
  type RateLimiter,
  RealClock,
  type Subscription,
  toDecimal,
  type UnifiedSymbol,
  VenueRejectedError,
  type WsReconnectOptions,
} from '@dn/core';
import { type EdgexApiVersion, type EdgexAuth, type EdgexAuthOptions, resolveAuth } from './auth.js';
import { EDGEX_ORDER_RULES } from './config.js';
import {
  toBalance,
  toBookSnapshot,
  toCandle,
  toFill,
  toFundingPayment,
  toFundingRate,
  toMarket,
  toOrder,
  toPositions,
  toStats,
} from './mappers.js';
import * as account from './rest/account.js';
import * as funding from './rest/funding.js';
import { EdgexHttp } from './rest/http.js';
import * as meta from './rest/meta.js';
import * as orders from './rest/order.js';
import * as quote from './rest/quote.js';
import { resolveV1Market, resolveV2Market } from './signing/market.js';
import type { EdgexOrderParams, OrderSide, TimeInForce as WireTimeInForce } from './signing/types.js';
import { signV1Order } from './signing/v1-order.js';
import { buildV2Order } from './signing/v2-order.js';
import { EdgexSymbols } from './symbols.js';
import type { EdgexFill, EdgexMetadata, EdgexOrder, EdgexPage, EdgexWsTradeEvent } from './wire.js';
import { fillSchema, orderSchema, positionTransactionSchema } from './wire.js';
import { EdgexAccountWs } from './ws/account.js';
import type { EdgexDepthChanges } from './ws/depth-book.js';
import { EdgexPublicWs } from './ws/public.js';

/** Mainnet hosts per API generation (edgex.md §0). */
export const EDGEX_HOSTS = {
  v2: { rest: 'https://edgex-prod-v2.edgex.exchange', ws: 'wss://edgex-quote-prod-v2.edgex.exchange' },
  v1: { rest: 'https://pro.edgex.exchange', ws: 'wss://quote.edgex.exchange' },
} as const;

const DEFAULT_SLIPPAGE = '0.005';
const MAX_PAGES = 50;

export interface EdgexClientOptions extends EdgexAuthOptions {
  /** `'v2'` (default: HMAC + EIP-712) or `'v1'` (legacy StarkEx, deprecated by edgeX). */
  apiVersion?: EdgexApiVersion;
  /** REST base URL; default the mainnet host of the API version. */
  baseUrl?: string;
  /** Quote WebSocket host; default the mainnet host of the API version. */
  wsUrl?: string;
  /** Source of time for request timestamps and order expiries (default real time). */
  clock?: Clock;
  /** Read the server time once before the first signed request and stamp requests with it (default true). */
  syncServerTime?: boolean;
  /** Market orders: band around the best price, as a fraction (default 0.005 = 0.5 %). */
  marketOrderSlippage?: DecimalInput;
  /** V2 only: send `l2Signature` with a `0x` prefix (default false, as the python SDK). */
  signatureWith0x?: boolean;
  timeoutMs?: number;
  retry?: HttpRetryOptions;
  rateLimiter?: RateLimiter;
  wsReconnect?: WsReconnectOptions;
  /** Errors of background streams (they reconnect on their own). */
  onStreamError?: (error: DnError<object>) => void;
  /** How depth CHANGED levels are read: `auto` (default), `absolute` or `delta` (see `EdgexDepthBook`). */
  depthChanges?: EdgexDepthChanges;
  /** A fresh depth snapshot at least this often, ms (default 60 000). */
  depthResnapshotMs?: number;
}

const CANDLE_TYPES: Record<CandleInterval, quote.EdgexKlineType> = {
  '1m': 'MINUTE_1',
  '5m': 'MINUTE_5',
  '15m': 'MINUTE_15',
  '30m': 'MINUTE_30',
  '1h': 'HOUR_1',
  '4h': 'HOUR_4',
  '1d': 'DAY_1',
};

/**
 * edgeX client: typed REST methods and the venue-neutral `PerpVenue`.
 *
 * @example
 * const edgex = new EdgexClient({ accountId, apiKey, passphrase, secret, tradingPrivateKey });
 * const funding = await edgex.getFunding('BTC'); // intervalHours from the contract's fundingRateIntervalMin
 * const { clientOrderId } = await edgex.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.01', price: '60000' });
 */
export class EdgexClient implements PerpVenue {
  readonly id = 'edgex';
  readonly apiVersion: EdgexApiVersion;
  readonly http: EdgexHttp;
  private readonly auth: EdgexAuth | undefined;
  private readonly clock: Clock;
  private readonly wsUrl: string;
  private readonly slippage: Decimal;
  private clockOffsetMs = 0;
  private timeSynced: Promise<void> | undefined;
  private symbolsPromise: Promise<EdgexSymbols> | undefined;
  private publicWs: EdgexPublicWs | undefined;
  private readonly accountStreams = new Set<EdgexAccountWs>();

  constructor(private readonly options: EdgexClientOptions = {}) {
    this.apiVersion = options.apiVersion ?? 'v2';
    this.auth = resolveAuth(options);
    this.clock = options.clock ?? new RealClock();
    this.wsUrl = options.wsUrl ?? EDGEX_HOSTS[this.apiVersion].ws;
    this.slippage = toDecimal(options.marketOrderSlippage ?? DEFAULT_SLIPPAGE, 'marketOrderSlippage');
    if (!this.slippage.gt(0) || !this.slippage.lt(1)) {
      throw new InvalidInputError('marketOrderSlippage must be in (0, 1)', {
        field: 'marketOrderSlippage',
        venue: 'edgex',
      });
    }
    this.http = new EdgexHttp({
      baseUrl: options.baseUrl ?? EDGEX_HOSTS[this.apiVersion].rest,
      apiVersion: this.apiVersion,
      ...(this.auth ? { auth: this.auth } : {}),
      now: () => this.now(),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
    });
  }

  /** Server-synced time in ms. */
  now(): number {
    return this.clock.now() + this.clockOffsetMs;
  }

  // ─────────────────────────────── typed REST ───────────────────────────────

  getServerTime(): Promise<number> {
    return meta.getServerTime(this.http);
  }

  /** Reads the server time and uses it for every timestamp from now on. */
  async syncServerTime(): Promise<void> {
    const before = this.clock.now();
    const server = await meta.getServerTime(this.http);
    const after = this.clock.now();
    this.clockOffsetMs = Math.round(server - (before + after) / 2);
  }

  getMetaData(): Promise<EdgexMetadata> {
    return meta.getMetaData(this.http);
  }

  /** Contracts by symbol, from `getMetaData` (cached; `refreshMetadata()` reloads). */
  symbols(): Promise<EdgexSymbols> {
    if (!this.symbolsPromise) {
      this.symbolsPromise = meta.getMetaData(this.http).then((m) => new EdgexSymbols(m));
      this.symbolsPromise.catch(() => {
        this.symbolsPromise = undefined;
      });
    }
    return this.symbolsPromise;
  }

  async refreshMetadata(): Promise<EdgexSymbols> {
    this.symbolsPromise = undefined;
    return this.symbols();
  }

  getTicker = (params: { contractId?: string } = {}) => quote.getTicker(this.http, params);
  getDepth = (params: { contractId: string; level: 15 | 200 }) => quote.getDepth(this.http, params);
  getKline = (params: quote.GetKlineParameters) => quote.getKline(this.http, params);
  getLatestFundingRate = (params: { contractId: string }) => funding.getLatestFundingRate(this.http, params);
  getFundingRatePage = (params: funding.GetFundingRatePageParameters) => funding.getFundingRatePage(this.http, params);
  getAccountAsset = () => this.priv(() => account.getAccountAsset(this.http));
  getAccountById = () => this.priv(() => account.getAccountById(this.http));
  getPositionTransactionPage = (params: account.GetPositionTransactionPageParameters = {}) =>
    this.priv(() => account.getPositionTransactionPage(this.http, params));
  updateLeverageSetting = (params: { contractId: string; leverage: string }) =>
    this.priv(() => account.updateLeverageSetting(this.http, params));
  getActiveOrderPage = (params: orders.GetOrderPageParameters = {}) =>
    this.priv(() => orders.getActiveOrderPage(this.http, params));
  getOrderById = (ids: readonly string[], history = false) =>
    this.priv(() => orders.getOrderById(this.http, ids, history));
  getOrderByClientOrderId = (ids: readonly string[], history = false) =>
    this.priv(() => orders.getOrderByClientOrderId(this.http, ids, history));
  getHistoryOrderFillTransactionPage = (params: orders.GetFillPageParameters = {}) =>
    this.priv(() => orders.getHistoryOrderFillTransactionPage(this.http, params));
  cancelOrderById = (ids: readonly string[]) => this.priv(() => orders.cancelOrderById(this.http, ids));
  cancelOrderByClientOrderId = (ids: readonly string[]) =>
    this.priv(() => orders.cancelOrderByClientOrderId(this.http, ids));
  cancelAllOrder = (params: { filterContractIdList?: readonly string[] } = {}) =>
    this.priv(() => orders.cancelAllOrder(this.http, params));

  /**
   * Signs (EIP-712 for V2, Stark for V1) and sends a createOrder in venue terms. Returns the venue order id.
   * MARKET BUY needs `oraclePrice` (signed worst price oracle × 10, as the SDKs do); prefer LIMIT + IOC.
   */
  async createOrder(order: Omit<EdgexOrderParams, 'accountId' | 'nowMs'>): Promise<string> {
    const auth = this.requireAuth();
    await this.ensureTimeSync();
    const symbols = await this.symbols();
    const params: EdgexOrderParams = { ...order, accountId: auth.accountId, nowMs: this.now() };
    const body =
      auth.version === 'v2'
        ? buildV2Order(
            params,
            resolveV2Market(symbols.metadata, order.contractId),
            auth.credentials.tradingPrivateKey,
            {
              signatureWith0x: this.options.signatureWith0x ?? false,
            },
          ).body
        : signV1Order(params, resolveV1Market(symbols.metadata, order.contractId), auth.credentials.starkPrivateKey)
            .body;
    return orders.createOrder(this.http, body);
  }

  // ─────────────────────────────── PerpVenue ───────────────────────────────

  async getMarkets(): Promise<Market[]> {
    const symbols = await this.symbols();
    return symbols.all().map((c) => toMarket(c, symbols));
  }

  async getOrderBook(symbol: UnifiedSymbol, depth = 15): Promise<OrderBookSnapshot> {
    const symbols = await this.symbols();
    const contractId = symbols.contractIdOf(symbol);
    const d = await quote.getDepth(this.http, { contractId, level: depth <= 15 ? 15 : 200 });
    return toBookSnapshot(d, symbols, this.now(), depth);
  }

  async getFunding(symbol: UnifiedSymbol): Promise<FundingRate> {
    const symbols = await this.symbols();
    const contract = symbols.contractOf(symbol);
    const fr = await funding.getLatestFundingRate(this.http, { contractId: contract.contractId });
    return toFundingRate(fr, symbols, contract.fundingRateIntervalMin, this.now());
  }

  /**
   * Every contract's stats; funding is the rate that settles next (`getLatestFundingRate`, all contracts in one
   * call), never the ticker's forecast. A contract without a funding record is left out rather than guessed.
   */
  async getAllStats(): Promise<MarketStats[]> {
    const symbols = await this.symbols();
    const [tickers, rates] = await Promise.all([quote.getTicker(this.http), funding.getLatestFundingRates(this.http)]);
    const byContract = new Map(rates.map((r) => [r.contractId, r]));
    const now = this.now();
    const out: MarketStats[] = [];
    for (const t of tickers) {
      const fr = byContract.get(t.contractId);
      if (fr && symbols.map.has(symbols.symbolOf(t.contractId))) out.push(toStats(t, fr, symbols, now));
    }
    return out;
  }

  async getBalance(): Promise<Balance> {
    const [symbols, asset] = await Promise.all([this.symbols(), this.getAccountAsset()]);
    return toBalance(asset, symbols);
  }

  async getPositions(): Promise<Position[]> {
    const [symbols, asset] = await Promise.all([this.symbols(), this.getAccountAsset()]);
    return toPositions(asset, symbols);
  }

  async getOpenOrders(symbol?: UnifiedSymbol): Promise<Order[]> {
    const symbols = await this.symbols();
    const filter = symbol === undefined ? undefined : [symbols.contractIdOf(symbol)];
    const list = await this.collect<EdgexOrder>(
      (offsetData) =>
        this.getActiveOrderPage({
          size: 200,
          ...(offsetData ? { offsetData } : {}),
          ...(filter ? { filterContractIdList: filter } : {}),
        }),
      Number.POSITIVE_INFINITY,
    );
    return list.map((o) => toOrder(o, symbols));
  }

  async getOrder(query: OrderQuery): Promise<Order | null> {
    const symbols = await this.symbols();
    const find = async (history: boolean): Promise<EdgexOrder | undefined> => {
      const list =
        query.orderId !== undefined
          ? await this.getOrderById([query.orderId], history)
          : await this.getOrderByClientOrderId([requireClientId(query)], history);
      return list[0];
    };
    const o = (await find(false)) ?? (await find(true));
    return o ? toOrder(o, symbols) : null;
  }

  /**
   * Places an order. Market orders go out as LIMIT + IMMEDIATE_OR_CANCEL at the best price ± the band, the limit
   * rounded to tick toward the best price (buy: down, sell: up) so it never exceeds the band. Limit prices off
   * the tick are rounded to the passive side (buy down, sell up); sizes are floored to the step. Minimums apply
   * except to reduce-only orders (`EDGEX_ORDER_RULES`, core `normalizeOrder`).
   * @throws InvalidInputError before sending; VenueRejectedError; UnknownOutcomeError (look up by clientOrderId).
   */
  async placeOrder(params: PlaceOrderParameters): Promise<PlaceOrderReturnType> {
    this.requireAuth();
    const symbols = await this.symbols();
    const contract = symbols.contractOf(params.symbol);
    if (params.side !== 'buy' && params.side !== 'sell') {
      throw new InvalidInputError('side must be buy or sell', { field: 'side', value: params.side, venue: 'edgex' });
    }
    const clientOrderId = params.clientOrderId ?? randomUUID();
    if (clientOrderId.length === 0 || clientOrderId.length > 64) {
      throw new InvalidInputError('clientOrderId must be 1–64 characters', { field: 'clientOrderId', venue: 'edgex' });
    }
    const needsBook = params.type === 'market' && params.price === undefined;
    const order = normalizeOrder(params, toMarket(contract, symbols), EDGEX_ORDER_RULES, {
      defaultSlippage: this.slippage,
      ...(needsBook ? { best: await this.bestPrice(contract.contractId, params.side) } : {}),
    });
    const { size, price } = order;
    const buy = order.side === 'buy';
    const timeInForce: WireTimeInForce =
      order.timeInForce === 'IOC'
        ? 'IMMEDIATE_OR_CANCEL'
        : order.timeInForce === 'POST_ONLY'
          ? 'POST_ONLY'
          : 'GOOD_TIL_CANCEL';
    const side: OrderSide = buy ? 'BUY' : 'SELL';
    const orderId = await this.createOrder({
      contractId: contract.contractId,
      side,
      type: 'LIMIT',
      price,
      size: size.toFixed(),
      timeInForce,
      reduceOnly: params.reduceOnly === true,
      clientOrderId,
      ...(params.expiresAt !== undefined && timeInForce !== 'IMMEDIATE_OR_CANCEL'
        ? { expireTime: params.expiresAt }
        : {}),
    });
    return { orderId, clientOrderId, status: 'accepted' };
  }

  async cancelOrder(query: OrderQuery): Promise<void> {
    const key = query.orderId ?? requireClientId(query);
    const res =
      query.orderId !== undefined
        ? await this.cancelOrderById([query.orderId])
        : await this.cancelOrderByClientOrderId([key]);
    const result = res.cancelResultMap?.[key];
    if (result !== undefined && !result.startsWith('SUCCESS')) {
      throw new VenueRejectedError(`edgeX did not cancel ${key}: ${result}`, {
        venue: 'edgex',
        venueCode: result,
        operation: 'cancelOrder',
        ...(query.clientOrderId !== undefined ? { clientOrderId: query.clientOrderId } : {}),
      });
    }
  }

  async cancelAllOrders(symbol?: UnifiedSymbol): Promise<number | undefined> {
    const filter = symbol === undefined ? {} : { filterContractIdList: [(await this.symbols()).contractIdOf(symbol)] };
    const res = await this.cancelAllOrder(filter);
    if (!res.cancelResultMap) return undefined;
    return Object.values(res.cancelResultMap).filter((r) => r.startsWith('SUCCESS')).length;
  }

  async setLeverage(symbol: UnifiedSymbol, leverage: DecimalInput): Promise<void> {
    const lev = toDecimal(leverage, 'leverage');
    if (!lev.gt(0))
      throw new InvalidInputError('leverage must be positive', {
        field: 'leverage',
        value: lev.toString(),
        venue: 'edgex',
      });
    const contractId = (await this.symbols()).contractIdOf(symbol);
    await this.updateLeverageSetting({ contractId, leverage: lev.toFixed() });
  }

  /** Candles of the last price, oldest first. */
  async getCandles(query: CandleQuery): Promise<Candle[]> {
    const symbols = await this.symbols();
    const contractId = symbols.contractIdOf(query.symbol);
    const klineType = CANDLE_TYPES[query.interval];
    if (!klineType)
      throw new InvalidInputError('unsupported candle interval', {
        field: 'interval',
        value: query.interval,
        venue: 'edgex',
      });
    const limit = query.limit ?? 1000;
    const list = await this.collect(
      (offsetData) =>
        quote.getKline(this.http, {
          contractId,
          klineType,
          size: Math.min(limit, 1000),
          ...(offsetData ? { offsetData } : {}),
          ...(query.since !== undefined ? { filterBeginKlineTimeInclusive: query.since } : {}),
          ...(query.until !== undefined ? { filterEndKlineTimeExclusive: query.until + 1 } : {}),
        }),
      limit,
    );
    return list.map(toCandle).sort((a, b) => a.time - b.time);
  }

  /** Fills, oldest first (the newest `limit` when given). */
  async getFills(query: HistoryQuery = {}): Promise<Fill[]> {
    const symbols = await this.symbols();
    const filter = query.symbol === undefined ? undefined : [symbols.contractIdOf(query.symbol)];
    const limit = query.limit ?? 500;
    const list = await this.collect<EdgexFill>(
      (offsetData) =>
        this.getHistoryOrderFillTransactionPage({
          size: Math.min(limit, 100),
          ...(offsetData ? { offsetData } : {}),
          ...(filter ? { filterContractIdList: filter } : {}),
          ...timeFilter(query),
        }),
      limit,
    );
    return list.map((f) => toFill(f, symbols)).sort((a, b) => a.timestamp - b.timestamp);
  }

  /** Funding payments (`SETTLE_FUNDING_FEE` position transactions), oldest first. */
  async getFundingPayments(query: HistoryQuery = {}): Promise<FundingPayment[]> {
    const symbols = await this.symbols();
    const filter = query.symbol === undefined ? undefined : [symbols.contractIdOf(query.symbol)];
    const limit = query.limit ?? 500;
    const list = await this.collect(
      (offsetData) =>
        this.getPositionTransactionPage({
          size: Math.min(limit, 100),
          filterTypeList: ['SETTLE_FUNDING_FEE'],
          ...(offsetData ? { offsetData } : {}),
          ...(filter ? { filterContractIdList: filter } : {}),
          ...timeFilter(query),
        }),
      limit,
    );
    return list.map((t) => toFundingPayment(t, symbols)).sort((a, b) => a.timestamp - b.timestamp);
  }

  async subscribeOrderBook(symbol: UnifiedSymbol, onBook: (book: OrderBookSnapshot) => void): Promise<Subscription> {
    const symbols = await this.symbols();
    return this.publicStream().subscribeDepth(symbols, symbols.contractIdOf(symbol), 15, onBook);
  }

  /** The public quote stream (depth, ticker, trades, funding) for venue-level subscriptions. */
  publicStream(): EdgexPublicWs {
    if (!this.publicWs) {
      this.publicWs = new EdgexPublicWs({
        wsUrl: this.wsUrl,
        ...(this.options.wsReconnect ? { reconnect: this.options.wsReconnect } : {}),
        ...(this.options.onStreamError ? { onError: this.options.onStreamError } : {}),
        ...(this.options.depthChanges !== undefined ? { depthChanges: this.options.depthChanges } : {}),
        ...(this.options.depthResnapshotMs !== undefined ? { depthResnapshotMs: this.options.depthResnapshotMs } : {}),
      });
    }
    return this.publicWs;
  }

  /**
   * Account events: orders, fills and funding from the private stream; positions and balance re-read from REST
   * when the stream says they changed (the stream's position records carry no mark price or PnL).
   */
  async subscribeAccount(onEvent: (event: AccountEvent) => void): Promise<Subscription> {
    const auth = this.requireAuth();
    await this.ensureTimeSync();
    const symbols = await this.symbols();
    let refresh: ReturnType<typeof setTimeout> | undefined;
    const changed = new Set<string>();
    let balanceChanged = false;
    let closed = false;
    const flush = async (): Promise<void> => {
      refresh = undefined;
      const contracts = [...changed];
      const withBalance = balanceChanged;
      changed.clear();
      balanceChanged = false;
      try {
        const asset = await account.getAccountAsset(this.http);
        if (closed) return;
        const positions = new Map(toPositions(asset, symbols).map((p) => [p.symbol, p]));
        for (const contractId of contracts) {
          const sym = symbols.symbolOf(contractId);
          onEvent({ type: 'position', position: positions.get(sym) ?? flatPosition(sym) });
        }
        if (withBalance || contracts.length > 0) onEvent({ type: 'balance', balance: toBalance(asset, symbols) });
      } catch (e) {
        this.options.onStreamError?.(e as DnError<object>);
      }
    };
    const schedule = (): void => {
      if (refresh === undefined && !closed) refresh = setTimeout(() => void flush(), 25);
    };
    const handle = (content: EdgexWsTradeEvent['content']): void => {
      const data = content.data;
      const snapshot = content.event.toLowerCase() === 'snapshot';
      for (const raw of data.order ?? []) {
        const o = orderSchema.safeParse(raw);
        if (o.success) onEvent({ type: 'order', order: toOrder(o.data, symbols) });
      }
      if (!snapshot) {
        for (const raw of data.orderFillTransaction ?? []) {
          const f = fillSchema.safeParse(raw);
          if (f.success) onEvent({ type: 'fill', fill: toFill(f.data, symbols) });
        }
        for (const raw of data.positionTransaction ?? []) {
          const t = positionTransactionSchema.safeParse(raw);
          if (t.success && t.data.type === 'SETTLE_FUNDING_FEE') {
            onEvent({ type: 'funding', payment: toFundingPayment(t.data, symbols) });
          }
        }
      }
      for (const raw of data.position ?? []) {
        const id = (raw as { contractId?: unknown } | null)?.contractId;
        if (typeof id === 'string') changed.add(id);
      }
      if ((data.collateral ?? []).length > 0 || (data.account ?? []).length > 0) balanceChanged = true;
      if (changed.size > 0 || balanceChanged) schedule();
    };
    const stream = new EdgexAccountWs(
      {
        wsUrl: this.wsUrl,
        auth,
        now: () => this.now(),
        ...(this.options.wsReconnect ? { reconnect: this.options.wsReconnect } : {}),
        ...(this.options.onStreamError ? { onError: this.options.onStreamError } : {}),
      },
      handle,
    );
    this.accountStreams.add(stream);
    await stream.start();
    return {
      unsubscribe: async () => {
        closed = true;
        if (refresh !== undefined) clearTimeout(refresh);
        this.accountStreams.delete(stream);
        await stream.close();
      },
    };
  }

  /** The private stream of the last `subscribeAccount` (for reconnect handling and tests). */
  accountStream(): EdgexAccountWs | undefined {
    return [...this.accountStreams].at(-1);
  }

  async close(): Promise<void> {
    const streams = [...this.accountStreams];
    this.accountStreams.clear();
    await Promise.all([...streams.map((s) => s.close()), this.publicWs?.close()]);
    this.publicWs = undefined;
  }

  // ─────────────────────────────── internals ───────────────────────────────

  private requireAuth(): EdgexAuth {
    if (!this.auth) {
      throw new InvalidInputError('This edgeX client has no credentials (accountId and API keys)', {
        field: 'accountId',
        venue: 'edgex',
      });
    }
    return this.auth;
  }

  private async priv<T>(fn: () => Promise<T>): Promise<T> {
    this.requireAuth();
    await this.ensureTimeSync();
    return fn();
  }

  private ensureTimeSync(): Promise<void> {
    if (this.options.syncServerTime === false) return Promise.resolve();
    if (!this.timeSynced) {
      this.timeSynced = this.syncServerTime();
      this.timeSynced.catch(() => {
        this.timeSynced = undefined;
      });
    }
    return this.timeSynced;
  }

  /** Best opposite price from the top 15 levels (a market order without a price is priced from it). */
  private async bestPrice(contractId: string, side: 'buy' | 'sell'): Promise<Decimal> {
    const symbols = await this.symbols();
    const book = toBookSnapshot(await quote.getDepth(this.http, { contractId, level: 15 }), symbols, this.now());
    const best = side === 'buy' ? book.asks[0]?.price : book.bids[0]?.price;
    if (!best) {
      throw new InvalidInputError('No liquidity on the side a market order would take; give an explicit price', {
        field: 'price',
        venue: 'edgex',
      });
    }
    return best;
  }

  private async collect<T>(
    page: (offsetData: string | undefined) => Promise<EdgexPage<T>>,
    limit: number,
  ): Promise<T[]> {
    const out: T[] = [];
    let offset: string | undefined;
    for (let i = 0; i < MAX_PAGES && out.length < limit; i++) {
      const p = await page(offset);
      out.push(...p.dataList);
      offset = p.nextPageOffsetData ?? undefined;
      if (!offset || p.dataList.length === 0) break;
    }
    return out.slice(0, limit);
  }
}

function requireClientId(query: OrderQuery): string {
  if (query.clientOrderId === undefined || query.clientOrderId === '') {
    throw new InvalidInputError('orderId or clientOrderId is required', { field: 'clientOrderId', venue: 'edgex' });
  }
  return query.clientOrderId;
}

function timeFilter(q: HistoryQuery): {
  filterStartCreatedTimeInclusive?: number;
  filterEndCreatedTimeExclusive?: number;
} {
  return {
    ...(q.since !== undefined ? { filterStartCreatedTimeInclusive: q.since } : {}),
    ...(q.until !== undefined ? { filterEndCreatedTimeExclusive: q.until + 1 } : {}),
  };
}

function flatPosition(symbol: UnifiedSymbol): Position {
  const zero = new Decimal(0);
  return {
    symbol,
    size: zero,
    entryPrice: zero,
    markPrice: zero,
    unrealizedPnl: zero,
    liquidationPrice: null,
    notional: zero,
  };
}
