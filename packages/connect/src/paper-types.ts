import type { Decimal, DecimalInput, Fill, Order, Position } from '@dn/core';

// What apps and their tests reach of paper mode's simulator, spelled here so that @dn/connect's public types name
// nothing of @dn/sim: a live consumer type-checks without the simulator installed. @dn/sim's `SimEngine` and
// `SimVenueHandle` satisfy these (paper.ts assigns them, so the compiler keeps the two in step); an app that needs
// more of the simulator imports @dn/sim itself.

/** A settled funding rate as the simulator records it (rate per the market's interval; positive: longs pay). */
export interface PaperFundingRecord {
  symbol: string;
  time: number;
  rate: Decimal;
  markPrice: Decimal;
}

/** One cash movement of a simulated account. */
export interface PaperLedgerEntry {
  id: string;
  accountId: string;
  type: string;
  amount: Decimal;
  balance: Decimal;
  time: number;
  symbol?: string;
}

export interface PaperHistoryQuery {
  symbol?: string;
  /** Inclusive, ms. */
  since?: number;
  /** Inclusive, ms. */
  until?: number;
  /** Newest `limit` entries (results are oldest first). */
  limit?: number;
}

export interface PaperFill extends Fill {
  /** Public trade id this fill belongs to. */
  tradeId: string;
  liquidation: boolean;
}

/** Other participants' market orders (see @dn/sim's `TakerFlowConfig`). */
export interface PaperTakerFlowParams {
  arrivalRate: number;
  kappaPerBp: number;
  meanSizeUsd: number;
  informedFraction?: number;
}

export interface PaperTakerFlow {
  default?: PaperTakerFlowParams;
  markets?: Record<string, PaperTakerFlowParams | null>;
  seed?: number;
}

/** Order-level faults of a simulated venue (rejections, partial fills), seeded. */
export interface PaperEngineFaults {
  rejectNext(count?: number, code?: string, message?: string): void;
  partialFillOnly(fraction: DecimalInput, count?: number): void;
  setRejectProbability(p: number, code?: string): void;
  setPartialFillProbability(p: number, fraction?: DecimalInput): void;
  clear(): void;
}

/** A simulated venue's engine in paper mode: its record of the market, the accounts' truth, fault injection. */
export interface PaperEngine {
  readonly venue: string;
  /** Processes the simulated venue up to its clock's now. */
  advance(): void;
  /** Rates settled since the engine started (oldest first). */
  fundingHistory(symbol: string, query?: Omit<PaperHistoryQuery, 'symbol'>): PaperFundingRecord[];
  positions(accountId: string): Position[];
  openOrders(accountId: string, symbol?: string): Order[];
  fills(accountId: string, query?: PaperHistoryQuery & { orderId?: string }): PaperFill[];
  ledger(accountId: string, query?: PaperHistoryQuery): PaperLedgerEntry[];
  midPrice(symbol: string): Decimal;
  markPrice(symbol: string): Decimal;
  /** Stops (or resumes) trading in one market, as a venue does ahead of a delisting. */
  setMarketActive(symbol: string, active: boolean): void;
  setTakerFlow(config: PaperTakerFlow | undefined): void;
  readonly faults: PaperEngineFaults;
  /** The price path all paper venues share: `shock` multiplies a symbol's price from a time on. */
  readonly world: { shock(symbol: string, factor: number, atMs?: number): void };
}

/** A protocol fault scripted on a simulated venue's server (see @dn/sim's `ScriptedFault`). */
export interface PaperProtocolFault {
  kind: 'http429' | 'http5xx' | 'timeoutAfterAccept' | 'wsDisconnect' | 'wsStale' | 'bookSequenceGap';
  count?: number;
  retryAfterSeconds?: number;
  status?: number;
  durationMs?: number;
  match?: { method?: string; path?: string | RegExp; tag?: string; stream?: string | RegExp };
}

/** A simulated venue served on loopback in paper mode (real protocol), with its engine and protocol faults. */
export interface PaperSim {
  readonly venue: string;
  readonly restUrl: string;
  readonly wsUrl: string;
  /** The simulator's accounts (ids as the venue knows them; credentials are fake). */
  readonly accounts: ReadonlyArray<{ accountId: string }>;
  readonly engine: PaperEngine;
  readonly faults: {
    script(fault: PaperProtocolFault): void;
    readonly history: ReadonlyArray<{ kind: string; at: number; detail: string }>;
  };
  close(): Promise<void>;
}
