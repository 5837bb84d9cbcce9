import { randomInt } from 'node:crypto';
import {
  ConfigError,
  collectPages,
  createTokenBucket,
  Decimal,
  InvalidInputError,
  toDecimal,
  VenueRejectedError,
} from '@dn/core';
import { z } from 'zod';
import {
  EXTENDED_DEFAULT_RATE_LIMIT,
  EXTENDED_DEFAULT_USER_AGENT,
  EXTENDED_FEES_TTL_MS,
  EXTENDED_FUNDING_MAX_PAGES,
  EXTENDED_FUNDING_PAGE_SIZE,
  EXTENDED_MAINNET,
  EXTENDED_TESTNET,
  EXTENDED_VENUE,
} from './config.js';
import { createExtendedTransports } from './http.js';
import { MarketCatalog } from './market-catalog.js';
import type { ExtendedClientOptions } from './options.js';
import { bindRestApi, type ExtendedRestApi } from './rest/index.js';
import type { ExtendedCandleType } from './rest/markets.js';
import { buildOrder, createExtendedAccount } from './signing/build-order.js';
import { checkBuilt } from './signing/check-built.js';
import type { StarknetDomain } from './signing/domain.js';
import type { StarkNoncePool } from './signing/nonce-pool.js';
import type {
  BuildOrderParameters,
  BuildOrderReturnType,
  ExtendedMarketConfig,
  ExtendedOrderBody,
  OrderBuilder,
} from './signing/order-types.js';
import {
  candleSchema,
  type ExtendedCandle,
  type ExtendedFees,
  type ExtendedFundingRecord,
  type ExtendedMarket,
  type ExtendedPlacedOrder,
  type ExtendedPublicTrade,
  fundingRecordSchema,
  publicTradeSchema,
  streamPriceSchema,
} from './wire.js';
import type { OpenStreamParameters } from './ws/stream.js';
import { ExtendedStreamSet, type ExtendedSubscription } from './ws/streams.js';

/** What `ExtendedClient.buildOrder` needs: the signing parameters less what the client knows (fee and nonce optional). */
export type ExtendedClientBuildOrderParameters = Omit<
  BuildOrderParameters,
  'market' | 'account' | 'domain' | 'fee' | 'nonce'
> &
  Partial<Pick<BuildOrderParameters, 'fee' | 'nonce'>>;

/**
 * Extended (Starknet) in its own terms: markets by venue name (`BTC-USD`), the venue's payloads (exact decimals,
 * ids as strings), Stark-signed orders, the dead man's switch and the v1 topic streams. Every REST endpoint is under
 * `api`. For the venue-neutral `PerpVenue` (unified symbols, core types) wrap it in `ExtendedVenue`.
 *
 * @example
 * const ext = new ExtendedClient({ apiKey, starkPrivateKey, vault: 10002 });
 * const { body } = await ext.buildOrder('BTC-USD', { side: 'BUY', qty: '0.001', price: '60000', expiryEpochMillis });
 * await ext.placeOrder(body);
 */
export class ExtendedClient {
  readonly id = EXTENDED_VENUE;
  /** Every REST endpoint with the venue's own payloads (exact decimals, ids as strings). */
  readonly api: ExtendedRestApi;
  /** The options this client was made with (the venue adapter reads its defaults from them). */
  readonly options: Readonly<ExtendedClientOptions>;
  private readonly sockets: ExtendedStreamSet;
  private readonly account:
    | Readonly<{ vault: string | number | bigint; privateKey: string; publicKey: string }>
    | undefined;
  private readonly catalog = new MarketCatalog(() => this.api.getMarkets());
  private domainPromise: Promise<StarknetDomain> | undefined;
  private readonly networkDomain: Readonly<StarknetDomain>;
  private fees: { at: number; byMarket: Map<string, ExtendedFees> } | undefined;
  private starkNonces: StarkNoncePool | undefined;

  constructor(options: ExtendedClientOptions = {}) {
    this.options = options;
    this.starkNonces = options.starkNonces;
    const net = options.network === 'testnet' ? EXTENDED_TESTNET : EXTENDED_MAINNET;
    const userAgent = options.userAgent ?? EXTENDED_DEFAULT_USER_AGENT;
    const limiter =
      options.rateLimiter === false
        ? undefined
        : (options.rateLimiter ?? createTokenBucket({ ...EXTENDED_DEFAULT_RATE_LIMIT, venue: EXTENDED_VENUE }));
    const { http, orderHttp } = createExtendedTransports({
      restUrl: options.restUrl ?? net.restUrl,
      userAgent,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(limiter ? { rateLimiter: limiter } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
      orderEngine: options.orderHttpEngine ?? 'socket',
    });
    const onIssue = options.onIssue ? { onIssue: options.onIssue } : {};
    this.api = bindRestApi({ http, orderHttp, apiKey: options.apiKey, ...onIssue });
    this.sockets = new ExtendedStreamSet({
      wsUrl: options.wsUrl ?? net.wsUrl,
      userAgent,
      apiKey: options.apiKey,
      ...(options.reconnect ? { reconnect: options.reconnect } : {}),
      ...(options.onStreamError ? { onError: options.onStreamError } : {}),
    });
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
  }

  /** Stark public key of the trading account (0x-hex), when keys were given. */
  get starkPublicKey(): string | undefined {
    return this.account?.publicKey;
  }

  /** The options' clock, else the system time (ms). */
  now(): number {
    return this.options.clock?.now() ?? Date.now();
  }

  // ───────────────────────────── markets ─────────────────────────────

  /** Markets as the venue describes them (trading and L2 config, stats), cached 5 min; `force` refetches. */
  async loadMarkets(force = false): Promise<ExtendedMarket[]> {
    return (await this.catalog.get(force)).list;
  }

  /** One market by its venue name (`BTC-USD`); the list is refetched once when the name is unknown. */
  async market(name: string): Promise<ExtendedMarket> {
    let cache = await this.catalog.get(false);
    if (!cache.byName.has(name)) cache = await this.catalog.get(true);
    const market = cache.byName.get(name);
    if (!market) throw new InvalidInputError(`Unknown market ${name} on extended`, { field: 'market', value: name });
    return market;
  }

  /** The market list while the cache is within its TTL, with no request and no wait (the order path reads it). */
  freshMarkets(): ExtendedMarket[] | undefined {
    return this.catalog.fresh()?.list;
  }

  /** The market from the last loaded list, without a request (undefined before the first load). */
  cachedMarket(name: string): ExtendedMarket | undefined {
    return this.catalog.last()?.byName.get(name);
  }

  /** The account's fee rates per market (`GET /user/fees`), cached 10 min; `force` refetches. */
  async feeTable(force = false): Promise<Map<string, ExtendedFees>> {
    if (!force && this.fees && Date.now() - this.fees.at < EXTENDED_FEES_TTL_MS) return this.fees.byMarket;
    const rows = await this.api.getFees();
    const byMarket = new Map(rows.map((f) => [f.market, f]));
    this.fees = { at: Date.now(), byMarket };
    return byMarket;
  }

  /**
   * Applied hourly funding rates of `market` in `[startTime, endTime]`, newest first, one per time, every page:
   * `limit=1000` is sent and the `pagination.cursor` followed until an empty page, a repeated cursor or
   * `EXTENDED_FUNDING_MAX_PAGES` pages (100,000 hours). The unified, bounded-window form is
   * `ExtendedVenue.getFundingHistory`.
   */
  async getFundingHistory(market: string, startTime: number, endTime = this.now()): Promise<ExtendedFundingRecord[]> {
    const { items } = await collectPages({
      fetchPage: async (cursor, limit) => {
        const r = await this.api.getFundingHistory({
          market,
          startTime,
          endTime,
          limit,
          ...(cursor !== undefined ? { cursor } : {}),
        });
        return { items: r.records, next: r.cursor };
      },
      timeOf: (r) => r.T,
      keyOf: (r) => String(r.T),
      since: startTime,
      until: endTime,
      limit: EXTENDED_FUNDING_MAX_PAGES * EXTENDED_FUNDING_PAGE_SIZE,
      pageSize: EXTENDED_FUNDING_PAGE_SIZE,
      maxPages: EXTENDED_FUNDING_MAX_PAGES,
      order: 'newest-first',
    });
    return items.reverse();
  }

  // ───────────────────────────── trading ─────────────────────────────

  /** Throws the ConfigError naming the missing keys when this client cannot sign orders. */
  assertCanSign(): void {
    this.requireAccount();
  }

  /**
   * Signs an order for `market` (venue name, or the market itself) with the client's Stark key under the venue's
   * domain. `fee` defaults to the options' `feeRate`, else the account's max(maker, taker) for the market (as the
   * official TS examples); `nonce` to the options' source. Send the body with {@link ExtendedClient.placeOrder}.
   * `build` does the validation, hashing and signing (default: {@link buildOrder} on this thread; an
   * {@link OrderBuilder} may run it elsewhere, e.g. on a worker thread).
   */
  async buildOrder(
    market: string | ExtendedMarket,
    params: ExtendedClientBuildOrderParameters,
    build: OrderBuilder = buildOrder,
  ): Promise<BuildOrderReturnType> {
    const account = this.requireAccount();
    const m = typeof market === 'string' ? await this.market(market) : market;
    const [domain, fee] = await Promise.all([
      this.domain(),
      params.fee !== undefined ? params.fee : this.feeRate(m.name),
    ]);
    const full: BuildOrderParameters = {
      ...params,
      fee,
      nonce: params.nonce ?? (this.options.nonce ?? defaultNonce)(),
      market: orderMarketConfig(m),
      account,
      domain,
      ...(this.starkNonces ? { nonces: this.starkNonces } : {}),
    };
    if (build === buildOrder) return buildOrder(full);
    return checkBuilt(full, await build(full));
  }

  /**
   * OPT-IN: signs this client's orders with precomputed nonces from `pool` (undefined: back to the deterministic
   * RFC 6979 signatures, the default). See {@link StarkNoncePool}.
   */
  useStarkNonces(pool: StarkNoncePool | undefined): void {
    this.starkNonces = pool;
  }

  /**
   * Sends a signed order (`POST /user/order`, deadline `orderTimeoutMs`); `text`: the body's exact JSON, made ahead.
   * The acknowledgement is not a fill.
   * @throws VenueRejectedError carrying the body's id as `clientOrderId`; UnknownOutcomeError on a timeout.
   */
  async placeOrder(body: ExtendedOrderBody, text?: string): Promise<ExtendedPlacedOrder> {
    try {
      return await this.api.placeOrder({
        body,
        ...(text !== undefined ? { text } : {}),
        ...(this.options.orderTimeoutMs !== undefined ? { timeoutMs: this.options.orderTimeoutMs } : {}),
      });
    } catch (e) {
      throw withClientOrderId(e, body.id);
    }
  }

  /**
   * Arms the dead man's switch: every open order is cancelled unless this is called again within
   * `countdownSeconds`; 0 disarms. Call it periodically (e.g. every countdown / 3).
   */
  async setDeadManSwitch(countdownSeconds: number): Promise<void> {
    await this.api.setDeadManSwitch({ countdownSeconds });
  }

  /** The SNIP-12 domain orders are signed under (options, else `GET /info/starknet` once). */
  domain(): Promise<StarknetDomain> {
    if (!this.domainPromise) {
      // `/info/starknet` has no recorded answer (test/fixtures/real/README.md): on the venue's own hosts a failed fetch
      // falls back to the documented domain of that network, so orders never depend on that endpoint alone.
      const fallback = this.options.restUrl === undefined ? this.networkDomain : undefined;
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

  // ───────────────────────────── streams ─────────────────────────────

  /** Any v1 topic (`/orderbooks/BTC-USD`, `/account`, …) with its raw envelopes and connection generation. */
  subscribe(p: OpenStreamParameters): Promise<ExtendedSubscription> {
    return this.sockets.open(p);
  }

  /** Public trades of a market (`/publicTrades/{market}`). */
  subscribeTrades(market: string, onTrades: (trades: ExtendedPublicTrade[]) => void): Promise<ExtendedSubscription> {
    return this.sockets.topic(
      `/publicTrades/${encodeURIComponent(market)}`,
      z.array(publicTradeSchema),
      onTrades,
      false,
    );
  }

  /** Applied hourly funding rates (`/funding/{market}`). */
  subscribeFundingRates(
    market: string,
    onRate: (record: ExtendedFundingRecord) => void,
  ): Promise<ExtendedSubscription> {
    return this.sockets.topic(`/funding/${encodeURIComponent(market)}`, fundingRecordSchema, onRate, false);
  }

  /** Mark or index price pushes (`/prices/mark|index/{market}`). */
  subscribePrice(
    market: string,
    kind: 'mark' | 'index',
    onPrice: (price: { market: string; price: Decimal; timestamp: number }) => void,
  ): Promise<ExtendedSubscription> {
    return this.sockets.topic(
      `/prices/${kind}/${encodeURIComponent(market)}`,
      streamPriceSchema,
      // Live frames carry `"ts": 0` inside `data`; the envelope's `ts` is the price's time.
      (d, env) => onPrice({ market: d.m, price: d.p, timestamp: priceTime(env.ts, d.ts) ?? this.now() }),
      60_000,
    );
  }

  /** Candle pushes (`/candles/{market}/{type}?interval=`), newest candle updated every 1–10 s. */
  subscribeCandles(
    market: string,
    candleType: ExtendedCandleType,
    interval: string,
    onCandles: (candles: ExtendedCandle[]) => void,
  ): Promise<ExtendedSubscription> {
    return this.sockets.topic(
      `/candles/${encodeURIComponent(market)}/${candleType}?interval=${encodeURIComponent(interval)}`,
      z.array(candleSchema),
      onCandles,
      60_000,
    );
  }

  /** Closes every stream; a closed client opens no new one. */
  async close(): Promise<void> {
    await this.sockets.close();
  }

  // ───────────────────────────── internals ─────────────────────────────

  private requireAccount(): Readonly<{ vault: string | number | bigint; privateKey: string; publicKey: string }> {
    if (!this.account) {
      throw new ConfigError([
        { key: 'starkPrivateKey', problem: 'required to sign orders' },
        { key: 'vault', problem: 'required to sign orders (l2Vault of /user/account/info)' },
      ]);
    }
    return this.account;
  }

  /**
   * The fee cap signed into `market`'s orders when none is given: the options' `feeRate`, else the account's
   * max(maker, taker) from the cached fee table, without a request; undefined when the table is not loaded or is
   * older than its TTL.
   */
  cachedFeeRate(market: string): Decimal | undefined {
    if (this.options.feeRate !== undefined) return toDecimal(this.options.feeRate, 'feeRate');
    if (!this.fees || Date.now() - this.fees.at >= EXTENDED_FEES_TTL_MS) return undefined;
    const f = this.fees.byMarket.get(market);
    return f ? feeCap(f) : undefined;
  }

  /**
   * The fee cap signed into `market`'s orders when none is given (what {@link ExtendedClient.buildOrder} uses): the
   * account's max(maker, taker), as the official TS examples.
   */
  async feeRate(market: string): Promise<Decimal> {
    if (this.options.feeRate !== undefined) return toDecimal(this.options.feeRate, 'feeRate');
    let f = (await this.feeTable(false)).get(market);
    if (!f) f = (await this.feeTable(true)).get(market);
    if (!f) {
      throw new InvalidInputError(`No fee rate for ${market} in /user/fees; pass feeRate`, {
        field: 'feeRate',
        venue: EXTENDED_VENUE,
      });
    }
    return feeCap(f);
  }
}

/** The fee cap signed into an order from the account's rates: max(maker, taker, 0). */
function feeCap(f: { makerFeeRate: Decimal; takerFeeRate: Decimal }): Decimal {
  return Decimal.max(f.makerFeeRate, f.takerFeeRate, 0);
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
