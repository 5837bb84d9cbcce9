import { Decimal } from '@dn/core';
import type { LedgerEntry, SimFill, SimFundingPayment, SimOrder } from './types.js';

/** Cash amounts are kept at 8 decimals so that Σ ledger = collateral holds exactly at decimal.js precision. */
export const CASH_DP = 8;

export function cash(x: Decimal, rounding: Decimal.Rounding = Decimal.ROUND_HALF_EVEN): Decimal {
  return x.toDecimalPlaces(CASH_DP, rounding);
}

export const ZERO = new Decimal(0);

export interface PositionState {
  /** Signed base size. */
  size: Decimal;
  /** Volume-weighted entry of the open size; 0 when flat. */
  entryPrice: Decimal;
  realizedPnl: Decimal;
}

export interface AccountState {
  id: string;
  collateral: Decimal;
  leverage: Map<string, Decimal>;
  positions: Map<string, PositionState>;
  /** Every retained order in creation order. */
  orders: Map<string, SimOrder>;
  open: Map<string, SimOrder>;
  clientIds: Map<string, string>;
  fills: SimFill[];
  ledger: LedgerEntry[];
  fundingPayments: SimFundingPayment[];
}

export function newAccount(id: string): AccountState {
  return {
    id,
    collateral: ZERO,
    leverage: new Map(),
    positions: new Map(),
    orders: new Map(),
    open: new Map(),
    clientIds: new Map(),
    fills: [],
    ledger: [],
    fundingPayments: [],
  };
}

/** Filters history by symbol and inclusive time range, then keeps the newest `limit` (oldest first). */
export function queryHistory<T extends { symbol?: string }>(
  list: readonly T[],
  time: (x: T) => number,
  q: { symbol?: string; since?: number; until?: number; limit?: number } = {},
): T[] {
  const out = list.filter(
    (x) =>
      (q.symbol === undefined || x.symbol === q.symbol) &&
      (q.since === undefined || time(x) >= q.since) &&
      (q.until === undefined || time(x) <= q.until),
  );
  return q.limit !== undefined && q.limit >= 0 && out.length > q.limit ? out.slice(out.length - q.limit) : out;
}
