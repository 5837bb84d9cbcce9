import {
  type Clock,
  type Decimal,
  type DecimalInput,
  type HttpRetryOptions,
  InvalidInputError,
  type RateLimiter,
  type Subscription,
  TransportError,
  toDecimal,
} from '@dn/core';
import { z } from 'zod';
import {
  PACIFICA_BASE_TIER_FEES,
  PACIFICA_DEFAULT_MARKET_SLIPPAGE,
  PACIFICA_URLS,
  type PacificaNetwork,
} from './config.js';
import {
  createPacificaRestContext,
  type PacificaRestContext,
  parseData,
  requireSigner,
  UnsignedAction,
} from './http.js';
import type { PacificaAction } from './payloads/action.js';
import { slippageFraction } from './payloads/validate.js';
import { type PacificaRateLimitBudget, pacificaRateLimit } from './rate-limit.js';
import { PacificaRestApi } from './rest/api.js';
import { PacificaSigner } from './signer.js';
import type { PacificaKeypair } from './signing/keys.js';
import { PACIFICA_REST_PATHS, type PacificaOperationType } from './signing/operation-types.js';
import {
  bookSchema,
  cancelAllResultSchema,
  orderIdResultSchema,
  type PacificaBook,
  type PacificaMarketInfo,
  type PacificaPriceInfo,
  type PacificaWsAccountInfo,
  type PacificaWsAccountTrade,
  type PacificaWsOrderUpdate,
  type PacificaWsPosition,
  type PacificaWsPublicTrade,
  priceInfoSchema,
  wsAccountInfoSchema,
  wsAccountTradeSchema,
  wsOrderAckSchema,
  wsOrderUpdateSchema,
  wsPositionSchema,
  wsPublicTradeSchema,
} from './wire/index.js';
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
  /**
   * Client-side limiter of REST requests (default: a token bucket of the venue's credit budget); pass one to share it
   * between clients of the same IP / account family (subaccounts share credits); `false` disables local limiting.
   */
  rateLimiter?: RateLimiter | false;
  /** Size of the credit budget and the cost of each kind of request (default: the venue's, by API-key tier). */
  rateLimitBudget?: PacificaRateLimitBudget;
  ws?: Omit<PacificaWsOptions, 'url' | 'signer' | 'apiConfigKey'>;
  /**
   * How `trade` (and so `PacificaVenue.placeOrder`, `cancelOrder`, `cancelAllOrders`) travels (default `rest`). With
   * `ws`, a request that cannot be sent because the socket is down goes over REST instead; one that was sent and got no
   * answer is `UnknownOutcomeError`, never resent.
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

/** Maker and taker rates as fractions (0.0004 = 0.04 %). */
export interface PacificaFeeRates {
  makerFee: Decimal;
  takerFee: Decimal;
}

/**
 * Pacifica's own API: typed REST (`client.rest`), the WebSocket (`client.ws`), signed trading actions over REST or WS
 * (`trade`), the market list by market id and typed streams, all in Pacifica's terms (market ids, bid/ask). The
 * venue-neutral `PerpVenue` is `PacificaVenue`, built over this client.
 *
 * @example
 * const client = new PacificaClient({ account: MAIN_PUBKEY, secretKey: AGENT_SECRET, agentWallet: AGENT_PUBKEY });
 * const ack = await client.trade(buildLimitOrder({ symbol: 'BTC', side: 'bid', price: '60000', amount: '0.001', tif: 'ALO', reduceOnly: false, clientOrderId: newClientOrderId() }));
 */
export class PacificaClient {
  readonly id = 'pacifica';
  /** Typed REST methods in Pacifica's own terms. */
  readonly rest: PacificaRestApi;
  readonly signer: PacificaSigner | undefined;
  /** Default band of market orders as a fraction, validated in (0, 1). */
  readonly marketSlippage: Decimal;
  private readonly ctx: PacificaRestContext;
  private readonly options: PacificaClientOptions;
  private readonly wsUrl: string;
  private wsConn: PacificaWs | undefined;
  private marketCache: Map<string, PacificaMarketInfo> | undefined;
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
    const hasApiKey = options.apiConfigKey !== undefined;
    this.ctx = createPacificaRestContext({
      baseUrl: options.restUrl ?? urls.rest,
      ...(this.signer ? { signer: this.signer } : {}),
      ...(options.apiConfigKey !== undefined ? { apiConfigKey: options.apiConfigKey } : {}),
      ...(options.rateLimiter !== false
        ? { rateLimit: pacificaRateLimit(options.rateLimitBudget ?? {}, hasApiKey, options.rateLimiter) }
        : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
      ...(options.account !== undefined ? { account: options.account } : {}),
    });
    this.rest = new PacificaRestApi(this.ctx);
    this.marketSlippage = slippageFraction(
      toDecimal(options.marketSlippage ?? PACIFICA_DEFAULT_MARKET_SLIPPAGE, 'marketSlippage'),
      'marketSlippage',
    );
  }

  /** The account this client reads and trades. */
  get account(): string | undefined {
    return this.options.account;
  }

  /** Current time of the client's clock (the one signed timestamps use), ms since the epoch. */
  now(): number {
    return this.options.clock?.now() ?? Date.now();
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

  // ───────────── markets and fees ─────────────

  /** `/info` by market id (spot markets included), cached; `refresh` reloads it. */
  async loadMarkets(refresh = false): Promise<ReadonlyMap<string, PacificaMarketInfo>> {
    if (!this.marketCache || refresh) {
      const infos = await this.rest.getMarketInfo();
      this.marketCache = new Map(infos.map((m) => [m.symbol, m]));
    }
    return this.marketCache;
  }

  /**
   * The account's own rates from `/account` (CCXT reads them there); else the tier of `/info/fees`
   * (seen only in pacifica-mcp, no docs page); else the base tier, so a missing fee table never stops
   * markets from loading.
   */
  async getFeeRates(): Promise<PacificaFeeRates> {
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
    return f ? { makerFee: f.makerFee, takerFee: f.takerFee } : PACIFICA_BASE_TIER_FEES;
  }

  // ───────────── typed streams ─────────────

  /** `prices`: funding, mark, oracle, volume of every market, pushed periodically. */
  subscribePrices(onPrices: (prices: PacificaPriceInfo[]) => void): Promise<Subscription> {
    return this.stream({ source: 'prices' }, z.array(priceInfoSchema), onPrices);
  }

  /** `book`: a full snapshot on every push. */
  subscribeBook(symbol: string, onBook: (book: PacificaBook) => void, aggLevel = 1): Promise<Subscription> {
    return this.stream({ source: 'book', symbol, agg_level: aggLevel }, bookSchema, onBook);
  }

  /** `trades`: public prints of a market. */
  subscribeTrades(symbol: string, onTrades: (trades: PacificaWsPublicTrade[]) => void): Promise<Subscription> {
    return this.stream({ source: 'trades', symbol }, z.array(wsPublicTradeSchema), onTrades);
  }

  /** `account_order_updates`: every change of the account's orders. */
  subscribeOrderUpdates(account: string, onOrders: (orders: PacificaWsOrderUpdate[]) => void): Promise<Subscription> {
    return this.stream({ source: 'account_order_updates', account }, z.array(wsOrderUpdateSchema), onOrders);
  }

  /** `account_trades`: the account's fills. */
  subscribeAccountTrades(account: string, onTrades: (trades: PacificaWsAccountTrade[]) => void): Promise<Subscription> {
    return this.stream({ source: 'account_trades', account }, z.array(wsAccountTradeSchema), onTrades);
  }

  /** `account_positions`: the account's whole list of open positions on every push. */
  subscribeAccountPositions(
    account: string,
    onPositions: (positions: PacificaWsPosition[]) => void,
  ): Promise<Subscription> {
    return this.stream({ source: 'account_positions', account }, z.array(wsPositionSchema), onPositions);
  }

  /** `account_info`: balance, equity and margin of the account. */
  subscribeAccountInfo(account: string, onInfo: (info: PacificaWsAccountInfo) => void): Promise<Subscription> {
    return this.stream({ source: 'account_info', account }, wsAccountInfoSchema, onInfo);
  }

  /** Stops the WebSocket and its timers. */
  async close(): Promise<void> {
    this.closed = true;
    await this.wsConn?.close();
  }

  /** A frame of an unexpected shape is dropped and reported on the socket's error listeners, never half-read. */
  private stream<S extends z.ZodType>(
    params: Parameters<PacificaWs['subscribe']>[0],
    schema: S,
    onData: (data: z.output<S>) => void,
  ): Promise<Subscription> {
    return this.ws.subscribe(params, (data) => {
      const r = schema.safeParse(data);
      if (r.success) {
        onData(r.data);
        return;
      }
      this.wsConn?.reportError(
        new TransportError(
          `pacifica ${params.source} frame has an unexpected shape; dropped`,
          { venue: 'pacifica' },
          { cause: r.error },
        ),
      );
    });
  }
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
