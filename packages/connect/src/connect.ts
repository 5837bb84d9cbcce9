import { type Clock, Decimal, type Logger, type PerpVenue, VirtualClock } from '@dn/core';
import { EngineVenue, SimEngine, SimWorld, seedFor } from '@dn/sim';

export type VenueName = 'extended' | 'pacifica' | 'edgex' | 'lighter';

export interface VenueHandle {
  name: VenueName;
  venue: PerpVenue;
}

/** Cash totals an app computed from fills and funding payments, to compare with the simulator's ledger. */
export interface AccountingTotals {
  feesUsd: Decimal.Value;
  fundingUsd: Decimal.Value;
  pricePnlUsd: Decimal.Value;
  /** Ledger entries after this time (ms) are not compared (e.g. a cycle still open). */
  untilMs: number;
}

export type ConnectionMode = 'paper' | 'sim-file' | 'live';

export interface VenueConnection {
  venues: VenueHandle[];
  /** The clock trading runs on; undefined = real time. */
  clock?: Clock;
  speed: number;
  /** Paper mode: true when the totals equal the simulator's ledger for the account, exactly. */
  ledgerMatches?: (totals: AccountingTotals) => boolean;
  /** Paper mode: the engines, for tests and fault injection. */
  engines?: Map<VenueName, SimEngine>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  mode: ConnectionMode;
  venues: VenueName[];
  seed: number;
  speed: number;
  simFile?: string;
  collateral: Decimal;
  log: Logger;
  /** Paper mode: run on this clock instead of a new N×-speed one (tests pass a stepped VirtualClock). */
  clock?: Clock;
}

const PAPER_ACCOUNT = 'paper';

export async function connectVenues(options: ConnectOptions): Promise<VenueConnection> {
  if (options.mode === 'paper') return paper(options);
  throw new Error(
    `${options.mode === 'live' ? 'live trading' : '--sim'} needs the venue connectors, which this build does not wire into rotation-bot yet; use paper mode`,
  );
}

/**
 * In-process simulator, one engine per venue on one shared world so prices move together and funding differs.
 */
async function paper(options: ConnectOptions): Promise<VenueConnection> {
  const clock = options.clock ?? new VirtualClock({ startMs: Date.now(), mode: { speed: options.speed } });
  const world = new SimWorld({ seed: options.seed, clock });
  const engines = new Map<VenueName, SimEngine>();
  const venues: VenueHandle[] = options.venues.map((name) => {
    // Own noise per venue (funding, basis): one shared seed would make the venues move in lockstep.
    const engine = new SimEngine({ venue: name, world, clock, seed: seedFor(options.seed, name) });
    engine.deposit(PAPER_ACCOUNT, options.collateral);
    engines.set(name, engine);
    return { name, venue: new EngineVenue(engine, PAPER_ACCOUNT) };
  });
  const ticker = setInterval(() => {
    for (const e of engines.values()) e.advance();
  }, 100);
  ticker.unref();
  return {
    venues,
    clock,
    speed: options.speed,
    engines,
    ledgerMatches: (totals) => ledgerMatches(totals, engines),
    async close() {
      clearInterval(ticker);
      await Promise.all(venues.map((v) => v.venue.close()));
    },
  };
}

/** Σ fee, funding and realised-PnL ledger entries of the paper account up to `untilMs`, compared exactly. */
function ledgerMatches(totals: AccountingTotals, engines: Map<VenueName, SimEngine>): boolean {
  let fees = new Decimal(0);
  let funding = new Decimal(0);
  let realized = new Decimal(0);
  for (const engine of engines.values()) {
    for (const e of engine.ledger(PAPER_ACCOUNT, { until: totals.untilMs })) {
      if (e.type === 'fee') fees = fees.minus(e.amount);
      else if (e.type === 'funding') funding = funding.plus(e.amount);
      else if (e.type === 'realized_pnl') realized = realized.plus(e.amount);
    }
  }
  return fees.eq(totals.feesUsd) && funding.eq(totals.fundingUsd) && realized.eq(totals.pricePnlUsd);
}
