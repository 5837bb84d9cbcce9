import type { Clock, KnownVenueId } from '@dn/core';
import type { SimEngine } from '../engine/index.js';
import type { FaultInjector } from '../faults/fault-injector.js';
import type { SimRequest, SimServer } from '../server/sim-server.js';

/** A simulated account and the (fake) credentials a connector uses to trade on it. */
export interface SimAccountRecord {
  /** The engine's account id (the venue's account / vault / index as a string). */
  accountId: string;
  /**
   * Venue-specific credential fields, exactly the names the connector's options take
   * (e.g. `{ apiKey, starkPrivateKey, vault }`). FAKE keys generated for the simulator only.
   */
  credentials: Record<string, string>;
}

export interface SimFrontendContext {
  venue: KnownVenueId;
  server: SimServer;
  engine: SimEngine;
  clock: Clock;
  faults: FaultInjector;
  accounts: SimAccountRecord[];
}

export interface SimFrontendInstance {
  /** Stops the front-end's own timers and streams (the server itself is closed by the caller). */
  close?(): void | Promise<void>;
}

/**
 * One venue's protocol on top of the engine: its REST paths and WS streams with the venue's payload shapes,
 * envelopes and error codes, verifying each request's authentication with the venue package's signing functions.
 */
export interface SimFrontend {
  venue: KnownVenueId;
  /** Deterministic fake credentials for test account `index` under `seed`. */
  createAccount(index: number, seed: number): SimAccountRecord;
  /** 429 body in the venue's shape. */
  rateLimitBody?(): unknown;
  /** 5xx body in the venue's shape. */
  serverErrorBody?(status: number): unknown;
  notFoundBody?(req: SimRequest): unknown;
  install(ctx: SimFrontendContext): SimFrontendInstance | undefined;
}
