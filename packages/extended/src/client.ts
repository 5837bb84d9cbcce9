import { randomInt, randomUUID } from 'node:crypto';
import {
  type AccountEvent,
  type Balance,
  type Candle,
  type CandleInterval,
  type CandleQuery,
  type Clock,
  ConfigError,
  createTokenBucket,
  Decimal,
  type DecimalInput,
  type DnError,
  type Fill,
  type FundingPayment,
  type FundingRate,
  type HistoryQuery,
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
  SequenceGapError,
  type Subscription,
  type SymbolMap,
  TransportError,
  toDecimal,
  type UnifiedSymbol,
  VenueRejectedError,
  type WsReconnectOptions,
} from '@dn/core';
import { z } from 'zod';
import {
  DEFAULT_MARKET_SLIPPAGE,
  DEFAULT_ORDER_TTL_MS,
  DEFAULT_RATE_LIMIT,
  DEFAULT_USER_AGENT,
  EXTENDED_MAINNET,
  EXTENDED_ORDER_RULES,
  EXTENDED_TESTNET,
  EXTENDED_VENUE,
  MAX_MARKET_SLIPPAGE,
} from './config.js';
import {
  toBalance,
  toCandle,
  toFill,
  toFundingPayment,
  toFundingRate,
  toMarket,
  toMarketStats,
  toOrder,
  toPosition,
} from './convert.js';
import { collectFundingRates, collectPages } from './paging.js';
import { createExtendedHttp } from './rest/http.js';
import { bindRestApi, type ExtendedRestApi, restContext } from './rest/index.js';
import type { ExtendedCandleType } from './rest/markets.js';
import { buildOrder, createExtendedAccount } from './signing/build-order.js';
import type { StarknetDomain } from './signing/domain.js';
import type { BuildOrderParameters, BuildOrderReturnType, ExtendedMarketConfig } from './signing/order-types.js';
import { buildSymbolMap, isPerpetual, unifiedSymbolOf } from './symbols.js';
import type {
  ExtendedAccountUpdate,
  ExtendedCandle,
  ExtendedFees,
  ExtendedFundingRecord,
  ExtendedMarket,
  ExtendedPublicTrade,
} from './wire.js';
import { describeIssues, zCandle, zFundingRecord, zPublicTrade, zStreamPrice } from './wire.js';
import { decodeAccountMessage } from './ws/account.js';
import { ExtendedBookSync } from './ws/order-book.js';
import {
  type ExtendedStream,
  type ExtendedStreamEnvelope,
  type ExtendedStreamSettings,
  openStream,
} from './ws/stream.js';

export interface ExtendedClientOptions {
  /** API key (read + trading endpoints, private stream). Never logged. */
  apiKey?: string;
  /** Stark private key of the trading account (hex). Needed to place orders. Never logged. */
  starkPrivateKey?: string;
  /** Collateral position id (`l2Vault` of `GET /user/account/info`). Needed to place orders. */
  vault?: number | string | bigint;
  /** Default `mainnet`. Ignored for the hosts given explicitly. */
  network?: 'mainnet' | 'testnet';
  /** REST base including `/api/v1`. */
  baseUrl?: string;
  /** WebSocket v1 base (`…/stream.extended.exchange/v1`). */
  wsUrl?: string;
  /** SNIP-12 domain orders are signed under. Default: fetched once from `GET /info/starknet`. */
  domain?: StarknetDomain;
  /** Mandatory on Extended; default `dn-extended/<version>`. */
  userAgent?: string;
  /** Per-attempt REST deadline, ms (default 10 000). */
  timeoutMs?: number;
  /** Deadline of an order POST, ms (default `timeoutMs`). After it the outcome is unknown. */
  orderTimeoutMs?: number;
  /** Shared REST budget (the venue limits per IP). Default: 1,000 requests per rolling minute. */
  rateLimiter?: RateLimiter;
  /** Market-order band around the best price, as a fraction (default 0.0075, at most 0.05). */
  marketSlippage?: DecimalInput;
  /** Lifetime of orders placed without `expiresAt`, ms (default 1 h, as the official SDKs). */
  orderTtlMs?: number;
  /** Fee rate cap signed into orders. Default: max(maker, taker) of `GET /user/fees` for the market. */
  feeRate?: DecimalInput;
  /** Source of time for order expiries (the simulator's virtual clock). Transport timeouts stay real. */
  clock?: Clock;
  /** Levels per side handed to `subscribeOrderBook` listeners (default 50). */
  bookDepth?: number;
  /** Reconnect a book stream silent this long, ms (default 30 000; the venue pushes every 100 ms). */
  bookStaleAfterMs?: number;
  reconnect?: WsReconnectOptions;
  /** Stream problems that do not end a subscription (reconnects, gaps, error frames, unreadable rows, listener errors). */
  onStreamError?: (error: DnError<object>) => void;
  /** A REST row left out because it could not be read (a malformed market in `/info/markets`), the field named. */
  onIssue?: (issue: DnError<object>) => void;
  /** Largest REST answer read, bytes (default 16 MiB); a larger one fails the call. */
  maxResponseBytes?: number;
  /** Order nonce source; default a random integer in [1, 2^31 − 1] (the docs' bound). */
  nonce?: () => number;
}

interface MarketCache {
  at: number;
  list: ExtendedMarket[];
  byName: Map<string, ExtendedMarket>;
  symbols: SymbolMap;
}

const MARKETS_TTL_MS = 5 * 60_000;
const FEES_TTL_MS = 10 * 60_000;
/** Rates per `/info/{market}/funding` page; a year of hourly rates is 9 pages. */
const FUNDING_PAGE_SIZE = 1_000;

const CANDLE_INTERVALS: Record<Exclude<CandleInterval, '1d'>, { wire: string; ms: number }> = {
  '1m': { wire: 'PT1M', ms: 60_000 },
  '5m': { wire: 'PT5M', ms: 300_000 },
  '15m': { wire: 'PT15M', ms: 900_000 },
  '30m': { wire: 'PT30M', ms: 1_800_000 },
  '1h': { wire: 'PT1H', ms: 3_600_000 },
  '4h': { wire: 'PT4H', ms: 14_400_000 },
};
/** The daily interval's name is unverified (extended.md §7.2): tried in this order, the first accepted is kept. */
const DAILY_INTERVALS = ['PT24H', 'P1D'] as const;

/**
 * Extended (Starknet) connector: typed REST endpoints under `api`, Stark-signed orders, v1 WebSocket streams, and
 * the venue-neutral `PerpVenue` interface.
 *
 * @example
 * const ext = new ExtendedClient({ apiKey, starkPrivateKey, vault: 10002 });
 * const { clientOrderId } = await ext.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001' });
 */
export class ExtendedClient implements PerpVenue {
  readonly id = EXTENDED_VENUE;
  /** Every REST endpoint with the venue's own payloads (exact decimals, ids as strings). */
  readonly api: ExtendedRestApi;
  private readonly options: ExtendedClientOptions;
  private readonly streamSettings: ExtendedStreamSettings;
  private readonly streams = new Set<ExtendedStream>();
  private readonly account:
    | Readonly<{ vault: string | number | bigint; privateKey: string; publicKey: string }>
    | undefined;
  private readonly slippage: Decimal;
  private marketCache: MarketCache | undefined;
  private marketLoad: Promise<MarketCache> | undefined;
  private domainPromise: Promise<StarknetDomain> | undefined;
  private readonly networkDomain: Readonly<StarknetDomain>;
  private fees: { at: number; byMarket: Map<string, ExtendedFees> } | undefined;
  private dailyInterval: string | undefined;
  private closed = false;

  constructor(options: ExtendedClientOptions = {}) {
    this.options = options;
    const net = options.network === 'testnet' ? EXTENDED_TESTNET : EXTENDED_MAINNET;
    const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    const http = createExtendedHttp({
      baseUrl: options.baseUrl ?? net.baseUrl,
      userAgent,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      rateLimiter: options.rateLimiter ?? createTokenBucket({ ...DEFAULT_RATE_LIMIT, venue: EXTENDED_VENUE }),
      ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
    });
    this.api = bindRestApi(restContext(http, options.apiKey, options.onIssue));
    this.streamSettings = {
      wsUrl: options.wsUrl ?? net.wsUrl,
      userAgent,
      apiKey: options.apiKey,
      ...(options.reconnect ? { reconnect: options.reconnect } : {}),
      ...(options.onStreamError ? { onError: options.onStreamError } : {}),
    };
    this.networkDomain = net.domain;
    if (options.domain) this.domainPromise = Promise.resolve(options.domain);
    if ((options.starkPrivateKey === undefined) !== (options.vault === undefined)) {
      throw new ConfigError([
        { key: options.starkPrivateKey === undefined ? 'starkPrivateKey' : 'vault', problem: 'give both or neither' },
      ]);
    }
    if (options.starkPrivateKey !== undefined && options.vault !== undefined) {
      this.account = createExtendedAccount({ vault: options.vault, privateKey: options.starkPrivateKey });
    }
    this.slippage = checkSlippage(options.marketSlippage ?? DEFAULT_MARKET_SLIPPAGE);
  }

  /** Stark public key of the trading account (0x-hex), when keys were given. */
  get starkPublicKey(): string | undefined {
    return this.account?.publicKey;
  }

  // ───────────────────────────── markets ─────────────────────────────

  /** Markets as the venue describes them (trading and L2 config), cached 5 min; `force` refetches. */
  async loadMarkets(force = false): Promise<ExtendedMarket[]> {
    return (await this.markets(force)).list;
  }

  /** The venue market of a unified symbol (refetches the list once when the symbol is unknown). */
  async marketOf(symbol: UnifiedSymbol): Promise<ExtendedMarket> {
    let cache = await this.markets(false);
    if (!cache.symbols.has(symbol)) cache = await this.markets(true);
    const market = cache.byName.get(cache.symbols.toVenue(symbol));
    if (!market)
      throw new InvalidInputError(`Unknown symbol ${symbol} on extended`, { field: 'symbol', value: symbol });
    return market;
  }

  async getMarkets(): Promise<Market[]> {
    const cache = await this.markets(true);
    const fees = this.options.apiKey ? await this.feeTable(true) : undefined;
    return cache.list.filter(isPerpetual).map((m) => toMarket(unifiedSymbolOf(m), m, fees?.get(m.name)));
  }

  async getOrderBook(symbol: UnifiedSymbol, depth = 50): Promise<OrderBookSnapshot> {
    const m = await this.marketOf(symbol);
    const book = await this.api.getOrderBook(m.name);
    const levels = (l: { price: Decimal; qty: Decimal }[], desc: boolean) =>
      l
        .filter((x) => x.qty.gt(0))
        .sort((a, b) => (desc ? b.price.cmp(a.price) : a.price.cmp(b.price)))
        .slice(0, depth)
        .map((x) => ({ price: x.price, size: x.qty }));
    return { symbol, bids: levels(book.bid, true), asks: levels(book.ask, false), timestamp: this.now() };
  }

  async getFunding(symbol: UnifiedSymbol): Promise<FundingRate> {
    const m = await this.marketOf(symbol);
    return toFundingRate(symbol, await this.api.getMarketStats(m.name), this.now());
  }

  /**
   * Applied hourly funding rates in `[startTime, endTime]`, newest first, every page: `limit` is sent and the
   * `pagination.cursor` followed until the venue has no more (or the window is covered).
   */
  async getFundingHistory(
    symbol: UnifiedSymbol,
    startTime: number,
    endTime = this.now(),
  ): Promise<ExtendedFundingRecord[]> {
    const m = await this.marketOf(symbol);
    return collectFundingRates(
      (cursor) =>
        this.api.getFundingHistory({
          market: m.name,
          startTime,
          endTime,
          limit: FUNDING_PAGE_SIZE,
          ...(cursor !== undefined ? { cursor } : {}),
        }),
      startTime,
      endTime,
    );
  }

  /** One request: `/info/markets` carries every market's stats. */
  async getAllStats(): Promise<MarketStats[]> {
    const cache = await this.markets(true);
    const now = this.now();
    return cache.list
      .filter((m) => isPerpetual(m) && m.marketStats)
      .map((m) => toMarketStats(unifiedSymbolOf(m), m.marketStats!, now));
  }

  async getCandles(query: CandleQuery): Promise<Candle[]> {
    return (await this.getCandlesOf(query, 'trades')).map(toCandle);
  }

  /** Candles of `trades`, `mark-prices` or `index-prices`, oldest first (the venue sends newest first). */
  async getCandlesOf(query: CandleQuery, candleType: ExtendedCandleType): Promise<ExtendedCandle[]> {
    const m = await this.marketOf(query.symbol);
    const until = query.until ?? this.now();
    const intervalMs = query.interval === '1d' ? 86_400_000 : CANDLE_INTERVALS[query.interval]?.ms;
    if (intervalMs === undefined) {
      throw new InvalidInputError('Unsupported candle interval', { field: 'interval', value: query.interval });
    }
    const wanted = query.limit ?? (query.since !== undefined ? Math.ceil((until - query.since) / intervalMs) + 1 : 500);
    const limit = Math.max(1, Math.min(10_000, wanted));
    const fetch = (interval: string) =>
      this.api.getCandles({ market: m.name, candleType, interval, limit, endTime: until });
    let rows: ExtendedCandle[];
    if (query.interval !== '1d') {
      rows = await fetch(CANDLE_INTERVALS[query.interval].wire);
    } else {
      rows = await this.fetchDaily(fetch);
    }
    return rows
      .filter((c) => (query.since === undefined || c.T >= query.since) && c.T <= until)
      .sort((a, b) => a.T - b.T);
  }

  private async fetchDaily(fetch: (interval: string) => Promise<ExtendedCandle[]>): Promise<ExtendedCandle[]> {
    if (this.dailyInterval) return fetch(this.dailyInterval);
    let last: unknown;
    for (const interval of DAILY_INTERVALS) {
      try {
        const rows = await fetch(interval);
        this.dailyInterval = interval;
        return rows;
      } catch (e) {
        // 1005 NotSupportedInterval (or a plain 400): try the other spelling.
        if (!(e instanceof VenueRejectedError) || (e.context.venueCode !== 1005 && e.context.httpStatus !== 400))
          throw e;
        last = e;
      }
    }
    throw last;
  }

  // ───────────────────────────── account ─────────────────────────────

  async getBalance(): Promise<Balance> {
    return toBalance(await this.api.getBalance());
  }

  async getPositions(): Promise<Position[]> {
    const rows = await this.api.getPositions();
    return rows.map((p) => toPosition(this.symbolOf(p.market), p)).filter((p) => !p.size.isZero());
  }

  async getOpenOrders(symbol?: UnifiedSymbol): Promise<Order[]> {
    const markets = symbol ? [(await this.marketOf(symbol)).name] : undefined;
    const rows = await this.api.getOpenOrders(markets ? { markets } : {});
    return rows.map((o) => toOrder(this.symbolOf(o.market), o));
  }

  async getOrder(query: OrderQuery): Promise<Order | null> {
    if (query.orderId !== undefined) {
      const o = await this.api.getOrderById(query.orderId);
      return o ? toOrder(this.symbolOf(o.market), o) : null;
    }
    if (query.clientOrderId !== undefined) {
      const rows = await this.api.getOrdersByExternalId(query.clientOrderId);
      const newest = rows.sort((a, b) => b.createdTime - a.createdTime)[0];
      return newest ? toOrder(this.symbolOf(newest.market), newest) : null;
    }
    throw new InvalidInputError('getOrder needs orderId or clientOrderId', { field: 'orderId', venue: EXTENDED_VENUE });
  }

  async getFills(query: HistoryQuery = {}): Promise<Fill[]> {
    const markets = query.symbol ? [(await this.marketOf(query.symbol)).name] : undefined;
    const rows = await collectPages(
      (cursor, limit) => this.api.getTrades({ ...(markets ? { markets } : {}), cursor, limit }),
      (t) => t.createdTime,
      query,
    );
    return rows.map((t) => toFill(this.symbolOf(t.market), t));
  }

  async getFundingPayments(query: HistoryQuery = {}): Promise<FundingPayment[]> {
    const markets = query.symbol ? [(await this.marketOf(query.symbol)).name] : undefined;
    const rows = await collectPages(
      (cursor, limit) =>
        this.api.getFundingPayments({
          ...(markets ? { markets } : {}),
          startTime: query.since ?? 0,
          ...(query.until !== undefined ? { endTime: query.until } : {}),
          cursor,
          limit,
        }),
      (f) => f.paidTime,
      query,
    );
    return rows.map((f) => toFundingPayment(this.symbolOf(f.market), f));
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
    await this.api.setLeverage(m.name, lev);
  }

  /**
   * Arms the dead man's switch: every open order is cancelled unless this is called again within
   * `countdownSeconds`; 0 disarms. Call it periodically (e.g. every countdown / 3).
   */
  async setDeadManSwitch(countdownSeconds: number): Promise<void> {
    await this.api.setDeadManSwitch(countdownSeconds);
  }

  // ───────────────────────────── trading ─────────────────────────────

  /**
   * Signs an order with the client's Stark key under the venue's domain. `market` is a unified symbol; the rest is
   * {@link BuildOrderParameters}. The body can be sent with `api.placeOrder`.
   */
  async buildOrder(
    symbol: UnifiedSymbol,
    params: Omit<BuildOrderParameters, 'market' | 'account' | 'domain'>,
  ): Promise<BuildOrderReturnType> {
    const account = this.requireAccount();
    const market = await this.marketOf(symbol);
    return buildOrder({ ...params, market: orderMarketConfig(market), account, domain: await this.domain() });
  }

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
    const account = this.requireAccount();
    const market = await this.marketOf(params.symbol);
    if (params.side !== 'buy' && params.side !== 'sell') {
      throw new InvalidInputError('side must be buy or sell', {
        field: 'side',
        value: params.side,
        venue: EXTENDED_VENUE,
      });
    }
    const clientOrderId = params.clientOrderId ?? randomUUID();
    if (clientOrderId.length === 0) {
      throw new InvalidInputError('clientOrderId must not be empty', { field: 'clientOrderId', venue: EXTENDED_VENUE });
    }
    const band = params.slippage === undefined ? this.slippage : checkSlippage(params.slippage);
    const needsBook = params.type === 'market' && params.price === undefined;
    const order = normalizeOrder({ ...params, slippage: band }, toMarket(params.symbol, market), EXTENDED_ORDER_RULES, {
      defaultSlippage: this.slippage,
      ...(needsBook ? { best: await this.bestPrice(market, params.side) } : {}),
    });
    const isMarket = order.type === 'market';
    const tif = order.timeInForce;
    const { size, price } = order;
    const now = this.now();
    const expiry = params.expiresAt ?? now + (this.options.orderTtlMs ?? DEFAULT_ORDER_TTL_MS);
    if (!Number.isSafeInteger(expiry) || expiry <= now) {
      throw new InvalidInputError('expiresAt must be a future time in ms', {
        field: 'expiresAt',
        value: expiry,
        venue: EXTENDED_VENUE,
      });
    }
    const [domain, fee] = await Promise.all([this.domain(), this.feeRateFor(market.name)]);
    const { body } = buildOrder({
      market: orderMarketConfig(market),
      account,
      domain,
      side: params.side === 'buy' ? 'BUY' : 'SELL',
      type: isMarket ? 'MARKET' : 'LIMIT',
      qty: size,
      price,
      timeInForce: tif === 'IOC' ? 'IOC' : 'GTT',
      postOnly: tif === 'POST_ONLY',
      reduceOnly: params.reduceOnly === true,
      expiryEpochMillis: expiry,
      nonce: (this.options.nonce ?? defaultNonce)(),
      fee,
      externalId: clientOrderId,
    });
    try {
      const placed = await this.api.placeOrder(body, {
        ...(this.options.orderTimeoutMs !== undefined ? { timeoutMs: this.options.orderTimeoutMs } : {}),
      });
      return { orderId: placed.id, clientOrderId, status: 'accepted' };
    } catch (e) {
      throw withClientOrderId(e, clientOrderId);
    }
  }

  async cancelOrder(query: OrderQuery): Promise<void> {
    if (query.orderId !== undefined) return this.api.cancelOrder(query.orderId);
    if (query.clientOrderId !== undefined) return this.api.cancelOrderByExternalId(query.clientOrderId);
    throw new InvalidInputError('cancelOrder needs orderId or clientOrderId', {
      field: 'orderId',
      venue: EXTENDED_VENUE,
    });
  }

  /** Mass cancel is asynchronous on Extended: the count is not known, so this returns undefined. */
  async cancelAllOrders(symbol?: UnifiedSymbol): Promise<number | undefined> {
    if (symbol) await this.api.massCancel({ markets: [(await this.marketOf(symbol)).name] });
    else await this.api.massCancel({ cancelAll: true });
    return undefined;
  }

  // ───────────────────────────── streams ─────────────────────────────

  /**
   * Full-depth book of one market from `/orderbooks/{market}`: snapshot then deltas checked by `seq`; on a gap the
   * connection is dropped and re-opened, which brings a fresh snapshot. `onBook` gets the top `bookDepth` levels
   * after every applied message.
   */
  async subscribeOrderBook(symbol: UnifiedSymbol, onBook: (book: OrderBookSnapshot) => void): Promise<Subscription> {
    const m = await this.marketOf(symbol);
    const sync = new ExtendedBookSync({
      symbol,
      tickSize: m.tradingConfig.minPriceChange,
      lotSize: m.tradingConfig.minOrderSizeChange,
    });
    const depth = this.options.bookDepth ?? 50;
    let generation = -1;
    let stream: ExtendedStream | undefined;
    stream = await this.open({
      path: `/orderbooks/${encodeURIComponent(m.name)}`,
      staleAfterMs: this.options.bookStaleAfterMs ?? 30_000,
      onMessage: (msg, gen) => {
        if (gen !== generation) {
          // `seq` restarts on every connection: never chain a new connection's deltas onto the old book.
          generation = gen;
          sync.reset();
        }
        const r = sync.apply(msg);
        if (r === 'updated') this.deliver(() => onBook(sync.snapshot(depth)));
        else if (r === 'resync') {
          // Reported, not thrown: the stream heals itself by reconnecting (the venue re-sends a snapshot).
          this.options.onStreamError?.(new SequenceGapError({ symbol, reason: 'gap', mode: 'increment' }));
          stream?.transport.reconnect('sequence gap');
        }
      },
    });
    return this.subscription(stream);
  }

  /**
   * The private `/account` stream: the full state on connect (balance, positions, open orders), then updates:
   * order changes (including asynchronous rejections), fills, positions, balance.
   */
  async subscribeAccount(onEvent: (event: AccountEvent) => void): Promise<Subscription> {
    return this.subscribeAccountUpdates((_type, _update, events) => {
      for (const e of events) onEvent(e);
    });
  }

  /** Same stream with the venue's own payloads alongside the unified events. */
  async subscribeAccountUpdates(
    onUpdate: (type: string, update: ExtendedAccountUpdate, events: AccountEvent[]) => void,
  ): Promise<Subscription> {
    await this.markets(false);
    const stream = await this.open({
      path: '/account',
      auth: true,
      // Quiet accounts are normal; liveness comes from the ping/pong heartbeat.
      staleAfterMs: false,
      onMessage: (msg) => {
        const decoded = decodeAccountMessage(msg, (market) => this.symbolOf(market));
        if (decoded.problems.length > 0) {
          this.options.onStreamError?.(
            new TransportError(
              `Unreadable rows in an /account ${decoded.type || ''} message (the other rows were delivered)`,
              { venue: EXTENDED_VENUE },
              { details: decoded.problems.join(' | ').slice(0, 1_000) },
            ),
          );
        }
        if (decoded.events.length > 0 || decoded.problems.length === 0) {
          this.deliver(() => onUpdate(decoded.type, decoded.update, decoded.events));
        }
      },
    });
    return this.subscription(stream);
  }

  /** Public trades of a market (`/publicTrades/{market}`). */
  async subscribeTrades(
    symbol: UnifiedSymbol,
    onTrades: (trades: ExtendedPublicTrade[]) => void,
  ): Promise<Subscription> {
    const m = await this.marketOf(symbol);
    return this.topic(`/publicTrades/${encodeURIComponent(m.name)}`, z.array(zPublicTrade), onTrades, false);
  }

  /** Applied hourly funding rates (`/funding/{market}`). */
  async subscribeFundingRates(
    symbol: UnifiedSymbol,
    onRate: (record: ExtendedFundingRecord) => void,
  ): Promise<Subscription> {
    const m = await this.marketOf(symbol);
    return this.topic(`/funding/${encodeURIComponent(m.name)}`, zFundingRecord, onRate, false);
  }

  /** Mark or index price pushes (`/prices/mark|index/{market}`). */
  async subscribePrice(
    symbol: UnifiedSymbol,
    kind: 'mark' | 'index',
    onPrice: (price: { market: string; price: Decimal; timestamp: number }) => void,
  ): Promise<Subscription> {
    const m = await this.marketOf(symbol);
    return this.topic(
      `/prices/${kind}/${encodeURIComponent(m.name)}`,
      zStreamPrice,
      // Live frames carry `"ts": 0` inside `data`; the envelope's `ts` is the price's time.
      (d, env) => onPrice({ market: d.m, price: d.p, timestamp: priceTime(env.ts, d.ts) ?? this.now() }),
      60_000,
    );
  }

  /** Candle pushes (`/candles/{market}/{type}?interval=`), newest candle updated every 1–10 s. */
  async subscribeCandles(
    symbol: UnifiedSymbol,
    candleType: ExtendedCandleType,
    interval: string,
    onCandles: (candles: ExtendedCandle[]) => void,
  ): Promise<Subscription> {
    const m = await this.marketOf(symbol);
    return this.topic(
      `/candles/${encodeURIComponent(m.name)}/${candleType}?interval=${encodeURIComponent(interval)}`,
      z.array(zCandle),
      onCandles,
      60_000,
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.streams];
    this.streams.clear();
    await Promise.all(all.map((s) => s.close()));
  }

  // ───────────────────────────── internals ─────────────────────────────

  private now(): number {
    return this.options.clock?.now() ?? Date.now();
  }

  private requireAccount(): Readonly<{ vault: string | number | bigint; privateKey: string; publicKey: string }> {
    if (!this.account) {
      throw new ConfigError([
        { key: 'starkPrivateKey', problem: 'required to sign orders' },
        { key: 'vault', problem: 'required to sign orders (l2Vault of /user/account/info)' },
      ]);
    }
    return this.account;
  }

  private domain(): Promise<StarknetDomain> {
    if (!this.domainPromise) {
      // `/info/starknet` has no recorded answer (test/fixtures/real/README.md): on the venue's own hosts a failed fetch
      // falls back to the documented domain of that network, so orders never depend on that endpoint alone.
      const fallback = this.options.baseUrl === undefined ? this.networkDomain : undefined;
      const p = this.api.getStarknetDomain().catch((e: unknown) => {
        if (fallback) return { ...fallback };
        throw e;
      });
      this.domainPromise = p;
      // A failed fetch must not be cached forever.
      p.catch(() => {
        if (this.domainPromise === p) this.domainPromise = undefined;
      });
    }
    return this.domainPromise;
  }

  private async markets(force: boolean): Promise<MarketCache> {
    const cached = this.marketCache;
    if (!force && cached && Date.now() - cached.at < MARKETS_TTL_MS) return cached;
    if (!this.marketLoad) {
      this.marketLoad = this.api
        .getMarkets()
        .then((list) => {
          const cache: MarketCache = {
            at: Date.now(),
            list,
            byName: new Map(list.map((m) => [m.name, m])),
            symbols: buildSymbolMap(list),
          };
          this.marketCache = cache;
          return cache;
        })
        .finally(() => {
          this.marketLoad = undefined;
        });
    }
    return this.marketLoad;
  }

  private symbolOf(market: string): UnifiedSymbol {
    const cache = this.marketCache;
    const m = cache?.byName.get(market);
    return m ? unifiedSymbolOf(m) : unifiedSymbolOf({ name: market, assetName: '' });
  }

  private async feeTable(force: boolean): Promise<Map<string, ExtendedFees>> {
    if (!force && this.fees && Date.now() - this.fees.at < FEES_TTL_MS) return this.fees.byMarket;
    const rows = await this.api.getFees();
    const byMarket = new Map(rows.map((f) => [f.market, f]));
    this.fees = { at: Date.now(), byMarket };
    return byMarket;
  }

  /** The fee cap signed into an order: the account's max(maker, taker), as the official TS examples. */
  private async feeRateFor(market: string): Promise<Decimal> {
    if (this.options.feeRate !== undefined) return toDecimal(this.options.feeRate, 'feeRate');
    let f = (await this.feeTable(false)).get(market);
    if (!f) f = (await this.feeTable(true)).get(market);
    if (!f) {
      throw new InvalidInputError(`No fee rate for ${market} in /user/fees; pass feeRate`, {
        field: 'feeRate',
        venue: EXTENDED_VENUE,
      });
    }
    return Decimal.max(f.makerFeeRate, f.takerFeeRate, 0);
  }

  /** Best opposite price from the full book (levels with a zero size are ignored). */
  private async bestPrice(market: ExtendedMarket, side: 'buy' | 'sell'): Promise<Decimal> {
    const book = await this.api.getOrderBook(market.name);
    const levels = side === 'buy' ? book.ask : book.bid;
    const live = levels.filter((l) => l.qty.gt(0)).map((l) => l.price);
    if (live.length === 0) {
      throw new InvalidInputError(
        `No ${side === 'buy' ? 'ask' : 'bid'} in the ${market.name} book to price a market order`,
        {
          field: 'symbol',
          value: market.name,
          venue: EXTENDED_VENUE,
        },
      );
    }
    return side === 'buy' ? Decimal.min(...live) : Decimal.max(...live);
  }

  private async open(p: Parameters<typeof openStream>[1]): Promise<ExtendedStream> {
    if (this.closed) {
      throw new ConfigError([{ key: 'client', problem: 'closed; create a new ExtendedClient' }]);
    }
    const stream = await openStream(this.streamSettings, p);
    this.streams.add(stream);
    return stream;
  }

  private async topic<S extends z.ZodType>(
    path: string,
    schema: S,
    onData: (data: z.output<S>, envelope: ExtendedStreamEnvelope) => void,
    staleAfterMs: number | false,
  ): Promise<Subscription> {
    const stream = await this.open({
      path,
      staleAfterMs,
      onMessage: (msg) => {
        const r = schema.safeParse(msg.data);
        if (r.success) this.deliver(() => onData(r.data as z.output<S>, msg));
        else {
          this.options.onStreamError?.(
            new TransportError(`Unreadable ${path} message; dropped: ${describeIssues(r.error)}`, {
              venue: EXTENDED_VENUE,
            }),
          );
        }
      },
    });
    return this.subscription(stream);
  }

  private subscription(stream: ExtendedStream): Subscription {
    return {
      unsubscribe: async () => {
        this.streams.delete(stream);
        await stream.close();
      },
    };
  }

  private deliver(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.options.onStreamError?.(
        new InvalidInputError('A stream listener threw; the stream goes on', { venue: EXTENDED_VENUE }, String(e)),
      );
    }
  }
}

/** The envelope's time, else the payload's when it is a real time (live mark/index frames send `0` there). */
function priceTime(envelopeTs: number | undefined, dataTs: number | undefined): number | undefined {
  if (envelopeTs !== undefined && envelopeTs > 0) return envelopeTs;
  if (dataTs !== undefined && dataTs > 0) return dataTs;
  return undefined;
}

function defaultNonce(): number {
  return randomInt(1, 2 ** 31);
}

function checkSlippage(value: DecimalInput): Decimal {
  const band = toDecimal(value, 'slippage');
  if (!band.gt(0) || band.gt(MAX_MARKET_SLIPPAGE)) {
    throw new InvalidInputError(`slippage must be in (0, ${MAX_MARKET_SLIPPAGE}]`, {
      field: 'slippage',
      value: band.toFixed(),
      expected: 'fraction such as 0.0075 (the venue refuses market prices beyond mark ± 5 %)',
      venue: EXTENDED_VENUE,
    });
  }
  return band;
}

/** The signing layer's view of a market (l2Config without nulls). */
function orderMarketConfig(m: ExtendedMarket): ExtendedMarketConfig {
  return {
    name: m.name,
    tradingConfig: m.tradingConfig,
    l2Config: {
      collateralId: m.l2Config.collateralId,
      collateralResolution: m.l2Config.collateralResolution,
      syntheticId: m.l2Config.syntheticId,
      syntheticResolution: m.l2Config.syntheticResolution,
    },
  };
}

function withClientOrderId(e: unknown, clientOrderId: string): unknown {
  if (e instanceof VenueRejectedError && e.context.clientOrderId === undefined) {
    return new VenueRejectedError(e.shortMessage, { ...e.context, clientOrderId }, { cause: e });
  }
  return e;
}
