import { styleText } from 'node:util';
import type { Decimal } from '@dn/core';
import type { Assessment, Level } from './assess.js';

const COLORS: Record<Level, 'green' | 'yellow' | 'red'> = { ok: 'green', warn: 'yellow', critical: 'red' };
const LABELS: Record<Level, string> = { ok: 'OK', warn: 'WARN', critical: 'CRITICAL' };

/** Colour only where a person reads it: a TTY without NO_COLOR. Log files and pipes get plain text. */
export function colorizer(enabled: boolean): (level: Level, text: string) => string {
  return enabled ? (level, text) => styleText(COLORS[level], text) : (_level, text) => text;
}

/** One check as console lines: a venue block each, then the hedge of every symbol, then what is being done. */
export function renderAssessment(
  a: Assessment,
  header: { mode: string; check: number },
  color: (level: Level, text: string) => string,
): string[] {
  const lines: string[] = [];
  lines.push(
    `${new Date(a.at).toISOString()}  ${header.mode}  check #${header.check}  ${color(a.level, LABELS[a.level])}`,
  );
  for (const v of a.venues) {
    const parts = [
      v.venue.padEnd(9),
      v.equity ? `equity $${money(v.equity)}` : 'equity ?',
      v.marginRatioPct ? `margin ratio ${v.marginRatioPct.toFixed(1)} %` : 'margin ratio n/a',
      v.unrealizedPnl ? `uPnL ${signedMoney(v.unrealizedPnl)}` : '',
      v.error ? `read failed ${Math.round(v.staleMs / 1000)} s ago: ${v.error}` : '',
    ].filter((s) => s !== '');
    lines.push(`  ${parts.join('  ')}  ${color(v.level, LABELS[v.level])}`);
    for (const p of v.positions) {
      const side = p.size.gt(0) ? 'long ' : 'short';
      const liq =
        p.liquidationPrice === null
          ? 'no liquidation price'
          : p.liquidationPrice && p.liquidationDistancePct
            ? `liq ${p.liquidationPrice.toSignificantDigits(8)} (${p.liquidationDistancePct.toFixed(1)} % away)`
            : 'liq n/a';
      lines.push(
        color(
          p.level,
          `    ${p.symbol.padEnd(8)} ${side} ${p.size.abs()}  $${money(p.notional)}  mark ${p.markPrice.toSignificantDigits(8)}  ${liq}  uPnL ${signedMoney(p.unrealizedPnl)}`,
        ),
      );
    }
  }
  for (const h of a.hedges) {
    const text =
      h.status === 'hedged'
        ? `  hedge ${h.symbol}: hedged (${h.legs.map((l) => `${l.venue} ${l.size}`).join(' / ')})`
        : `  hedge ${h.symbol}: UNHEDGED for ${Math.round(h.unhedgedMs / 1000)} s — ${h.reason}`;
    lines.push(color(h.level, text));
  }
  if (a.hedges.length === 0) lines.push('  no open positions');
  for (const t of a.triggers) lines.push(color('critical', `  ! ${t.message}`));
  return lines;
}

function money(d: Decimal): string {
  return d.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function signedMoney(d: Decimal): string {
  return `${d.isNeg() ? '-' : '+'}$${money(d.abs())}`;
}
