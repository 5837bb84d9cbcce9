import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createLogger,
  Decimal,
  HaltSentinel,
  type Logger,
  type PerpVenue,
  type Position,
  VirtualClock,
} from '@dn/core';
import { EngineVenue, SimEngine, SimWorld } from '@dn/sim/engine';
import type { ExecutionEvent, LegRiskDeps, PairLegs, PairState } from '../src/index.js';
import { faulty } from '../src/testing/index.js';

export { faulty };

/**
 * A pair of simulated venues on one world (engine transport: the matching engine behind `PerpVenue`, no network),
 * on a stepped virtual clock, with a halt sentinel in a temporary folder. Extended carries the pilot (long), Pacifica
 * the hedge (short), unless told otherwise.
 */
export const T0 = Date.UTC(2026, 0, 5);
export const ACCOUNT = 'test-account';
export const silentLog: Logger = createLogger({ name: 'execution-test', level: 'silent', console: false });

export interface Bed {
  dir: string;
  clock: VirtualClock;
  engines: Map<string, SimEngine>;
  venues: Map<string, EngineVenue>;
  halt: HaltSentinel;
  /** Every event the deps of `deps()` received. */
  events: ExecutionEvent[];
  /** Every pair persisted through `deps()`, as JSON (what a state file would hold). */
  saved: string[];
  legs(wrap?: Partial<Record<string, (v: PerpVenue) => PerpVenue>>): Promise<PairLegs>;
  pair(targetSize?: string, id?: string): PairState;
  deps(over?: Partial<LegRiskDeps>): LegRiskDeps;
  /** Steps the clock whenever the code under test waits on it, until `work` settles. */
  drive<T>(work: Promise<T>): Promise<T>;
  size(venue: string, symbol?: string): Promise<Decimal>;
  close(): Promise<void>;
}

export async function bed(first = 'extended', second = 'pacifica', seed = 7): Promise<Bed> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-exec-'));
  const clock = new VirtualClock({ startMs: T0, mode: 'stepped' });
  const world = new SimWorld({ seed, clock });
  const engines = new Map<string, SimEngine>();
  const venues = new Map<string, EngineVenue>();
  for (const name of [first, second]) {
    const engine = new SimEngine({ venue: name, world, clock, seed });
    engine.deposit(ACCOUNT, '20000');
    engines.set(name, engine);
    venues.set(name, new EngineVenue(engine, ACCOUNT));
  }
  const halt = new HaltSentinel(path.join(dir, 'dn.HALT.json'));
  const events: ExecutionEvent[] = [];
  const saved: string[] = [];
  const venue = (name: string) => venues.get(name) as EngineVenue;
  const b: Bed = {
    dir,
    clock,
    engines,
    venues,
    halt,
    events,
    saved,
    async legs(wrap = {}) {
      const leg = async (name: string) => {
        const v = venue(name);
        const market = (await v.getMarkets()).find((m) => m.symbol === 'BTC');
        if (!market) throw new Error(`no BTC on ${name}`);
        return { name, venue: wrap[name]?.(v) ?? v, market };
      };
      return { first: await leg(first), second: await leg(second) };
    },
    pair(targetSize = '0.02', id = 'pair-1') {
      return {
        id,
        symbol: 'BTC',
        phase: 'opening',
        step: 'planned',
        targetSize,
        startedAt: clock.now(),
        first: { venue: first, side: 'buy', clientOrderIds: [], size: '0' },
        second: { venue: second, side: 'sell', clientOrderIds: [], size: '0' },
      };
    },
    deps(over = {}) {
      return {
        clock,
        log: silentLog,
        halt,
        haltBy: 'execution-test',
        band: new Decimal('0.005'),
        bandCap: new Decimal('0.02'),
        singleLegTimeoutMs: 10_000,
        persist: async (p) => {
          saved.push(JSON.stringify(p));
        },
        onEvent: (e) => events.push(e),
        ...over,
      };
    },
    drive(work) {
      return clock.runUntilSettled(work, { realTimeoutMs: 60_000 });
    },
    async size(name, symbol = 'BTC') {
      return (await venue(name).getPositions()).find((p) => p.symbol === symbol)?.size ?? new Decimal(0);
    },
    async close() {
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
  return b;
}

export interface SentOrder {
  reduceOnly?: boolean;
  size: Decimal;
  side: string;
  slippage?: Decimal;
  clientOrderId?: string;
}

/** Every order sent to `venue`, recorded before it leaves. */
export function recordingOrders(venue: PerpVenue, sent: SentOrder[]): PerpVenue {
  return faulty(venue, {
    placeOrder: async (args, real) => {
      const p = args[0] as SentOrder;
      sent.push({
        reduceOnly: p.reduceOnly,
        size: new Decimal(p.size),
        side: p.side,
        slippage: p.slippage === undefined ? undefined : new Decimal(p.slippage),
        clientOrderId: p.clientOrderId,
      });
      return real();
    },
  });
}

/** A venue whose position reads after its first order are replaced by `lie(real, n)` (n = read number after it). */
export function liesAfterOrder(
  venue: PerpVenue,
  lie: (real: Position[], n: number) => Position[] | Promise<Position[]>,
): PerpVenue {
  let ordered = false;
  let n = 0;
  return faulty(venue, {
    placeOrder: async (_args, real) => {
      ordered = true;
      return real();
    },
    getPositions: async (_args, real) => {
      const positions = (await real()) as Position[];
      if (!ordered) return positions;
      n += 1;
      return lie(positions, n);
    },
  });
}

export const scale = (ps: Position[], k: number): Position[] =>
  ps.map((p) => ({ ...p, size: p.size.mul(k), notional: p.notional.mul(k) }));
