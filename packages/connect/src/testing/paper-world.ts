import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLogger, Decimal, type Logger, VirtualClock } from '@dn/core';
import { type ConnectOptions, connectVenues, type VenueConnection } from '../connect.js';
import type { VenueName } from '../credentials.js';

export interface PaperWorldOptions {
  venues: VenueName[];
  seed: number;
  /** Deposited on every venue. */
  collateral: number;
  /** The stepped clock's start (ms). */
  startMs: number;
  /** `engine` (fast) or `protocol` (the real connectors over loopback); `connectVenues`' default when absent. */
  transport?: ConnectOptions['transport'];
  /** The simulated price path starts this long before `startMs` (candles for apps that estimate from history). */
  historyMs?: number;
  /** Prefix of the temporary folder the test keeps its files in. */
  tmpPrefix?: string;
}

/** A paper connection on a stepped virtual clock, a silent logger and a temporary folder, for app tests and benches. */
export interface PaperWorld {
  dir: string;
  clock: VirtualClock;
  log: Logger;
  conn: VenueConnection;
  /** Steps the clock whenever the code under test waits on it, until `work` settles (2 min of wall time at most). */
  drive<T>(work: Promise<T>, untilMs?: number): Promise<T>;
  /** Closes the connection and removes the folder. */
  close(): Promise<void>;
}

/** Connects `venues` in paper mode on a new stepped clock: time moves only when the code under test waits on it. */
export async function paperWorld(o: PaperWorldOptions): Promise<PaperWorld> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), o.tmpPrefix ?? 'dn-paper-'));
  const clock = new VirtualClock({ startMs: o.startMs, mode: 'stepped' });
  const log = createLogger({ name: 'test', level: 'silent', console: false });
  const conn = await connectVenues({
    mode: 'paper',
    venues: o.venues,
    seed: o.seed,
    speed: 1,
    collateral: new Decimal(o.collateral),
    log,
    clock,
    ...(o.transport ? { transport: o.transport } : {}),
    ...(o.historyMs ? { historyMs: o.historyMs } : {}),
  });
  return {
    dir,
    clock,
    log,
    conn,
    drive: (work, untilMs) => clock.runUntilSettled(work, { untilMs, realTimeoutMs: 120_000 }),
    async close() {
      await conn.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A second client of a standalone simulator (`dn-sim --out <file>`), for a test that checks what an app did there:
 * the venues' real protocols, the simulator's accounts, nothing deposited.
 */
export function simObserver(simFile: string, venues: VenueName[]): Promise<VenueConnection> {
  return connectVenues({
    mode: 'sim-file',
    simFile,
    venues,
    seed: 0,
    speed: 1,
    collateral: new Decimal(0),
    log: createLogger({ name: 'observer', level: 'silent', console: false }),
  });
}
