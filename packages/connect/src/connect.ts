import { type Clock, Decimal, type Logger, type PerpVenue, VirtualClock } from '@dn/core';
import {
  clockFromConnection,
  EngineVenue,
  frontendFor,
  readSimConnectionFile,
  SimEngine,
  type SimVenueHandle,
  SimWorld,
  seedFor,
  startSimVenue,
} from '@dn/sim';
import { createClient } from './clients.js';
import { credentialsFromEnv, type VenueName } from './credentials.js';

export interface VenueHandle {
  name: VenueName;
  venue: PerpVenue;
}

export type ConnectionMode = 'paper' | 'sim-file' | 'live';

/** Cash totals an app computed from fills and funding payments, to compare with the simulator's ledger. */
export interface AccountingTotals {
  feesUsd: Decimal.Value;
  fundingUsd: Decimal.Value;
  pricePnlUsd: Decimal.Value;
  /** Ledger entries after this time (ms) are not compared (e.g. a cycle still open). */
  untilMs: number;
}

export interface VenueConnection {
  mode: ConnectionMode;
  venues: VenueHandle[];
  /** The clock trading runs on; undefined = real time. */
  clock?: Clock;
  speed: number;
  /** Paper mode: how each venue is reached (`protocol` = real connector over loopback, `engine` = in-process). */
  transports?: Map<VenueName, 'protocol' | 'engine'>;
  /** Paper mode: true when the totals equal the simulator's ledger for the account, exactly. */
  ledgerMatches?: (totals: AccountingTotals) => boolean;
  /** Paper mode: the engines, for tests and fault injection. */
  engines?: Map<VenueName, SimEngine>;
  /** Paper mode: the simulated venues' servers (protocol faults via `faults`). */
  sims?: Map<VenueName, SimVenueHandle>;
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
  /**
   * Paper mode: `protocol` (default) serves each venue's real protocol on loopback and trades through the real
   * connector — the live code path; `engine` skips the protocol (fast unit tests).
   */
  transport?: 'protocol' | 'engine';
  /** Live mode: environment to read credentials from (default process.env). */
  env?: Record<string, string | undefined>;
}

const PAPER_ACCOUNT = 'paper';

export async function connectVenues(options: ConnectOptions): Promise<VenueConnection> {
  if (options.mode === 'paper') return paper(options);
  if (options.mode === 'sim-file') return simFile(options);
  return live(options);
}

/**
 * In-process simulator on one shared world (prices move together; each venue draws its own funding noise). With
 * the protocol transport every venue that has a front-end is served on loopback and reached through its real
 * connector, exactly as in live trading.
 */
async function paper(options: ConnectOptions): Promise<VenueConnection> {
  const clock = options.clock ?? new VirtualClock({ startMs: Date.now(), mode: { speed: options.speed } });
  const world = new SimWorld({ seed: options.seed, clock });
  const engines = new Map<VenueName, SimEngine>();
  const accounts = new Map<VenueName, string>();
  const sims = new Map<VenueName, SimVenueHandle>();
  const transports = new Map<VenueName, 'protocol' | 'engine'>();
  const venues: VenueHandle[] = [];
  const tickers: NodeJS.Timeout[] = [];
  try {
    for (const name of options.venues) {
      if (options.transport !== 'engine' && frontendFor(name)) {
        const sim = await startSimVenue({
          venue: name,
          seed: options.seed,
          clock,
          world,
          accounts: 1,
          collateral: options.collateral,
        });
        const account = sim.accounts[0];
        if (!account) throw new Error(`simulator for ${name} created no account`);
        sims.set(name, sim);
        engines.set(name, sim.engine);
        accounts.set(name, account.accountId);
        transports.set(name, 'protocol');
        venues.push({
          name,
          venue: createClient(name, {
            restUrl: sim.restUrl,
            wsUrl: sim.wsUrl,
            credentials: account.credentials,
            clock,
            rateLimits: options.speed <= 1 && !options.clock,
            timeScale: options.clock ? 1 : options.speed,
          }),
        });
      } else {
        // Own noise per venue (funding, basis): one shared seed would make the venues move in lockstep.
        const engine = new SimEngine({ venue: name, world, clock, seed: seedFor(options.seed, name) });
        engine.deposit(PAPER_ACCOUNT, options.collateral);
        engines.set(name, engine);
        accounts.set(name, PAPER_ACCOUNT);
        transports.set(name, 'engine');
        venues.push({ name, venue: new EngineVenue(engine, PAPER_ACCOUNT) });
        const ticker = setInterval(() => engine.advance(), 100);
        ticker.unref();
        tickers.push(ticker);
      }
    }
  } catch (e) {
    await Promise.all([...sims.values()].map((s) => s.close()));
    for (const t of tickers) clearInterval(t);
    throw e;
  }
  options.log.info({ transports: Object.fromEntries(transports) }, 'paper venues ready');
  return {
    mode: 'paper',
    venues,
    clock,
    speed: options.speed,
    transports,
    engines,
    sims,
    ledgerMatches: (totals) => ledgerMatches(totals, engines, accounts),
    async close() {
      for (const t of tickers) clearInterval(t);
      await Promise.all(venues.map((v) => v.venue.close().catch(() => undefined)));
      await Promise.all([...sims.values()].map((s) => s.close()));
    },
  };
}

/** A standalone simulator's connection file: its URLs, fake credentials and clock. */
async function simFile(options: ConnectOptions): Promise<VenueConnection> {
  if (!options.simFile) throw new Error('sim-file mode needs the connection file path');
  const conn = await readSimConnectionFile(options.simFile);
  const clock = clockFromConnection(conn);
  const venues = options.venues.map((name): VenueHandle => {
    const v = conn.venues[name];
    if (!v) {
      throw new Error(
        `${name} is not served by the simulator in ${options.simFile} (it serves ${Object.keys(conn.venues).join(', ')})`,
      );
    }
    return {
      name,
      venue: createClient(name, {
        restUrl: v.restUrl,
        wsUrl: v.wsUrl,
        credentials: v.credentials,
        clock,
        rateLimits: conn.clock.speed <= 1,
        timeScale: conn.clock.speed,
      }),
    };
  });
  return {
    mode: 'sim-file',
    venues,
    clock,
    speed: conn.clock.speed,
    async close() {
      await Promise.all(venues.map((v) => v.venue.close().catch(() => undefined)));
    },
  };
}

/** Real venues with credentials from the environment; real time. */
async function live(options: ConnectOptions): Promise<VenueConnection> {
  const venues = options.venues.map(
    (name): VenueHandle => ({
      name,
      venue: createClient(name, { credentials: credentialsFromEnv(name, options.env) }),
    }),
  );
  return {
    mode: 'live',
    venues,
    speed: 1,
    async close() {
      await Promise.all(venues.map((v) => v.venue.close().catch(() => undefined)));
    },
  };
}

/** Σ fee, funding and realised-PnL ledger entries of the paper accounts up to `untilMs`, compared exactly. */
function ledgerMatches(
  totals: AccountingTotals,
  engines: Map<VenueName, SimEngine>,
  accounts: Map<VenueName, string>,
): boolean {
  let fees = new Decimal(0);
  let funding = new Decimal(0);
  let realized = new Decimal(0);
  for (const [name, engine] of engines) {
    for (const e of engine.ledger(accounts.get(name) ?? PAPER_ACCOUNT, { until: totals.untilMs })) {
      if (e.type === 'fee') fees = fees.minus(e.amount);
      else if (e.type === 'funding') funding = funding.plus(e.amount);
      else if (e.type === 'realized_pnl') realized = realized.plus(e.amount);
    }
  }
  return fees.eq(totals.feesUsd) && funding.eq(totals.fundingUsd) && realized.eq(totals.pricePnlUsd);
}
