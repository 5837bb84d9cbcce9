import type { VenueConnection, VenueHandle, VenueName } from '@dn/connect';
import type { Candle, Decimal, HistoryQuery, Market, PerpVenue } from '@dn/core';

/** One settled funding rate as a source gives it. */
export interface FundingPoint {
  time: number;
  /** Per interval, fraction; positive = longs pay shorts. */
  rate: Decimal;
  intervalHours: number;
  markPrice?: Decimal;
}

/** What the download reads from one venue. Pages are oldest first, at most `limit`, times in [since, until]. */
export interface HistorySource {
  name: VenueName;
  markets(): Promise<Market[]>;
  fundingPage(symbol: string, since: number, until: number, limit: number): Promise<FundingPoint[]>;
  /** Daily candles whose open time is in [since, until]. */
  dailyCandles(symbol: string, since: number, until: number): Promise<Candle[]>;
}

/** A venue whose connector reads the market's funding-rate history (optional: not every PerpVenue has it yet). */
type WithFundingHistory = PerpVenue & {
  getFundingHistory(query: HistoryQuery & { symbol: string }): Promise<FundingPoint[]>;
};

export function hasFundingHistory(venue: PerpVenue): venue is WithFundingHistory {
  return typeof (venue as Partial<WithFundingHistory>).getFundingHistory === 'function';
}

/**
 * Sources over connected venues: markets and candles through the PerpVenue (the connector, over the simulator's
 * real protocol in paper mode); funding history from the connector where it has `getFundingHistory`, else — paper
 * mode only — from the simulator's record of settled rates (the same rates its REST history endpoints serve).
 */
export function connectionSources(connection: VenueConnection): HistorySource[] {
  return connection.venues.map((handle) => sourceOf(handle, connection));
}

function sourceOf({ name, venue }: VenueHandle, connection: VenueConnection): HistorySource {
  const engine = connection.engines?.get(name);
  let intervals: Map<string, number> | undefined;
  const intervalOf = async (symbol: string): Promise<number> => {
    intervals ??= new Map((await venue.getMarkets()).map((m) => [m.symbol, m.fundingIntervalHours]));
    const h = intervals.get(symbol);
    if (h === undefined) throw new Error(`${name} has no market ${symbol}`);
    return h;
  };
  const fundingPage = hasFundingHistory(venue)
    ? (symbol: string, since: number, until: number, limit: number) =>
        venue.getFundingHistory({ symbol, since, until, limit })
    : engine
      ? async (symbol: string, since: number, until: number, limit: number) => {
          const intervalHours = await intervalOf(symbol);
          return engine
            .fundingHistory(symbol, { since, until })
            .slice(0, limit)
            .map((r) => ({ time: r.time, rate: r.rate, intervalHours, markPrice: r.markPrice }));
        }
      : undefined;
  if (!fundingPage) {
    throw new Error(
      `${name}: this connector does not read funding-rate history yet (PerpVenue.getFundingHistory); use --paper`,
    );
  }
  return {
    name,
    markets: () => venue.getMarkets(),
    fundingPage,
    dailyCandles: (symbol, since, until) => venue.getCandles({ symbol, interval: '1d', since, until }),
  };
}
