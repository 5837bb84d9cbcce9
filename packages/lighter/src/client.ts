import {
  type Clock,
  createHttpTransport,
  type Decimal,
  type DecimalInput,
  type HttpRetryOptions,
  type HttpTransport,
  InvalidInputError,
  NonceManager,
  type RateLimiter,
  TransportError,
  toDecimal,
  VenueRejectedError,
} from '@dn/core';
import {
  LIGHTER_DEFAULT_MARKET_SLIPPAGE,
  LIGHTER_MAINNET_URL,
  LIGHTER_MAX_BATCH_TXS,
  LIGHTER_TESTNET_URL,
  LIGHTER_TX_TTL_MS,
} from './config.js';
import { mapLighterError } from './errors.js';
import { toMarket } from './mappers.js';
import { acquireNonceManager, LighterNonceManager } from './nonce.js';
import { getAccount, getApiKeys, getNextNonce } from './rest/account.js';
import { type GetCandlesParameters, getCandles } from './rest/candles.js';
import type { LighterRestContext } from './rest/context.js';
import {
  type GetFundingsParameters,
  type GetPositionFundingParameters,
  getFundingRates,
  getFundings,
  getPositionFunding,
} from './rest/funding.js';
import { getOrderBookDetails, getOrderBookOrders, getOrderBooks } from './rest/markets.js';
import { getActiveOrders, getInactiveOrders, getTrades } from './rest/orders.js';
import { sendTx, sendTxBatch } from './rest/tx.js';
import { parseIndex } from './scale.js';
import { createAuthToken } from './signing/auth-token.js';
import { LIGHTER_CHAIN_ID, TX_ATTRIBUTE } from './signing/constants.js';
import { lighterPublicKey, parsePrivateKey } from './signing/keys.js';
import type { L2TxAttributes, SupportedTxType, TxFieldsByType } from './signing/tx-fields.js';
import { signTx } from './signing/tx-info.js';
import { type LighterMarketInfo, LighterMarkets } from './symbols.js';
import type { LighterDetailedAccount } from './wire.js';
import type { LighterStreamLogger } from './ws/account.js';
import { LighterStream } from './ws/stream.js';

export interface LighterClientOptions {
  /** Lighter account index (master < 2^47, sub-accounts ≥ 2^47). Strings are accepted as config files hold them. */
  accountIndex: number | bigint | string;
  /** API key index, 3 … 254 (0 … 2 are Lighter's own apps). */
  apiKeyIndex: number | string;
  /** 40-byte API private key hex (optional 0x). Never logged. */
  privateKey: string;
  /** REST root, default mainnet `https://mainnet.zklighter.elliot.ai` (endpoints add `/api/v1/…`). */
  restUrl?: string;
  /** Default `restUrl` with ws(s) and `/stream`. */
  wsUrl?: string;
  /** Signed into every tx hash. Default 300 when `restUrl` is the testnet host, else 304 (mainnet). */
  chainId?: number;
  /**
   * `sequential` (default): the venue's per-key nonce, one tx in flight per key (see LighterNonceManager).
   * `skip`: the skip-nonce attribute (4 = 1) with millisecond-timestamp nonces, so sends need not wait on each other.
   */
  nonceMode?: 'sequential' | 'skip';
  /** Market-order band around the best price, as a fraction (default 0.005 = 0.5 %); used by LighterVenue. */
  marketSlippage?: DecimalInput;
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
  /** Shared budget; endpoints pass their Lighter weight (LIGHTER_WEIGHT). Absent or `false`: no client-side limit. */
  rateLimiter?: RateLimiter | false;
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

/** Tx fields the client fills in itself (account, key, nonce, expiry). */
type TxBody<T extends SupportedTxType> = Omit<
  TxFieldsByType[T],
  'Nonce' | 'ExpiredAt' | 'AccountIndex' | 'ApiKeyIndex'
>;

/**
 * Lighter's own API: typed REST calls in Lighter's terms (market ids, scaled integers, wire types), tx signing and
 * sending, auth tokens, the market table and the raw `/stream` connection. `LighterVenue` adapts it to `PerpVenue`.
 *
 * - Every tx is signed locally (pure-TS Poseidon2 / ECgFp5 Schnorr) and sent through one nonce allocator per
 *   (account, API key).
 */
export class LighterClient {
  readonly accountIndex: bigint;
  readonly apiKeyIndex: number;
  readonly chainId: number;
  readonly http: HttpTransport;
  readonly clock: Pick<Clock, 'now'>;
  /** Validated `marketSlippage` (a fraction in (0, 1)). */
  readonly marketSlippage: Decimal;
  readonly logger: LighterStreamLogger;
  readonly onStreamError: ((e: Error) => void) | undefined;
  private readonly rest: LighterRestContext;
  private readonly privateKey: string;
  private readonly wsUrl: string;
  private readonly txTtlMs: number;
  private readonly authLifetime: number;
  private readonly nonceMode: 'sequential' | 'skip';
  private readonly nonceLease: { manager: LighterNonceManager; release: () => void };
  private readonly skipNonces = new NonceManager();
  private cachedAuth: { token: string; deadline: number } | undefined;
  private markets: LighterMarkets | undefined;
  private marketsLoading: Promise<LighterMarkets> | undefined;
  private stream: LighterStream | undefined;
  private closed = false;

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
    const restUrl = (options.restUrl ?? LIGHTER_MAINNET_URL).replace(/\/+$/, '');
    this.chainId =
      options.chainId ?? (restUrl === LIGHTER_TESTNET_URL ? LIGHTER_CHAIN_ID.TESTNET : LIGHTER_CHAIN_ID.MAINNET);
    this.wsUrl = options.wsUrl ?? `${restUrl.replace(/^http/, 'ws')}/stream`;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.marketSlippage = toDecimal(options.marketSlippage ?? LIGHTER_DEFAULT_MARKET_SLIPPAGE, 'marketSlippage');
    if (!this.marketSlippage.gt(0) || !this.marketSlippage.lt(1)) {
      throw new InvalidInputError('marketSlippage must be in (0, 1)', {
        field: 'marketSlippage',
        value: this.marketSlippage.toString(),
        venue: 'lighter',
      });
    }
    this.authLifetime = options.authTokenLifetimeSeconds ?? 3600;
    this.txTtlMs = options.txTtlMs ?? LIGHTER_TX_TTL_MS;
    this.nonceMode = options.nonceMode ?? 'sequential';
    this.logger = options.logger ?? { warn: (details, message) => console.warn(message, details) };
    this.onStreamError = options.onStreamError;
    this.http =
      options.http ??
      createHttpTransport({
        baseUrl: restUrl,
        venue: 'lighter',
        numbers: 'string-all',
        mapError: mapLighterError,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
        ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
      });
    this.rest = { http: this.http, authToken: () => this.authToken() };
    const fetchNext = () => this.getNextNonce();
    // An injected transport may point anywhere: such a client keeps its own allocator.
    this.nonceLease = options.http
      ? { manager: new LighterNonceManager(fetchNext), release: () => {} }
      : acquireNonceManager(`${restUrl}|${this.accountIndex}|${this.apiKeyIndex}`, fetchNext);
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
  getFundingHistory(params: GetFundingsParameters) {
    return getFundings(this.rest, params);
  }
  getPositionFunding(params: Omit<GetPositionFundingParameters, 'accountIndex'>) {
    return getPositionFunding(this.rest, { ...params, accountIndex: this.accountIndex });
  }
  /** Candles of one market by Lighter resolution (`LighterVenue.getCandles` takes core's CandleQuery). */
  getCandles(params: GetCandlesParameters) {
    return getCandles(this.rest, params);
  }
  getAccount(accountIndex: bigint = this.accountIndex) {
    return getAccount(this.rest, { accountIndex });
  }
  getApiKeys(apiKeyIndex = 255) {
    return getApiKeys(this.rest, { accountIndex: this.accountIndex, apiKeyIndex });
  }
  getNextNonce() {
    return getNextNonce(this.rest, { accountIndex: this.accountIndex, apiKeyIndex: this.apiKeyIndex });
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

  /** This client's own account row of `GET /api/v1/account`. @throws VenueRejectedError when it is not listed. */
  async getDetailedAccount(): Promise<LighterDetailedAccount> {
    const r = await this.getAccount();
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

  // ───────────── txs ─────────────

  /**
   * Signs and sends one tx with the next nonce (and re-signs once with a fresh nonce after "invalid nonce").
   * `body` is the tx fields without Nonce / ExpiredAt / AccountIndex / ApiKeyIndex.
   */
  async sendTx<T extends SupportedTxType>(
    txType: T,
    body: TxBody<T>,
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
    txs: readonly { txType: SupportedTxType; body: TxBody<SupportedTxType> }[],
  ): Promise<LighterSendResult[]> {
    this.assertOpen();
    if (txs.length === 0 || txs.length > LIGHTER_MAX_BATCH_TXS) {
      throw new InvalidInputError(`A Lighter batch holds 1 … ${LIGHTER_MAX_BATCH_TXS} txs`, {
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

  private sign<T extends SupportedTxType>(txType: T, body: TxBody<T>, nonce: bigint): string {
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
          this.markets = new LighterMarkets(perps.map(toMarket));
          return this.markets;
        })
        .finally(() => {
          this.marketsLoading = undefined;
        });
    }
    return this.marketsLoading;
  }

  /** The market of a unified symbol ("ETH"); an unknown symbol re-reads the market list once before failing. */
  async market(symbol: string): Promise<LighterMarketInfo> {
    const markets = await this.loadMarkets();
    if (!markets.symbols.has(symbol)) return (await this.loadMarkets(true)).get(symbol);
    return markets.get(symbol);
  }

  // ───────────── stream ─────────────

  /** The underlying `/stream` connection (created on first use), e.g. to subscribe raw channels or watch reconnects. */
  get ws(): LighterStream {
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

  /** Releases the nonce allocator and closes the stream. The client is unusable afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.nonceLease.release();
    await this.stream?.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new TransportError('LighterClient is closed', { venue: 'lighter' });
  }
}
