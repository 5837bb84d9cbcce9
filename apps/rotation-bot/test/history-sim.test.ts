import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { type KnownVenueId, VirtualClock } from '@dn/core';
import { type SimConnectionFile, type SimVenueHandle, startSimVenues } from '@dn/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../src/history/store.js';
import { cli } from './cli-run.js';

/**
 * `rotation-bot history --sim <file>` as a user runs it: the simulator serves the four venues' real protocols on
 * loopback (in this process, so the test can read what it settled), the CLI downloads through the real connectors'
 * `getFundingHistory`, and what lands in the database must be exactly the rates the simulator settled.
 */
const VENUES: KnownVenueId[] = ['extended', 'pacifica', 'edgex', 'lighter'];
const SPEED = 36_000;
const T0 = Date.UTC(2026, 0, 5);

let dir: string;
let sims: Map<KnownVenueId, SimVenueHandle>;
let clock: VirtualClock;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rb-history-sim-'));
  const realStartMs = Date.now();
  clock = new VirtualClock({ startMs: T0, realStartMs, mode: { speed: SPEED } });
  sims = await startSimVenues({ venues: VENUES, clock, seed: 3, accounts: 1 });
  const conn: SimConnectionFile = {
    clock: { speed: SPEED, virtualStartMs: T0, realStartMs },
    venues: Object.fromEntries(
      [...sims].map(([name, s]) => {
        const a = s.accounts[0];
        if (!a) throw new Error(`no account on ${name}`);
        return [name, { restUrl: s.restUrl, wsUrl: s.wsUrl, credentials: a.credentials, accountId: a.accountId }];
      }),
    ),
  };
  await fs.writeFile(path.join(dir, 'sim.json'), JSON.stringify(conn));
  // A simulated day and a half settled before the download (3 s at ×36000).
  while (clock.now() < T0 + 36 * 3_600_000) await new Promise((r) => setTimeout(r, 100));
}, 180_000);

afterAll(async () => {
  await Promise.all([...(sims?.values() ?? [])].map((s) => s.close()));
  await fs.rm(dir, { recursive: true, force: true });
});

describe('rotation-bot history --sim (the real connectors over the simulator’s protocols)', () => {
  it('stores exactly the rates each venue settled, every settlement of the window, with its interval', async () => {
    const args = ['history', '--sim', 'sim.json', '--home', dir, '--venues', VENUES.join(','), '--symbols', 'BTC,ETH'];
    const { code, stdout, stderr } = await cli([...args, '--days', '1', '--out', 'data'], dir);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/history: 2 symbols on extended \+ pacifica \+ edgex \+ lighter/);
    const store = await HistoryStore.open(path.join(dir, 'data'));
    const rows = store.funding();
    store.close();
    for (const venue of VENUES) {
      const engine = sims.get(venue)?.engine;
      if (!engine) throw new Error(venue);
      for (const symbol of ['BTC', 'ETH']) {
        const got = rows.filter((r) => r.venue === venue && r.symbol === symbol);
        const interval = engine.market(symbol).fundingIntervalHours;
        // A day's settlements, minus at most the one the window's ends cut.
        expect(got.length, `${venue} ${symbol}`).toBeGreaterThanOrEqual(24 / interval - 1);
        const first = got[0]?.time ?? 0;
        const last = got[got.length - 1]?.time ?? 0;
        // The simulator's own record over the same span, settlement by settlement: same times, same rates.
        const settled = engine.fundingHistory(symbol, { since: first, until: last });
        expect(
          got.map((r) => [r.time, r.rate.toString(), r.intervalHours]),
          `${venue} ${symbol}`,
        ).toEqual(settled.map((s) => [s.time, s.rate.toString(), interval]));
      }
    }
  }, 180_000);
});
