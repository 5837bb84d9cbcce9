import type { Clock, Decimal, Logger, PerpVenue } from '@dn/core';
import { createClient } from './clients.js';
import { accountOf, credentialsFromEnv, explainCredentialError, type VenueName } from './credentials.js';
import type { PaperEngine, PaperSim } from './paper-types.js';

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
  engines?: Map<VenueName, PaperEngine>;
  /** Paper mode: the simulated venues' servers (protocol faults via `faults`). */
  sims?: Map<VenueName, PaperSim>;
  /** Paper mode with `stateDir`: true when the simulated world was restored from an earlier session. */
  restored?: boolean;
  /** The account each venue trades (the simulator's account ids in paper and sim-file modes). */
  accounts?: Map<VenueName, string>;
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
  /**
   * Paper mode: keep the simulated world (positions, balances, clock) in this folder, saved after every order and
   * every `saveEveryMs`, and continue it on the next start.
   */
  stateDir?: string;
  /**
   * Paper mode, new world only: the simulated price path starts this long before now, so candles cover it (an app
   * that estimates from history, e.g. a hedge ratio from a year of daily candles, has one). Default 0.
   */
  historyMs?: number;
  /** Paper mode with `stateDir`: real ms between periodic saves (default 1000). */
  saveEveryMs?: number;
  /** sim-file mode: accept a simulator that is not on this machine (default: loopback URLs only). */
  allowRemoteSim?: boolean;
}

/**
 * Connects the venues in `options.mode`. The simulator is loaded only on the paths that use it (`import()`), so a
 * live process never loads its engine, servers or front-ends — nor needs `@dn/sim` installed.
 */
export async function connectVenues(options: ConnectOptions): Promise<VenueConnection> {
  if (options.mode === 'paper') return (await import('./paper.js')).connectPaper(options);
  if (options.mode === 'sim-file') return (await import('./sim-file.js')).connectSimFile(options);
  return live(options);
}

/** Real venues with credentials from the environment; real time. */
async function live(options: ConnectOptions): Promise<VenueConnection> {
  const accounts = new Map<VenueName, string>();
  const venues = options.venues.map((name): VenueHandle => {
    const credentials = credentialsFromEnv(name, options.env);
    accounts.set(name, accountOf(name, credentials) ?? '');
    try {
      return { name, venue: createClient(name, { credentials }) };
    } catch (e) {
      // A connector names its option (`apiKeyIndex`); the user set a variable (`LIGHTER_API_KEY_INDEX`).
      throw explainCredentialError(name, e, options.env);
    }
  });
  return {
    mode: 'live',
    venues,
    speed: 1,
    accounts,
    async close() {
      await Promise.all(venues.map((v) => v.venue.close().catch(() => undefined)));
    },
  };
}
