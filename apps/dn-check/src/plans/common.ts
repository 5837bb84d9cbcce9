import type { OrderBookSnapshot, PerpVenue } from '@dn/core';
import { type Check, firstFrame } from '../check.js';
import {
  chooseSymbol,
  type PerpVenueEndpoints,
  type PlanContext,
  type PrivateEndpoints,
  symbolOf,
  type VenuePlan,
} from './types.js';

const DAY_MS = 86_400_000;

export function rest(
  endpoint: string,
  run: (signal: AbortSignal) => Promise<string>,
  options: { needsSymbol?: boolean; scope?: 'public' | 'private' } = {},
): Check {
  return { endpoint, kind: 'rest', scope: options.scope ?? 'public', needsSymbol: options.needsSymbol ?? true, run };
}

export function stream(endpoint: string, run: () => Promise<string>, options: { mayBeQuiet?: boolean } = {}): Check {
  return { endpoint, kind: 'ws', scope: 'public', needsSymbol: true, ...options, run };
}

export function describeBook(b: OrderBookSnapshot): string {
  const bid = b.bids[0]?.price.toString() ?? '—';
  const ask = b.asks[0]?.price.toString() ?? '—';
  return `${b.bids.length}×${b.asks.length} levels, bid ${bid} / ask ${ask}`;
}

/**
 * A venue's public rows: markets (which picks the probe symbol), the `PerpVenue` market-data calls, then the venue's
 * own checks. Throws when `client` is not the plan's connector.
 */
export function publicChecks(plan: VenuePlan, client: PerpVenue, ctx: PlanContext): Check[] {
  const own = plan.venueChecks(client, ctx);
  const endpoints = plan.perpVenueEndpoints;
  return [marketsCheck(endpoints.markets, client, ctx), ...perpVenueChecks(client, ctx, endpoints), ...own];
}

/** The markets row: loads markets through `getMarkets` and picks the probe symbol. */
export function marketsCheck(endpoint: string, client: PerpVenue, ctx: PlanContext): Check {
  return rest(
    endpoint,
    async () => {
      const markets = await client.getMarkets();
      return `${markets.length} markets, ${chooseSymbol(
        ctx,
        markets.map((m) => m.symbol),
      )}`;
    },
    { needsSymbol: false },
  );
}

/** The PerpVenue calls every venue makes for market data: book, funding, all stats, candles, book stream. */
export function perpVenueChecks(client: PerpVenue, ctx: PlanContext, endpoints: PerpVenueEndpoints): Check[] {
  return [
    rest(endpoints.book, async () => describeBook(await client.getOrderBook(symbolOf(ctx)))),
    rest(endpoints.funding, async () => {
      const f = await client.getFunding(symbolOf(ctx));
      return `rate ${f.rate.toString()} per ${f.intervalHours} h`;
    }),
    rest(endpoints.stats, async () => `${(await client.getAllStats()).length} markets`, { needsSymbol: false }),
    rest(endpoints.candles, async () => {
      const candles = await client.getCandles({ symbol: symbolOf(ctx), interval: '1h', since: ctx.now() - DAY_MS });
      return `${candles.length} candles (1h, last 24 h)`;
    }),
    stream(endpoints.bookStream, () =>
      firstFrame<OrderBookSnapshot>((on) => client.subscribeOrderBook(symbolOf(ctx), on), describeBook, ctx.timeoutMs),
    ),
  ];
}

/** Read-only account calls, the same on every venue (through PerpVenue). Never an order. */
export function privateChecks(client: PerpVenue, ctx: PlanContext, endpoints: PrivateEndpoints): Check[] {
  const since = ctx.now() - 7 * DAY_MS;
  const p = (endpoint: string, run: () => Promise<string>) =>
    rest(endpoint, run, { scope: 'private', needsSymbol: false });
  return [
    p(endpoints.balance, async () => `equity ${(await client.getBalance()).equity.toString()}`),
    p(endpoints.positions, async () => `${(await client.getPositions()).length} open`),
    p(endpoints.openOrders, async () => `${(await client.getOpenOrders()).length} open`),
    p(endpoints.fills, async () => `${(await client.getFills({ since })).length} in 7 days`),
    p(endpoints.fundingPayments, async () => `${(await client.getFundingPayments({ since })).length} in 7 days`),
  ];
}

export const HOUR_MS = 3_600_000;
export { DAY_MS };
