import type { PerpVenue } from '@dn/core';
import type { Check } from '../check.js';

/** What a venue's checks share while they run. */
export interface PlanContext {
  /** Symbol the user asked to probe (default BTC). */
  wantedSymbol: string;
  /** The symbol actually probed: set by the markets row (the wanted one if listed, else the first market). */
  symbol?: string;
  /** Per-check deadline, ms; streams wait this long for their first frame. */
  timeoutMs: number;
  now(): number;
}

/** The venue endpoint behind each private `PerpVenue` read: the private rows are the same calls on every venue. */
export interface PrivateEndpoints {
  balance: string;
  positions: string;
  openOrders: string;
  fills: string;
  fundingPayments: string;
}

/** The venue endpoint behind each public `PerpVenue` read every venue makes (markets first: it picks the symbol). */
export interface PerpVenueEndpoints {
  markets: string;
  book: string;
  funding: string;
  stats: string;
  candles: string;
  bookStream: string;
}

/** What dn-check calls on one venue: the `PerpVenue` rows by their endpoints, then the venue's own checks. */
export interface VenuePlan {
  perpVenueEndpoints: PerpVenueEndpoints;
  /** The venue-specific public rows. Throws when `client` is not this venue's connector (the run stops there). */
  venueChecks(client: PerpVenue, ctx: PlanContext): Check[];
  privateEndpoints: PrivateEndpoints;
}

/**
 * A venue's plan whose own checks get the client as that venue's connector class. The run hands every plan a plain
 * `PerpVenue`; a client of another class fails the venue's checks with an error naming the class.
 */
export function planFor<T>(
  cls: abstract new (...args: never[]) => T,
  plan: Omit<VenuePlan, 'venueChecks'> & { venueChecks(client: T, ctx: PlanContext): Check[] },
): VenuePlan {
  return {
    ...plan,
    venueChecks(client, ctx) {
      if (!(client instanceof cls)) throw new Error(`not a ${cls.name}`);
      return plan.venueChecks(client, ctx);
    },
  };
}

/** The probe symbol; only called by checks marked `needsSymbol`, which run after the markets row succeeded. */
export function symbolOf(ctx: PlanContext): string {
  if (!ctx.symbol) throw new Error('no probe symbol: the markets row failed');
  return ctx.symbol;
}

/** Picks the probe symbol from the listed markets and says so when the wanted one is missing. */
export function chooseSymbol(ctx: PlanContext, listed: readonly string[]): string {
  const symbol = listed.includes(ctx.wantedSymbol) ? ctx.wantedSymbol : listed[0];
  if (symbol === undefined) throw new Error('the venue listed no perpetual market');
  ctx.symbol = symbol;
  return symbol === ctx.wantedSymbol ? `probe ${symbol}` : `${ctx.wantedSymbol} not listed; probe ${symbol}`;
}
