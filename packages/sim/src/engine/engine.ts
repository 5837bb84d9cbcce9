import {
  type Candle,
  type Clock,
  type Decimal,
  type DecimalInput,
  InvalidInputError,
  type PlaceOrderParameters,
  roundToStep,
  type TimerHandle,
  TypedEmitter,
  toDecimal,
  type VenueId,
} from '@dn/core';
import { type AccountState, newAccount, queryHistory } from './account.js';
import { EngineCore, newMarketState, type SelfTradePrevention } from './engine-core.js';
import { engineConfig, type SimAccountInit, type SimEngineOptions } from './engine-options.js';
import { SimRejectError } from './errors.js';
import { EngineFaults } from './faults.js';
import { changeLeverage, checkLeverage, leverageOf, positionView, summary } from './margin.js';
import { activity, bookView, candlesOf, fundingInfo, recentTrades } from './market-data.js';
import { defaultMarkets, isKnownVenue, listedSymbols, type SimMarket } from './markets.js';
import { cancelResting, enterOrder, findOrder } from './matching.js';
import { validateOrder } from './order-validation.js';
import { markAt, midAt } from './prices.js';
import { runProcesses } from './processes.js';
import { seedFor } from './random.js';
import {
  decodeEngineState,
  encodeEngineState,
  exportCoreState,
  importCoreState,
  type SimEngineSnapshot,
} from './snapshot.js';
import { checkTakerFlow, type TakerFlowConfig } from './taker-flow.js';
import { generatedPrints, mergePrints } from './trade-tape.js';
import type {
  LedgerEntry,
  SimAccountSummary,
  SimBook,
  SimEngineEvents,
  SimFill,
  SimFundingInfo,
  SimFundingPayment,
  SimFundingRecord,
  SimHistoryQuery,
  SimOrder,
  SimPlaceResult,
  SimPosition,
  SimStats,
  SimTrade,
} from './types.js';
import type { SimWorld } from './world.js';

export type { SelfTradePrevention, SimAccountInit, SimEngineOptions };

interface RestoreState {
  cursor: number;
}

/**
 * One simulated venue: books around the world price, matching, cross margin, funding and liquidation, with a ledger
 * of every cash movement. All state moves forward lazily: every API call first runs `advance()` to `clock.now()`.
 * Deterministic for a given world, seed, sequence of calls and their times.
 */
export class SimEngine {
  readonly venue: VenueId;
  readonly world: SimWorld;
  readonly clock: Clock;
  readonly seed: number;
  readonly faults: EngineFaults;
  readonly events: TypedEmitter<SimEngineEvents>;
  private readonly marketList: SimMarket[];
  private readonly core: EngineCore;
  private advancing = false;
  /**
   * True while events are handed to listeners. A listener's reads see the engine at the events' time instead of
   * moving it on: on a clock running thousands of times faster than real time, each read would otherwise find new
   * grid seconds, queue a book event for every market and flush again inside the flush, without end.
   */
  private flushing = false;
  private driver: TimerHandle | undefined;
  /** Markets someone follows the whole tape of (`watchTrades`), with how many watchers. */
  private readonly tradeWatchers = new Map<string, number>();

  /** `restore` is internal to `SimEngine.restore()`; leave it out. */
  constructor(options: SimEngineOptions, restore?: RestoreState) {
    this.venue = options.venue;
    this.world = options.world;
    this.clock = options.clock;
    this.seed = options.seed >>> 0;
    this.faults = new EngineFaults(seedFor(this.seed, 'faults'));
    const onErr =
      options.onListenerError ??
      ((e: unknown) => {
        queueMicrotask(() => {
          throw e;
        });
      });
    this.events = new TypedEmitter<SimEngineEvents>(onErr);
    const config = engineConfig(options);
    let markets = options.markets;
    if (!markets) {
      if (!isKnownVenue(this.venue)) {
        throw new InvalidInputError(`no default markets for venue ${this.venue}: pass markets`, { field: 'markets' });
      }
      markets = defaultMarkets(this.venue, listedSymbols(this.venue, this.world.symbols()));
    }
    this.marketList = markets;
    const core = new EngineCore(this.venue, this.world, config, restore?.cursor ?? this.clock.now());
    this.core = core;
    markets.forEach((m, index) => {
      if (!this.world.has(m.symbol)) {
        throw new InvalidInputError(`market ${m.symbol} has no price path in the world`, {
          field: 'markets',
          value: m.symbol,
          expected: this.world.symbols().join(', '),
        });
      }
      core.marketStates.set(m.symbol, newMarketState(m, index, this.seed, config.recoveryMs, this.world.originMs));
    });
    for (const a of options.accounts ?? []) {
      const acct = this.createAccountState(a.id);
      for (const [sym, lev] of Object.entries(a.leverage ?? {})) {
        acct.leverage.set(sym, checkLeverage(core.requireMarket(sym).market, lev));
      }
      if (a.collateral !== undefined && !toDecimal(a.collateral, 'collateral').isZero()) {
        this.deposit(a.id, a.collateral);
      }
    }
    core.queue = [];
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  /**
   * Calls `advance()` every `intervalMs` of the engine's clock (virtual or real), so events flow without API calls.
   */
  start(intervalMs = 1_000): void {
    this.stop();
    const tick = (): void => {
      this.driver = this.clock.setTimeout(tick, intervalMs);
      this.advance();
    };
    this.driver = this.clock.setTimeout(tick, intervalMs);
  }

  stop(): void {
    if (this.driver) this.clock.clearTimeout(this.driver);
    this.driver = undefined;
  }

  /**
   * Turns on (or off, with undefined) other participants' market orders hitting users' resting orders, from now on.
   * Not part of snapshots: a restored engine has it off until set again.
   * @throws InvalidInputError on a bad parameter
   */
  setTakerFlow(config: TakerFlowConfig | undefined): void {
    this.advance();
    this.core.takerFlow = config === undefined ? undefined : checkTakerFlow(config);
  }

  /** Time up to which the engine has processed market data, funding, resting orders and liquidations. */
  processedUntil(): number {
    return this.core.cursor;
  }

  /**
   * Brings the engine to clock.now(): resting-order fills as the mid moves through them, expiries, funding at every
   * interval boundary, margin checks on the liquidation grid, in time order. Idempotent; re-entrant calls are no-ops.
   */
  advance(): void {
    if (this.advancing || this.flushing) return;
    const target = this.clock.now();
    if (target <= this.core.cursor) {
      this.flush();
      return;
    }
    this.advancing = true;
    const from = this.core.cursor;
    try {
      const queued = this.core.queue.length;
      runProcesses(this.core, target);
      if (this.events.listenerCount('trade') > 0) {
        const prints = generatedPrints(this.core, from, target, this.tradeWatchers);
        this.core.queue = mergePrints(this.core.queue, queued, prints);
      }
    } finally {
      this.advancing = false;
    }
    this.flush();
  }

  // ───────────────────────────── market data ─────────────────────────────

  markets(): SimMarket[] {
    return this.marketList.map((m) => ({ ...m }));
  }

  market(symbol: string): SimMarket {
    return { ...this.core.requireMarket(symbol).market };
  }

  /** Stops (or resumes) trading in one market, as a venue does ahead of a delisting: new orders are rejected. */
  setMarketActive(symbol: string, active: boolean): void {
    this.core.requireMarket(symbol).market.active = active;
  }

  /** Venue mid (world price × (1 + basis)) at the grid point in force now. */
  midPrice(symbol: string): Decimal {
    this.advance();
    return midAt(this.world, this.core.requireMarket(symbol), this.core.cursor);
  }

  markPrice(symbol: string): Decimal {
    this.advance();
    return markAt(this.world, this.core.requireMarket(symbol), this.core.cursor);
  }

  /** The world price, on this market's tick grid. */
  indexPrice(symbol: string): Decimal {
    this.advance();
    const mkt = this.core.requireMarket(symbol);
    return roundToStep(this.world.priceDecimal(symbol, this.core.cursor), mkt.market.tickSize);
  }

  /** Generated liquidity net of what was taken, plus users' resting orders, aggregated per price. */
  book(symbol: string, depth = 20): SimBook {
    this.advance();
    return bookView(this.world, this.core.requireMarket(symbol), this.core.cursor, depth);
  }

  funding(symbol: string): SimFundingInfo {
    this.advance();
    return fundingInfo(this.world, this.core.requireMarket(symbol), this.core.cursor);
  }

  /**
   * Rates settled since the engine started (the newest 20 000), oldest first; `keep: 'oldest'` makes `limit` keep
   * the oldest of the range instead of the newest (paging forward).
   */
  fundingHistory(
    symbol: string,
    q: Omit<SimHistoryQuery, 'symbol'> & { keep?: 'newest' | 'oldest' } = {},
  ): SimFundingRecord[] {
    this.advance();
    return this.core.requireMarket(symbol).fundingHistory.query(q);
  }

  stats(symbol: string): SimStats {
    this.advance();
    const mkt = this.core.requireMarket(symbol);
    const t = this.core.cursor;
    const m = mkt.market;
    const { bestBid, bestAsk, volume24h, openInterest } = activity(this.core, mkt, t);
    const last = this.trades(symbol, 1)[0];
    return {
      symbol,
      markPrice: markAt(this.world, mkt, t),
      indexPrice: roundToStep(this.world.priceDecimal(symbol, t), m.tickSize),
      lastPrice: last?.price ?? markAt(this.world, mkt, t),
      bestBid,
      bestAsk,
      volume24h,
      openInterest,
      funding: this.funding(symbol),
      time: t,
    };
  }

  /**
   * Asks for every generated print of `symbol` as a `trade` event, however far an advance jumps (up to a day; the
   * events of other markets' generated prints stop once an advance covers more than 10 s). Users' prints, the
   * taker flow's included, are always emitted. Returns the function that withdraws the request.
   * @throws SimRejectError UNKNOWN_SYMBOL
   */
  watchTrades(symbol: string): () => void {
    this.core.requireMarket(symbol);
    this.advance();
    this.tradeWatchers.set(symbol, (this.tradeWatchers.get(symbol) ?? 0) + 1);
    let on = true;
    return () => {
      if (!on) return;
      on = false;
      const n = (this.tradeWatchers.get(symbol) ?? 1) - 1;
      if (n <= 0) this.tradeWatchers.delete(symbol);
      else this.tradeWatchers.set(symbol, n);
    };
  }

  /** Newest first: users' prints merged with the generated background tape. */
  trades(symbol: string, limit = 50): SimTrade[] {
    this.advance();
    return recentTrades(this.world, this.core.requireMarket(symbol), this.core.cursor, limit);
  }

  /**
   * OHLC of the venue mid from the price grid (1 s points for intervals up to 5 min, 1 min points up to a day,
   * hourly beyond), oldest first. Only the past: the candle in progress ends at now. Volume is the background flow.
   */
  candles(symbol: string, intervalMs: number, since: number, until: number = this.clock.now()): Candle[] {
    this.advance();
    const mkt = this.core.requireMarket(symbol);
    return candlesOf(this.world, mkt, intervalMs, since, Math.min(until, this.core.cursor));
  }

  // ───────────────────────────── accounts ─────────────────────────────

  hasAccount(accountId: string): boolean {
    return this.core.accounts.has(accountId);
  }

  accountIds(): string[] {
    return [...this.core.accounts.keys()];
  }

  /** Creates an empty account if it does not exist yet. */
  ensureAccount(accountId: string): void {
    if (!this.core.accounts.has(accountId)) this.createAccountState(accountId);
  }

  /** Credits collateral (USD); creates the account when new. */
  deposit(accountId: string, amount: DecimalInput): SimAccountSummary {
    this.advance();
    const a = toDecimal(amount, 'amount');
    if (!a.gt(0) || a.decimalPlaces() > 8) {
      throw new SimRejectError('INVALID_PARAMS', 'deposit must be > 0 with at most 8 decimals', {
        accountId,
        field: 'amount',
        value: a.toString(),
      });
    }
    const acct = this.core.accounts.get(accountId) ?? this.createAccountState(accountId);
    this.core.ledgerAdd(acct, 'deposit', a, this.core.cursor, {});
    this.flush();
    return summary(this.core, acct);
  }

  account(accountId: string): SimAccountSummary {
    this.advance();
    return summary(this.core, this.core.requireAccount(accountId));
  }

  /** Open positions (non-zero size). */
  positions(accountId: string): SimPosition[] {
    this.advance();
    const acct = this.core.requireAccount(accountId);
    const out: SimPosition[] = [];
    for (const [sym, p] of acct.positions) if (!p.size.isZero()) out.push(positionView(this.core, acct, sym, p));
    return out;
  }

  leverage(accountId: string, symbol: string): Decimal {
    return leverageOf(this.core, this.core.requireAccount(accountId), this.core.requireMarket(symbol).market);
  }

  openOrders(accountId: string, symbol?: string): SimOrder[] {
    this.advance();
    const acct = this.core.requireAccount(accountId);
    const out: SimOrder[] = [];
    for (const o of acct.open.values()) if (symbol === undefined || o.symbol === symbol) out.push({ ...o });
    return out;
  }

  /** Any retained order of the account, by venue id or client id. */
  order(accountId: string, query: { orderId?: string; clientOrderId?: string }): SimOrder | undefined {
    this.advance();
    const o = findOrder(this.core.requireAccount(accountId), query);
    return o ? { ...o } : undefined;
  }

  /** Retained orders of the account (open and terminal), oldest first. */
  orderHistory(accountId: string, q: SimHistoryQuery = {}): SimOrder[] {
    this.advance();
    const list = [...this.core.requireAccount(accountId).orders.values()];
    return queryHistory(list, (o) => o.createdAt, q).map((o) => ({ ...o }));
  }

  fills(accountId: string, q: SimHistoryQuery & { orderId?: string } = {}): SimFill[] {
    this.advance();
    const acct = this.core.requireAccount(accountId);
    const list = q.orderId === undefined ? acct.fills : acct.fills.filter((f) => f.orderId === q.orderId);
    return queryHistory(list, (f) => f.timestamp, q).map((f) => ({ ...f }));
  }

  fundingPayments(accountId: string, q: SimHistoryQuery = {}): SimFundingPayment[] {
    this.advance();
    return queryHistory(this.core.requireAccount(accountId).fundingPayments, (p) => p.timestamp, q).map((p) => ({
      ...p,
    }));
  }

  /** Every cash movement, oldest first. Σ amount equals the collateral exactly. */
  ledger(accountId: string, q: SimHistoryQuery = {}): LedgerEntry[] {
    this.advance();
    return queryHistory(this.core.requireAccount(accountId).ledger, (e) => e.time, q).map((e) => ({ ...e }));
  }

  setLeverage(accountId: string, symbol: string, leverage: DecimalInput): Decimal {
    this.advance();
    const acct = this.core.requireAccount(accountId);
    const m = this.core.requireMarket(symbol).market;
    const lev = changeLeverage(this.core, acct, m, leverage);
    this.flush();
    return lev;
  }

  // ───────────────────────────── trading ─────────────────────────────

  /**
   * Places an order. Returns it with the fills it got now; a repeated client order id returns the existing order
   * (`duplicate: true`) and places nothing.
   * @throws SimRejectError with a stable code; a rejected order leaves no trace.
   */
  placeOrder(accountId: string, params: PlaceOrderParameters): SimPlaceResult {
    this.advance();
    const acct = this.core.requireAccount(accountId);
    const cid = params.clientOrderId;
    if (cid !== undefined) {
      const existing = findOrder(acct, { clientOrderId: cid });
      if (existing) {
        return {
          order: { ...existing },
          fills: acct.fills.filter((f) => f.orderId === existing.id).map((f) => ({ ...f })),
          duplicate: true,
        };
      }
    }
    const valid = validateOrder(this.core, acct, accountId, params);
    const fault = this.faults.decide();
    if (fault.kind === 'reject') throw new SimRejectError(fault.code, fault.message, valid.ctx);
    const { order, fills } = enterOrder(
      this.core,
      acct,
      params,
      valid,
      fault.kind === 'partial' ? fault.fraction : undefined,
    );
    this.flush();
    return { order: { ...order }, fills: fills.map((f) => ({ ...f })), duplicate: false };
  }

  cancelOrder(accountId: string, query: { orderId?: string; clientOrderId?: string }): SimOrder {
    this.advance();
    const acct = this.core.requireAccount(accountId);
    const o = findOrder(acct, query);
    const ctx = { accountId, orderId: query.orderId, clientOrderId: query.clientOrderId };
    if (!o) throw new SimRejectError('ORDER_NOT_FOUND', 'no such order', ctx);
    if (!acct.open.has(o.id)) throw new SimRejectError('ORDER_NOT_OPEN', `order is ${o.status}`, ctx);
    cancelResting(this.core, acct, o, 'user', this.core.cursor);
    this.flush();
    return { ...o };
  }

  /** Cancels every open order of the account (of one symbol when given); returns them. */
  cancelAll(accountId: string, symbol?: string): SimOrder[] {
    this.advance();
    const acct = this.core.requireAccount(accountId);
    if (symbol !== undefined) this.core.requireMarket(symbol, accountId);
    const out: SimOrder[] = [];
    for (const o of [...acct.open.values()]) {
      if (symbol !== undefined && o.symbol !== symbol) continue;
      cancelResting(this.core, acct, o, 'cancel_all', this.core.cursor);
      out.push({ ...o });
    }
    this.flush();
    return out;
  }

  // ───────────────────────────── snapshot ─────────────────────────────

  /** JSON-serialisable state (decimals as strings): accounts, orders, fills, ledger, ids, books, funding, faults. */
  snapshot(): SimEngineSnapshot {
    this.advance();
    const core = exportCoreState(this.core);
    return encodeEngineState({
      venue: this.venue,
      seed: this.seed,
      world: this.world.describe(),
      cursor: core.cursor,
      options: core.options,
      markets: this.marketList,
      counters: core.counters,
      accounts: core.accounts,
      marketStates: core.marketStates,
      faults: this.faults.exportState(),
    });
  }

  /**
   * Rebuilds an engine from `snapshot()`. The world must be the same (seed and origin; rebuild it with
   * `SimWorld.fromDescriptor(snapshot.world, clock)`). Time resumes from the snapshot's processed time.
   */
  static restore(
    snapshot: SimEngineSnapshot,
    deps: { world: SimWorld; clock: Clock; onListenerError?: SimEngineOptions['onListenerError'] },
  ): SimEngine {
    const s = decodeEngineState(snapshot);
    if (deps.world.seed !== s.world.seed || deps.world.originMs !== s.world.originMs) {
      throw new InvalidInputError('snapshot was taken on a different world', {
        field: 'world',
        value: { seed: deps.world.seed, originMs: deps.world.originMs },
        expected: `seed ${s.world.seed}, origin ${s.world.originMs}`,
      });
    }
    const options: SimEngineOptions = {
      venue: s.venue,
      world: deps.world,
      clock: deps.clock,
      markets: s.markets,
      seed: s.seed,
      liquidityRecoveryMs: s.options.liquidityRecoveryMs,
      liquidationCheckMs: s.options.liquidationCheckMs,
      selfTradePrevention: s.options.selfTradePrevention,
      maxRetainedOrders: s.options.maxRetainedOrders,
    };
    if (s.options.defaultLeverage !== undefined) options.defaultLeverage = s.options.defaultLeverage;
    if (deps.onListenerError) options.onListenerError = deps.onListenerError;
    const e = new SimEngine(options, { cursor: s.cursor });
    importCoreState(e.core, s, e.seed);
    e.faults.importState(s.faults);
    return e;
  }

  // ───────────────────────────── internals: accounts ─────────────────────────────

  private createAccountState(id: string): AccountState {
    if (typeof id !== 'string' || id.length === 0) {
      throw new InvalidInputError('account id must be a non-empty string', { field: 'accountId', value: id });
    }
    const a = newAccount(id);
    this.core.accounts.set(id, a);
    return a;
  }

  /** Emits queued events, then one position/balance event per touched account and one book event per book. */
  private flush(): void {
    if (this.advancing || this.flushing) return;
    this.flushing = true;
    try {
      // Events queued by listeners (an order placed from a handler) go out in the same flush, in order.
      for (;;) {
        const q = this.core.takeEvents(
          this.events.listenerCount('position') > 0,
          this.events.listenerCount('balance') > 0,
        );
        if (q.length === 0) break;
        for (const { event, payload } of q) this.events.emit(event, payload as never);
      }
    } finally {
      this.flushing = false;
    }
  }
}
