import { type Clock, Decimal, type Logger, VirtualClock } from '@dn/core';
import { EngineVenue, SimEngine, SimWorld } from '@dn/sim';
import type { VenueName } from './config.js';
import type { VenueHandle } from './scanner.js';
import type { BotState } from './state.js';

export type ConnectionMode = 'paper' | 'sim-file' | 'live';

export interface VenueConnection {
  venues: VenueHandle[];
  /** The clock trading runs on; undefined = real time. */
  clock?: Clock;
  speed: number;
  /** Paper mode: compares the bot's accounting with the simulator's ledger. */
  ledgerMatches?: (state: BotState) => Promise<boolean>;
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
  const clock = new VirtualClock({ startMs: Date.now(), mode: { speed: options.speed } });
  const world = new SimWorld({ seed: options.seed, clock });
  const engines = new Map<VenueName, SimEngine>();
  const venues: VenueHandle[] = options.venues.map((name) => {
    const engine = new SimEngine({ venue: name, world, clock, seed: options.seed });
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
    ledgerMatches: async (state) => ledgerMatches(state, engines),
    async close() {
      clearInterval(ticker);
      await Promise.all(venues.map((v) => v.venue.close()));
    },
  };
}

/**
 * The bot's fees, funding and price PnL for its completed cycles must equal the simulator's ledger up to the last
 * close, exactly (the paper account has no other activity).
 */
function ledgerMatches(state: BotState, engines: Map<VenueName, SimEngine>): boolean {
  const last = state.history[state.history.length - 1];
  if (!last) return true;
  let fees = new Decimal(0);
  let funding = new Decimal(0);
  let realized = new Decimal(0);
  for (const engine of engines.values()) {
    for (const e of engine.ledger(PAPER_ACCOUNT, { until: last.closedAt })) {
      if (e.type === 'fee') fees = fees.minus(e.amount);
      else if (e.type === 'funding') funding = funding.plus(e.amount);
      else if (e.type === 'realized_pnl') realized = realized.plus(e.amount);
    }
  }
  const s = state.stats;
  return fees.eq(s.feesUsd) && funding.eq(s.fundingUsd) && realized.eq(s.pricePnlUsd);
}
