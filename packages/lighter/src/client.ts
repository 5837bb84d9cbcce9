import {
  type AccountEvent,
  type Candle,
  type CandleQuery,
  type Clock,
  candleIntervalMs,
  createHttpTransport,
  Decimal,
  type DecimalInput,
  type Fill,
  type FundingPayment,
  type FundingRate,
  type HistoryQuery,
  type HttpRetryOptions,
  type HttpTransport,
  InvalidInputError,
  type Market,
  type MarketStats,
  NonceManager,
  normalizeOrder,
  type Order,
  type OrderBookSnapshot,
  type OrderQuery,
  type PerpVenue,
  type PlaceOrderParameters,
  type PlaceOrderReturnType,
  type Position,
  type RateLimiter,
  type Subscription,
  TransportError,
  toDecimal,
  VenueRejectedError,
} from '@dn/core';
import { clientOrderIndexOf, newClientOrderId } from './client-order-index.js';
import { LIGHTER_ORDER_RULES } from './config.js';
import { mapLighterError } from './errors.js';
import { aprOfHourly, hourlyRateFromRest, hourlyRateFromWs, nextHourMs } from './funding-units.js';
import { balanceFromWire, fillFromWire, fundingPaymentFromWire, orderFromWire, positionFromWire } from './mappers.js';
import { acquireNonceManager, LighterNonceManager } from './nonce.js';
import { getAccount, getApiKeys, getNextNonce } from './rest/account.js';
import { type CandlesParameters, getCandles } from './rest/candles.js';
import type { LighterRestContext } from './rest/context.js';
import {
  type FundingHistoryParameters,
  getFundingRates,
  getFundings,
  getPositionFunding,
  type PositionFundingParameters,
} from './rest/funding.js';
import { getOrderBookDetails, getOrderBookOrders, getOrderBooks } from './rest/markets.js';
import { getActiveOrders, getInactiveOrders, getTrades } from './rest/orders.js';
import { MAX_BATCH_TXS, sendTx, sendTxBatch } from './rest/tx.js';
import { toScaledInt } from './scale.js';
import { createAuthToken } from './signing/auth-token.js';
import {
  CANCEL_ALL_TIME_IN_FORCE,
  LIGHTER_CHAIN_ID,
  MARGIN_MODE,
  ORDER_TYPE,
  TIME_IN_FORCE,
  TX_ATTRIBUTE,
  TX_TYPE,
} from './signing/constants.js';
import { lighterPublicKey, parsePrivateKey } from './signing/keys.js';
import type { L2TxAttributes, SupportedTxType, TxFieldsByType } from './signing/tx-fields.js';
import { signTx } from './signing/tx-info.js';
import { LIGHTER_FUNDING_INTERVAL_HOURS, type LighterMarketInfo, LighterMarkets, marketFromDetail } from './symbols.js';
import * as wire from './wire.js';
import { type LighterStreamLogger, subscribeAccountChannels } from './ws/account.js';
import { OrderBookStream } from './ws/order-book.js';
import { LighterStream } from './ws/stream.js';

export const LIGHTER_MAINNET_URL = 'https://mainnet.zklighter.elliot.ai';
export const LIGHTER_TESTNET_URL = 'https://testnet.zklighter.elliot.ai';

export interface LighterClientOptions {
  /** Lighter account index (master < 2^47, sub-accounts ≥ 2^47). Strings are accepted as config files hold them. */
  accountIndex: number | bigint | string;
  /** API key index, 3 … 254 (0 … 2 are Lighter's own apps). */
  apiKeyIndex: number | string;
  /** 40-byte API private key hex (optional 0x). Never logged. */
  privateKey: string;
  /** Default mainnet `https://mainnet.zklighter.elliot.ai`. */
  baseUrl?: string;
  /** Default `baseUrl` with ws(s) and `/stream`. */
  wsUrl?: string;
  /** Signed into every tx hash. Default 300 when `baseUrl` is the testnet host, else 304 (mainnet). */
  chainId?: number;
  /**
   * `sequential` (default): the venue's per-key nonce, one tx in flight per key (see LighterNonceManager).
   * `skip`: the skip-nonce attribute (4 = 1) with millisecond-timestamp nonces, so sends need not wait on each other.
   */
  nonceMode?: 'sequential' | 'skip';
  /** Market-order band around the best price, as a fraction (default 0.005 = 0.5 %). */
  marketOrderSlippage?: DecimalInput;
  /** Lifetime of minted auth tokens, seconds (default 3600; the venue accepts ≤ 8 h). */
  authTokenLifetimeSeconds?: number;
  /**
   * How long a signed tx stays valid, ms of `clock` time (default just under 10 min, the venue's maximum). A
   * simulator running N× faster than real time needs N× longer for the same wall-clock allowance.
   */
  txTtlMs?: number;
  /** Time source for tx expiries and auth deadlines (default wall clock). */
  clock?: Pick<Clock, 'now'>;
  timeoutMs?: number;
  retry?: HttpRetryOptions;
  /** Shared budget; endpoints pass their Lighter weight (LIGHTER_WEIGHT). */
  rateLimiter?: RateLimiter;
  /** A transport to use instead of creating one (tests, custom proxies). Such a client does not share its nonce allocator. */
  http?: HttpTransport;
  /** Where unreadable stream frames are logged with their channel (default: console.warn). */
  logger?: LighterStreamLogger;
  /** Also called with every unreadable account-stream frame. */
  onStreamError?: (e: Error) => void;
}

export interface LighterSendResult {
  txHash: string;
  nonce: bigint;
}

/** A tx must reach the sequencer within this (lighter-go default: now + 10 min − 1 s). */
const TX_TTL_MS = 10 * 60_000 - 1_000;
/** GTT orders without `expiresAt` live 28 days (the SDKs' `-1` default). */
const DEFAULT_ORDER_TTL_MS = 28 * 24 * 3_600_000;
const MAX_REMEMBERED_CLIENT_IDS = 10_000;

/**
 * Lighter connector: typed REST methods, `/stream` subscriptions and the venue-neutral `PerpVenue`.
 *
 * - Every tx is signed locally (pure-TS Poseidon2 / ECgFp5 Schnorr) and sent through one nonce allocator per
 *   (account, API key).
 * - Client order ids: the PerpVenue string id maps to Lighter's integer ClientOrderIndex with `clientOrderIndexOf`
 *   (numeric strings map to themselves, others are hashed). Generated ids are numeric strings.
 * - Market orders are Type 1 (market), IOC, with the worst acceptable price at best ± `marketOrderSlippage`, rounded
 *   to the tick toward the best price (buy: down, sell: up) so the band is never exceeded.
 */
export class LighterClient implements PerpVenue {
  readonly id = 'lighter';
  readonly accountIndex: bigint;
  readonly apiKeyIndex: number;
  readonly chainId: number;
  readonly http: HttpTransport;
  private readonly rest: LighterRestContext;
  private readonly privateKey: string;
  private readonly wsUrl: string;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly txTtlMs: number;
  private readonly slippage: Decimal;
  private readonly authLifetime: number;
  private readonly nonceMode: 'sequential' | 'skip';
  private readonly nonceLease: { manager: LighterNonceManager; release: () => void };
  private readonly skipNonces = new NonceManager();
  private readonly clientIds = new Map<bigint, string>();
  private cachedAuth: { token: string; deadline: number } | undefined;
  private markets: LighterMarkets | undefined;
  private marketsLoading: Promise<LighterMarkets> | undefined;
  private stream: LighterStream | undefined;
  private closed = false;
  private readonly logger: LighterStreamLogger;
  private readonly onStreamError: ((e: Error) => void) | undefined;

  constructor(options: LighterClientOptions) {
    this.accountIndex = parseIndex(options.accountIndex, 'accountIndex');
    const apiKey = Number(options.apiKeyIndex);
    if (!Number.isInteger(apiKey) || apiKey < 0 || apiKey > 254) {
      throw new InvalidInputError('apiKeyIndex must be an integer 0 … 254', {
        field: 'apiKeyIndex',
        value: String(options.apiKeyIndex),
        venue: 'lighter',
      });
    }
    this.apiKeyIndex = apiKey;
    parsePrivateKey(options.privateKey); // fail fast on a malformed key (the error never contains it)
    this.privateKey = options.privateKey;
    const baseUrl = (options.baseUrl ?? LIGHTER_MAINNET_URL).replace(/\/+$/, '');
    this.chainId =
      options.chainId ?? (baseUrl === LIGHTER_TESTNET_URL ? LIGHTER_CHAIN_ID.TESTNET : LIGHTER_CHAIN_ID.MAINNET);
    this.wsUrl = options.wsUrl ?? `${baseUrl.replace(/^http/, 'ws')}/stream`;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.slippage = toDecimal(options.marketOrderSlippage ?? '0.005', 'marketOrderSlippage');
    if (!this.slippage.gt(0) || !this.slippage.lt(1)) {
      throw new InvalidInputError('marketOrderSlippage must be in (0, 1)', {
        field: 'marketOrderSlippage',
        value: this.slippage.toString(),
        venue: 'lighter',
      });
    }
    this.authLifetime = options.authTokenLifetimeSeconds ?? 3600;
    this.txTtlMs = options.txTtlMs ?? TX_TTL_MS;
    this.nonceMode = options.nonceMode ?? 'sequential';
    this.logger = options.logger ?? { warn: (details, message) => console.warn(message, details) };
    this.onStreamError = options.onStreamError;
    this.http =
      options.http ??
      createHttpTransport({
        baseUrl,
        venue: 'lighter',
        numbers: 'string-all',
        mapError: mapLighterError,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
        ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
      });
    this.rest = { http: this.http, authToken: () => this.authToken() };
    const fetchNext = () => getNextNonce(this.rest, this.accountIndex, this.apiKeyIndex);
    // An injected transport may point anywhere: such a client keeps its own allocator.
    this.nonceLease = options.http
      ? { manager: new LighterNonceManager(fetchNext), release: () => {} }
      : acquireNonceManager(`${baseUrl}|${this.accountIndex}|${this.apiKeyIndex}`, fetchNext);
  }

  /** The API public key of `privateKey` (compare with `getApiKeys()` to check the key is registered). */
  get publicKey(): string {
    return lighterPublicKey(this.privateKey);
  }

  /** The nonce allocator of this (account, API key), shared with other clients of the same key in this process. */
  get nonces(): LighterNonceManager {
    return this.nonceLease.manager;
  }

  // ───────────── typed REST ─────────────

  getOrderBooks() {
    return getOrderBooks(this.rest);
  }
  getOrderBookDetails(marketId?: number) {
    return getOrderBookDetails(this.rest, marketId === undefined ? {} : { marketId });
  }
  getOrderBookOrders(marketId: number, limit = 100) {
    return getOrderBookOrders(this.rest, { marketId, limit });
  }
  getFundingRates() {
    return getFundingRates(this.rest);
  }
  getFundingHistory(params: FundingHistoryParameters) {
    return getFundings(this.rest, params);
  }
  getPositionFunding(params: Omit<PositionFundingParameters, 'accountIndex'>) {
    return getPositionFunding(this.rest, { ...params, accountIndex: this.accountIndex });
  }
  getCandlesRaw(params: CandlesParameters) {
    return getCandles(this.rest, params);
  }
  getAccount(accountIndex: bigint = this.accountIndex) {
    return getAccount(this.rest, accountIndex);
  }
  getApiKeys(apiKeyIndex = 255) {
    return getApiKeys(this.rest, this.accountIndex, apiKeyIndex);
  }
  getNextNonce() {
    return getNextNonce(this.rest, this.accountIndex, this.apiKeyIndex);
  }
  getActiveOrders(marketId?: number) {
    return getActiveOrders(this.rest, {
      accountIndex: this.accountIndex,
      ...(marketId !== undefined ? { marketId } : {}),
    });
  }
  getInactiveOrders(params: { limit: number; marketId?: number; cursor?: string }) {
    return getInactiveOrders(this.rest, { ...params, accountIndex: this.accountIndex });
  }
  getTrades(params: { limit: number; marketId?: number; cursor?: string }) {
    return getTrades(this.rest, { ...params, accountIndex: this.accountIndex });
  }

  /** A cached auth token for private reads and WS channels, re-minted 5 minutes before its deadline. */
  authToken(): string {
    const now = Math.floor(this.clock.now() / 1000);
    if (!this.cachedAuth || this.cachedAuth.deadline - now < 300) {
      const deadline = now + this.authLifetime;
      const token = createAuthToken(
        { deadline, accountIndex: this.accountIndex, apiKeyIndex: this.apiKeyIndex },
        this.privateKey,
      );
      this.cachedAuth = { token, deadline };
    }
    return this.cachedAuth.token;
  }

  /**
   * Signs and sends one tx with the next nonce (and re-signs once with a fresh nonce after "invalid nonce").
   * `build` gets the nonce and returns the tx fields without Nonce / ExpiredAt / AccountIndex / ApiKeyIndex.
   */
  async sendTx<T extends SupportedTxType>(
    txType: T,
    body: Omit<TxFieldsByType[T], 'Nonce' | 'ExpiredAt' | 'AccountIndex' | 'ApiKeyIndex'>,
    options: { clientOrderId?: string } = {},
  ): Promise<LighterSendResult> {
    this.assertOpen();
    if (this.nonceMode === 'skip') {
      const nonce = this.skipNonces.next('tx');
      const txInfo = this.sign(txType, body, nonce);
      const r = await sendTx(this.rest, { txType, txInfo, ...options });
      return { txHash: r.tx_hash, nonce };
    }
    return this.nonces.run(1, async ([nonce]) => {
      const n = nonce as bigint;
      const txInfo = this.sign(txType, body, n);
      const r = await sendTx(this.rest, { txType, txInfo, ...options });
      return { txHash: r.tx_hash, nonce: n };
    });
  }

  /** Signs `txs` with consecutive nonces and sends them in one `sendTxBatch` (≤ 15). */
  async sendTxBatch(
    txs: readonly {
      txType: SupportedTxType;
      body: Omit<TxFieldsByType[SupportedTxType], 'Nonce' | 'ExpiredAt' | 'AccountIndex' | 'ApiKeyIndex'>;
    }[],
  ): Promise<LighterSendResult[]> {
    this.assertOpen();
    if (txs.length === 0 || txs.length > MAX_BATCH_TXS) {
      throw new InvalidInputError(`A Lighter batch holds 1 … ${MAX_BATCH_TXS} txs`, {
        field: 'txs',
        value: txs.length,
        venue: 'lighter',
      });
    }
    const send = async (nonces: bigint[]) => {
      const signed = txs.map((t, i) => ({
        txType: t.txType,
        txInfo: this.sign(t.txType, t.body, nonces[i] as bigint),
      }));
      const r = await sendTxBatch(this.rest, signed);
      return r.tx_hash.map((txHash, i) => ({ txHash, nonce: nonces[i] as bigint }));
    };
    if (this.nonceMode === 'skip') return send(txs.map(() => this.skipNonces.next('tx')));
    return this.nonces.run(txs.length, send);
  }

  private sign<T extends SupportedTxType>(
    txType: T,
    body: Omit<TxFieldsByType[T], 'Nonce' | 'ExpiredAt' | 'AccountIndex' | 'ApiKeyIndex'>,
    nonce: bigint,
  ): string {
    let attrs: L2TxAttributes | null = (body as { L2TxAttributes?: L2TxAttributes | null }).L2TxAttributes ?? null;
    if (this.nonceMode === 'skip') attrs = { ...(attrs ?? {}), [String(TX_ATTRIBUTE.SKIP_TX_NONCE)]: 1 };
    const fields = {
      ...body,
      AccountIndex: this.accountIndex,
      ApiKeyIndex: this.apiKeyIndex,
      ExpiredAt: this.clock.now() + this.txTtlMs,
      Nonce: nonce,
      L2TxAttributes: attrs,
    } as unknown as TxFieldsByType[T];
    return signTx(txType, fields, this.chainId, this.privateKey);
  }

  // ───────────── markets ─────────────

  /** Perp markets, cached after the first call; `refresh` re-reads them. */
  async loadMarkets(refresh = false): Promise<LighterMarkets> {
    if (this.markets && !refresh) return this.markets;
    if (!this.marketsLoading) {
      this.marketsLoading = getOrderBookDetails(this.rest)
        .then((r) => {
          const perps = r.order_book_details.filter((d) => d.market_type !== 'spot' && d.market_id < 2048);
          this.markets = new LighterMarkets(perps.map(marketFromDetail));
          return this.markets;
        })
        .finally(() => {
          this.marketsLoading = undefined;
        });
    }
    return this.marketsLoading;
  }

  async market(symbol: string): Promise<LighterMarketInfo> {
    const markets = await this.loadMarkets();
    if (!markets.symbols.has(symbol)) return (await this.loadMarkets(true)).get(symbol);
    return markets.get(symbol);
  }

  async getMarkets(): Promise<Market[]> {
    return (await this.loadMarkets(true)).list().map((m) => ({ ...m }));
  }

  async getOrderBook(symbol: string, depth = 20): Promise<OrderBookSnapshot> {
    const m = await this.market(symbol);
    const r = await getOrderBookOrders(this.rest, { marketId: m.marketIndex, limit: 100 });
    const aggregate = (orders: wire.WireSimpleOrder[], desc: boolean) => {
      const levels = new Map<string, { price: Decimal; size: Decimal }>();
      for (const o of orders) {
        const key = o.price.toString();
        const l = levels.get(key);
        if (l) l.size = l.size.add(o.remaining_base_amount);
        else levels.set(key, { price: o.price, size: o.remaining_base_amount });
      }
      return [...levels.values()]
        .filter((l) => l.size.gt(0))
        .sort((a, b) => (desc ? b.price.cmp(a.price) : a.price.cmp(b.price)))
        .slice(0, depth);
    };
    return { symbol, bids: aggregate(r.bids, true), asks: aggregate(r.asks, false), timestamp: this.clock.now() };
  }

  async getFunding(symbol: string): Promise<FundingRate> {
    const m = await this.market(symbol);
    const r = await getFundingRates(this.rest);
    const row = r.funding_rates.find((f) => f.exchange === 'lighter' && f.market_id === m.marketIndex);
    if (!row) {
      throw new TransportError(`Lighter returned no funding rate for ${symbol}`, {
        venue: 'lighter',
        url: '/api/v1/funding-rates',
      });
    }
    return this.fundingRate(symbol, hourlyRateFromRest(row.rate));
  }

  private fundingRate(symbol: string, hourly: Decimal, extra: Partial<FundingRate> = {}): FundingRate {
    const now = this.clock.now();
    return {
      symbol,
      rate: hourly,
      intervalHours: LIGHTER_FUNDING_INTERVAL_HOURS,
      apr: aprOfHourly(hourly),
      nextFundingTime: nextHourMs(now),
      timestamp: now,
      ...extra,
    };
  }

  async getAllStats(): Promise<MarketStats[]> {
    const [details, rates] = await Promise.all([getOrderBookDetails(this.rest), getFundingRates(this.rest)]);
    const markets = await this.loadMarkets();
    const out: MarketStats[] = [];
    for (const d of details.order_book_details) {
      const m = markets.byMarketIndex(d.market_id);
      if (!m) continue;
      const row = rates.funding_rates.find((f) => f.exchange === 'lighter' && f.market_id === d.market_id);
      const mark = d.mark_price ?? d.last_trade_price ?? new Decimal(0);
      const extra: Partial<FundingRate> = { markPrice: mark, ...(d.index_price ? { indexPrice: d.index_price } : {}) };
      out.push({
        symbol: m.symbol,
        markPrice: mark,
        ...(d.index_price ? { indexPrice: d.index_price } : {}),
        ...(d.last_trade_price ? { lastPrice: d.last_trade_price } : {}),
        volume24h: d.daily_quote_token_volume ?? new Decimal(0),
        // REST open_interest is in base units (CCXT's ETH capture: 39559 beside a 122.7 M USD market_stats value at
        // mark 3013); core's openInterest is USD notional on every venue.
        ...(d.open_interest ? { openInterest: d.open_interest.mul(mark) } : {}),
        funding: this.fundingRate(m.symbol, row ? hourlyRateFromRest(row.rate) : new Decimal(0), extra),
      });
    }
    return out;
  }

  // ───────────── account ─────────────

  private async detailedAccount(): Promise<wire.WireDetailedAccount> {
    const r = await getAccount(this.rest, this.accountIndex);
    // The venue may list more than one account (CCXT's capture has a master and a sub-account): take ours by index.
    const a = r.accounts.find((x) => x.index === this.accountIndex || x.account_index === this.accountIndex);
    if (!a) {
      throw new VenueRejectedError(`Lighter account ${this.accountIndex} not found`, {
        venue: 'lighter',
        operation: 'GET /api/v1/account',
      });
    }
    return a;
  }

  async getBalance() {
    return balanceFromWire(await this.detailedAccount());
  }

  async getPositions(): Promise<Position[]> {
    const [a, markets] = await Promise.all([this.detailedAccount(), this.loadMarkets()]);
    const out: Position[] = [];
    for (const p of a.positions) {
      const m = markets.byMarketIndex(p.market_id);
      if (m && !p.position.isZero()) out.push(positionFromWire(p, m));
    }
    return out;
  }

  async getOpenOrders(symbol?: string): Promise<Order[]> {
    const markets = await this.loadMarkets();
    const marketId = symbol === undefined ? undefined : (await this.market(symbol)).marketIndex;
    const r = await this.getActiveOrders(marketId);
    return this.mapOrders(r.orders, markets);
  }

  private mapOrders(orders: wire.WireOrder[], markets: LighterMarkets): Order[] {
    const out: Order[] = [];
    for (const o of orders) {
      const m = markets.byMarketIndex(o.market_index);
      if (m) out.push(orderFromWire(o, m, (i) => this.clientIdOf(i)));
    }
    return out;
  }

  async getOrder(query: OrderQuery): Promise<Order | null> {
    const m = await this.market(query.symbol);
    const match = matcher(query);
    const active = await this.getActiveOrders(m.marketIndex);
    let found = active.orders.find(match);
    if (!found) {
      const inactive = await this.getInactiveOrders({ limit: 100, marketId: m.marketIndex });
      found = inactive.orders.find(match);
    }
    if (!found) return null;
    const order = orderFromWire(found, m, (i) => this.clientIdOf(i));
    if (query.clientOrderId !== undefined) order.clientOrderId = query.clientOrderId;
    return order;
  }

  // ───────────── trading ─────────────

  async placeOrder(params: PlaceOrderParameters): Promise<PlaceOrderReturnType> {
    const clientOrderId = params.clientOrderId ?? newClientOrderId();
    const body = await this.orderBody(params, clientOrderId);
    try {
      await this.sendTx(TX_TYPE.CREATE_ORDER, body, { clientOrderId });
    } catch (e) {
      throw withClientOrderId(e, clientOrderId);
    }
    return { clientOrderId, status: 'accepted' };
  }

  /** Places up to 15 orders in one `sendTxBatch` round-trip with consecutive nonces (all or nothing at the API). */
  async placeOrders(orders: readonly PlaceOrderParameters[]): Promise<PlaceOrderReturnType[]> {
    const ids = orders.map((o) => o.clientOrderId ?? newClientOrderId());
    const bodies = await Promise.all(orders.map((o, i) => this.orderBody(o, ids[i] as string)));
    await this.sendTxBatch(bodies.map((body) => ({ txType: TX_TYPE.CREATE_ORDER, body })));
    return ids.map((clientOrderId) => ({ clientOrderId, status: 'accepted' as const }));
  }

  /**
   * Validates, rounds and scales a PerpVenue order into CreateOrder fields (core `normalizeOrder` with
   * `LIGHTER_ORDER_RULES`: minimums waived for reduce-only orders).
   */
  private async orderBody(params: PlaceOrderParameters, clientOrderId: string) {
    const m = await this.market(params.symbol);
    const index = clientOrderIndexOf(clientOrderId);
    this.rememberClientId(index, clientOrderId);
    const invalid = (msg: string, field: string, value?: unknown) =>
      new InvalidInputError(msg, { field, value, venue: 'lighter' });
    if (params.side !== 'buy' && params.side !== 'sell') throw invalid('side must be buy or sell', 'side', params.side);
    const isMarket = params.type === 'market';
    // A market order's minimum notional is judged at the best price, so the book is read even with a worst price.
    const order = normalizeOrder(params, m, LIGHTER_ORDER_RULES, {
      defaultSlippage: this.slippage,
      ...(isMarket ? { best: await this.bestPrice(m, params.side) } : {}),
    });
    const { size, price, reduceOnly } = order;
    const tif = order.timeInForce;
    let orderExpiry = 0;
    if (tif !== 'IOC') {
      orderExpiry = params.expiresAt ?? this.clock.now() + DEFAULT_ORDER_TTL_MS;
      if (!Number.isSafeInteger(orderExpiry) || orderExpiry <= this.clock.now()) {
        throw invalid('expiresAt must be a future time in ms', 'expiresAt', params.expiresAt);
      }
    }
    return {
      MarketIndex: m.marketIndex,
      ClientOrderIndex: index,
      BaseAmount: toScaledInt(size, m.sizeDecimals, 'size'),
      Price: toScaledInt(price, m.priceDecimals, 'price'),
      IsAsk: params.side === 'sell' ? 1 : 0,
      Type: isMarket ? ORDER_TYPE.MARKET : ORDER_TYPE.LIMIT,
      TimeInForce:
        tif === 'IOC'
          ? TIME_IN_FORCE.IMMEDIATE_OR_CANCEL
          : tif === 'POST_ONLY'
            ? TIME_IN_FORCE.POST_ONLY
            : TIME_IN_FORCE.GOOD_TILL_TIME,
      ReduceOnly: reduceOnly ? 1 : 0,
      TriggerPrice: 0,
      OrderExpiry: orderExpiry,
      L2TxAttributes: null,
    };
  }

  private async bestPrice(m: LighterMarketInfo, side: 'buy' | 'sell'): Promise<Decimal> {
    const r = await getOrderBookOrders(this.rest, { marketId: m.marketIndex, limit: 5 });
    const levels = side === 'buy' ? r.asks : r.bids;
    const prices = levels.map((o) => o.price);
    const best = prices.reduce<Decimal | undefined>(
      (b, p) => (b === undefined ? p : side === 'buy' ? Decimal.min(b, p) : Decimal.max(b, p)),
      undefined,
    );
    if (!best) {
      throw new VenueRejectedError(`No ${side === 'buy' ? 'asks' : 'bids'} on ${m.symbol} to price a market order`, {
        venue: 'lighter',
        operation: 'placeOrder',
      });
    }
    return best;
  }

  async cancelOrder(query: OrderQuery): Promise<void> {
    const m = await this.market(query.symbol);
    let index: bigint;
    if (query.orderId !== undefined) index = parseIndex(query.orderId, 'orderId');
    else if (query.clientOrderId !== undefined) index = clientOrderIndexOf(query.clientOrderId);
    else
      throw new InvalidInputError('cancelOrder needs orderId or clientOrderId', { field: 'orderId', venue: 'lighter' });
    try {
      await this.sendTx(TX_TYPE.CANCEL_ORDER, { MarketIndex: m.marketIndex, Index: index, L2TxAttributes: null });
    } catch (e) {
      throw query.clientOrderId !== undefined ? withClientOrderId(e, query.clientOrderId) : e;
    }
  }

  /** Immediate cancel-all (of one market through the CancelAllMarketIndex attribute). The count is not reported. */
  async cancelAllOrders(symbol?: string): Promise<number | undefined> {
    const attrs: L2TxAttributes | null =
      symbol === undefined
        ? null
        : { [String(TX_ATTRIBUTE.CANCEL_ALL_MARKET_INDEX)]: (await this.market(symbol)).marketIndex };
    await this.sendTx(TX_TYPE.CANCEL_ALL_ORDERS, {
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
    const m = await this.market(symbol);
    const lev = toDecimal(leverage, 'leverage');
    if (!lev.gte(1) || lev.gt(m.maxLeverage)) {
      throw new InvalidInputError(`leverage must be in [1, ${m.maxLeverage.toString()}] on ${symbol}`, {
        field: 'leverage',
        value: lev.toString(),
        venue: 'lighter',
      });
    }
    const imf = new Decimal(10_000).div(lev).toDecimalPlaces(0, Decimal.ROUND_UP).toNumber();
    await this.sendTx(TX_TYPE.UPDATE_LEVERAGE, {
      MarketIndex: m.marketIndex,
      InitialMarginFraction: Math.max(imf, m.minInitialMarginFraction),
      MarginMode: MARGIN_MODE.CROSS,
      L2TxAttributes: null,
    });
  }

  // ───────────── history ─────────────

  async getCandles(query: CandleQuery): Promise<Candle[]> {
    const m = await this.market(query.symbol);
    const ms = candleIntervalMs(query.interval, 'lighter');
    const until = query.until ?? this.clock.now();
    const limit = query.limit ?? 200;
    const since = query.since ?? until - limit * ms;
    const candles = await getCandles(this.rest, {
      marketId: m.marketIndex,
      resolution: query.interval,
      startTimestamp: since,
      endTimestamp: until,
      countBack: limit,
    });
    return candles.filter((c) => c.time >= Math.floor(since / ms) * ms && c.time <= until).slice(-limit);
  }

  async getFills(query: HistoryQuery = {}): Promise<Fill[]> {
    const markets = await this.loadMarkets();
    const marketId = query.symbol === undefined ? undefined : (await this.market(query.symbol)).marketIndex;
    const r = await this.getTrades({
      limit: Math.min(query.limit ?? 100, 100),
      ...(marketId !== undefined ? { marketId } : {}),
    });
    const out: Fill[] = [];
    for (const t of r.trades) {
      const m = markets.byMarketIndex(t.market_id);
      const f = m && fillFromWire(t, this.accountIndex, m, (i) => this.clientIdOf(i));
      if (f && inRange(f.timestamp, query)) out.push(f);
    }
    return out.sort((a, b) => a.timestamp - b.timestamp);
  }

  async getFundingPayments(query: HistoryQuery = {}): Promise<FundingPayment[]> {
    const markets = await this.loadMarkets();
    const marketId = query.symbol === undefined ? undefined : (await this.market(query.symbol)).marketIndex;
    const r = await this.getPositionFunding({
      limit: Math.min(query.limit ?? 100, 100),
      ...(marketId !== undefined ? { marketId } : {}),
    });
    const out: FundingPayment[] = [];
    for (const f of r.position_fundings) {
      const m = markets.byMarketIndex(f.market_id);
      if (!m) continue;
      const p = fundingPaymentFromWire(f, m);
      if (inRange(p.timestamp, query)) out.push(p);
    }
    return out.sort((a, b) => a.timestamp - b.timestamp);
  }

  // ───────────── streams ─────────────

  private ensureStream(): LighterStream {
    this.assertOpen();
    this.stream ??= new LighterStream({
      url: this.wsUrl,
      // A refused subscribe comes back as an error frame without a channel: never let it pass unseen.
      onUnrouted: (frame) =>
        this.logger.warn(
          { venue: 'lighter', type: frame.type, channel: frame.channel, frame: JSON.stringify(frame).slice(0, 300) },
          'Lighter stream frame no subscription claims',
        ),
    });
    return this.stream;
  }

  /** The underlying `/stream` connection (created on first use), e.g. to watch reconnects. */
  get ws(): LighterStream {
    return this.ensureStream();
  }

  async subscribeOrderBook(
    symbol: string,
    onBook: (book: OrderBookSnapshot) => void,
    options: { depth?: number; onResync?: () => void; onError?: (e: Error) => void } = {},
  ): Promise<Subscription> {
    const m = await this.market(symbol);
    const channel = `order_book/${m.marketIndex}`;
    const s = new OrderBookStream(this.ensureStream(), m, {
      depth: options.depth ?? 20,
      onBook,
      ...(options.onResync ? { onResync: options.onResync } : {}),
      onError: (e) => {
        this.logger.warn({ venue: 'lighter', channel, error: e.message }, 'unreadable Lighter order_book frame');
        options.onError?.(e);
      },
    });
    await s.start();
    return { unsubscribe: async () => s.stop() };
  }

  /** `market_stats/{m}`: mark / index price and the current funding rate (percent per hour → fraction). */
  async subscribeMarketStats(
    symbol: string,
    onStats: (stats: { symbol: string; markPrice?: Decimal; indexPrice?: Decimal; funding?: FundingRate }) => void,
  ): Promise<Subscription> {
    const m = await this.market(symbol);
    const channel = `market_stats/${m.marketIndex}`;
    const stream = this.ensureStream();
    await stream.subscribe(channel, {
      onFrame: (frame) => {
        if (!(frame.type ?? '').endsWith('/market_stats')) return;
        const r = wire.wsMarketStats.safeParse(frame['market_stats']);
        if (!r.success) {
          const issues = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
          this.logger.warn({ venue: 'lighter', channel, issues }, 'dropped an unreadable Lighter market_stats frame');
          return;
        }
        const s = r.data;
        const rate = s.current_funding_rate ?? s.funding_rate;
        onStats({
          symbol: m.symbol,
          ...(s.mark_price ? { markPrice: s.mark_price } : {}),
          ...(s.index_price ? { indexPrice: s.index_price } : {}),
          ...(rate ? { funding: this.fundingRate(m.symbol, hourlyRateFromWs(rate)) } : {}),
        });
      },
    });
    return { unsubscribe: async () => stream.unsubscribe(channel) };
  }

  /**
   * Orders, fills, positions and balance from `account_all_orders`, `account_all_trades`, `account_all_positions`
   * and `user_stats` (see ws/account.ts). Fills missed while disconnected are not replayed: reconcile with `getFills`.
   */
  async subscribeAccount(onEvent: (event: AccountEvent) => void): Promise<Subscription> {
    const markets = await this.loadMarkets();
    return subscribeAccountChannels({
      stream: this.ensureStream(),
      accountIndex: this.accountIndex,
      markets,
      auth: () => this.authToken(),
      clientOrderIdOf: (i) => this.clientIdOf(i),
      onEvent,
      logger: this.logger,
      ...(this.onStreamError ? { onError: this.onStreamError } : {}),
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.nonceLease.release();
    await this.stream?.close();
  }

  // ───────────── helpers ─────────────

  private assertOpen(): void {
    if (this.closed) throw new TransportError('LighterClient is closed', { venue: 'lighter' });
  }

  private rememberClientId(index: bigint, clientOrderId: string): void {
    this.clientIds.delete(index);
    this.clientIds.set(index, clientOrderId);
    if (this.clientIds.size > MAX_REMEMBERED_CLIENT_IDS) {
      this.clientIds.delete(this.clientIds.keys().next().value as bigint);
    }
  }

  private clientIdOf(index: bigint): string {
    return this.clientIds.get(index) ?? index.toString();
  }
}

function parseIndex(v: number | bigint | string, field: string): bigint {
  const s = String(v);
  if (!/^-?\d+$/.test(s)) {
    throw new InvalidInputError(`${field} must be an integer`, { field, value: s, venue: 'lighter' });
  }
  return BigInt(s);
}

function matcher(query: OrderQuery): (o: wire.WireOrder) => boolean {
  if (query.orderId !== undefined) {
    const id = parseIndex(query.orderId, 'orderId');
    return (o) => o.order_index === id;
  }
  if (query.clientOrderId !== undefined) {
    const index = clientOrderIndexOf(query.clientOrderId);
    return (o) => o.client_order_index === index;
  }
  throw new InvalidInputError('getOrder needs orderId or clientOrderId', { field: 'orderId', venue: 'lighter' });
}

function inRange(t: number, q: HistoryQuery): boolean {
  return (q.since === undefined || t >= q.since) && (q.until === undefined || t <= q.until);
}

function withClientOrderId(e: unknown, clientOrderId: string): unknown {
  if (e instanceof VenueRejectedError && e.context.clientOrderId === undefined) {
    return new VenueRejectedError(e.shortMessage, { ...e.context, clientOrderId }, { cause: e });
  }
  return e;
}
