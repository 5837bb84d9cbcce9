import type { Clock, Decimal, Market, PerpVenue, Side, UnifiedSymbol } from '@dn/core';
import { errorSummary } from '@dn/core';
import { type RetryPolicy, withRetry } from './retry.js';

/** A venue to flatten, under the name the operator knows it by. */
export interface FlattenTarget {
  name: string;
  venue: PerpVenue;
}

export interface PositionSnapshot {
  symbol: UnifiedSymbol;
  /** Signed: positive long, negative short. */
  size: Decimal;
  markPrice?: Decimal;
  notional?: Decimal;
}

export interface OrderSnapshot {
  symbol: UnifiedSymbol;
  id: string;
  side: Side;
  size: Decimal;
  reduceOnly: boolean;
}

export type VenueSurvey =
  | {
      venue: string;
      ok: true;
      positions: PositionSnapshot[];
      openOrders: OrderSnapshot[];
      markets: Map<UnifiedSymbol, Market>;
    }
  | { venue: string; ok: false; error: string };

export type PlannedAction =
  | { kind: 'cancel'; venue: string; symbol: UnifiedSymbol; orderId: string }
  | { kind: 'close'; venue: string; symbol: UnifiedSymbol; side: Side; size: Decimal };

export interface Plan {
  surveys: VenueSurvey[];
  actions: PlannedAction[];
  /** Venues whose state could not be read: nothing can be planned for them. */
  unreachable: { venue: string; error: string }[];
}

export interface SurveyOptions {
  /** Only these symbols (unified); undefined = every symbol. */
  symbols?: ReadonlySet<UnifiedSymbol>;
  clock: Clock;
  retry: RetryPolicy;
}

export function inScope(symbol: UnifiedSymbol, symbols: ReadonlySet<UnifiedSymbol> | undefined): boolean {
  return symbols === undefined || symbols.has(symbol);
}

/** Reads positions and open orders of one venue. A venue that cannot be read is reported, never thrown. */
export async function surveyVenue(target: FlattenTarget, options: SurveyOptions): Promise<VenueSurvey> {
  const call = <T>(fn: () => Promise<T>) => withRetry(fn, options.clock, options.retry);
  try {
    const [positions, orders] = await Promise.all([
      call(() => target.venue.getPositions()),
      call(() => target.venue.getOpenOrders()),
    ]);
    // Markets only size the close orders; a venue that cannot list them is still flattened with raw sizes.
    const markets = new Map<UnifiedSymbol, Market>();
    try {
      for (const m of await call(() => target.venue.getMarkets())) markets.set(m.symbol, m);
    } catch {
      // ignored on purpose: see above
    }
    return {
      venue: target.name,
      ok: true,
      positions: positions
        .filter((p) => !p.size.isZero() && inScope(p.symbol, options.symbols))
        .map((p) => ({ symbol: p.symbol, size: p.size, markPrice: p.markPrice, notional: p.notional })),
      openOrders: orders
        .filter((o) => inScope(o.symbol, options.symbols))
        .map((o) => ({
          symbol: o.symbol,
          id: o.id,
          side: o.side,
          size: o.size.minus(o.filledSize),
          reduceOnly: o.reduceOnly,
        })),
      markets,
    };
  } catch (e) {
    return { venue: target.name, ok: false, error: errorSummary(e) };
  }
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

export async function surveyAll(targets: FlattenTarget[], options: SurveyOptions): Promise<VenueSurvey[]> {
  return Promise.all(targets.map((t) => surveyVenue(t, options)));
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
