import type { Clock, Decimal, Market, Order, PerpVenue, Side, UnifiedSymbol } from '@dn/core';
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
  /** Unfilled remainder. */
  size: Decimal;
  reduceOnly: boolean;
}

/** An open order as flatten sees it: what is left of it. */
export function orderSnapshot(o: Order): OrderSnapshot {
  return { symbol: o.symbol, id: o.id, side: o.side, size: o.size.minus(o.filledSize), reduceOnly: o.reduceOnly };
}

/** One venue's positions (non-zero), open orders and markets, or why they could not be read. */
export type VenueSurvey =
  | {
      venue: string;
      ok: true;
      positions: PositionSnapshot[];
      openOrders: OrderSnapshot[];
      markets: Map<UnifiedSymbol, Market>;
    }
  | { venue: string; ok: false; error: string };

export interface SurveyOptions {
  /** Only these symbols (unified); undefined = every symbol. */
  symbols?: ReadonlySet<UnifiedSymbol>;
  clock: Clock;
  retry: RetryPolicy;
}

/** `symbol` is in a scope of symbols (`undefined` = every symbol). */
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
      openOrders: orders.filter((o) => inScope(o.symbol, options.symbols)).map(orderSnapshot),
      markets,
    };
  } catch (e) {
    return { venue: target.name, ok: false, error: errorSummary(e) };
  }
}

/** Surveys every target in parallel. */
export async function surveyAll(targets: readonly FlattenTarget[], options: SurveyOptions): Promise<VenueSurvey[]> {
  return Promise.all(targets.map((t) => surveyVenue(t, options)));
}
