import type { Alerter } from '@dn/core';
import type { CompletedCycle, CycleState } from './state.js';

/**
 * The bot's operator alerts, one function per event so the trading code stays one line per event. Every function is
 * a no-op without an alerter; `send` never throws or waits, so none of these can hold up an order.
 */
export function alertOpened(alerter: Alerter | undefined, cycle: CycleState): void {
  alerter?.send({
    kind: 'opened',
    symbol: cycle.symbol,
    message: `opened ${cycle.symbol}: ${cycle.first.venue} ${cycle.first.size} / ${cycle.second.venue} ${cycle.second.size}`,
    details: { cycle: cycle.id, expectedNetAprPct: cycle.expectedNetAprPct, expectedNetUsd: cycle.expected?.netUsd },
  });
}

export function alertAbortedOpen(alerter: Alerter | undefined, cycle: CycleState, reason: string, until: number): void {
  alerter?.send({
    kind: 'aborted_open',
    symbol: cycle.symbol,
    message: `open of ${cycle.symbol} (${cycle.first.venue} / ${cycle.second.venue}) aborted: ${reason}`,
    details: { cycle: cycle.id, cooldownUntil: new Date(until).toISOString() },
  });
}

/** A completed cycle: `stop_loss` when a stop-loss closed it, `closed` otherwise; aborted opens have their own. */
export function alertClosed(alerter: Alerter | undefined, done: CompletedCycle): void {
  if (done.reason === 'aborted') return;
  alerter?.send({
    kind: done.reason === 'stop_loss' ? 'stop_loss' : 'closed',
    // Closed by someone else (or liquidated): not routine.
    ...(done.reason === 'closed_externally' ? { severity: 'warning' as const } : {}),
    symbol: done.symbol,
    message: `closed ${done.symbol} (${done.reason}): net $${done.netUsd}`,
    details: {
      cycle: done.id,
      reason: done.reason,
      longVenue: done.longVenue,
      shortVenue: done.shortVenue,
      feesUsd: done.feesUsd,
      fundingUsd: done.fundingUsd,
      pricePnlUsd: done.pricePnlUsd,
      netUsd: done.netUsd,
      expectedNetUsd: done.expected?.netUsd,
    },
  });
}

export function alertLiquidationGuard(alerter: Alerter | undefined, cycle: CycleState, detail: string): void {
  alerter?.send({
    kind: 'margin_warning',
    severity: 'critical',
    symbol: cycle.symbol,
    message: `liquidation guard: closing ${cycle.symbol} (${detail})`,
    details: { cycle: cycle.id },
  });
}

export function alertHalt(alerter: Alerter | undefined, reason: string): void {
  alerter?.send({ kind: 'halt', message: `halted: ${reason}` });
}
