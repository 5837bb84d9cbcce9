import {
  type Clock,
  type Decimal,
  type DecimalInput,
  type DnError,
  type HttpRetryOptions,
  InvalidInputError,
  type RateLimiter,
  RealClock,
  toDecimal,
  type WsReconnectOptions,
} from '@dn/core';
import { type EdgexApiVersion, type EdgexAuth, type EdgexAuthOptions, resolveAuth } from './auth.js';
import { EDGEX_DEFAULT_MARKET_SLIPPAGE, EDGEX_HOSTS } from './config.js';
import * as account from './rest/account.js';
import * as funding from './rest/funding.js';
import { EdgexHttp } from './rest/http.js';
import * as meta from './rest/meta.js';
import * as orders from './rest/order.js';
import * as quote from './rest/quote.js';
import { resolveV1Market, resolveV2Market } from './signing/market.js';
import type { EdgexOrderParams } from './signing/types.js';
import { signV1Order } from './signing/v1-order.js';
import { buildV2Order } from './signing/v2-order.js';
import { EdgexSymbols } from './symbols.js';
import type { EdgexMetadata, EdgexWsTradeEvent } from './wire.js';
import { EdgexAccountWs } from './ws/account.js';
import type { EdgexDepthChanges } from './ws/depth-book.js';
import { EdgexPublicWs } from './ws/public.js';

export interface EdgexClientOptions extends EdgexAuthOptions {
  /** `'v2'` (default: HMAC + EIP-712) or `'v1'` (legacy StarkEx, deprecated by edgeX). */
  apiVersion?: EdgexApiVersion;
  /** REST host (paths carry `/api/<version>/…`); default the mainnet host of the API version. */
  restUrl?: string;
  /** Quote WebSocket host; default the mainnet host of the API version. */
  wsUrl?: string;
  /** Source of time for request timestamps and order expiries (default real time). */
  clock?: Clock;
  /** Read the server time once before the first signed request and stamp requests with it (default true). */
  syncServerTime?: boolean;
  /** Market orders of `EdgexVenue`: band around the best price, as a fraction (default 0.005 = 0.5 %). */
  marketSlippage?: DecimalInput;
  /** V2 only: send `l2Signature` with a `0x` prefix (default false, as the python SDK). */
  signatureWith0x?: boolean;
  timeoutMs?: number;
  retry?: HttpRetryOptions;
  /** Client-side limiter of REST requests, shared between clients if you like (default and `false`: none). */
  rateLimiter?: RateLimiter | false;
  wsReconnect?: WsReconnectOptions;
  /** Errors of background streams (they reconnect on their own). */
  onStreamError?: (error: DnError<object>) => void;
  /** How depth CHANGED levels are read: `auto` (default), `absolute` or `delta` (see `EdgexDepthBook`). */
  depthChanges?: EdgexDepthChanges;
  /** A fresh depth snapshot at least this often, ms (default 60 000). */
  depthResnapshotMs?: number;
}

/**
 * edgeX's own API: typed REST methods in venue terms (contract ids, venue order types), order building and signing
 * (`createOrder`), server-time sync, the contract list (`symbols()`) and the raw public and private streams. The
 * venue-neutral `PerpVenue` is `EdgexVenue`, built over this client.
 *
 * @example
 * const client = new EdgexClient({ accountId, apiKey, passphrase, secret, tradingPrivateKey });
 * const rate = await client.getLatestFundingRate({ contractId: '10000001' });
 */
export class EdgexClient {
  readonly id = 'edgex';
  readonly apiVersion: EdgexApiVersion;
  readonly http: EdgexHttp;
  /** Default band of market orders as a fraction, validated in (0, 1). */
  readonly marketSlippage: Decimal;
  private readonly auth: EdgexAuth | undefined;
  private readonly clock: Clock;
  private readonly wsUrl: string;
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
    this.marketSlippage = toDecimal(options.marketSlippage ?? EDGEX_DEFAULT_MARKET_SLIPPAGE, 'marketSlippage');
    if (!this.marketSlippage.gt(0) || !this.marketSlippage.lt(1)) {
      throw new InvalidInputError('marketSlippage must be in (0, 1)', {
        field: 'marketSlippage',
        venue: 'edgex',
      });
    }
    this.http = new EdgexHttp({
      restUrl: options.restUrl ?? EDGEX_HOSTS[this.apiVersion].rest,
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
  /** The latest rate of every contract in one call. */
  getLatestFundingRates = () => funding.getLatestFundingRates(this.http);
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

  /** True when the client has credentials (an `accountId` and the keys of its API version). */
  get hasCredentials(): boolean {
    return this.auth !== undefined;
  }

  /** Throws `InvalidInputError` when the client has no credentials, before anything is built or sent. */
  assertCredentials(): void {
    this.requireAuth();
  }

  /**
   * Opens the private stream (orders, fills, positions, collateral as the venue sends them) after the server-time
   * sync; `close()` closes it with the client. `hooks.onReady(generation)` runs once per connection the venue
   * accepted (a generation after the first one is a reconnect).
   */
  async openAccountStream(
    onEvent: (content: EdgexWsTradeEvent['content']) => void,
    hooks: { onReady?: (generation: number) => void } = {},
  ): Promise<EdgexAccountWs> {
    const auth = this.requireAuth();
    await this.ensureTimeSync();
    const stream = new EdgexAccountWs(
      {
        wsUrl: this.wsUrl,
        auth,
        now: () => this.now(),
        ...(this.options.wsReconnect ? { reconnect: this.options.wsReconnect } : {}),
        ...(this.options.onStreamError ? { onError: this.options.onStreamError } : {}),
        ...(hooks.onReady ? { onReady: hooks.onReady } : {}),
      },
      onEvent,
    );
    this.accountStreams.add(stream);
    await stream.start();
    return stream;
  }

  /** Closes one stream of `openAccountStream`. */
  async closeAccountStream(stream: EdgexAccountWs): Promise<void> {
    this.accountStreams.delete(stream);
    await stream.close();
  }

  /** Reports an error of a background stream or refresh to `onStreamError`. */
  reportStreamError(error: DnError<object>): void {
    this.options.onStreamError?.(error);
  }

  /** The private stream opened last (for reconnect handling and tests). */
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

  /** The resolved credentials; throws before anything is signed when the client has none. */
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

  /** Reads the server time once before the first signed request (unless `syncServerTime: false`). */
  ensureTimeSync(): Promise<void> {
    if (this.options.syncServerTime === false) return Promise.resolve();
    if (!this.timeSynced) {
      this.timeSynced = this.syncServerTime();
      this.timeSynced.catch(() => {
        this.timeSynced = undefined;
      });
    }
    return this.timeSynced;
  }
}
