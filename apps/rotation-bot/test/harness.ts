import * as path from 'node:path';
import type { VenueConnection, VenueName } from '@dn/connect';
import { paperWorld } from '@dn/connect/testing';
import { type AtomicJsonStore, Decimal, HaltSentinel, type PerpVenue, type VirtualClock } from '@dn/core';
import { Closables } from '@dn/core/testing';
import { faulty } from '@dn/execution/testing';
import { expect } from 'vitest';
import { type BotDeps, RotationBot } from '../src/bot.js';
import { type BotConfig, configSchema } from '../src/config.js';
import { type BotState, createStateStore } from '../src/state.js';

export { faulty };

export const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

export interface Harness {
  dir: string;
  clock: VirtualClock;
  conn: VenueConnection;
  config: BotConfig;
  bot: RotationBot;
  halt: HaltSentinel;
  statePath: string;
  printed: string[];
  newBot(venues?: VenueConnection['venues'], store?: AtomicJsonStore<BotState>, extra?: Partial<BotDeps>): RotationBot;
  /** Runs the bot for `ms` of virtual time, stepping the clock until `run()` returns. */
  runFor(ms: number, bot?: RotationBot): Promise<void>;
  /** Steps the clock whenever the code under test waits on it, until `work` settles. */
  drive<T>(work: Promise<T>, untilMs?: number): Promise<T>;
  positions(): Promise<Map<VenueName, Array<{ symbol: string; size: string }>>>;
  close(): Promise<void>;
}

/** Config that opens on the first scan: the tests are about execution, not about the filters. */
export const EAGER = {
  hold_duration_hours: 8,
  wait_between_cycles_minutes: 30,
  check_interval_seconds: 300,
  scan_interval_seconds: 300,
  notional_per_position: 2000,
  symbols_to_monitor: ['BTC', 'ETH'],
  filters: { min_net_apr_pct: -100000, min_combined_volume_usd: 0 },
};

const opened = new Closables<Harness>();

/** Closes every harness a test left open; test files call it in `afterEach`, so a failing test leaks no world. */
export const closeHarnesses = (): Promise<void> => opened.closeAll();

export async function harness(
  overrides: Record<string, unknown> = {},
  venues: VenueName[] = ['extended', 'pacifica'],
  seed = 7,
  transport: 'engine' | 'protocol' = 'engine',
): Promise<Harness> {
  const world = await paperWorld({ venues, seed, collateral: 20000, startMs: T0, transport, tmpPrefix: 'dn-rb-' });
  const { dir, clock, log, conn } = world;
  const config = configSchema.parse({ ...EAGER, venues, halt_file: path.join(dir, 'HALT.json'), ...overrides });
  const statePath = path.join(dir, 'bot_state.json');
  const halt = new HaltSentinel(config.halt_file);
  const printed: string[] = [];
  const newBot = (
    v = conn.venues,
    store: AtomicJsonStore<BotState> = createStateStore(statePath),
    extra: Partial<BotDeps> = {},
  ) =>
    new RotationBot({
      config,
      venues: v,
      clock,
      log,
      store,
      halt,
      print: (t) => printed.push(t),
      ...extra,
    });
  const h: Harness = {
    ...world,
    config,
    halt,
    statePath,
    printed,
    bot: newBot(),
    newBot,
    async runFor(ms, bot = h.bot) {
      await h.drive(bot.run(clock.now() + ms), clock.now() + ms);
    },
    async positions() {
      const out = new Map<VenueName, Array<{ symbol: string; size: string }>>();
      for (const { name, venue } of conn.venues) {
        out.set(
          name,
          (await venue.getPositions())
            .filter((p) => !p.size.isZero())
            .map((p) => ({ symbol: p.symbol, size: p.size.toString() })),
        );
      }
      return out;
    },
    async close() {
      opened.delete(h);
      await world.close();
    },
  };
  opened.add(h);
  return h;
}

/** Sum of |size| over every open position: 0 when flat everywhere. */
export function net(positions: Map<VenueName, Array<{ symbol: string; size: string }>>): {
  gross: Decimal;
  bySymbol: Map<string, Decimal>;
} {
  let gross = new Decimal(0);
  const bySymbol = new Map<string, Decimal>();
  for (const ps of positions.values()) {
    for (const p of ps) {
      gross = gross.plus(new Decimal(p.size).abs());
      bySymbol.set(p.symbol, (bySymbol.get(p.symbol) ?? new Decimal(0)).plus(p.size));
    }
  }
  return { gross, bySymbol };
}

/**
 * The bot's state after a run that should have rotated: two cycles at least, each closed when its hold elapsed with a
 * size; delta neutral now (whatever is open nets to zero per symbol).
 */
export async function expectRotated(h: Harness): Promise<BotState> {
  const state = h.bot.currentState;
  expect(state.stats.cycles).toBeGreaterThanOrEqual(2);
  for (const c of state.history) {
    expect(c.reason).toBe('hold_elapsed');
    expect(new Decimal(c.size).gt(0)).toBe(true);
  }
  for (const v of net(await h.positions()).bySymbol.values()) expect(v.isZero()).toBe(true);
  return state;
}

/** Whether the bot's totals (fees, funding, price PnL up to its last close) equal the simulator's ledger. */
export function ledgerAgrees(h: Harness, state: BotState): boolean | undefined {
  const s = state.stats;
  const untilMs = state.history.at(-1)?.closedAt ?? 0;
  return h.conn.ledgerMatches?.({ feesUsd: s.feesUsd, fundingUsd: s.fundingUsd, pricePnlUsd: s.pricePnlUsd, untilMs });
}

/** The harness's venues with each of `names` replaced by `wrap(venue, name)`. */
export function withVenues(
  h: Harness,
  names: readonly VenueName[],
  wrap: (v: PerpVenue, name: VenueName) => PerpVenue,
): VenueConnection['venues'] {
  return h.conn.venues.map((v) => (names.includes(v.name) ? { ...v, venue: wrap(v.venue, v.name) } : v));
}

/** The harness's venues with one of them replaced by `wrap(venue)`. */
export function withVenue(h: Harness, name: VenueName, wrap: (v: PerpVenue) => PerpVenue): VenueConnection['venues'] {
  return h.conn.venues.map((v) => (v.name === name ? { ...v, venue: wrap(v.venue) } : v));
}

/** `venue` with every reduce-only order failing (`venue down`): an unwind or a close cannot reduce its leg. */
export function reduceOnlyFails(venue: PerpVenue): PerpVenue {
  return faulty(venue, {
    placeOrder: async (args, real) => {
      if ((args[0] as { reduceOnly?: boolean }).reduceOnly) throw new Error('venue down');
      return real();
    },
  });
}

/** Every order sent to `venue`, recorded before it leaves. */
export function recordingOrders(
  venue: PerpVenue,
  sent: Array<{ reduceOnly?: boolean; size: Decimal; side: string; slippage?: Decimal }>,
): PerpVenue {
  return faulty(venue, {
    placeOrder: async (args, real) => {
      const p = args[0] as { reduceOnly?: boolean; size: Decimal; side: string; slippage?: Decimal };
      sent.push({ reduceOnly: p.reduceOnly, size: new Decimal(p.size), side: p.side, slippage: p.slippage });
      return real();
    },
  });
}
