import {
  type BookLevel,
  type Candle,
  type Clock,
  Decimal,
  type DecimalInput,
  floorToStep,
  InvalidInputError,
  type PlaceOrderParameters,
  roundToStep,
  type TimerHandle,
  TypedEmitter,
  toDecimal,
  type VenueId,
} from '@dn/core';
import { type AccountState, cash, newAccount, queryHistory, ZERO } from './account.js';
import { type EngineConfig, EngineCore, type SelfTradePrevention } from './engine-core.js';
import { SimRejectError } from './errors.js';
import { EngineFaults } from './faults.js';
import { FundingProcess } from './funding-process.js';
import { checkLeverage, checkLiquidations, leverageOf, positionView, summary } from './margin.js';
import { defaultMarkets, isKnownVenue, type SimMarket } from './markets.js';
import { cancelResting, findOrder, finish, insertResting, rest, retainOrder, take } from './matching.js';
import { validateOrder } from './order-validation.js';
import { backgroundTrades, markAt, midAt, midFloat, touch } from './prices.js';
import { anyPositions, expireOrders, nextExpiry, scanResting, settleFunding } from './processes.js';
import { seedFor, smoothNoise, uniformAt } from './random.js';
import { decodeEngineState, encodeEngineState, type SimEngineSnapshot } from './snapshot.js';
import { type BookSide, SyntheticBook } from './synthetic-book.js';
import type {
  LedgerEntry,
  SimAccountSummary,
  SimBook,
  SimCancelReason,
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
import { GRID_MS, HOUR_MS, type SimWorld } from './world.js';

export type { SelfTradePrevention };

export interface SimAccountInit {
  id: string;
  /** Initial deposit (a `deposit` ledger entry). */
  collateral?: DecimalInput;
  leverage?: Record<string, DecimalInput>;
}

export interface SimEngineOptions {
  venue: VenueId;
  world: SimWorld;
  clock: Clock;
  /** Default: `defaultMarkets(venue)` restricted to the world's symbols (required for unknown venues). */
  markets?: SimMarket[];
  accounts?: SimAccountInit[];
  /** Seeds the venue's own randomness (basis, book noise, funding, faults). */
  seed: number;
  /** Leverage of a market until `setLeverage`; default min(10, maxLeverage). */
  defaultLeverage?: DecimalInput;
  /** How long taken book liquidity takes to come back, ms. Default 10 000. */
  liquidityRecoveryMs?: number;
  /** Grid of margin checks, ms (a multiple of 1000). Default 60 000: liquidation happens at the first check after. */
  liquidationCheckMs?: number;
  /** What happens when a taker meets its own resting order. Default `cancel_resting`. */
  selfTradePrevention?: SelfTradePrevention;
  /** Terminal orders kept per account (oldest dropped). Default 50 000. */
  maxRetainedOrders?: number;
  /** Where errors thrown by event listeners go. Default: rethrown asynchronously (they surface, the engine goes on). */
  onListenerError?: (error: unknown, event: keyof SimEngineEvents) => void;
}

interface RestoreState {
  cursor: number;
}

const MAX_CANDLES = 5_000;
const BACKGROUND_TRADE_EVENT_WINDOW_MS = 10_000;

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
  private driver: TimerHandle | undefined;

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
    const defaultLeverage =
      options.defaultLeverage === undefined ? undefined : toDecimal(options.defaultLeverage, 'defaultLeverage');
    const recoveryMs = options.liquidityRecoveryMs ?? 10_000;
    const liqCheckMs = options.liquidationCheckMs ?? 60_000;
    if (!Number.isSafeInteger(liqCheckMs) || liqCheckMs < GRID_MS || liqCheckMs % GRID_MS !== 0) {
      throw new InvalidInputError('liquidationCheckMs must be a positive multiple of 1000', {
        field: 'liquidationCheckMs',
        value: liqCheckMs,
      });
    }
    const config: EngineConfig = {
      defaultLeverage,
      recoveryMs,
      liqCheckMs,
      stp: options.selfTradePrevention ?? 'cancel_resting',
      maxRetainedOrders: options.maxRetainedOrders ?? 50_000,
    };
    let markets = options.markets;
    if (!markets) {
      if (!isKnownVenue(this.venue)) {
        throw new InvalidInputError(`no default markets for venue ${this.venue}: pass markets`, { field: 'markets' });
      }
      markets = defaultMarkets(this.venue, this.world.symbols());
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
      core.marketStates.set(m.symbol, {
        market: m,
        book: new SyntheticBook(m, seedFor(this.seed, `book:${m.symbol}`), recoveryMs),
        funding: new FundingProcess(seedFor(this.seed, `funding:${m.symbol}`), m.funding, this.world.originMs),
        bids: [],
        asks: [],
        sequence: 0,
        lastGridT: -1,
        fundingHistory: [],
        trades: [],
        basisSeed: seedFor(this.seed, `basis:${m.symbol}`),
        tapeSeed: seedFor(this.seed, `tape:${m.symbol}`),
        index,
        priceCache: { gridT: Number.NaN, rev: -1, mid: ZERO, mark: ZERO },
      });
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

  /** Time up to which the engine has processed market data, funding, resting orders and liquidations. */
  processedUntil(): number {
    return this.core.cursor;
  }

  /**
   * Brings the engine to clock.now(): resting-order fills as the mid moves through them, expiries, funding at every
   * interval boundary, margin checks on the liquidation grid, in time order. Idempotent; re-entrant calls are no-ops.
   */
  advance(): void {
    if (this.advancing) return;
    const target = this.clock.now();
    if (target <= this.core.cursor) {
      this.flush();
      return;
    }
    this.advancing = true;
    const from = this.core.cursor;
    try {
      while (this.core.cursor < target) {
        const c = this.core.cursor;
        let end = Math.min(target, (Math.floor(c / HOUR_MS) + 1) * HOUR_MS);
        const positions = anyPositions(this.core);
        if (positions)
          end = Math.min(end, (Math.floor(c / this.core.config.liqCheckMs) + 1) * this.core.config.liqCheckMs);
        const expiry = nextExpiry(this.core, c);
        if (expiry !== undefined) end = Math.min(end, expiry);
        scanResting(this.core, c, end);
        this.core.cursor = end;
        if (expiry !== undefined && expiry <= end) expireOrders(this.core, end);
        if (end % HOUR_MS === 0) settleFunding(this.core, end);
        if (positions && end % this.core.config.liqCheckMs === 0) checkLiquidations(this.core, end);
      }
      const gridT = this.world.gridTime(target);
      for (const [sym, mkt] of this.core.marketStates) {
        mkt.funding.hourlyAt(target);
        if (mkt.lastGridT !== gridT) {
          mkt.lastGridT = gridT;
          mkt.book.prune(gridT);
          this.core.dirtyBooks.add(sym);
        }
      }
      if (target - from <= BACKGROUND_TRADE_EVENT_WINDOW_MS && this.events.listenerCount('trade') > 0) {
        for (const mkt of this.core.marketStates.values()) {
          const prints = backgroundTrades(this.world, mkt, from, target, Number.POSITIVE_INFINITY).reverse();
          for (const trade of prints) this.core.enqueue('trade', { trade });
        }
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
    const mkt = this.core.requireMarket(symbol);
    const t = this.core.cursor;
    const gridT = this.world.gridTime(t);
    const mid = midAt(this.world, mkt, t);
    const merge = (side: BookSide): BookLevel[] => {
      const levels = new Map<string, BookLevel>();
      for (const l of mkt.book.levels(side, mid, gridT, gridT)) levels.set(l.price.toString(), { ...l });
      for (const o of side === 'bid' ? mkt.bids : mkt.asks) {
        const key = (o.price as Decimal).toString();
        const rem = o.size.sub(o.filledSize);
        const l = levels.get(key);
        if (l) l.size = l.size.add(rem);
        else levels.set(key, { price: o.price as Decimal, size: rem });
      }
      const out = [...levels.values()];
      out.sort((a, b) => (side === 'bid' ? b.price.cmp(a.price) : a.price.cmp(b.price)));
      return out.slice(0, depth);
    };
    return { symbol, bids: merge('bid'), asks: merge('ask'), timestamp: t, sequence: mkt.sequence };
  }

  funding(symbol: string): SimFundingInfo {
    this.advance();
    const mkt = this.core.requireMarket(symbol);
    const m = mkt.market;
    const ivMs = m.fundingIntervalHours * HOUR_MS;
    return {
      symbol,
      rate: mkt.funding.rateAt(this.core.cursor, m.fundingIntervalHours, m.fundingRateCap),
      intervalHours: m.fundingIntervalHours,
      nextFundingTime: (Math.floor(this.core.cursor / ivMs) + 1) * ivMs,
      cap: m.fundingRateCap,
      markPrice: markAt(this.world, mkt, this.core.cursor),
      indexPrice: roundToStep(this.world.priceDecimal(symbol, this.core.cursor), m.tickSize),
    };
  }

  /** Rates settled since the engine started (oldest first). */
  fundingHistory(symbol: string, q: Omit<SimHistoryQuery, 'symbol'> = {}): SimFundingRecord[] {
    this.advance();
    return queryHistory(this.core.requireMarket(symbol).fundingHistory, (r) => r.time, q).map((r) => ({ ...r }));
  }

  stats(symbol: string): SimStats {
    this.advance();
    const mkt = this.core.requireMarket(symbol);
    const t = this.core.cursor;
    const m = mkt.market;
    const mid = midAt(this.world, mkt, t);
    const { bestBid, bestAsk } = touch(this.world, mkt, t);
    const day = 86_400_000;
    let userVolume = ZERO;
    for (const tr of mkt.trades) if (tr.time > t - day) userVolume = userVolume.add(tr.price.mul(tr.size));
    const bgVolume = new Decimal(
      (m.dailyVolumeUsd * (1 + 0.3 * Math.tanh(smoothNoise(mkt.tapeSeed, t, HOUR_MS, 1)))).toFixed(2),
    );
    let userOi = ZERO;
    for (const a of this.core.accounts.values()) {
      const p = a.positions.get(symbol);
      if (p?.size.gt(0)) userOi = userOi.add(p.size);
    }
    const bgOi = floorToStep(
      new Decimal(
        (
          (m.openInterestUsd * (1 + 0.2 * Math.tanh(smoothNoise(mkt.tapeSeed, t, 4 * HOUR_MS, 2)))) /
          mid.toNumber()
        ).toPrecision(10),
      ),
      m.lotSize,
    );
    const last = this.trades(symbol, 1)[0];
    return {
      symbol,
      markPrice: markAt(this.world, mkt, t),
      indexPrice: roundToStep(this.world.priceDecimal(symbol, t), m.tickSize),
      lastPrice: last?.price ?? markAt(this.world, mkt, t),
      bestBid,
      bestAsk,
      volume24h: bgVolume.add(cash(userVolume)),
      openInterest: bgOi.add(userOi),
      funding: this.funding(symbol),
      time: t,
    };
  }

  /** Newest first: users' prints merged with the generated background tape. */
  trades(symbol: string, limit = 50): SimTrade[] {
    this.advance();
    const mkt = this.core.requireMarket(symbol);
    const bg = backgroundTrades(this.world, mkt, Number.NEGATIVE_INFINITY, this.core.cursor, limit);
    const user = mkt.trades.slice(-limit).reverse();
    const out: SimTrade[] = [];
    let i = 0;
    let j = 0;
    while (out.length < limit && (i < bg.length || j < user.length)) {
      const a = bg[i];
      const b = user[j];
      if (b && (!a || b.time >= a.time)) {
        out.push({ ...b });
        j++;
      } else if (a) {
        out.push(a);
        i++;
      }
    }
    return out;
  }

  /**
   * OHLC of the venue mid from the price grid (1 s points for intervals up to 5 min, 1 min points up to a day,
   * hourly beyond), oldest first. Only the past: the candle in progress ends at now. Volume is the background flow.
   */
  candles(symbol: string, intervalMs: number, since: number, until: number = this.clock.now()): Candle[] {
    this.advance();
    const mkt = this.core.requireMarket(symbol);
    if (!Number.isSafeInteger(intervalMs) || intervalMs < GRID_MS || intervalMs % GRID_MS !== 0) {
      throw new InvalidInputError('candle interval must be a positive multiple of 1000 ms', {
        field: 'intervalMs',
        value: intervalMs,
      });
    }
    const end = Math.min(until, this.core.cursor);
    let start = Math.floor(since / intervalMs) * intervalMs;
    const count = Math.floor((end - start) / intervalMs) + 1;
    if (count > MAX_CANDLES) start += (count - MAX_CANDLES) * intervalMs;
    const res = intervalMs <= 300_000 ? GRID_MS : intervalMs <= 86_400_000 ? 60_000 : HOUR_MS;
    const m = mkt.market;
    const out: Candle[] = [];
    for (let c = start; c <= end; c += intervalMs) {
      let open = 0;
      let high = Number.NEGATIVE_INFINITY;
      let low = Number.POSITIVE_INFINITY;
      let close = 0;
      const last = Math.min(c + intervalMs - 1, end);
      for (let t = c; t <= last; t += res) {
        const p = midFloat(this.world, mkt, t);
        if (t === c) open = p;
        if (p > high) high = p;
        if (p < low) low = p;
        close = p;
      }
      const d = (x: number): Decimal => roundToStep(new Decimal(x.toPrecision(10)), m.tickSize);
      const vol = ((m.dailyVolumeUsd * intervalMs) / 86_400_000 / open) * (0.5 + uniformAt(mkt.tapeSeed, c / 1000, 9));
      out.push({
        time: c,
        open: d(open),
        high: d(high),
        low: d(low),
        close: d(close),
        volume: floorToStep(new Decimal(vol.toPrecision(10)), m.lotSize),
      });
    }
    return out;
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
    const lev = checkLeverage(m, leverage, accountId);
    const before = acct.leverage.get(symbol);
    acct.leverage.set(symbol, lev);
    const s = summary(this.core, acct);
    const pos = acct.positions.get(symbol);
    const exposed =
      (pos !== undefined && !pos.size.isZero()) || [...acct.open.values()].some((o) => o.symbol === symbol);
    if (exposed && s.availableMargin.lt(0)) {
      if (before === undefined) acct.leverage.delete(symbol);
      else acct.leverage.set(symbol, before);
      throw new SimRejectError('INSUFFICIENT_MARGIN', `not enough margin for ${lev.toString()}x on ${symbol}`, {
        accountId,
        symbol,
        value: lev.toString(),
      });
    }
    this.core.markAccount(acct, symbol);
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
    const { mkt, ctx, isMarket, tif, size, limit, reduceOnly } = validateOrder(this.core, acct, accountId, params);
    const m = mkt.market;
    const now = this.core.cursor;
    const fault = this.faults.decide();
    if (fault.kind === 'reject') throw new SimRejectError(fault.code, fault.message, ctx);

    const id = this.core.nextId('order');
    const order: SimOrder = {
      id,
      symbol: m.symbol,
      side: params.side,
      type: params.type,
      timeInForce: tif,
      size,
      filledSize: ZERO,
      status: 'open',
      reduceOnly,
      createdAt: now,
      updatedAt: now,
      accountId,
      fee: ZERO,
    };
    if (cid !== undefined) order.clientOrderId = cid;
    if (!isMarket) order.price = limit;
    if (params.expiresAt !== undefined) order.expiresAt = params.expiresAt;
    retainOrder(this.core, acct, order);

    const fills: SimFill[] = [];
    let stopReason: SimCancelReason | undefined;
    if (tif !== 'POST_ONLY') {
      const cap = fault.kind === 'partial' ? floorToStep(size.mul(fault.fraction), m.lotSize) : size;
      stopReason = take(this.core, mkt, acct, order, limit, cap, now, fills);
      if (stopReason === undefined && fault.kind === 'partial') stopReason = 'injected_partial';
    }
    const remaining = order.size.sub(order.filledSize);
    if (remaining.isZero()) {
      order.status = 'filled';
    } else if (isMarket || tif === 'IOC' || stopReason === 'self_trade') {
      finish(order, 'cancelled', stopReason ?? 'ioc_remainder', now);
    } else {
      order.status = order.filledSize.isZero() ? 'open' : 'partially_filled';
      rest(this.core, mkt, acct, order);
    }
    order.updatedAt = now;
    this.core.enqueue('order', { accountId, order: { ...order } });
    this.core.markAccount(acct, m.symbol);
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
    return encodeEngineState({
      venue: this.venue,
      seed: this.seed,
      world: this.world.describe(),
      cursor: this.core.cursor,
      options: {
        defaultLeverage: this.core.config.defaultLeverage?.toString(),
        liquidityRecoveryMs: this.core.config.recoveryMs,
        liquidationCheckMs: this.core.config.liqCheckMs,
        selfTradePrevention: this.core.config.stp,
        maxRetainedOrders: this.core.config.maxRetainedOrders,
      },
      markets: this.marketList,
      counters: { ...this.core.counters },
      accounts: [...this.core.accounts.values()],
      marketStates: [...this.core.marketStates.values()].map((mkt) => ({
        symbol: mkt.market.symbol,
        sequence: mkt.sequence,
        lastGridT: mkt.lastGridT,
        funding: mkt.funding.exportState(),
        fundingHistory: mkt.fundingHistory,
        trades: mkt.trades,
        depletions: mkt.book.exportDepletions(),
      })),
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
    e.core.counters = { ...s.counters };
    for (const a of s.accounts) {
      e.core.accounts.set(a.id, a);
      for (const o of a.open.values()) {
        const mkt = e.core.marketStates.get(o.symbol);
        if (mkt) insertResting(mkt, o);
      }
    }
    for (const st of s.marketStates) {
      const mkt = e.core.marketStates.get(st.symbol);
      if (!mkt) continue;
      mkt.sequence = st.sequence;
      mkt.lastGridT = st.lastGridT;
      mkt.funding = new FundingProcess(
        seedFor(e.seed, `funding:${st.symbol}`),
        mkt.market.funding,
        deps.world.originMs,
        st.funding,
      );
      mkt.fundingHistory = st.fundingHistory;
      mkt.trades = st.trades;
      mkt.book.importDepletions(st.depletions);
    }
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
    if (this.advancing) return;
    const wantPositions = this.events.listenerCount('position') > 0;
    const wantBalances = this.events.listenerCount('balance') > 0;
    for (const [accountId, syms] of wantPositions ? this.core.dirtyPositions : []) {
      const acct = this.core.accounts.get(accountId);
      if (!acct) continue;
      for (const sym of syms) {
        const p = acct.positions.get(sym) ?? { size: ZERO, entryPrice: ZERO, realizedPnl: ZERO };
        this.core.enqueue('position', { accountId, position: positionView(this.core, acct, sym, p) });
      }
    }
    for (const id of wantBalances ? this.core.dirtyAccounts : []) {
      const acct = this.core.accounts.get(id);
      if (acct) this.core.enqueue('balance', { accountId: id, balance: summary(this.core, acct) });
    }
    for (const sym of this.core.dirtyBooks) {
      const mkt = this.core.marketStates.get(sym);
      if (!mkt) continue;
      mkt.sequence += 1;
      this.core.enqueue('book', { symbol: sym, sequence: mkt.sequence, time: this.core.cursor });
    }
    this.core.dirtyPositions = new Map();
    this.core.dirtyAccounts = new Set();
    this.core.dirtyBooks = new Set();
    const q = this.core.queue;
    this.core.queue = [];
    for (const { event, payload } of q) this.events.emit(event, payload as never);
  }
}
