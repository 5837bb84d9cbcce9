import { type ConnectOptions, CREDENTIAL_ENV, connectVenues, type VenueConnection } from '@dn/connect';
import { type Clock, ConfigError, errorSummary } from '@dn/core';
import type { FlattenTarget } from '@dn/execution';
import { VENUES, type VenueName } from './config.js';

export type ExitMode = 'paper' | 'sim-file' | 'live';

export interface ConnectedVenues extends Pick<VenueConnection, 'clock' | 'engines' | 'sims' | 'close'> {
  mode: ExitMode;
  targets: FlattenTarget[];
  /** Venues that could not be connected: reported, never fatal for the others. */
  failures: { venue: VenueName; error: string }[];
}

/** What `connectVenues` takes, less its speed (a flatten runs at real time), plus how long one venue may take. */
export interface ConnectAllOptions
  extends Pick<
    ConnectOptions,
    'venues' | 'seed' | 'simFile' | 'collateral' | 'log' | 'env' | 'clock' | 'transport' | 'stateDir' | 'allowRemoteSim'
  > {
  mode: ExitMode;
  /** Real ms to wait for one venue's connection. */
  timeoutMs: number;
  /** Venues already known to be unusable (missing credentials), reported as failures without trying. */
  preFailed?: { venue: VenueName; error: string }[];
}

/**
 * Paper venues share one simulated world, so they are connected together. Real venues (a standalone simulator's
 * or live) are connected one by one in parallel, each bounded in time, so one that is down or misconfigured cannot
 * stop the others.
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
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.transport ? { transport: options.transport } : {}),
      ...(options.stateDir ? { stateDir: options.stateDir } : {}),
    });
    return {
      mode: 'paper',
      targets: c.venues.map((v) => ({ name: v.name, venue: v.venue })),
      failures,
      clock: c.clock,
      engines: c.engines,
      sims: c.sims,
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
            ...(options.env ? { env: options.env } : {}),
            ...(options.allowRemoteSim ? { allowRemoteSim: true } : {}),
          }),
          options.timeoutMs,
          `connecting to ${venue} took longer than ${options.timeoutMs} ms`,
        );
        connections.push(c);
        return c;
      } catch (e) {
        failures.push({ venue, error: describeConnectError(venue, e, options.mode) });
        return undefined;
      }
    }),
  );
  const targets: FlattenTarget[] = [];
  let clock: Clock | undefined;
  for (const c of settled) {
    if (!c) continue;
    // One simulator file, one clock: every venue's copy reads the same time.
    clock ??= c.clock;
    for (const v of c.venues) targets.push({ name: v.name, venue: v.venue });
  }
  failures.sort((a, b) => VENUES.indexOf(a.venue) - VENUES.indexOf(b.venue));
  return {
    mode: options.mode,
    targets,
    failures,
    clock,
    async close() {
      await Promise.allSettled(connections.map((c) => c.close()));
    },
  };
}

/**
 * One line for the report. A client refusing its options lists every problem (never a value); in live mode the
 * client option names are translated to the environment variables the operator sets.
 */
function describeConnectError(venue: VenueName, e: unknown, mode: ExitMode): string {
  if (!(e instanceof ConfigError)) return errorSummary(e);
  const spec = CREDENTIAL_ENV[venue];
  const names: Record<string, string> = mode === 'live' ? { ...spec.required, ...spec.optional } : {};
  const issues = e.context.issues.map((i) => `${names[i.key] ?? i.key}: ${i.problem}`);
  return `${e.code}: invalid ${venue} credentials: ${issues.join('; ')}`;
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
