import type { Decimal, Side, UnifiedSymbol } from '@dn/core';
import type { VenueSurvey } from '@dn/execution';

export type PlannedAction =
  | { kind: 'cancel'; venue: string; symbol: UnifiedSymbol; orderId: string }
  | { kind: 'close'; venue: string; symbol: UnifiedSymbol; side: Side; size: Decimal };

export interface Plan {
  surveys: VenueSurvey[];
  actions: PlannedAction[];
  /** Venues whose state could not be read: nothing can be planned for them. */
  unreachable: { venue: string; error: string }[];
}

/** What a flatten would do given these surveys: cancel every open order first, then close every position. */
export function buildPlan(surveys: VenueSurvey[]): Plan {
  const actions: PlannedAction[] = [];
  const unreachable: Plan['unreachable'] = [];
  for (const s of surveys) {
    if (!s.ok) {
      unreachable.push({ venue: s.venue, error: s.error });
      continue;
    }
    for (const o of s.openOrders) actions.push({ kind: 'cancel', venue: s.venue, symbol: o.symbol, orderId: o.id });
  }
  for (const s of surveys) {
    if (!s.ok) continue;
    for (const p of s.positions) {
      actions.push({
        kind: 'close',
        venue: s.venue,
        symbol: p.symbol,
        side: p.size.gt(0) ? 'sell' : 'buy',
        size: p.size.abs(),
      });
    }
  }
  return { surveys, actions, unreachable };
}

/** Human-readable plan: what was found per venue, then the actions in order. */
export function formatPlan(plan: Plan): string {
  const lines: string[] = [];
  for (const s of plan.surveys) {
    if (!s.ok) {
      lines.push(`${s.venue}: UNREACHABLE (${s.error})`);
      continue;
    }
    if (s.positions.length === 0 && s.openOrders.length === 0) {
      lines.push(`${s.venue}: flat, no open orders`);
      continue;
    }
    lines.push(`${s.venue}: ${s.positions.length} position(s), ${s.openOrders.length} open order(s)`);
    for (const p of s.positions) {
      const notional = p.notional ? ` (~$${p.notional.toFixed(2)})` : '';
      lines.push(`  position ${p.symbol.padEnd(8)} ${signedText(p.size).padStart(16)}${notional}`);
    }
    for (const o of s.openOrders) {
      lines.push(
        `  order    ${o.symbol.padEnd(8)} ${o.side} ${o.size.toString()}${o.reduceOnly ? ' reduce-only' : ''} id=${o.id}`,
      );
    }
  }
  if (plan.actions.length === 0) {
    lines.push(
      plan.unreachable.length > 0
        ? `Plan: nothing to do on the reachable venues; ${plan.unreachable.length} unreachable (state unknown).`
        : 'Plan: nothing to do.',
    );
  } else {
    lines.push('Plan:');
    for (const a of plan.actions) {
      lines.push(
        a.kind === 'cancel'
          ? `  cancel ${a.venue} ${a.symbol} order ${a.orderId}`
          : `  close  ${a.venue} ${a.symbol}: ${a.side} ${a.size.toString()} reduce-only IOC`,
      );
    }
  }
  return lines.join('\n');
}

/** Signed decimal text with an explicit sign for longs, so a short is never misread as a long. */
export function signedText(d: Decimal): string {
  return d.gt(0) ? `+${d.toString()}` : d.toString();
}
