import type { VenueConnection, VenueHandle, VenueName } from '@dn/connect';
import type { Candle, Decimal, Market } from '@dn/core';

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

/**
 * Sources over connected venues: markets, candles and funding history through the PerpVenue (`getFundingHistory`:
 * the connector over the venue's public endpoints live, over the simulator's real protocol with --sim or paper).
 * Paper mode only, for a venue whose connector lacks it: the simulator's record of settled rates (the same rates its
 * REST history endpoints serve).
 * @throws Error naming the venue when its connector reads no funding history (live or --sim)
 */
export function connectionSources(connection: Pick<VenueConnection, 'venues' | 'engines'>): HistorySource[] {
  return connection.venues.map((handle) => sourceOf(handle, connection));
}

function sourceOf({ name, venue }: VenueHandle, connection: Pick<VenueConnection, 'engines'>): HistorySource {
  const engine = connection.engines?.get(name);
  let intervals: Map<string, number> | undefined;
  const intervalOf = async (symbol: string): Promise<number> => {
    intervals ??= new Map((await venue.getMarkets()).map((m) => [m.symbol, m.fundingIntervalHours]));
    const h = intervals.get(symbol);
    if (h === undefined) throw new Error(`${name} has no market ${symbol}`);
    return h;
  };
  const history = venue.getFundingHistory?.bind(venue);
  const fundingPage = history
    ? (symbol: string, since: number, until: number, limit: number) => history({ symbol, since, until, limit })
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
      `${name}: this connector does not read funding-rate history (PerpVenue.getFundingHistory); leave ${name} out ` +
        'of --venues, or use --paper',
    );
  }
  return {
    name,
    markets: () => venue.getMarkets(),
    fundingPage,
    dailyCandles: (symbol, since, until) => venue.getCandles({ symbol, interval: '1d', since, until }),
  };
}
