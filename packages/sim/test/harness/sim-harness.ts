import type { KnownVenueId } from '@dn/core';
import { afterEach } from 'vitest';
import { type SimVenueHandle, type StartSimVenueOptions, startSimVenue } from '../../src/index.js';

/** What a test may pass when it starts a simulated venue: everything but the venue, which the harness fixes. */
export type SimStart = Omit<StartSimVenueOptions, 'venue'>;

export interface SimHarness<C, O> {
  /** Starts the simulated venue on loopback (the harness's seed unless `options.seed`); closed after the test. */
  start(options?: SimStart): Promise<SimVenueHandle>;
  /** The venue's connector for the account at `index` of `handle`, with test timings; closed after the test. */
  client(handle: SimVenueHandle, extra?: Partial<O>, index?: number): C;
  /** Closes `c` after the test with the others (a client a test built by hand). */
  track<T extends C>(c: T): T;
  /** `start()` and the connector of its first account: the opening of most tests. */
  startConnected(): Promise<{ h: SimVenueHandle; c: C }>;
}

/**
 * One venue's e2e set-up: starts simulated venues and connectors, and closes them all after each test (clients first,
 * then the servers). Call it once at the top of a test file; it registers the `afterEach`.
 */
export function simHarness<C extends { close(): Promise<void> }, O>(
  venue: KnownVenueId,
  seed: number,
  connect: (handle: SimVenueHandle, index: number, extra: Partial<O>) => C,
): SimHarness<C, O> {
  const handles: SimVenueHandle[] = [];
  const clients: C[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(handles.splice(0).map((h) => h.close()));
  });
  const track = <T extends C>(c: T): T => {
    clients.push(c);
    return c;
  };
  const start = async (options: SimStart = {}): Promise<SimVenueHandle> => {
    const handle = await startSimVenue({ venue, seed, ...options });
    handles.push(handle);
    return handle;
  };
  const client = (handle: SimVenueHandle, extra: Partial<O> = {}, index = 0): C => track(connect(handle, index, extra));
  return {
    start,
    client,
    track,
    async startConnected() {
      const h = await start();
      return { h, c: client(h) };
    },
  };
}

/**
 * Polls `probe` every 20 ms until it returns something other than `undefined` or `false`.
 * @throws Error when `timeoutMs` passes first
 */
export function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      const v = probe();
      if (v !== undefined && v !== false) resolve(v);
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(tick, 20);
    };
    tick();
  });
}
