import { clockFromConnection, readSimConnectionFile } from '@dn/sim/connection';
import { createClient } from './clients.js';
import type { ConnectOptions, VenueConnection, VenueHandle } from './connect.js';
import { assertSimUrls } from './sim-url.js';

// Loaded by `connectVenues` through import(): reads only the simulator's connection file (no engine, no servers).

/** A standalone simulator's connection file: its URLs, fake credentials and clock. */
export async function connectSimFile(options: ConnectOptions): Promise<VenueConnection> {
  if (!options.simFile) throw new Error('sim-file mode needs the connection file path');
  const conn = await readSimConnectionFile(options.simFile);
  assertSimUrls(conn, options.venues, { file: options.simFile, allowRemote: Boolean(options.allowRemoteSim) });
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
    accounts: new Map(options.venues.map((name) => [name, conn.venues[name]?.accountId ?? ''])),
    async close() {
      await Promise.all(venues.map((v) => v.venue.close().catch(() => undefined)));
    },
  };
}
