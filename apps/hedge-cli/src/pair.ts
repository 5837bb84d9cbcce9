import type { VenueName } from '@dn/connect';
import {
  type Clock,
  ceilToStep,
  Decimal,
  InvalidInputError,
  type Logger,
  type Market,
  type PerpVenue,
  type Position,
} from '@dn/core';
import type { HedgeConfig } from './config.js';

/** One venue of the pair, as the commands see it. */
export interface Leg {
  name: VenueName;
  venue: PerpVenue;
}

/** What every command runs with: the config, both venues (long first), a clock and the logger. */
export interface PairContext {
  config: HedgeConfig;
  long: Leg;
  short: Leg;
  clock: Clock;
  log: Logger;
  /** Shown on every screen: PAPER, SIM or LIVE. */
  modeLabel: string;
}

/** The market of `symbol` on a venue, refused when the venue does not list it or does not trade it now. */
export async function marketOf(leg: Leg, symbol: string): Promise<Market> {
  const markets = await leg.venue.getMarkets();
  const market = markets.find((m) => m.symbol === symbol);
  if (!market) {
    throw new InvalidInputError(`${leg.name} does not list ${symbol}`, {
      field: 'symbol',
      value: symbol,
      expected: `a symbol listed on ${leg.name}`,
    });
  }
  if (!market.active) {
    throw new InvalidInputError(`${symbol} is not trading on ${leg.name} (inactive, reduce-only or delisting)`, {
      field: 'symbol',
      value: symbol,
      expected: 'an active market',
    });
  }
  return market;
}

/** The signed position size of `symbol` (0 when flat). */
export function sizeOf(positions: readonly Position[], symbol: string): Decimal {
  return positions.filter((p) => p.symbol === symbol).reduce((s, p) => s.plus(p.size), new Decimal(0));
}

/** Best bid, best ask and their mid. */
export async function topOfBook(leg: Leg, symbol: string): Promise<{ bid: Decimal; ask: Decimal; mid: Decimal }> {
  const book = await leg.venue.getOrderBook(symbol, 1);
  const bid = book.bids[0]?.price;
  const ask = book.asks[0]?.price;
  if (!bid || !ask) {
    throw new InvalidInputError(`${leg.name} has no two-sided book for ${symbol}`, {
      field: 'symbol',
      value: symbol,
      expected: 'a market with bids and asks',
    });
  }
  return { bid, ask, mid: bid.plus(ask).div(2) };
}

/** The leverage to trade at: the configured one, capped by both markets' maximum (the cap is shown, never hidden). */
export function effectiveLeverage(config: HedgeConfig, a: Market, b: Market): Decimal {
  return Decimal.min(config.leverage, a.maxLeverage, b.maxLeverage);
}

export const legs = (ctx: PairContext): [Leg, Leg] => [ctx.long, ctx.short];

/** Smallest size a market accepts at `price`: its minimum size, raised to its minimum notional where it has one. */
export function minSizeAt(m: Market, price: Decimal): Decimal {
  if (!m.minNotional) return m.minSize;
  return Decimal.max(m.minSize, ceilToStep(m.minNotional.div(price), m.lotSize));
}
