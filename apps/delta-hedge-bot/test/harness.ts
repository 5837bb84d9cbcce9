import * as path from 'node:path';
import type { VenueConnection } from '@dn/connect';
import { paperWorld } from '@dn/connect/testing';
import { HaltWatch, type PerpVenue, type VirtualClock } from '@dn/core';
import { Closables } from '@dn/core/testing';
import { type BotDeps, DeltaHedgeBot } from '../src/bot.js';
import { configSchema, type HedgeBotConfig } from '../src/config.js';
import { createStateStore } from '../src/state.js';

export const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
export const DAY = 86_400_000;

/** β of BTC on ETH the simulator draws: ρ × σ_BTC / σ_ETH with ρ = 0.92 × 0.88 (one-factor betas), σ 50 % and 65 %. */
export const SIM_BETA = (0.92 * 0.88 * 0.5) / 0.65;

export interface Harness {
  dir: string;
  clock: VirtualClock;
  conn: VenueConnection;
  venue: PerpVenue;
  config: HedgeBotConfig;
  halt: HaltWatch;
  statePath: string;
  printed: string[];
  bot: DeltaHedgeBot;
  newBot(extra?: Partial<BotDeps>): DeltaHedgeBot;
  drive<T>(work: Promise<T>, untilMs?: number): Promise<T>;
  close(): Promise<void>;
}

const opened = new Closables<Harness>();

/** Closes every harness a test left open; test files call it in `afterEach`, so a failing test leaks no world. */
export const closeHarnesses = (): Promise<void> => opened.closeAll();

/**
 * A paper world on a stepped clock whose price path starts `historyDays` before T0, and a bot on it. The bot tests
 * use 60 days of candles: the simulator's funding processes walk minute by minute from the world's origin on the first
 * advance (~30 s of CPU for a year of history), which the β tests avoid by never advancing the clock.
 */
export async function harness(
  overrides: Record<string, unknown> = {},
  opts: { seed?: number; historyDays?: number; transport?: 'engine' | 'protocol' } = {},
): Promise<Harness> {
  const world = await paperWorld({
    venues: ['extended'],
    seed: opts.seed ?? 11,
    collateral: 10_000,
    startMs: T0,
    transport: opts.transport ?? 'engine',
    historyMs: (opts.historyDays ?? 62) * DAY,
    tmpPrefix: 'dn-dh-',
  });
  const { dir, clock, log, conn } = world;
  const config = configSchema.parse({ MIN_HEDGE_SAMPLES: 30, LOOKBACK_DAYS: 60, ...overrides });
  const statePath = path.join(dir, 'delta-hedge-bot.state.json');
  const halt = new HaltWatch(path.join(dir, 'dn.HALT.json'));
  const printed: string[] = [];
  const venue = (conn.venues[0] as { venue: PerpVenue }).venue;
  const newBot = (extra: Partial<BotDeps> = {}) =>
    new DeltaHedgeBot({
      config,
      venue,
      venueName: 'extended',
      long: 'BTC',
      short: 'ETH',
      clock,
      log,
      store: createStateStore(statePath),
      statePath,
      halt,
      print: (t) => printed.push(t),
      confirmTimeoutMs: 5_000,
      ...extra,
    });
  const h: Harness = {
    ...world,
    venue,
    config,
    halt,
    statePath,
    printed,
    bot: newBot(),
    newBot,
    async close() {
      opened.delete(h);
      halt.close();
      await world.close();
    },
  };
  opened.add(h);
  return h;
}
