import { Decimal, InvalidInputError } from '@dn/core';
import { type AccountState, newAccount, type PositionState } from './account.js';
import { type EngineCore, MAX_FUNDING_HISTORY } from './engine-core.js';
import type { EngineFaultsState } from './faults.js';
import { FundingLog } from './funding-log.js';
import { FundingProcess, type FundingProcessState } from './funding-process.js';
import type { SimMarket } from './markets.js';
import { insertResting } from './matching.js';
import { seedFor } from './random.js';
import type { Depletion } from './synthetic-book.js';
import type { LedgerEntry, SimFill, SimFundingPayment, SimFundingRecord, SimOrder, SimTrade } from './types.js';
import type { SimWorldDescriptor } from './world.js';

export const SNAPSHOT_VERSION = 1;

/** `T` with the Decimal fields `K` as strings (JSON form). */
export type Encoded<T, K extends keyof T> = Omit<T, K> & {
  [P in K]: undefined extends T[P] ? string | undefined : string;
};

const MARKET_KEYS = [
  'tickSize',
  'lotSize',
  'minSize',
  'minNotional',
  'maxLeverage',
  'makerFee',
  'takerFee',
  'maintenanceMarginRate',
  'fundingRateCap',
  'liquidationPenaltyRate',
  'marketOrderSlippage',
] as const;
const ORDER_KEYS = ['price', 'size', 'filledSize', 'averageFillPrice', 'fee'] as const;
const FILL_KEYS = ['price', 'size', 'fee', 'realizedPnl'] as const;
const LEDGER_KEYS = ['amount', 'balance'] as const;
const PAYMENT_KEYS = ['amount', 'rate', 'positionSize', 'markPrice'] as const;
const RECORD_KEYS = ['rate', 'markPrice'] as const;
const TRADE_KEYS = ['price', 'size'] as const;
const POSITION_KEYS = ['size', 'entryPrice', 'realizedPnl'] as const;

export type EncodedMarket = Encoded<SimMarket, (typeof MARKET_KEYS)[number]>;
export type EncodedOrder = Encoded<SimOrder, (typeof ORDER_KEYS)[number]>;
export type EncodedFill = Encoded<SimFill, (typeof FILL_KEYS)[number]>;
export type EncodedLedgerEntry = Encoded<LedgerEntry, (typeof LEDGER_KEYS)[number]>;
export type EncodedFundingPayment = Encoded<SimFundingPayment, (typeof PAYMENT_KEYS)[number]>;
export type EncodedFundingRecord = Encoded<SimFundingRecord, (typeof RECORD_KEYS)[number]>;
export type EncodedTrade = Encoded<SimTrade, (typeof TRADE_KEYS)[number]>;
export type EncodedPosition = Encoded<PositionState, (typeof POSITION_KEYS)[number]> & { symbol: string };

export interface EncodedAccount {
  id: string;
  collateral: string;
  leverage: Record<string, string>;
  positions: EncodedPosition[];
  /** Retained orders in creation order; the open ones have status open / partially_filled. */
  orders: EncodedOrder[];
  fills: EncodedFill[];
  ledger: EncodedLedgerEntry[];
  fundingPayments: EncodedFundingPayment[];
}

export interface EncodedMarketState {
  symbol: string;
  sequence: number;
  lastGridT: number;
  funding: FundingProcessState;
  fundingHistory: EncodedFundingRecord[];
  trades: EncodedTrade[];
  depletions: Depletion[];
}

export interface SimEngineOptionsState {
  defaultLeverage: string | undefined;
  liquidityRecoveryMs: number;
  liquidationCheckMs: number;
  selfTradePrevention: 'cancel_resting' | 'cancel_taker';
  maxRetainedOrders: number;
}

/** JSON-serialisable engine state. Decimals are strings; `JSON.parse(JSON.stringify(s))` round-trips it. */
export interface SimEngineSnapshot {
  version: typeof SNAPSHOT_VERSION;
  venue: string;
  seed: number;
  /** The world this engine ran on; rebuild it with `SimWorld.fromDescriptor`. */
  world: SimWorldDescriptor;
  /** Time up to which the engine had processed everything. */
  cursor: number;
  options: SimEngineOptionsState;
  markets: EncodedMarket[];
  counters: { order: number; fill: number; trade: number; ledger: number; funding: number };
  accounts: EncodedAccount[];
  marketStates: EncodedMarketState[];
  faults: EngineFaultsState;
}

/** The engine's state in memory form; what `snapshot()` encodes and `restore()` decodes. */
export interface EngineState {
  venue: string;
  seed: number;
  world: SimWorldDescriptor;
  cursor: number;
  options: SimEngineOptionsState;
  markets: SimMarket[];
  counters: SimEngineSnapshot['counters'];
  accounts: AccountState[];
  marketStates: {
    symbol: string;
    sequence: number;
    lastGridT: number;
    funding: FundingProcessState;
    fundingHistory: SimFundingRecord[];
    trades: SimTrade[];
    depletions: Depletion[];
  }[];
  faults: EngineFaultsState;
}

function enc<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Encoded<T, K> {
  const out: Record<string, unknown> = { ...(o as Record<string, unknown>) };
  for (const k of keys) {
    const v = o[k];
    if (v instanceof Decimal) out[k as string] = v.toString();
    else delete out[k as string];
  }
  return JSON.parse(JSON.stringify(out)) as Encoded<T, K>;
}

function dec<T extends object, K extends keyof T>(o: Encoded<T, K>, keys: readonly K[]): T {
  const out: Record<string, unknown> = { ...(o as object) };
  for (const k of keys) {
    const v = out[k as string];
    if (typeof v === 'string') out[k as string] = new Decimal(v);
    else if (v !== undefined) throw new InvalidInputError(`snapshot field ${String(k)} is not a decimal string`);
  }
  return out as T;
}

export function encodeEngineState(s: EngineState): SimEngineSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    venue: s.venue,
    seed: s.seed,
    world: JSON.parse(JSON.stringify(s.world)) as SimWorldDescriptor,
    cursor: s.cursor,
    options: { ...s.options },
    markets: s.markets.map((m) => enc(m, MARKET_KEYS)),
    counters: { ...s.counters },
    accounts: s.accounts.map((a) => ({
      id: a.id,
      collateral: a.collateral.toString(),
      leverage: Object.fromEntries([...a.leverage].map(([k, v]) => [k, v.toString()])),
      positions: [...a.positions].map(([symbol, p]) => ({ symbol, ...enc(p, POSITION_KEYS) })),
      orders: [...a.orders.values()].map((o) => enc(o, ORDER_KEYS)),
      fills: a.fills.map((f) => enc(f, FILL_KEYS)),
      ledger: a.ledger.map((e) => enc(e, LEDGER_KEYS)),
      fundingPayments: a.fundingPayments.map((p) => enc(p, PAYMENT_KEYS)),
    })),
    marketStates: s.marketStates.map((m) => ({
      symbol: m.symbol,
      sequence: m.sequence,
      lastGridT: m.lastGridT,
      funding: { ...m.funding },
      fundingHistory: m.fundingHistory.map((r) => enc(r, RECORD_KEYS)),
      trades: m.trades.map((t) => enc(t, TRADE_KEYS)),
      depletions: m.depletions.map((d) => ({ ...d })),
    })),
    faults: JSON.parse(JSON.stringify(s.faults)) as EngineFaultsState,
  };
}

/** @throws InvalidInputError on an unknown version or a malformed decimal. */
export function decodeEngineState(snap: SimEngineSnapshot): EngineState {
  if (snap.version !== SNAPSHOT_VERSION) {
    throw new InvalidInputError(`unsupported engine snapshot version ${String(snap.version)}`, {
      field: 'version',
      value: snap.version,
      expected: String(SNAPSHOT_VERSION),
    });
  }
  return {
    venue: snap.venue,
    seed: snap.seed,
    world: snap.world,
    cursor: snap.cursor,
    options: { ...snap.options },
    markets: snap.markets.map((m) => dec<SimMarket, (typeof MARKET_KEYS)[number]>(m, MARKET_KEYS)),
    counters: { ...snap.counters },
    accounts: snap.accounts.map((a) => {
      const acct = newAccount(a.id);
      acct.collateral = new Decimal(a.collateral);
      for (const [k, v] of Object.entries(a.leverage)) acct.leverage.set(k, new Decimal(v));
      for (const { symbol, ...p } of a.positions)
        acct.positions.set(symbol, dec<PositionState, (typeof POSITION_KEYS)[number]>(p, POSITION_KEYS));
      for (const eo of a.orders) {
        const o = dec<SimOrder, (typeof ORDER_KEYS)[number]>(eo, ORDER_KEYS);
        acct.orders.set(o.id, o);
        if (o.clientOrderId !== undefined) acct.clientIds.set(o.clientOrderId, o.id);
        if (o.status === 'open' || o.status === 'partially_filled') acct.open.set(o.id, o);
      }
      acct.fills = a.fills.map((f) => dec<SimFill, (typeof FILL_KEYS)[number]>(f, FILL_KEYS));
      acct.ledger = a.ledger.map((e) => dec<LedgerEntry, (typeof LEDGER_KEYS)[number]>(e, LEDGER_KEYS));
      acct.fundingPayments = a.fundingPayments.map((p) =>
        dec<SimFundingPayment, (typeof PAYMENT_KEYS)[number]>(p, PAYMENT_KEYS),
      );
      return acct;
    }),
    marketStates: snap.marketStates.map((m) => ({
      symbol: m.symbol,
      sequence: m.sequence,
      lastGridT: m.lastGridT,
      funding: { ...m.funding },
      fundingHistory: m.fundingHistory.map((r) => dec<SimFundingRecord, (typeof RECORD_KEYS)[number]>(r, RECORD_KEYS)),
      trades: m.trades.map((t) => dec<SimTrade, (typeof TRADE_KEYS)[number]>(t, TRADE_KEYS)),
      depletions: m.depletions.map((d) => ({ ...d })),
    })),
    faults: snap.faults,
  };
}

/** What the engine core holds of `EngineState`; the rest (identity, markets, faults) is the engine's own. */
export function exportCoreState(
  core: EngineCore,
): Pick<EngineState, 'cursor' | 'options' | 'counters' | 'accounts' | 'marketStates'> {
  const c = core.config;
  return {
    cursor: core.cursor,
    options: {
      defaultLeverage: c.defaultLeverage?.toString(),
      liquidityRecoveryMs: c.recoveryMs,
      liquidationCheckMs: c.liqCheckMs,
      selfTradePrevention: c.stp,
      maxRetainedOrders: c.maxRetainedOrders,
    },
    counters: { ...core.counters },
    accounts: [...core.accounts.values()],
    marketStates: [...core.marketStates.values()].map((mkt) => ({
      symbol: mkt.market.symbol,
      sequence: mkt.sequence,
      lastGridT: mkt.lastGridT,
      funding: mkt.funding.exportState(),
      fundingHistory: mkt.fundingHistory.all(),
      trades: mkt.trades,
      depletions: mkt.book.exportDepletions(),
    })),
  };
}

/** Loads accounts, resting orders, ids and market state into a freshly built core (same markets and seed). */
export function importCoreState(core: EngineCore, s: EngineState, seed: number): void {
  core.counters = { ...s.counters };
  for (const a of s.accounts) {
    core.accounts.set(a.id, a);
    for (const o of a.open.values()) {
      const mkt = core.marketStates.get(o.symbol);
      if (mkt) insertResting(mkt, o);
    }
  }
  for (const st of s.marketStates) {
    const mkt = core.marketStates.get(st.symbol);
    if (!mkt) continue;
    mkt.sequence = st.sequence;
    mkt.lastGridT = st.lastGridT;
    mkt.funding = new FundingProcess(
      seedFor(seed, `funding:${st.symbol}`),
      mkt.market.funding,
      core.world.originMs,
      st.funding,
    );
    mkt.fundingHistory = new FundingLog(st.symbol, mkt.market.tickSize, MAX_FUNDING_HISTORY);
    for (const r of st.fundingHistory) mkt.fundingHistory.push(r);
    mkt.trades = st.trades;
    mkt.book.importDepletions(st.depletions);
  }
}
