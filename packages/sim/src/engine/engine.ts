import {
  type BookLevel,
  type Candle,
  type Clock,
  ceilToStep,
  Decimal,
  type DecimalInput,
  floorToStep,
  InvalidInputError,
  isMultipleOf,
  type PlaceOrderParameters,
  roundToStep,
  type Side,
  type TimerHandle,
  TypedEmitter,
  toDecimal,
  type VenueId,
} from '@dn/core';
import { type AccountState, cash, newAccount, type PositionState, queryHistory, ZERO } from './account.js';
import { SimRejectError } from './errors.js';
import { EngineFaults } from './faults.js';
import { FundingProcess } from './funding-process.js';
import { defaultMarkets, isKnownVenue, type SimMarket } from './markets.js';
import { applyOrderRules, orderRulesOf } from './order-rules.js';
import { seedFor, smoothNoise, uniformAt } from './random.js';
import { decodeEngineState, encodeEngineState, type SimEngineSnapshot } from './snapshot.js';
import { type BookSide, SyntheticBook } from './synthetic-book.js';
import type {
  LedgerEntry,
  LedgerType,
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

type CounterKind = 'order' | 'fill' | 'trade' | 'ledger' | 'funding';

export type SelfTradePrevention = 'cancel_resting' | 'cancel_taker';

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

interface MarketState {
  market: SimMarket;
  book: SyntheticBook;
  funding: FundingProcess;
  bids: SimOrder[];
  asks: SimOrder[];
  sequence: number;
  lastGridT: number;
  fundingHistory: SimFundingRecord[];
  /** Users' prints (background prints are generated on demand). */
  trades: SimTrade[];
  basisSeed: number;
  tapeSeed: number;
  index: number;
  /** Mid and mark of the last grid point asked for, valid for one world shock revision. */
  priceCache: { gridT: number; rev: number; mid: Decimal; mark: Decimal };
}

interface FillParams {
  acct: AccountState;
  order: SimOrder;
  price: Decimal;
  size: Decimal;
  liquidity: 'maker' | 'taker';
  time: number;
  tradeId: string;
  liquidation: boolean;
  feeRate: Decimal;
}

const MAX_TRADES = 2_000;
const MAX_FUNDING_HISTORY = 20_000;
const TAPE_PROBABILITY = 0.35;
const MAX_CANDLES = 5_000;
const BACKGROUND_TRADE_EVENT_WINDOW_MS = 10_000;
/** Background trade ids live far from user trade ids (which count up from 1). */
const BACKGROUND_TRADE_ID_BASE = 10_000_000_000_000;

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
  private readonly mstate = new Map<string, MarketState>();
  private readonly accounts = new Map<string, AccountState>();
  private readonly orderIndex = new Map<string, SimOrder>();
  private readonly defaultLeverage: Decimal | undefined;
  private readonly recoveryMs: number;
  private readonly liqCheckMs: number;
  private readonly stp: SelfTradePrevention;
  private readonly maxRetainedOrders: number;
  private counters: Record<CounterKind, number> = { order: 0, fill: 0, trade: 0, ledger: 0, funding: 0 };
  private cursor: number;
  private advancing = false;
  private queue: { event: keyof SimEngineEvents; payload: unknown }[] = [];
  private dirtyBooks = new Set<string>();
  private dirtyAccounts = new Set<string>();
  private dirtyPositions = new Map<string, Set<string>>();
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
    this.defaultLeverage =
      options.defaultLeverage === undefined ? undefined : toDecimal(options.defaultLeverage, 'defaultLeverage');
    this.recoveryMs = options.liquidityRecoveryMs ?? 10_000;
    this.liqCheckMs = options.liquidationCheckMs ?? 60_000;
    if (!Number.isSafeInteger(this.liqCheckMs) || this.liqCheckMs < GRID_MS || this.liqCheckMs % GRID_MS !== 0) {
      throw new InvalidInputError('liquidationCheckMs must be a positive multiple of 1000', {
        field: 'liquidationCheckMs',
        value: this.liqCheckMs,
      });
    }
    this.stp = options.selfTradePrevention ?? 'cancel_resting';
    this.maxRetainedOrders = options.maxRetainedOrders ?? 50_000;
    let markets = options.markets;
    if (!markets) {
      if (!isKnownVenue(this.venue)) {
        throw new InvalidInputError(`no default markets for venue ${this.venue}: pass markets`, { field: 'markets' });
      }
      markets = defaultMarkets(this.venue, this.world.symbols());
    }
    this.marketList = markets;
    markets.forEach((m, index) => {
      if (!this.world.has(m.symbol)) {
        throw new InvalidInputError(`market ${m.symbol} has no price path in the world`, {
          field: 'markets',
          value: m.symbol,
          expected: this.world.symbols().join(', '),
        });
      }
      this.mstate.set(m.symbol, {
        market: m,
        book: new SyntheticBook(m, seedFor(this.seed, `book:${m.symbol}`), this.recoveryMs),
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
    this.cursor = restore?.cursor ?? this.clock.now();
    for (const a of options.accounts ?? []) {
      const acct = this.createAccountState(a.id);
      for (const [sym, lev] of Object.entries(a.leverage ?? {})) {
        acct.leverage.set(sym, this.checkLeverage(this.requireMarket(sym).market, lev));
      }
      if (a.collateral !== undefined && !toDecimal(a.collateral, 'collateral').isZero()) {
        this.deposit(a.id, a.collateral);
      }
    }
    this.queue = [];
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
    return this.cursor;
  }

  /**
   * Brings the engine to clock.now(): resting-order fills as the mid moves through them, expiries, funding at every
   * interval boundary, margin checks on the liquidation grid, in time order. Idempotent; re-entrant calls are no-ops.
   */
  advance(): void {
    if (this.advancing) return;
    const target = this.clock.now();
    if (target <= this.cursor) {
      this.flush();
      return;
    }
    this.advancing = true;
    const from = this.cursor;
    try {
      while (this.cursor < target) {
        const c = this.cursor;
        let end = Math.min(target, (Math.floor(c / HOUR_MS) + 1) * HOUR_MS);
        const positions = this.anyPositions();
        if (positions) end = Math.min(end, (Math.floor(c / this.liqCheckMs) + 1) * this.liqCheckMs);
        const expiry = this.nextExpiry(c);
        if (expiry !== undefined) end = Math.min(end, expiry);
        this.scanResting(c, end);
        this.cursor = end;
        if (expiry !== undefined && expiry <= end) this.expireOrders(end);
        if (end % HOUR_MS === 0) this.settleFunding(end);
        if (positions && end % this.liqCheckMs === 0) this.checkLiquidations(end);
      }
      const gridT = this.world.gridTime(target);
      for (const [sym, ms] of this.mstate) {
        ms.funding.hourlyAt(target);
        if (ms.lastGridT !== gridT) {
          ms.lastGridT = gridT;
          ms.book.prune(gridT);
          this.dirtyBooks.add(sym);
        }
      }
      if (target - from <= BACKGROUND_TRADE_EVENT_WINDOW_MS && this.events.listenerCount('trade') > 0) {
        for (const sym of this.mstate.keys()) {
          const prints = this.backgroundTrades(sym, from, target, Number.POSITIVE_INFINITY).reverse();
          for (const trade of prints) this.enqueue('trade', { trade });
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
    return { ...this.requireMarket(symbol).market };
  }

  /** Stops (or resumes) trading in one market, as a venue does ahead of a delisting: new orders are rejected. */
  setMarketActive(symbol: string, active: boolean): void {
    this.requireMarket(symbol).market.active = active;
  }

  /** Venue mid (world price × (1 + basis)) at the grid point in force now. */
  midPrice(symbol: string): Decimal {
    this.advance();
    return this.midAt(this.requireMarket(symbol), this.cursor);
  }

  markPrice(symbol: string): Decimal {
    this.advance();
    return this.markAt(this.requireMarket(symbol), this.cursor);
  }

  /** The world price, on this market's tick grid. */
  indexPrice(symbol: string): Decimal {
    this.advance();
    const ms = this.requireMarket(symbol);
    return roundToStep(this.world.priceDecimal(symbol, this.cursor), ms.market.tickSize);
  }

  /** Generated liquidity net of what was taken, plus users' resting orders, aggregated per price. */
  book(symbol: string, depth = 20): SimBook {
    this.advance();
    const ms = this.requireMarket(symbol);
    const t = this.cursor;
    const gridT = this.world.gridTime(t);
    const mid = this.midAt(ms, t);
    const merge = (side: BookSide): BookLevel[] => {
      const levels = new Map<string, BookLevel>();
      for (const l of ms.book.levels(side, mid, gridT, gridT)) levels.set(l.price.toString(), { ...l });
      for (const o of side === 'bid' ? ms.bids : ms.asks) {
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
    return { symbol, bids: merge('bid'), asks: merge('ask'), timestamp: t, sequence: ms.sequence };
  }

  funding(symbol: string): SimFundingInfo {
    this.advance();
    const ms = this.requireMarket(symbol);
    const m = ms.market;
    const ivMs = m.fundingIntervalHours * HOUR_MS;
    return {
      symbol,
      rate: ms.funding.rateAt(this.cursor, m.fundingIntervalHours, m.fundingRateCap),
      intervalHours: m.fundingIntervalHours,
      nextFundingTime: (Math.floor(this.cursor / ivMs) + 1) * ivMs,
      cap: m.fundingRateCap,
      markPrice: this.markAt(ms, this.cursor),
      indexPrice: roundToStep(this.world.priceDecimal(symbol, this.cursor), m.tickSize),
    };
  }

  /** Rates settled since the engine started (oldest first). */
  fundingHistory(symbol: string, q: Omit<SimHistoryQuery, 'symbol'> = {}): SimFundingRecord[] {
    this.advance();
    return queryHistory(this.requireMarket(symbol).fundingHistory, (r) => r.time, q).map((r) => ({ ...r }));
  }

  stats(symbol: string): SimStats {
    this.advance();
    const ms = this.requireMarket(symbol);
    const t = this.cursor;
    const m = ms.market;
    const mid = this.midAt(ms, t);
    const { bestBid, bestAsk } = this.touch(ms, t);
    const day = 86_400_000;
    let userVolume = ZERO;
    for (const tr of ms.trades) if (tr.time > t - day) userVolume = userVolume.add(tr.price.mul(tr.size));
    const bgVolume = new Decimal(
      (m.dailyVolumeUsd * (1 + 0.3 * Math.tanh(smoothNoise(ms.tapeSeed, t, HOUR_MS, 1)))).toFixed(2),
    );
    let userOi = ZERO;
    for (const a of this.accounts.values()) {
      const p = a.positions.get(symbol);
      if (p?.size.gt(0)) userOi = userOi.add(p.size);
    }
    const bgOi = floorToStep(
      new Decimal(
        (
          (m.openInterestUsd * (1 + 0.2 * Math.tanh(smoothNoise(ms.tapeSeed, t, 4 * HOUR_MS, 2)))) /
          mid.toNumber()
        ).toPrecision(10),
      ),
      m.lotSize,
    );
    const last = this.trades(symbol, 1)[0];
    return {
      symbol,
      markPrice: this.markAt(ms, t),
      indexPrice: roundToStep(this.world.priceDecimal(symbol, t), m.tickSize),
      lastPrice: last?.price ?? this.markAt(ms, t),
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
    const ms = this.requireMarket(symbol);
    const bg = this.backgroundTrades(symbol, Number.NEGATIVE_INFINITY, this.cursor, limit);
    const user = ms.trades.slice(-limit).reverse();
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
    const ms = this.requireMarket(symbol);
    if (!Number.isSafeInteger(intervalMs) || intervalMs < GRID_MS || intervalMs % GRID_MS !== 0) {
      throw new InvalidInputError('candle interval must be a positive multiple of 1000 ms', {
        field: 'intervalMs',
        value: intervalMs,
      });
    }
    const end = Math.min(until, this.cursor);
    let start = Math.floor(since / intervalMs) * intervalMs;
    const count = Math.floor((end - start) / intervalMs) + 1;
    if (count > MAX_CANDLES) start += (count - MAX_CANDLES) * intervalMs;
    const res = intervalMs <= 300_000 ? GRID_MS : intervalMs <= 86_400_000 ? 60_000 : HOUR_MS;
    const m = ms.market;
    const out: Candle[] = [];
    for (let c = start; c <= end; c += intervalMs) {
      let open = 0;
      let high = Number.NEGATIVE_INFINITY;
      let low = Number.POSITIVE_INFINITY;
      let close = 0;
      const last = Math.min(c + intervalMs - 1, end);
      for (let t = c; t <= last; t += res) {
        const p = this.midFloat(ms, t);
        if (t === c) open = p;
        if (p > high) high = p;
        if (p < low) low = p;
        close = p;
      }
      const d = (x: number): Decimal => roundToStep(new Decimal(x.toPrecision(10)), m.tickSize);
      const vol = ((m.dailyVolumeUsd * intervalMs) / 86_400_000 / open) * (0.5 + uniformAt(ms.tapeSeed, c / 1000, 9));
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
    return this.accounts.has(accountId);
  }

  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  /** Creates an empty account if it does not exist yet. */
  ensureAccount(accountId: string): void {
    if (!this.accounts.has(accountId)) this.createAccountState(accountId);
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
    const acct = this.accounts.get(accountId) ?? this.createAccountState(accountId);
    this.ledgerAdd(acct, 'deposit', a, this.cursor, {});
    this.flush();
    return this.summary(acct);
  }

  account(accountId: string): SimAccountSummary {
    this.advance();
    return this.summary(this.requireAccount(accountId));
  }

  /** Open positions (non-zero size). */
  positions(accountId: string): SimPosition[] {
    this.advance();
    const acct = this.requireAccount(accountId);
    const out: SimPosition[] = [];
    for (const [sym, p] of acct.positions) if (!p.size.isZero()) out.push(this.positionView(acct, sym, p));
    return out;
  }

  leverage(accountId: string, symbol: string): Decimal {
    return this.leverageOf(this.requireAccount(accountId), this.requireMarket(symbol).market);
  }

  openOrders(accountId: string, symbol?: string): SimOrder[] {
    this.advance();
    const acct = this.requireAccount(accountId);
    const out: SimOrder[] = [];
    for (const o of acct.open.values()) if (symbol === undefined || o.symbol === symbol) out.push({ ...o });
    return out;
  }

  /** Any retained order of the account, by venue id or client id. */
  order(accountId: string, query: { orderId?: string; clientOrderId?: string }): SimOrder | undefined {
    this.advance();
    const o = this.findOrder(this.requireAccount(accountId), query);
    return o ? { ...o } : undefined;
  }

  /** Retained orders of the account (open and terminal), oldest first. */
  orderHistory(accountId: string, q: SimHistoryQuery = {}): SimOrder[] {
    this.advance();
    const list = [...this.requireAccount(accountId).orders.values()];
    return queryHistory(list, (o) => o.createdAt, q).map((o) => ({ ...o }));
  }

  fills(accountId: string, q: SimHistoryQuery & { orderId?: string } = {}): SimFill[] {
    this.advance();
    const acct = this.requireAccount(accountId);
    const list = q.orderId === undefined ? acct.fills : acct.fills.filter((f) => f.orderId === q.orderId);
    return queryHistory(list, (f) => f.timestamp, q).map((f) => ({ ...f }));
  }

  fundingPayments(accountId: string, q: SimHistoryQuery = {}): SimFundingPayment[] {
    this.advance();
    return queryHistory(this.requireAccount(accountId).fundingPayments, (p) => p.timestamp, q).map((p) => ({
      ...p,
    }));
  }

  /** Every cash movement, oldest first. Σ amount equals the collateral exactly. */
  ledger(accountId: string, q: SimHistoryQuery = {}): LedgerEntry[] {
    this.advance();
    return queryHistory(this.requireAccount(accountId).ledger, (e) => e.time, q).map((e) => ({ ...e }));
  }

  setLeverage(accountId: string, symbol: string, leverage: DecimalInput): Decimal {
    this.advance();
    const acct = this.requireAccount(accountId);
    const m = this.requireMarket(symbol).market;
    const lev = this.checkLeverage(m, leverage, accountId);
    const before = acct.leverage.get(symbol);
    acct.leverage.set(symbol, lev);
    const s = this.summary(acct);
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
    this.markAccount(acct, symbol);
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
    const acct = this.requireAccount(accountId);
    const cid = params.clientOrderId;
    if (cid !== undefined) {
      const existing = this.findOrder(acct, { clientOrderId: cid });
      if (existing) {
        return {
          order: { ...existing },
          fills: acct.fills.filter((f) => f.orderId === existing.id).map((f) => ({ ...f })),
          duplicate: true,
        };
      }
    }
    const ms = this.requireMarket(params.symbol, accountId);
    const m = ms.market;
    const ctx = { accountId, symbol: m.symbol, clientOrderId: cid };
    if (!m.active) throw new SimRejectError('MARKET_INACTIVE', `${m.symbol} is not trading`, ctx);
    if (params.side !== 'buy' && params.side !== 'sell') {
      throw new SimRejectError('INVALID_PARAMS', 'side must be buy or sell', { ...ctx, field: 'side' });
    }
    if (params.type !== 'market' && params.type !== 'limit') {
      throw new SimRejectError('INVALID_PARAMS', 'type must be market or limit', { ...ctx, field: 'type' });
    }
    const isMarket = params.type === 'market';
    const tif = params.timeInForce ?? (isMarket ? 'IOC' : 'GTT');
    if (isMarket && tif !== 'IOC') {
      throw new SimRejectError('INVALID_PARAMS', 'market orders are IOC', { ...ctx, field: 'timeInForce' });
    }
    if (tif !== 'GTT' && tif !== 'IOC' && tif !== 'POST_ONLY') {
      throw new SimRejectError('INVALID_PARAMS', 'unknown time in force', { ...ctx, field: 'timeInForce' });
    }
    let size = this.decimalParam(params.size, 'size', 'INVALID_SIZE', ctx);
    if (!size.gt(0) || !isMultipleOf(size, m.lotSize)) {
      throw new SimRejectError('INVALID_SIZE', `size must be a positive multiple of ${m.lotSize.toString()}`, {
        ...ctx,
        field: 'size',
        value: size.toString(),
        expected: `multiple of ${m.lotSize.toString()}`,
      });
    }
    let price: Decimal | undefined;
    if (params.price !== undefined) {
      price = this.decimalParam(params.price, 'price', 'INVALID_PRICE', ctx);
      if (!price.gt(0) || !isMultipleOf(price, m.tickSize)) {
        throw new SimRejectError('INVALID_PRICE', `price must be a positive multiple of ${m.tickSize.toString()}`, {
          ...ctx,
          field: 'price',
          value: price.toString(),
          expected: `multiple of ${m.tickSize.toString()}`,
        });
      }
    } else if (!isMarket) {
      throw new SimRejectError('INVALID_PRICE', 'limit orders need a price', { ...ctx, field: 'price' });
    }
    const now = this.cursor;
    if (params.expiresAt !== undefined) {
      if (tif !== 'GTT' && tif !== 'POST_ONLY') {
        throw new SimRejectError('INVALID_EXPIRY', 'only resting orders expire', { ...ctx, field: 'expiresAt' });
      }
      if (!Number.isSafeInteger(params.expiresAt) || params.expiresAt <= now) {
        throw new SimRejectError('INVALID_EXPIRY', 'expiresAt must be a future time in ms', {
          ...ctx,
          field: 'expiresAt',
          value: String(params.expiresAt),
        });
      }
    }
    let slippage = m.marketOrderSlippage;
    if (params.slippage !== undefined) {
      slippage = this.decimalParam(params.slippage, 'slippage', 'INVALID_PARAMS', ctx);
      if (!slippage.gt(0) || !slippage.lt(1)) {
        throw new SimRejectError('INVALID_PARAMS', 'slippage must be in (0, 1)', { ...ctx, field: 'slippage' });
      }
    }
    const reduceOnly = params.reduceOnly === true;
    const pos = acct.positions.get(m.symbol)?.size ?? ZERO;
    const closing = (params.side === 'buy' && pos.lt(0)) || (params.side === 'sell' && pos.gt(0));
    if (reduceOnly) {
      if (!closing) {
        throw new SimRejectError(
          'REDUCE_ONLY_NOTHING_TO_REDUCE',
          `no ${params.side === 'buy' ? 'short' : 'long'} to reduce`,
          ctx,
        );
      }
      if (size.gt(pos.abs())) size = pos.abs();
    }
    const { bestBid, bestAsk } = this.touch(ms, now);
    // The venue's own rules (core normalizeOrder): minimums with its reduce-only rule, the market order's limit.
    const limit = applyOrderRules(
      params,
      size,
      params.side === 'buy' ? bestAsk : bestBid,
      slippage,
      m,
      orderRulesOf(this.venue),
      ctx,
    );
    if (tif === 'POST_ONLY' && this.wouldCross(ms, params.side, limit, now)) {
      throw new SimRejectError('POST_ONLY_WOULD_CROSS', 'post-only order would take liquidity', {
        ...ctx,
        value: limit.toString(),
      });
    }
    if (!reduceOnly) {
      const lev = this.leverageOf(acct, m);
      const increase = closing ? Decimal.max(size.sub(pos.abs()), ZERO) : size;
      const feeRate = Decimal.max(tif === 'POST_ONLY' ? m.makerFee : m.takerFee, ZERO);
      const required = increase.mul(limit).div(lev).add(size.mul(limit).mul(feeRate));
      const available = this.summary(acct).availableMargin;
      if (required.gt(available)) {
        throw new SimRejectError(
          'INSUFFICIENT_MARGIN',
          `order needs ${cash(required, Decimal.ROUND_UP).toString()} USD of margin, ${cash(available).toString()} available`,
          ctx,
        );
      }
    }
    const fault = this.faults.decide();
    if (fault.kind === 'reject') throw new SimRejectError(fault.code, fault.message, ctx);

    const id = this.nextId('order');
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
    this.retainOrder(acct, order);

    const fills: SimFill[] = [];
    let stopReason: SimCancelReason | undefined;
    if (tif !== 'POST_ONLY') {
      const cap = fault.kind === 'partial' ? floorToStep(size.mul(fault.fraction), m.lotSize) : size;
      stopReason = this.take(ms, acct, order, limit, cap, now, fills);
      if (stopReason === undefined && fault.kind === 'partial') stopReason = 'injected_partial';
    }
    const remaining = order.size.sub(order.filledSize);
    if (remaining.isZero()) {
      order.status = 'filled';
    } else if (isMarket || tif === 'IOC' || stopReason === 'self_trade') {
      this.finish(order, 'cancelled', stopReason ?? 'ioc_remainder', now);
    } else {
      order.status = order.filledSize.isZero() ? 'open' : 'partially_filled';
      this.rest(ms, acct, order);
    }
    order.updatedAt = now;
    this.enqueue('order', { accountId, order: { ...order } });
    this.markAccount(acct, m.symbol);
    this.flush();
    return { order: { ...order }, fills: fills.map((f) => ({ ...f })), duplicate: false };
  }

  cancelOrder(accountId: string, query: { orderId?: string; clientOrderId?: string }): SimOrder {
    this.advance();
    const acct = this.requireAccount(accountId);
    const o = this.findOrder(acct, query);
    const ctx = { accountId, orderId: query.orderId, clientOrderId: query.clientOrderId };
    if (!o) throw new SimRejectError('ORDER_NOT_FOUND', 'no such order', ctx);
    if (!acct.open.has(o.id)) throw new SimRejectError('ORDER_NOT_OPEN', `order is ${o.status}`, ctx);
    this.cancelResting(acct, o, 'user', this.cursor);
    this.flush();
    return { ...o };
  }

  /** Cancels every open order of the account (of one symbol when given); returns them. */
  cancelAll(accountId: string, symbol?: string): SimOrder[] {
    this.advance();
    const acct = this.requireAccount(accountId);
    if (symbol !== undefined) this.requireMarket(symbol, accountId);
    const out: SimOrder[] = [];
    for (const o of [...acct.open.values()]) {
      if (symbol !== undefined && o.symbol !== symbol) continue;
      this.cancelResting(acct, o, 'cancel_all', this.cursor);
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
      cursor: this.cursor,
      options: {
        defaultLeverage: this.defaultLeverage?.toString(),
        liquidityRecoveryMs: this.recoveryMs,
        liquidationCheckMs: this.liqCheckMs,
        selfTradePrevention: this.stp,
        maxRetainedOrders: this.maxRetainedOrders,
      },
      markets: this.marketList,
      counters: { ...this.counters },
      accounts: [...this.accounts.values()],
      marketStates: [...this.mstate.values()].map((ms) => ({
        symbol: ms.market.symbol,
        sequence: ms.sequence,
        lastGridT: ms.lastGridT,
        funding: ms.funding.exportState(),
        fundingHistory: ms.fundingHistory,
        trades: ms.trades,
        depletions: ms.book.exportDepletions(),
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
    e.counters = { ...s.counters };
    for (const a of s.accounts) {
      e.accounts.set(a.id, a);
      for (const o of a.orders.values()) e.orderIndex.set(o.id, o);
      for (const o of a.open.values()) {
        const ms = e.mstate.get(o.symbol);
        if (ms) e.insertResting(ms, o);
      }
    }
    for (const st of s.marketStates) {
      const ms = e.mstate.get(st.symbol);
      if (!ms) continue;
      ms.sequence = st.sequence;
      ms.lastGridT = st.lastGridT;
      ms.funding = new FundingProcess(
        seedFor(e.seed, `funding:${st.symbol}`),
        ms.market.funding,
        deps.world.originMs,
        st.funding,
      );
      ms.fundingHistory = st.fundingHistory;
      ms.trades = st.trades;
      ms.book.importDepletions(st.depletions);
    }
    e.faults.importState(s.faults);
    return e;
  }

  // ───────────────────────────── internals: prices ─────────────────────────────

  private midFloat(ms: MarketState, t: number): number {
    const gridT = this.world.gridTime(t);
    const b = ms.market.basisBps;
    const basis = b.mean + b.amplitude * smoothNoise(ms.basisSeed, gridT, 300_000);
    return this.world.price(ms.market.symbol, gridT) * (1 + basis / 10_000);
  }

  private midAt(ms: MarketState, t: number): Decimal {
    const gridT = this.world.gridTime(t);
    const rev = this.world.revision;
    if (ms.priceCache.gridT !== gridT || ms.priceCache.rev !== rev) {
      const mid = new Decimal(this.midFloat(ms, gridT).toPrecision(10));
      ms.priceCache = { gridT, rev, mid, mark: roundToStep(mid, ms.market.tickSize) };
    }
    return ms.priceCache.mid;
  }

  private markAt(ms: MarketState, t: number): Decimal {
    this.midAt(ms, t);
    return ms.priceCache.mark;
  }

  /** Best prices including users' resting orders. */
  private touch(ms: MarketState, t: number): { bestBid: Decimal; bestAsk: Decimal } {
    const gridT = this.world.gridTime(t);
    const mid = this.midAt(ms, t);
    let bestBid = ms.book.levels('bid', mid, gridT, gridT)[0]?.price ?? ms.market.tickSize;
    let bestAsk = ms.book.levels('ask', mid, gridT, gridT)[0]?.price ?? mid;
    const ub = ms.bids[0]?.price;
    const ua = ms.asks[0]?.price;
    if (ub?.gt(bestBid)) bestBid = ub;
    if (ua?.lt(bestAsk)) bestAsk = ua;
    return { bestBid, bestAsk };
  }

  private wouldCross(ms: MarketState, side: Side, price: Decimal, t: number): boolean {
    const { bestBid, bestAsk } = this.touch(ms, t);
    return side === 'buy' ? price.gte(bestAsk) : price.lte(bestBid);
  }

  /** Generated prints in (from, to], newest first, at most `limit`. */
  private backgroundTrades(symbol: string, from: number, to: number, limit: number): SimTrade[] {
    const ms = this.requireMarket(symbol);
    const m = ms.market;
    const out: SimTrade[] = [];
    const firstSecond = Math.max(Math.floor(this.world.originMs / 1000), Math.floor(from / 1000) + 1);
    const maxScan = Math.max(200, Math.ceil((limit / TAPE_PROBABILITY) * 4));
    for (let s = Math.floor(to / 1000), n = 0; s >= firstSecond && out.length < limit && n < maxScan; s--, n++) {
      if (uniformAt(ms.tapeSeed, s, 0) >= TAPE_PROBABILITY) continue;
      const t = s * 1000;
      const mid = this.midAt(ms, t);
      const half = mid.mul(m.spreadBps).div(20_000);
      const side: Side = uniformAt(ms.tapeSeed, s, 1) < 0.5 ? 'buy' : 'sell';
      const price = side === 'buy' ? ceilToStep(mid.add(half), m.tickSize) : floorToStep(mid.sub(half), m.tickSize);
      const usd = m.depthUsd * 0.05 * (0.1 + 2 * uniformAt(ms.tapeSeed, s, 2));
      let size = floorToStep(new Decimal((usd / mid.toNumber()).toPrecision(8)), m.lotSize);
      if (size.lt(m.lotSize)) size = m.lotSize;
      out.push({
        id: String(BACKGROUND_TRADE_ID_BASE + s * 100 + ms.index),
        symbol,
        price,
        size,
        side,
        time: t,
        liquidation: false,
      });
    }
    return out;
  }

  // ───────────────────────────── internals: matching ─────────────────────────────

  /**
   * Sweeps the opposite side up to `limit` and at most `cap`: generated liquidity first at each price, then users'
   * resting orders in time priority. Returns why it stopped early, if it did for a reason other than price/size.
   */
  private take(
    ms: MarketState,
    acct: AccountState,
    order: SimOrder,
    limit: Decimal,
    cap: Decimal,
    now: number,
    fills: SimFill[],
  ): SimCancelReason | undefined {
    const m = ms.market;
    const buy = order.side === 'buy';
    const gridT = this.world.gridTime(now);
    const side: BookSide = buy ? 'ask' : 'bid';
    const synthetic = ms.book.levels(side, this.midAt(ms, now), gridT, gridT);
    const makers = [...(buy ? ms.asks : ms.bids)];
    let remaining = cap.sub(order.filledSize);
    let i = 0;
    let j = 0;
    const better = (a: Decimal, b: Decimal): boolean => (buy ? a.lt(b) : a.gt(b));
    const within = (p: Decimal): boolean => (buy ? p.lte(limit) : p.gte(limit));
    while (remaining.gt(0)) {
      const syn = synthetic[i];
      const mk = makers[j];
      const synP = syn?.price;
      const mkP = mk?.price;
      if (synP === undefined && mkP === undefined) break;
      const useSyn = synP !== undefined && (mkP === undefined || !better(mkP, synP));
      const p = (useSyn ? synP : mkP) as Decimal;
      if (!within(p)) break;
      const tradeId = this.nextId('trade');
      if (useSyn && syn) {
        const q = Decimal.min(remaining, syn.size);
        fills.push(
          this.applyFill({
            acct,
            order,
            price: p,
            size: q,
            liquidity: 'taker',
            time: now,
            tradeId,
            liquidation: false,
            feeRate: m.takerFee,
          }),
        );
        ms.book.consume(side, p, q, gridT);
        this.dirtyBooks.add(m.symbol);
        this.print(ms, tradeId, p, q, order.side, now, false);
        remaining = remaining.sub(q);
        i++;
        continue;
      }
      if (!mk) break;
      if (mk.accountId === acct.id) {
        if (this.stp === 'cancel_taker') return 'self_trade';
        this.cancelResting(acct, mk, 'self_trade', now);
        j++;
        continue;
      }
      const makerAcct = this.requireAccount(mk.accountId);
      let mkRem = mk.size.sub(mk.filledSize);
      if (mk.reduceOnly) {
        const mpos = makerAcct.positions.get(m.symbol)?.size ?? ZERO;
        const reducible = (mk.side === 'buy' && mpos.lt(0)) || (mk.side === 'sell' && mpos.gt(0)) ? mpos.abs() : ZERO;
        if (reducible.isZero()) {
          this.cancelResting(makerAcct, mk, 'reduce_only', now);
          j++;
          continue;
        }
        mkRem = Decimal.min(mkRem, reducible);
      }
      const q = Decimal.min(remaining, mkRem);
      fills.push(
        this.applyFill({
          acct,
          order,
          price: p,
          size: q,
          liquidity: 'taker',
          time: now,
          tradeId,
          liquidation: false,
          feeRate: m.takerFee,
        }),
      );
      this.applyFill({
        acct: makerAcct,
        order: mk,
        price: p,
        size: q,
        liquidity: 'maker',
        time: now,
        tradeId,
        liquidation: false,
        feeRate: m.makerFee,
      });
      this.print(ms, tradeId, p, q, order.side, now, false);
      remaining = remaining.sub(q);
      this.afterMakerFill(ms, makerAcct, mk, now);
      if (mk.status !== 'partially_filled') j++;
    }
    return undefined;
  }

  /** Updates a resting order after a fill: done, or clipped when reduce-only and the position shrank. */
  private afterMakerFill(ms: MarketState, acct: AccountState, o: SimOrder, now: number): void {
    this.dirtyBooks.add(ms.market.symbol);
    const rem = o.size.sub(o.filledSize);
    if (rem.isZero()) {
      o.status = 'filled';
      o.updatedAt = now;
      this.unrest(ms, acct, o);
    } else {
      o.status = 'partially_filled';
      o.updatedAt = now;
      if (o.reduceOnly) {
        const pos = acct.positions.get(o.symbol)?.size ?? ZERO;
        const closes = (o.side === 'buy' && pos.lt(0)) || (o.side === 'sell' && pos.gt(0));
        if (!closes) {
          this.cancelResting(acct, o, 'reduce_only', now);
          return;
        }
      }
    }
    this.enqueue('order', { accountId: acct.id, order: { ...o } });
    this.markAccount(acct, o.symbol);
  }

  /** Books one fill: position, realised PnL, fee, ledger, order progress. */
  private applyFill(f: FillParams): SimFill {
    const { acct, order, price, size, time } = f;
    const sym = order.symbol;
    const pos = acct.positions.get(sym) ?? { size: ZERO, entryPrice: ZERO, realizedPnl: ZERO };
    const signed = order.side === 'buy' ? size : size.neg();
    let realized = ZERO;
    const next: PositionState = { ...pos };
    if (pos.size.isZero() || pos.size.isPositive() === signed.isPositive()) {
      const newSize = pos.size.add(signed);
      next.entryPrice = pos.size.abs().mul(pos.entryPrice).add(size.mul(price)).div(newSize.abs());
      next.size = newSize;
      if (pos.size.isZero()) next.realizedPnl = ZERO;
    } else {
      const closeQty = Decimal.min(size, pos.size.abs());
      const dir = pos.size.isPositive() ? 1 : -1;
      realized = cash(price.sub(pos.entryPrice).mul(closeQty).mul(dir));
      next.size = pos.size.add(signed);
      next.realizedPnl = pos.realizedPnl.add(realized);
      if (next.size.isZero()) next.entryPrice = ZERO;
      else if (next.size.isPositive() !== pos.size.isPositive()) {
        next.entryPrice = price;
        next.realizedPnl = ZERO;
      }
    }
    acct.positions.set(sym, next);
    const fee = cash(price.mul(size).mul(f.feeRate), Decimal.ROUND_CEIL);
    const fillId = this.nextId('fill');
    const refs = { symbol: sym, orderId: order.id, fillId };
    if (!realized.isZero()) this.ledgerAdd(acct, 'realized_pnl', realized, time, refs);
    if (!fee.isZero()) this.ledgerAdd(acct, 'fee', fee.neg(), time, refs);
    const prevFilled = order.filledSize;
    order.filledSize = prevFilled.add(size);
    order.averageFillPrice = (order.averageFillPrice ?? ZERO)
      .mul(prevFilled)
      .add(price.mul(size))
      .div(order.filledSize);
    order.fee = order.fee.add(fee);
    order.updatedAt = time;
    const fill: SimFill = {
      id: fillId,
      orderId: order.id,
      symbol: sym,
      side: order.side,
      price,
      size,
      fee,
      liquidity: f.liquidity,
      timestamp: time,
      accountId: acct.id,
      tradeId: f.tradeId,
      realizedPnl: realized,
      liquidation: f.liquidation,
    };
    if (order.clientOrderId !== undefined) fill.clientOrderId = order.clientOrderId;
    acct.fills.push(fill);
    this.enqueue('fill', { accountId: acct.id, fill: { ...fill } });
    this.markAccount(acct, sym);
    return fill;
  }

  private print(
    ms: MarketState,
    id: string,
    price: Decimal,
    size: Decimal,
    side: Side,
    time: number,
    liq: boolean,
  ): void {
    const trade: SimTrade = { id, symbol: ms.market.symbol, price, size, side, time, liquidation: liq };
    ms.trades.push(trade);
    if (ms.trades.length > MAX_TRADES) ms.trades.splice(0, ms.trades.length - MAX_TRADES);
    this.enqueue('trade', { trade: { ...trade } });
  }

  private rest(ms: MarketState, acct: AccountState, o: SimOrder): void {
    acct.open.set(o.id, o);
    this.insertResting(ms, o);
    this.dirtyBooks.add(ms.market.symbol);
  }

  private insertResting(ms: MarketState, o: SimOrder): void {
    const list = o.side === 'buy' ? ms.bids : ms.asks;
    const p = o.price as Decimal;
    // Price priority, then time (ids increase with time).
    let idx = list.length;
    for (let k = 0; k < list.length; k++) {
      const q = list[k]?.price as Decimal;
      if (o.side === 'buy' ? p.gt(q) : p.lt(q)) {
        idx = k;
        break;
      }
    }
    list.splice(idx, 0, o);
  }

  private unrest(ms: MarketState, acct: AccountState, o: SimOrder): void {
    acct.open.delete(o.id);
    const list = o.side === 'buy' ? ms.bids : ms.asks;
    const k = list.indexOf(o);
    if (k >= 0) list.splice(k, 1);
    this.dirtyBooks.add(ms.market.symbol);
  }

  private cancelResting(acct: AccountState, o: SimOrder, reason: SimCancelReason, now: number): void {
    const ms = this.requireMarket(o.symbol);
    this.unrest(ms, acct, o);
    this.finish(o, reason === 'expired' ? 'expired' : 'cancelled', reason, now);
    this.enqueue('order', { accountId: acct.id, order: { ...o } });
    this.markAccount(acct, o.symbol);
  }

  private finish(o: SimOrder, status: 'cancelled' | 'expired', reason: SimCancelReason, now: number): void {
    o.status = status;
    o.cancelReason = reason;
    o.updatedAt = now;
  }

  private retainOrder(acct: AccountState, o: SimOrder): void {
    acct.orders.set(o.id, o);
    this.orderIndex.set(o.id, o);
    if (o.clientOrderId !== undefined) acct.clientIds.set(o.clientOrderId, o.id);
    if (acct.orders.size > this.maxRetainedOrders) {
      for (const old of acct.orders.values()) {
        if (acct.orders.size <= this.maxRetainedOrders) break;
        if (acct.open.has(old.id)) continue;
        acct.orders.delete(old.id);
        this.orderIndex.delete(old.id);
        if (old.clientOrderId !== undefined) acct.clientIds.delete(old.clientOrderId);
      }
    }
  }

  private findOrder(acct: AccountState, q: { orderId?: string; clientOrderId?: string }): SimOrder | undefined {
    if (q.orderId !== undefined) return acct.orders.get(q.orderId);
    if (q.clientOrderId !== undefined) {
      const id = acct.clientIds.get(q.clientOrderId);
      return id === undefined ? undefined : acct.orders.get(id);
    }
    return undefined;
  }

  // ───────────────────────────── internals: time ─────────────────────────────

  private anyPositions(): boolean {
    for (const a of this.accounts.values()) for (const p of a.positions.values()) if (!p.size.isZero()) return true;
    return false;
  }

  private nextExpiry(after: number): number | undefined {
    let best: number | undefined;
    for (const ms of this.mstate.values()) {
      for (const list of [ms.bids, ms.asks]) {
        for (const o of list) {
          if (o.expiresAt !== undefined && o.expiresAt > after && (best === undefined || o.expiresAt < best)) {
            best = o.expiresAt;
          }
        }
      }
    }
    return best;
  }

  private expireOrders(t: number): void {
    for (const ms of this.mstate.values()) {
      for (const o of [...ms.bids, ...ms.asks]) {
        if (o.expiresAt !== undefined && o.expiresAt <= t) {
          this.cancelResting(this.requireAccount(o.accountId), o, 'expired', o.expiresAt);
        }
      }
    }
  }

  /**
   * Fills resting orders the mid moved through, at grid points in (from, to], in time order, at their own price as
   * makers. A float screen skips the seconds where nothing can cross.
   */
  private scanResting(from: number, to: number): void {
    const active = [...this.mstate.values()].filter((ms) => ms.bids.length > 0 || ms.asks.length > 0);
    if (active.length === 0) return;
    const first = Math.floor(from / GRID_MS) + 1;
    const last = Math.floor(to / GRID_MS);
    const bounds = new Map<MarketState, { maxBid: number; minAsk: number }>();
    const refresh = (ms: MarketState): void => {
      bounds.set(ms, {
        maxBid: ms.bids[0] ? (ms.bids[0].price as Decimal).toNumber() : Number.NEGATIVE_INFINITY,
        minAsk: ms.asks[0] ? (ms.asks[0].price as Decimal).toNumber() : Number.POSITIVE_INFINITY,
      });
    };
    for (const ms of active) refresh(ms);
    for (let k = first; k <= last; k++) {
      const t = k * GRID_MS;
      for (const ms of active) {
        const b = bounds.get(ms);
        if (!b || (b.maxBid === Number.NEGATIVE_INFINITY && b.minAsk === Number.POSITIVE_INFINITY)) continue;
        const midF = this.midFloat(ms, t);
        if (midF > b.maxBid * (1 + 1e-9) && midF < b.minAsk * (1 - 1e-9)) continue;
        const mid = this.midAt(ms, t);
        const crossed = [
          ...ms.bids.filter((o) => (o.price as Decimal).gte(mid)),
          ...ms.asks.filter((o) => (o.price as Decimal).lte(mid)),
        ].sort((x, y) => Number(BigInt(x.id) - BigInt(y.id)));
        for (const o of crossed) {
          if (o.expiresAt !== undefined && o.expiresAt <= t) continue;
          if (!this.accounts.get(o.accountId)?.open.has(o.id)) continue;
          this.fillRestingAtMid(ms, o, t);
        }
        refresh(ms);
      }
    }
  }

  private fillRestingAtMid(ms: MarketState, o: SimOrder, t: number): void {
    const acct = this.requireAccount(o.accountId);
    let size = o.size.sub(o.filledSize);
    if (o.reduceOnly) {
      const pos = acct.positions.get(o.symbol)?.size ?? ZERO;
      const closes = (o.side === 'buy' && pos.lt(0)) || (o.side === 'sell' && pos.gt(0));
      if (!closes) {
        this.cancelResting(acct, o, 'reduce_only', t);
        return;
      }
      size = Decimal.min(size, pos.abs());
    }
    const tradeId = this.nextId('trade');
    const price = o.price as Decimal;
    this.applyFill({
      acct,
      order: o,
      price,
      size,
      liquidity: 'maker',
      time: t,
      tradeId,
      liquidation: false,
      feeRate: ms.market.makerFee,
    });
    this.print(ms, tradeId, price, size, o.side === 'buy' ? 'sell' : 'buy', t, false);
    this.afterMakerFill(ms, acct, o, t);
  }

  private settleFunding(t: number): void {
    for (const ms of this.mstate.values()) {
      const m = ms.market;
      if (t % (m.fundingIntervalHours * HOUR_MS) !== 0) continue;
      const rate = ms.funding.rateAt(t, m.fundingIntervalHours, m.fundingRateCap);
      const mark = this.markAt(ms, t);
      const record: SimFundingRecord = { symbol: m.symbol, time: t, rate, markPrice: mark };
      ms.fundingHistory.push(record);
      if (ms.fundingHistory.length > MAX_FUNDING_HISTORY) ms.fundingHistory.shift();
      this.enqueue('fundingRate', { record: { ...record }, intervalHours: m.fundingIntervalHours });
      for (const acct of this.accounts.values()) {
        const p = acct.positions.get(m.symbol);
        if (!p || p.size.isZero()) continue;
        // Positive rate: longs pay shorts.
        const amount = cash(p.size.mul(mark).mul(rate).neg(), Decimal.ROUND_HALF_UP);
        if (!amount.isZero()) this.ledgerAdd(acct, 'funding', amount, t, { symbol: m.symbol });
        const payment: SimFundingPayment = {
          id: this.nextId('funding'),
          accountId: acct.id,
          symbol: m.symbol,
          amount,
          rate,
          positionSize: p.size,
          markPrice: mark,
          timestamp: t,
        };
        acct.fundingPayments.push(payment);
        this.enqueue('funding', { accountId: acct.id, payment: { ...payment } });
        this.markAccount(acct, m.symbol);
      }
    }
  }

  private checkLiquidations(t: number): void {
    for (const acct of this.accounts.values()) {
      let has = false;
      for (const p of acct.positions.values()) if (!p.size.isZero()) has = true;
      if (!has) continue;
      const s = this.metrics(acct, t);
      if (s.equity.lt(s.maintenanceMargin)) this.liquidate(acct, t);
    }
  }

  /** Cancels the account's orders and closes every position at mark, charging the penalty on the closed notional. */
  private liquidate(acct: AccountState, t: number): void {
    for (const o of [...acct.open.values()]) this.cancelResting(acct, o, 'liquidation', t);
    const fills: SimFill[] = [];
    const symbols: string[] = [];
    let penalty = ZERO;
    for (const [sym, p] of acct.positions) {
      if (p.size.isZero()) continue;
      const ms = this.requireMarket(sym);
      const mark = this.markAt(ms, t);
      const size = p.size.abs();
      const order: SimOrder = {
        id: this.nextId('order'),
        symbol: sym,
        side: p.size.isPositive() ? 'sell' : 'buy',
        type: 'market',
        timeInForce: 'IOC',
        size,
        filledSize: ZERO,
        status: 'filled',
        reduceOnly: true,
        createdAt: t,
        updatedAt: t,
        accountId: acct.id,
        fee: ZERO,
        liquidation: true,
      };
      this.retainOrder(acct, order);
      const tradeId = this.nextId('trade');
      fills.push(
        this.applyFill({
          acct,
          order,
          price: mark,
          size,
          liquidity: 'taker',
          time: t,
          tradeId,
          liquidation: true,
          feeRate: ZERO,
        }),
      );
      this.print(ms, tradeId, mark, size, order.side, t, true);
      this.enqueue('order', { accountId: acct.id, order: { ...order } });
      penalty = penalty.add(mark.mul(size).mul(ms.market.liquidationPenaltyRate));
      symbols.push(sym);
    }
    // The penalty never pushes the account below zero: what is left after closing is all it can take.
    penalty = cash(Decimal.min(penalty, Decimal.max(acct.collateral, ZERO)), Decimal.ROUND_DOWN);
    if (!penalty.isZero()) this.ledgerAdd(acct, 'liquidation_penalty', penalty.neg(), t, {});
    if (acct.collateral.lt(0)) this.ledgerAdd(acct, 'insurance', acct.collateral.neg(), t, {});
    this.enqueue('liquidation', { accountId: acct.id, time: t, symbols, fills: fills.map((f) => ({ ...f })), penalty });
  }

  // ───────────────────────────── internals: accounts ─────────────────────────────

  private createAccountState(id: string): AccountState {
    if (typeof id !== 'string' || id.length === 0) {
      throw new InvalidInputError('account id must be a non-empty string', { field: 'accountId', value: id });
    }
    const a = newAccount(id);
    this.accounts.set(id, a);
    return a;
  }

  private requireAccount(accountId: string): AccountState {
    const a = this.accounts.get(accountId);
    if (!a) throw new SimRejectError('UNKNOWN_ACCOUNT', `unknown account ${accountId}`, { accountId });
    return a;
  }

  private requireMarket(symbol: string, accountId?: string): MarketState {
    const ms = this.mstate.get(symbol);
    if (!ms) {
      throw new SimRejectError('UNKNOWN_SYMBOL', `unknown symbol ${symbol}`, {
        accountId,
        symbol,
        expected: [...this.mstate.keys()].join(', '),
      });
    }
    return ms;
  }

  private leverageOf(acct: AccountState, m: SimMarket): Decimal {
    return acct.leverage.get(m.symbol) ?? this.defaultLeverage ?? Decimal.min(10, m.maxLeverage);
  }

  private checkLeverage(m: SimMarket, leverage: DecimalInput, accountId?: string): Decimal {
    let lev: Decimal;
    try {
      lev = toDecimal(leverage, 'leverage');
    } catch {
      throw new SimRejectError('INVALID_LEVERAGE', 'leverage is not a number', { accountId, symbol: m.symbol });
    }
    if (lev.gt(m.maxLeverage)) {
      throw new SimRejectError('LEVERAGE_TOO_HIGH', `max leverage on ${m.symbol} is ${m.maxLeverage.toString()}`, {
        accountId,
        symbol: m.symbol,
        value: lev.toString(),
        expected: `<= ${m.maxLeverage.toString()}`,
      });
    }
    if (lev.lt(1)) {
      throw new SimRejectError('INVALID_LEVERAGE', 'leverage must be >= 1', {
        accountId,
        symbol: m.symbol,
        value: lev.toString(),
      });
    }
    return lev;
  }

  private metrics(acct: AccountState, t: number): Omit<SimAccountSummary, 'accountId' | 'currency'> {
    let upnl = ZERO;
    let im = ZERO;
    let mm = ZERO;
    for (const [sym, p] of acct.positions) {
      if (p.size.isZero()) continue;
      const ms = this.requireMarket(sym);
      const mark = this.markAt(ms, t);
      const notional = p.size.abs().mul(mark);
      upnl = upnl.add(mark.sub(p.entryPrice).mul(p.size));
      im = im.add(notional.div(this.leverageOf(acct, ms.market)));
      mm = mm.add(notional.mul(ms.market.maintenanceMarginRate));
    }
    let om = ZERO;
    for (const o of acct.open.values()) {
      if (o.reduceOnly) continue;
      const m = this.requireMarket(o.symbol).market;
      om = om.add(
        o.size
          .sub(o.filledSize)
          .mul(o.price as Decimal)
          .div(this.leverageOf(acct, m)),
      );
    }
    const equity = acct.collateral.add(upnl);
    return {
      collateral: acct.collateral,
      equity,
      availableMargin: equity.sub(im).sub(om),
      unrealizedPnl: upnl,
      initialMargin: im,
      initialMarginUsed: im,
      maintenanceMargin: mm,
      orderMargin: om,
    };
  }

  private summary(acct: AccountState): SimAccountSummary {
    return { accountId: acct.id, currency: 'USD', ...this.metrics(acct, this.cursor) };
  }

  private positionView(acct: AccountState, sym: string, p: PositionState): SimPosition {
    const ms = this.requireMarket(sym);
    const m = ms.market;
    const t = this.cursor;
    const mark = this.markAt(ms, t);
    const lev = this.leverageOf(acct, m);
    const notional = p.size.abs().mul(mark);
    // Cross margin: the price of this market at which equity meets maintenance, other marks held.
    let others = ZERO;
    let otherMm = ZERO;
    for (const [s2, p2] of acct.positions) {
      if (s2 === sym || p2.size.isZero()) continue;
      const ms2 = this.requireMarket(s2);
      const mk2 = this.markAt(ms2, t);
      others = others.add(mk2.sub(p2.entryPrice).mul(p2.size));
      otherMm = otherMm.add(p2.size.abs().mul(mk2).mul(ms2.market.maintenanceMarginRate));
    }
    let liq: Decimal | null = null;
    if (!p.size.isZero()) {
      const denom = p.size.sub(p.size.abs().mul(m.maintenanceMarginRate));
      const lp = otherMm.sub(acct.collateral).sub(others).add(p.size.mul(p.entryPrice)).div(denom);
      liq = lp.gt(0) ? roundToStep(lp, m.tickSize) : null;
    }
    return {
      accountId: acct.id,
      symbol: sym,
      size: p.size,
      entryPrice: p.entryPrice,
      markPrice: mark,
      unrealizedPnl: mark.sub(p.entryPrice).mul(p.size),
      liquidationPrice: liq,
      leverage: lev,
      notional,
      initialMargin: notional.div(lev),
      maintenanceMargin: notional.mul(m.maintenanceMarginRate),
      realizedPnl: p.realizedPnl,
    };
  }

  private ledgerAdd(
    acct: AccountState,
    type: LedgerType,
    amount: Decimal,
    time: number,
    refs: { symbol?: string; orderId?: string; fillId?: string },
  ): void {
    acct.collateral = acct.collateral.add(amount);
    const e: LedgerEntry = {
      id: this.nextId('ledger'),
      accountId: acct.id,
      type,
      amount,
      balance: acct.collateral,
      time,
    };
    if (refs.symbol !== undefined) e.symbol = refs.symbol;
    if (refs.orderId !== undefined) e.orderId = refs.orderId;
    if (refs.fillId !== undefined) e.fillId = refs.fillId;
    acct.ledger.push(e);
    this.dirtyAccounts.add(acct.id);
  }

  private markAccount(acct: AccountState, symbol?: string): void {
    this.dirtyAccounts.add(acct.id);
    if (symbol !== undefined) {
      let set = this.dirtyPositions.get(acct.id);
      if (!set) {
        set = new Set();
        this.dirtyPositions.set(acct.id, set);
      }
      set.add(symbol);
    }
  }

  // ───────────────────────────── internals: ids, events ─────────────────────────────

  private nextId(kind: CounterKind): string {
    this.counters[kind] += 1;
    // Orders and fills look like venue ids: numeric, increasing, fixed width for a long time.
    const base = kind === 'order' ? 1_000_000_000 : kind === 'fill' ? 2_000_000_000 : 0;
    return String(base + this.counters[kind]);
  }

  private decimalParam(
    v: DecimalInput,
    field: string,
    code: 'INVALID_SIZE' | 'INVALID_PRICE' | 'INVALID_PARAMS',
    ctx: object,
  ): Decimal {
    try {
      return toDecimal(v, field);
    } catch {
      throw new SimRejectError(code, `${field} is not a decimal number`, { ...ctx, field, value: String(v) });
    }
  }

  private enqueue<K extends keyof SimEngineEvents>(event: K, payload: SimEngineEvents[K]): void {
    this.queue.push({ event, payload });
  }

  /** Emits queued events, then one position/balance event per touched account and one book event per book. */
  private flush(): void {
    if (this.advancing) return;
    const wantPositions = this.events.listenerCount('position') > 0;
    const wantBalances = this.events.listenerCount('balance') > 0;
    for (const [accountId, syms] of wantPositions ? this.dirtyPositions : []) {
      const acct = this.accounts.get(accountId);
      if (!acct) continue;
      for (const sym of syms) {
        const p = acct.positions.get(sym) ?? { size: ZERO, entryPrice: ZERO, realizedPnl: ZERO };
        this.enqueue('position', { accountId, position: this.positionView(acct, sym, p) });
      }
    }
    for (const id of wantBalances ? this.dirtyAccounts : []) {
      const acct = this.accounts.get(id);
      if (acct) this.enqueue('balance', { accountId: id, balance: this.summary(acct) });
    }
    for (const sym of this.dirtyBooks) {
      const ms = this.mstate.get(sym);
      if (!ms) continue;
      ms.sequence += 1;
      this.enqueue('book', { symbol: sym, sequence: ms.sequence, time: this.cursor });
    }
    this.dirtyPositions = new Map();
    this.dirtyAccounts = new Set();
    this.dirtyBooks = new Set();
    const q = this.queue;
    this.queue = [];
    for (const { event, payload } of q) this.events.emit(event, payload as never);
  }
}
