import { connectVenues, type VenueConnection } from '@dn/connect';
import type { Clock, Decimal, Logger } from '@dn/core';
import type { SimEngine } from '@dn/sim';
import type { VenueName } from './config.js';
import type { FlattenTarget } from './plan.js';
import { describeError } from './retry.js';

export type ExitMode = 'paper' | 'sim-file' | 'live';

export interface ConnectedVenues {
  targets: FlattenTarget[];
  /** Venues that could not be connected: reported, never fatal for the others. */
  failures: { venue: VenueName; error: string }[];
  clock?: Clock;
  /** Paper mode: the in-process engines (for the demo positions and faults). */
  engines?: Map<string, SimEngine>;
  close(): Promise<void>;
}

export interface ConnectAllOptions {
  mode: ExitMode;
  venues: VenueName[];
  seed: number;
  simFile?: string;
  collateral: Decimal;
  log: Logger;
  /** Real ms to wait for one venue's connection. */
  timeoutMs: number;
  /** Venues already known to be unusable (missing credentials), reported as failures without trying. */
  preFailed?: { venue: VenueName; error: string }[];
}

/**
 * Paper venues share one simulated world, so they are connected together (nothing there can fail on its own).
 * Real venues are connected one by one in parallel so one that is down cannot stop the others.
 */
export async function connectAll(options: ConnectAllOptions): Promise<ConnectedVenues> {
  const failures = [...(options.preFailed ?? [])];
  if (options.mode === 'paper') {
    const c = await connectVenues({
      mode: 'paper',
      venues: options.venues,
      seed: options.seed,
      speed: 1,
      collateral: options.collateral,
      log: options.log,
    });
    const engines = new Map<string, SimEngine>(c.engines ? [...c.engines.entries()] : []);
    return {
      targets: c.venues.map((v) => ({ name: v.name, venue: v.venue })),
      failures,
      clock: c.clock,
      engines,
      close: () => c.close(),
    };
  }
  const connections: VenueConnection[] = [];
  const settled = await Promise.all(
    options.venues.map(async (venue) => {
      try {
        const c = await withTimeout(
          connectVenues({
            mode: options.mode,
            venues: [venue],
            seed: options.seed,
            speed: 1,
            simFile: options.simFile,
            collateral: options.collateral,
            log: options.log,
          }),
          options.timeoutMs,
          `connecting to ${venue} took longer than ${options.timeoutMs} ms`,
        );
        connections.push(c);
        return c;
      } catch (e) {
        failures.push({ venue, error: describeError(e) });
        return undefined;
      }
    }),
  );
  const targets: FlattenTarget[] = [];
  let clock: Clock | undefined;
  for (const c of settled) {
    if (!c) continue;
    clock ??= c.clock;
    for (const v of c.venues) targets.push({ name: v.name, venue: v.venue });
  }
  return {
    targets,
    failures,
    clock,
    async close() {
      await Promise.allSettled(connections.map((c) => c.close()));
    },
  };
}

/** Rejects after `ms`; a connection that completes later is closed so no socket is left behind. */
async function withTimeout(p: Promise<VenueConnection>, ms: number, message: string): Promise<VenueConnection> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(message));
    }, ms);
  });
  p.then(
    (c) => {
      if (timedOut) void c.close().catch(() => undefined);
    },
    () => undefined,
  );
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
