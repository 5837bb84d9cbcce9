import { Decimal } from '@dn/core';
import type { BotStatus } from './bot.js';

/**
 * One screen of status for a TTY: cycle, legs, timers, cumulative PnL. On a non-TTY the bot prints plain
 * lines instead (see `statusLine`).
 */
export function renderDashboard(status: BotStatus, holdHours: Decimal): string {
  const { state, now } = status;
  const lines: string[] = [];
  lines.push(`rotation-bot  ${new Date(now).toISOString()}`);
  lines.push('─'.repeat(72));
  const c = state.cycle;
  if (c) {
    const opened = c.openedAt ?? c.startedAt;
    const closeAt = opened + holdHours.mul(3_600_000).toNumber();
    lines.push(`cycle ${c.id}  ${c.symbol}  phase ${c.phase} (${c.step})`);
    lines.push(`  ${c.first.venue.padEnd(9)} ${c.first.side === 'buy' ? 'LONG ' : 'SHORT'} ${c.first.size}`);
    lines.push(`  ${c.second.venue.padEnd(9)} ${c.second.side === 'buy' ? 'LONG ' : 'SHORT'} ${c.second.size}`);
    for (const [venue, ps] of status.positions ?? []) {
      const p = ps.find((x) => x.symbol === c.symbol);
      if (p) {
        lines.push(
          `  ${venue.padEnd(9)} entry ${p.entryPrice.toSignificantDigits(8)} mark ${p.markPrice.toSignificantDigits(8)} uPnL ${p.unrealizedPnl.toFixed(2)} liq ${p.liquidationPrice?.toSignificantDigits(8) ?? '-'}`,
        );
      }
    }
    lines.push(`  held ${fmtDuration(now - opened)}, closes in ${fmtDuration(Math.max(0, closeAt - now))}`);
  } else if (state.waitUntil && state.waitUntil > now) {
    lines.push(`waiting ${fmtDuration(state.waitUntil - now)} before the next scan`);
  } else {
    lines.push('scanning for the next opportunity');
  }
  const s = state.stats;
  lines.push('─'.repeat(72));
  lines.push(
    `cycles ${s.cycles}  volume $${fmt(s.volumeUsd)}  fees $${fmt(s.feesUsd)}  funding $${fmt(s.fundingUsd)}  price $${fmt(s.pricePnlUsd)}  net $${fmt(s.netUsd)}`,
  );
  lines.push(
    `aborted opens ${s.aborted ?? 0}  stop-loss exits ${s.stopLosses ?? 0}  funding-flip exits ${s.flipExits ?? 0}  max naked exposure ${(s.maxNakedExposureMs / 1000).toFixed(2)} s`,
  );
  if (s.expectedNetUsd !== undefined) {
    const gap = new Decimal(s.realisedNetOfExpectedUsd ?? '0').minus(s.expectedNetUsd);
    lines.push(
      `expected at entry $${fmt(s.expectedNetUsd)}  realised $${fmt(s.realisedNetOfExpectedUsd ?? '0')}  gap $${gap.toFixed(2)} (cycles that had an expectation)`,
    );
  }
  if (status.fundingRatios && status.fundingRatios.size > 0) {
    const parts = [...status.fundingRatios].map(([v, r]) => `${v} ${r.isFinite() ? r.toFixed(2) : '∞'}×`);
    lines.push(`funding paid/predicted (last payment): ${parts.join('  ')}`);
  }
  return lines.join('\n');
}

export function statusLine(status: BotStatus): string {
  const c = status.state.cycle;
  const s = status.state.stats;
  const where = c
    ? `${c.phase} ${c.symbol} ${c.first.venue}:${c.first.size} ${c.second.venue}:${c.second.size}`
    : 'idle';
  return `[${new Date(status.now).toISOString()}] ${where} | cycles ${s.cycles} net $${fmt(s.netUsd)}`;
}

function fmt(v: string): string {
  return new Decimal(v).toFixed(2);
}

function fmtDuration(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  return `${h}h${String(m).padStart(2, '0')}m`;
}
