import type { Decimal } from '@dn/core';
import type { FlattenEvent, FlattenResult, HaltStatus } from '@dn/execution';
import { signedText } from './plan.js';

/** Machine-readable result, printed by `--json`. Sizes are signed decimal strings; `after` is null when unknown. */
export interface JsonReport {
  flat: boolean;
  dryRun: boolean;
  positions: { venue: string; symbol: string; before: string; after: string | null }[];
  openOrders: { venue: string; symbol: string; id: string }[];
  /** Venues whose state could not be read (or connected): their positions are unknown. */
  unreachable: { venue: string; error: string }[];
  halt: HaltStatus;
}

export const EXIT_FLAT = 0;
export const EXIT_NOT_FLAT = 1;
export const EXIT_USAGE = 2;
export const EXIT_ABORTED = 130;

export function exitCodeFor(result: FlattenResult): number {
  return result.flat ? EXIT_FLAT : EXIT_NOT_FLAT;
}

/** Plain decimal text (never exponent notation, never "-0"). */
export function decimalText(d: Decimal): string {
  return d.isZero() ? '0' : d.toFixed();
}

export function toJsonReport(result: FlattenResult): JsonReport {
  return {
    flat: result.flat,
    dryRun: result.dryRun,
    positions: result.venues.flatMap((v) =>
      v.positions.map((p) => ({
        venue: p.venue,
        symbol: p.symbol,
        before: decimalText(p.before),
        after: p.after === undefined ? null : decimalText(p.after),
      })),
    ),
    openOrders: result.venues.flatMap((v) => v.openOrders.map((o) => ({ venue: v.venue, symbol: o.symbol, id: o.id }))),
    unreachable: result.venues
      .filter((v) => !v.reachable)
      .map((v) => ({ venue: v.venue, error: v.error ?? 'unreachable' })),
    halt: result.halt,
  };
}

/** The operator's report: one row per venue and symbol, then what is left and what to do about it. */
export function formatReport(result: FlattenResult): string {
  const header = ['VENUE', 'SYMBOL', 'BEFORE', 'CLOSED', 'REMAINING', 'SENT', 'FILLS', 'FEES', 'STATUS'];
  const rows: string[][] = [];
  for (const v of result.venues) {
    if (!v.reachable && v.positions.length === 0) {
      rows.push([v.venue, '-', '?', '?', '?', '-', '-', '-', `UNREACHABLE: ${v.error ?? ''}`]);
      continue;
    }
    if (v.positions.length === 0) {
      rows.push([v.venue, '-', '0', '0', '0', '-', '-', '-', v.openOrders.length === 0 ? 'flat' : 'orders remain']);
    }
    for (const p of v.positions) {
      const done = p.after?.isZero() === true;
      rows.push([
        v.venue,
        p.symbol,
        signedText(p.before),
        p.closed.toString(),
        p.after === undefined ? '?' : signedText(p.after),
        String(p.attempts),
        p.fills === undefined ? '?' : String(p.fills),
        p.fees === undefined ? '?' : p.fees.toFixed(4),
        result.dryRun ? 'dry run' : done ? 'flat' : `OPEN${p.error ? `: ${p.error}` : ''}`,
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 8 ? 0 : (r[i] ?? '').length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 8 ? c : i >= 2 && i <= 7 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ');
  const out = [line(header), ...rows.map(line)];

  const leftovers = result.venues.flatMap((v) => v.openOrders.map((o) => `${v.venue} ${o.symbol} order ${o.id}`));
  if (leftovers.length > 0)
    out.push('', `Open orders remaining (${leftovers.length}):`, ...leftovers.map((l) => `  ${l}`));
  const cancelled = result.venues.reduce((n, v) => n + v.ordersCancelled, 0);
  if (cancelled > 0) out.push('', `Orders cancelled: ${cancelled}`);
  out.push('', haltLine(result.halt));
  if (result.dryRun) {
    out.push('DRY RUN: nothing was sent.');
  } else if (result.flat) {
    out.push('RESULT: FLAT. Every position in scope is closed and no order is open.');
  } else {
    out.push('RESULT: NOT FLAT. Check the rows above on the venues directly and run emergency-exit again.');
  }
  return out.join('\n');
}

function haltLine(h: HaltStatus): string {
  switch (h.state) {
    case 'written':
      return `Halt sentinel written: ${h.path} (bots will not open positions until it is deleted)`;
    case 'already-present':
      return `Halt sentinel already present: ${h.path} (reason: ${h.reason}); left as it was`;
    case 'failed':
      return `WARNING: halt sentinel NOT written to ${h.path}: ${h.error}. Running bots may open positions again.`;
    case 'skipped-dry-run':
      return 'Halt sentinel: not written (dry run)';
    case 'disabled':
      return 'Halt sentinel: disabled (--no-halt)';
  }
}

/** One progress line per flatten event, for the operator watching the terminal. */
export function formatEvent(e: FlattenEvent): string | undefined {
  switch (e.type) {
    case 'halt':
      return haltLine(e.status);
    case 'venue-unreachable':
      return `${e.venue}: UNREACHABLE: ${e.error}`;
    case 'cancel':
      return `${e.venue}: cancel round ${e.round}: ${e.before} open -> ${e.remaining} remaining`;
    case 'order':
      return (
        `${e.venue} ${e.symbol}: attempt ${e.attempt} ${e.side} ${e.size.toString()} reduce-only IOC ` +
        `band ${e.band.mul(100).toString()}% -> ${e.result}${e.reason ? ` (${e.reason})` : ''}`
      );
    case 'position':
      return `${e.venue} ${e.symbol}: position now ${signedText(e.size)}`;
    case 'gave-up':
      return `${e.venue} ${e.symbol}: GAVE UP with ${e.remaining === undefined ? 'unknown' : signedText(e.remaining)} open: ${e.reason}`;
  }
}
