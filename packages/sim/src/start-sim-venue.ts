import * as path from 'node:path';
import { AtomicJsonStore, type Clock, Decimal, InvalidInputError, type KnownVenueId, RealClock } from '@dn/core';
import { SimEngine, type SimEngineSnapshot, SimWorld, type SimWorldDescriptor, seedFor } from './engine/index.js';
import { FaultInjector, type ProbabilisticFaults } from './faults/fault-injector.js';
import { frontendFor } from './frontends/registry.js';
import type { SimAccountRecord, SimFrontendInstance } from './frontends/types.js';
import { SimServer } from './server/sim-server.js';

export interface StartSimVenueOptions {
  venue: KnownVenueId;
  seed?: number;
  clock?: Clock;
  /** Shared market data; pass one world to several venues so their prices move together. */
  world?: SimWorld;
  /** Number of test accounts to create (default 1), or explicit ones. */
  accounts?: number | SimAccountRecord[];
  /** Starting collateral of each account in USD (default 100000). */
  collateral?: Decimal.Value;
  /** Probabilistic protocol faults from the start; scripted ones go through `handle.faults.script(...)`. */
  faults?: ProbabilisticFaults;
  /** Restore the engine from a snapshot instead of starting fresh. */
  engine?: SimEngine;
  /** Fixed port on 127.0.0.1 (default: ephemeral). */
  port?: number;
  /** How often the engine is brought up to the clock and streams are pushed, real ms (default 100). */
  tickMs?: number;
}

export interface SimVenueHandle {
  venue: KnownVenueId;
  restUrl: string;
  wsUrl: string;
  engine: SimEngine;
  world: SimWorld;
  faults: FaultInjector;
  accounts: SimAccountRecord[];
  close(): Promise<void>;
}

/**
 * Starts one simulated venue on 127.0.0.1 (ephemeral port) speaking `venue`'s real protocol.
 * @throws InvalidInputError when this build has no front-end for the venue.
 */
export async function startSimVenue(options: StartSimVenueOptions): Promise<SimVenueHandle> {
  const frontend = frontendFor(options.venue);
  if (!frontend) {
    throw new InvalidInputError(`The simulator has no ${options.venue} protocol front-end in this build`, {
      field: 'venue',
      value: options.venue,
    });
  }
  const seed = options.seed ?? 1;
  const clock = options.clock ?? new RealClock();
  const world = options.world ?? options.engine?.world ?? new SimWorld({ seed, clock });
  // Each venue draws its own funding and basis noise: with one seed for all, venues would move in lockstep.
  const engine =
    options.engine ?? new SimEngine({ venue: options.venue, world, clock, seed: seedFor(seed, options.venue) });
  const accounts =
    typeof options.accounts === 'object'
      ? options.accounts
      : Array.from({ length: options.accounts ?? 1 }, (_, i) => frontend.createAccount(i, seed));
  if (!options.engine) {
    const collateral = new Decimal(options.collateral ?? 100_000);
    for (const a of accounts) engine.deposit(a.accountId, collateral);
  }
  const faults = new FaultInjector(options.faults, seed);
  const server = new SimServer({
    faults,
    rateLimitBody: frontend.rateLimitBody?.bind(frontend),
    serverErrorBody: frontend.serverErrorBody?.bind(frontend),
    notFoundBody: frontend.notFoundBody?.bind(frontend),
  });
  const instance: SimFrontendInstance | undefined = frontend.install({
    venue: options.venue,
    server,
    engine,
    clock,
    faults,
    accounts,
  });
  await server.listen(options.port);
  const ticker = setInterval(() => engine.advance(), options.tickMs ?? 100);
  ticker.unref();
  let closed = false;
  return {
    venue: options.venue,
    restUrl: server.restUrl,
    wsUrl: server.wsUrl,
    engine,
    world,
    faults,
    accounts,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(ticker);
      await instance?.close?.();
      await server.close();
    },
  };
}

export interface StartSimVenuesOptions extends Omit<StartSimVenueOptions, 'venue' | 'world' | 'engine' | 'port'> {
  venues: KnownVenueId[];
}

/** Several venues on one shared world (correlated prices, one clock). */
export async function startSimVenues(options: StartSimVenuesOptions): Promise<Map<KnownVenueId, SimVenueHandle>> {
  const clock = options.clock ?? new RealClock();
  const world = new SimWorld({ seed: options.seed ?? 1, clock });
  const handles = new Map<KnownVenueId, SimVenueHandle>();
  try {
    for (const venue of options.venues) handles.set(venue, await startSimVenue({ ...options, venue, clock, world }));
  } catch (e) {
    await Promise.all([...handles.values()].map((h) => h.close()));
    throw e;
  }
  return handles;
}

/** A simulator's saved world: what `dn-sim --state-dir` and a paper session keep between runs. */
export interface PersistedSim {
  /** Virtual time when saved: a restarted simulator resumes from here. */
  virtualNowMs: number;
  speed: number;
  world: SimWorldDescriptor;
  /** `port` 0 and no accounts for an engine reached in-process. */
  venues: Array<{ venue: KnownVenueId; port: number; accounts: SimAccountRecord[]; engine: SimEngineSnapshot }>;
}

/** The store of a simulator's world in `dir` (`sim-state.json`, written atomically). */
export function simStateStore(dir: string): AtomicJsonStore<PersistedSim> {
  return new AtomicJsonStore<PersistedSim>({ path: path.join(dir, 'sim-state.json'), schemaVersion: 1 });
}
