import { readFileSync } from 'node:fs';
import { RealClock } from '@dn/core';
import type { ReplayServer } from '@dn/core/testing';

/** Set-up shared by the tests that replay real edgeX payloads (test/fixtures/real) through `EdgexVenue`. */

export type Json = Record<string, unknown>;

/** A payload of test/fixtures/real (sources in its README). */
export const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`./fixtures/real/${name}`, import.meta.url), 'utf8')) as Json;

/** A clock stopped at `at`, for payloads whose times are judged against "now". */
export class FixedClock extends RealClock {
  constructor(private readonly at: number) {
    super();
  }
  override now(): number {
    return this.at;
  }
}

/** Venue options that reach only `server`: no server-time sync, one attempt per request. */
export function replayOptions(server: ReplayServer): {
  restUrl: string;
  wsUrl: string;
  syncServerTime: false;
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
} {
  return {
    restUrl: server.url,
    wsUrl: server.wsUrl,
    syncServerTime: false,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  };
}
