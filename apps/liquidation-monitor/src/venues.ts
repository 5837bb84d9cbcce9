import { hasCredentials, UsageError, VENUE_NAMES, type VenueName } from '@dn/connect';
import type { RunMode } from '@dn/core';

/**
 * The venues to watch when neither the config nor `--venues` names them: paper = all four, a simulator's
 * connection file = every venue it serves, live = every venue whose credentials are set.
 */
export async function defaultVenues(
  mode: RunMode,
  simFile: string | undefined,
  env: Record<string, string | undefined>,
): Promise<VenueName[]> {
  if (mode === 'paper') return [...VENUE_NAMES];
  if (mode === 'sim') {
    // Loaded on this path only: a live monitor never loads the simulator package.
    const { readSimConnectionFile } = await import('@dn/sim/connection');
    const file = await readSimConnectionFile(simFile as string);
    const served = VENUE_NAMES.filter((v) => file.venues[v] !== undefined);
    if (served.length === 0) throw new UsageError(`the connection file ${simFile} lists no venue`);
    return served;
  }
  const live = VENUE_NAMES.filter((v) => hasCredentials(v, env));
  if (live.length === 0) {
    throw new UsageError(
      'no venue credentials found in the environment or <home>/.env; set them as for the bots, or use --paper / --sim <file>',
    );
  }
  return live;
}
