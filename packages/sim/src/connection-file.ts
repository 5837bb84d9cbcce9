import * as fs from 'node:fs/promises';
import { type KnownVenueId, StateError, VirtualClock } from '@dn/core';
import { z } from 'zod';

/** What `dn-sim --out <file>` writes and every app accepts with `--sim <file>`. */
export interface SimConnectionFile {
  clock: { speed: number; virtualStartMs: number; realStartMs: number };
  venues: Partial<
    Record<KnownVenueId, { restUrl: string; wsUrl: string; credentials: Record<string, string>; accountId: string }>
  >;
}

const schema = z.object({
  clock: z.object({ speed: z.number().positive(), virtualStartMs: z.number(), realStartMs: z.number() }),
  venues: z.partialRecord(
    z.enum(['extended', 'pacifica', 'edgex', 'lighter']),
    z.object({
      restUrl: z.string(),
      wsUrl: z.string(),
      credentials: z.record(z.string(), z.string()),
      accountId: z.string(),
    }),
  ),
});

export async function readSimConnectionFile(file: string): Promise<SimConnectionFile> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new StateError(
      'Cannot read the simulator connection file',
      { path: file, reason: (e as Error).message },
      { cause: e },
    );
  }
  try {
    return schema.parse(JSON.parse(text)) as SimConnectionFile;
  } catch (e) {
    throw new StateError(
      'Simulator connection file is invalid',
      { path: file, reason: (e as Error).message },
      { cause: e },
    );
  }
}

/** A clock that shows the same virtual time as the simulator that wrote the file. */
export function clockFromConnection(conn: SimConnectionFile): VirtualClock {
  return new VirtualClock({
    startMs: conn.clock.virtualStartMs,
    realStartMs: conn.clock.realStartMs,
    mode: { speed: conn.clock.speed },
  });
}
