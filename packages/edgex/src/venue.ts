import { randomUUID } from 'node:crypto';
import {
  type AccountEvent,
  type Balance,
  bookSubscriptionDepth,
  type Candle,
  type CandleInterval,
  type CandleQuery,
  type Decimal,
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
  normalizeOrder,
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
  toDecimal,
  type UnifiedSymbol,
  VenueRejectedError,
} from '@dn/core';
import { EdgexClient, type EdgexClientOptions } from './client.js';
import { EDGEX_ORDER_RULES } from './config.js';
import {
  appliedLeverage,
  toBalance,
  toBookSnapshot,
  toCandle,
  toFill,
  toFundingPayment,
  toFundingRate,
  toMarket,
  toOrder,
  toPositions,
  toPublicTrade,
  toStats,
} from './mappers.js';
import type { EdgexKlineType } from './rest/quote.js';
import type { OrderSide, TimeInForce as WireTimeInForce } from './signing/types.js';
import { subscribeAccountEvents } from './venue/account-stream.js';
import { fundingHistory } from './venue/funding-history.js';
import { collectPages, timeFilter } from './venue/paging.js';
import type { EdgexFill, EdgexOrder } from './wire.js';

const CANDLE_TYPES: Record<CandleInterval, EdgexKlineType> = {
  '1m': 'MINUTE_1',
  '5m': 'MINUTE_5',
  '15m': 'MINUTE_15',
  '30m': 'MINUTE_30',
  '1h': 'HOUR_1',
  '4h': 'HOUR_4',
  '1d': 'DAY_1',
};

/**
 * edgeX as a venue-neutral `PerpVenue` (unified symbols, Decimal amounts, core order rules), over an `EdgexClient`
 * (`venue.client`) for everything in edgeX's own terms.
 *
 * @example
 * const edgex = new EdgexVenue({ accountId, apiKey, passphrase, secret, tradingPrivateKey });
 * const funding = await edgex.getFunding('BTC'); // intervalHours from the contract's fundingRateIntervalMin
 * const { clientOrderId } = await edgex.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.01', price: '60000' });
 */
export class EdgexVenue implements PerpVenue {
  readonly id = 'edgex';
  readonly client: EdgexClient;

  constructor(options: EdgexClientOptions | EdgexClient = {}) {
    this.client = options instanceof EdgexClient ? options : new EdgexClient(options);
  }

  async getMarkets(): Promise<Market[]> {
    const symbols = await this.client.symbols();
    return symbols.all().map((c) => toMarket(c, symbols));
  }

  async getOrderBook(symbol: UnifiedSymbol, depth = 15): Promise<OrderBookSnapshot> {
    const symbols = await this.client.symbols();
    const contractId = symbols.contractIdOf(symbol);
    const d = await this.client.getDepth({ contractId, level: depth <= 15 ? 15 : 200 });
    return toBookSnapshot(d, symbols, this.client.now(), depth);
  }

  async getFunding(symbol: UnifiedSymbol): Promise<FundingRate> {
    const symbols = await this.client.symbols();
    const contract = symbols.contractOf(symbol);
    const fr = await this.client.getLatestFundingRate({ contractId: contract.contractId });
    return toFundingRate(fr, symbols, contract.fundingRateIntervalMin, this.client.now());
  }

  /**
   * Every contract's stats; funding is the rate that settles next (`getLatestFundingRate`, all contracts in one
   * call), never the ticker's forecast. A contract without a funding record is left out rather than guessed.
   */
  async getAllStats(): Promise<MarketStats[]> {
    const symbols = await this.client.symbols();
    const [tickers, rates] = await Promise.all([this.client.getTicker(), this.client.getLatestFundingRates()]);
    const byContract = new Map(rates.map((r) => [r.contractId, r]));
    const now = this.client.now();
    const out: MarketStats[] = [];
    for (const t of tickers) {
      const fr = byContract.get(t.contractId);
      if (fr && symbols.map.has(symbols.symbolOf(t.contractId))) out.push(toStats(t, fr, symbols, now));
    }
    return out;
  }

  async getBalance(): Promise<Balance> {
    const [symbols, asset] = await Promise.all([this.client.symbols(), this.client.getAccountAsset()]);
    return toBalance(asset, symbols);
  }

  async getPositions(): Promise<Position[]> {
    const [symbols, asset] = await Promise.all([this.client.symbols(), this.client.getAccountAsset()]);
    return toPositions(asset, symbols);
  }

  async getOpenOrders(symbol?: UnifiedSymbol): Promise<Order[]> {
    const symbols = await this.client.symbols();
    const filter = symbol === undefined ? undefined : [symbols.contractIdOf(symbol)];
    const list = await collectPages<EdgexOrder>(
      (offsetData) =>
        this.client.getActiveOrderPage({
          size: 200,
          ...(offsetData ? { offsetData } : {}),
          ...(filter ? { filterContractIdList: filter } : {}),
        }),
      Number.POSITIVE_INFINITY,
    );
    return list.map((o) => toOrder(o, symbols));
  }

  async getOrder(query: OrderQuery): Promise<Order | null> {
    const symbols = await this.client.symbols();
    const find = async (history: boolean): Promise<EdgexOrder | undefined> => {
      const list =
        query.orderId !== undefined
          ? await this.client.getOrderById([query.orderId], history)
          : await this.client.getOrderByClientOrderId([requireClientId(query)], history);
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
    this.client.assertCredentials();
    const symbols = await this.client.symbols();
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
      defaultSlippage: this.client.marketSlippage,
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
    const orderId = await this.client.createOrder({
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
        ? await this.client.cancelOrderById([query.orderId])
        : await this.client.cancelOrderByClientOrderId([key]);
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
    const filter =
      symbol === undefined ? {} : { filterContractIdList: [(await this.client.symbols()).contractIdOf(symbol)] };
    const res = await this.client.cancelAllOrder(filter);
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
    const contractId = (await this.client.symbols()).contractIdOf(symbol);
    await this.client.updateLeverageSetting({ contractId, leverage: lev.toFixed() });
  }

  /**
   * The leverage edgeX applies to the symbol, read from the account's trade settings (the contract's
   * `isSetMaxLeverage`/`maxLeverage`, else the account default); undefined when the account sets none.
   */
  async getLeverage(symbol: UnifiedSymbol): Promise<Decimal | undefined> {
    const contractId = (await this.client.symbols()).contractIdOf(symbol);
    const asset = await this.client.getAccountAsset();
    return appliedLeverage(asset.account ?? (await this.client.getAccountById()), contractId);
  }

  /**
   * Settled funding rates (`getFundingRatePage` rows with `isSettlement: true`), oldest first; public. `time` is
   * the row's `fundingTime`; `intervalHours` its `fundingRateIntervalMin`. See `venue/funding-history.ts` for paging.
   */
  getFundingHistory(query: FundingHistoryQuery): Promise<FundingRecord[]> {
    return fundingHistory(this.client, query);
  }

  /** Candles of the last price, oldest first. */
  async getCandles(query: CandleQuery): Promise<Candle[]> {
    const symbols = await this.client.symbols();
    const contractId = symbols.contractIdOf(query.symbol);
    const klineType = CANDLE_TYPES[query.interval];
    if (!klineType)
      throw new InvalidInputError('unsupported candle interval', {
        field: 'interval',
        value: query.interval,
        venue: 'edgex',
      });
    const limit = query.limit ?? 1000;
    const list = await collectPages(
      (offsetData) =>
        this.client.getKline({
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
    const symbols = await this.client.symbols();
    const filter = query.symbol === undefined ? undefined : [symbols.contractIdOf(query.symbol)];
    const limit = query.limit ?? 500;
    const list = await collectPages<EdgexFill>(
      (offsetData) =>
        this.client.getHistoryOrderFillTransactionPage({
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
    const symbols = await this.client.symbols();
    const filter = query.symbol === undefined ? undefined : [symbols.contractIdOf(query.symbol)];
    const limit = query.limit ?? 500;
    const list = await collectPages(
      (offsetData) =>
        this.client.getPositionTransactionPage({
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

  /**
   * The book from `depth.{contractId}.15` (snapshot + CHANGED checked by version), at most `options.depth` levels per
   * side (default 15); a depth above 15 reads the 200-level channel instead, so at most 200.
   * @throws InvalidInputError when `options.depth` is not a positive integer (nothing is subscribed)
   */
  async subscribeOrderBook(
    symbol: UnifiedSymbol,
    onBook: (book: OrderBookSnapshot) => void,
    options?: SubscribeOrderBookOptions,
  ): Promise<Subscription> {
    const depth = bookSubscriptionDepth(options, 15, this.id);
    const symbols = await this.client.symbols();
    const level = depth > 15 ? 200 : 15;
    return this.client.publicStream().subscribeDepth(symbols, symbols.contractIdOf(symbol), level, onBook, depth);
  }

  /** Public prints from `trades.{contractId}`; `side` is the taker's (`isBuyerMaker` false = buy). */
  async subscribeTrades(symbol: UnifiedSymbol, onTrade: (trade: PublicTrade) => void): Promise<Subscription> {
    const symbols = await this.client.symbols();
    return this.client
      .publicStream()
      .subscribeTrades(symbols.contractIdOf(symbol), (t) => onTrade(toPublicTrade(t, symbols)));
  }

  /**
   * Account events: orders, fills and funding from the private stream; positions and balance re-read from REST
   * when the stream says they changed (the stream's position records carry no mark price or PnL). After a drop,
   * `reconnected` comes once the venue accepts the new connection, before its Snapshot.
   */
  subscribeAccount(onEvent: (event: AccountEvent) => void): Promise<Subscription> {
    return subscribeAccountEvents(this.client, onEvent);
  }

  /** Closes the client's streams. */
  close(): Promise<void> {
    return this.client.close();
  }

  /** Best opposite price from the top 15 levels (a market order without a price is priced from it). */
  private async bestPrice(contractId: string, side: 'buy' | 'sell'): Promise<Decimal> {
    const symbols = await this.client.symbols();
    const book = toBookSnapshot(await this.client.getDepth({ contractId, level: 15 }), symbols, this.client.now());
    const best = side === 'buy' ? book.asks[0]?.price : book.bids[0]?.price;
    if (!best) {
      throw new InvalidInputError('No liquidity on the side a market order would take; give an explicit price', {
        field: 'price',
        venue: 'edgex',
      });
    }
    return best;
  }
}

function requireClientId(query: OrderQuery): string {
  if (query.clientOrderId === undefined || query.clientOrderId === '') {
    throw new InvalidInputError('orderId or clientOrderId is required', { field: 'clientOrderId', venue: 'edgex' });
  }
  return query.clientOrderId;
}
