import type { Decimal, VenueId } from '@dn/core';
import { type AccountState, ZERO } from './account.js';
import { SimRejectError } from './errors.js';
import { FundingLog } from './funding-log.js';
import { FundingProcess } from './funding-process.js';
import { positionView, summary } from './margin.js';
import type { SimMarket } from './markets.js';
import { seedFor } from './random.js';
import { SyntheticBook } from './synthetic-book.js';
import type { TakerFlowConfig } from './taker-flow.js';
import type { LedgerEntry, LedgerType, SimEngineEvents, SimOrder, SimTrade } from './types.js';
import type { SimWorld } from './world.js';

/** Settled funding rates kept per market (the oldest go first). */
export const MAX_FUNDING_HISTORY = 20_000;

export type CounterKind = 'order' | 'fill' | 'trade' | 'ledger' | 'funding';

export type SelfTradePrevention = 'cancel_resting' | 'cancel_taker';

/** One market's live state: its books (generated and users'), funding process, prints and price cache. */
export interface MarketState {
  market: SimMarket;
  book: SyntheticBook;
  funding: FundingProcess;
  bids: SimOrder[];
  asks: SimOrder[];
  sequence: number;
  lastGridT: number;
  fundingHistory: FundingLog;
  /** Users' prints (background prints are generated on demand). */
  trades: SimTrade[];
  basisSeed: number;
  tapeSeed: number;
  index: number;
  /** Mid and mark of the last grid point asked for, valid for one world shock revision. */
  priceCache: { gridT: number; rev: number; mid: Decimal; mark: Decimal };
}

export function newMarketState(
  m: SimMarket,
  index: number,
  seed: number,
  recoveryMs: number,
  originMs: number,
): MarketState {
  return {
    market: m,
    book: new SyntheticBook(m, seedFor(seed, `book:${m.symbol}`), recoveryMs),
    funding: new FundingProcess(seedFor(seed, `funding:${m.symbol}`), m.funding, originMs),
    bids: [],
    asks: [],
    sequence: 0,
    lastGridT: -1,
    fundingHistory: new FundingLog(m.symbol, m.tickSize, MAX_FUNDING_HISTORY),
    trades: [],
    basisSeed: seedFor(seed, `basis:${m.symbol}`),
    tapeSeed: seedFor(seed, `tape:${m.symbol}`),
    index,
    priceCache: { gridT: Number.NaN, rev: -1, mid: ZERO, mark: ZERO },
  };
}

export interface EngineConfig {
  defaultLeverage: Decimal | undefined;
  recoveryMs: number;
  liqCheckMs: number;
  stp: SelfTradePrevention;
  maxRetainedOrders: number;
}

/**
 * The state `SimEngine` owns, shared with the functions that move it (matching, margin, processes): markets,
 * accounts, id counters and the events waiting for the next flush.
 */
export class EngineCore {
  readonly marketStates = new Map<string, MarketState>();
  readonly accounts = new Map<string, AccountState>();
  counters: Record<CounterKind, number> = { order: 0, fill: 0, trade: 0, ledger: 0, funding: 0 };
  queue: { event: keyof SimEngineEvents; payload: unknown }[] = [];
  dirtyBooks = new Set<string>();
  dirtyAccounts = new Set<string>();
  dirtyPositions = new Map<string, Set<string>>();
  /** Other participants' market orders hitting users' resting orders; off unless set (`SimEngine.setTakerFlow`). */
  takerFlow: TakerFlowConfig | undefined;

  constructor(
    readonly venue: VenueId,
    readonly world: SimWorld,
    readonly config: EngineConfig,
    public cursor: number,
  ) {}

  nextId(kind: CounterKind): string {
    this.counters[kind] += 1;
    // Orders and fills look like venue ids: numeric, increasing, fixed width for a long time.
    const base = kind === 'order' ? 1_000_000_000 : kind === 'fill' ? 2_000_000_000 : 0;
    return String(base + this.counters[kind]);
  }

  enqueue<K extends keyof SimEngineEvents>(event: K, payload: SimEngineEvents[K]): void {
    this.queue.push({ event, payload });
  }

  requireAccount(accountId: string): AccountState {
    const a = this.accounts.get(accountId);
    if (!a) throw new SimRejectError('UNKNOWN_ACCOUNT', `unknown account ${accountId}`, { accountId });
    return a;
  }

  requireMarket(symbol: string, accountId?: string): MarketState {
    const mkt = this.marketStates.get(symbol);
    if (!mkt) {
      throw new SimRejectError('UNKNOWN_SYMBOL', `unknown symbol ${symbol}`, {
        accountId,
        symbol,
        expected: [...this.marketStates.keys()].join(', '),
      });
    }
    return mkt;
  }

  ledgerAdd(
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

  markAccount(acct: AccountState, symbol?: string): void {
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

  /**
   * Takes the queued events, then one position/balance event per touched account (when someone listens) and one book
   * event per touched book, and clears the touched sets.
   */
  takeEvents(wantPositions: boolean, wantBalances: boolean): EngineCore['queue'] {
    for (const [accountId, syms] of wantPositions ? this.dirtyPositions : []) {
      const acct = this.accounts.get(accountId);
      if (!acct) continue;
      for (const sym of syms) {
        const p = acct.positions.get(sym) ?? { size: ZERO, entryPrice: ZERO, realizedPnl: ZERO };
        this.enqueue('position', { accountId, position: positionView(this, acct, sym, p) });
      }
    }
    for (const id of wantBalances ? this.dirtyAccounts : []) {
      const acct = this.accounts.get(id);
      if (acct) this.enqueue('balance', { accountId: id, balance: summary(this, acct) });
    }
    for (const sym of this.dirtyBooks) {
      const mkt = this.marketStates.get(sym);
      if (!mkt) continue;
      mkt.sequence += 1;
      this.enqueue('book', { symbol: sym, sequence: mkt.sequence, time: this.cursor });
    }
    this.dirtyPositions = new Map();
    this.dirtyAccounts = new Set();
    this.dirtyBooks = new Set();
    const q = this.queue;
    this.queue = [];
    return q;
  }
}
