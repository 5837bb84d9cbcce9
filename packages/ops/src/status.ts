/**
 * What an app shows on its status page and in /status.json: the console dashboard's content in plain data. Money is
 * decimal strings (as in the apps' state files), times are epoch ms.
 */
export interface StatusSnapshot {
  app: string;
  /** live | paper | sim. */
  mode: string;
  /** What the app is doing: idle, opening, open, closing, halted, … */
  phase: string;
  /** Wall-clock ms of the main loop's last tick; null before the first one. */
  lastLoopAt: number | null;
  /**
   * Wall-clock ms by which the app expects its next tick (it may sleep for hours between cycles); /healthz allows
   * `staleAfterMs` past it. Without it, `lastLoopAt + staleAfterMs` is the bound.
   */
  nextLoopAt?: number | null;
  /** The app's clock (virtual in paper mode), ms. */
  now: number;
  halted?: boolean;
  /** One line about the current work, e.g. `cycle c-3 BTC open (held)`. */
  headline?: string;
  legs: StatusLeg[];
  funding: StatusFunding[];
  pnl: StatusPnl;
  /** Free-form lines (warnings, waiting times). */
  notes?: string[];
}

export interface StatusLeg {
  venue: string;
  symbol: string;
  side: 'long' | 'short';
  size: string;
  entryPrice?: string;
  markPrice?: string;
  unrealizedPnlUsd?: string;
  liquidationPrice?: string | null;
  notionalUsd?: string;
}

export interface StatusFunding {
  venue: string;
  symbol?: string;
  /** Funding APR in percent, when known. */
  aprPct?: string;
  /** Latest settled payment over its prediction. */
  paidOverPredicted?: string;
  accruedUsd?: string;
}

export interface StatusPnl {
  cycles: number;
  volumeUsd: string;
  feesUsd: string;
  fundingUsd: string;
  pricePnlUsd: string;
  netUsd: string;
  maxNakedExposureSeconds?: number;
}

/** One completed cycle for the history table and the PnL chart. */
export interface CycleRow {
  id: string;
  symbol: string;
  longVenue: string;
  shortVenue: string;
  size: string;
  openedAt?: number;
  closedAt: number;
  reason: string;
  feesUsd: string;
  fundingUsd: string;
  pricePnlUsd: string;
  netUsd: string;
}
