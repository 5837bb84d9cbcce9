import { type Clock, Decimal, type Logger, type PerpVenue, VirtualClock } from '@dn/core';
import {
  clockFromConnection,
  EngineVenue,
  frontendFor,
  readSimConnectionFile,
  SimEngine,
  type SimVenueHandle,
  SimWorld,
  seedFor,
  simStateStore,
  startSimVenue,
} from '@dn/sim';
import { createClient } from './clients.js';
import { accountOf, credentialsFromEnv, type VenueName } from './credentials.js';
import { assertSimUrls } from './sim-url.js';
import { afterEachOrder } from './venue-wrappers.js';

export interface VenueHandle {
  name: VenueName;
  venue: PerpVenue;
}

export type ConnectionMode = 'paper' | 'sim-file' | 'live';

/** Cash totals an app computed from fills and funding payments, to compare with the simulator's ledger. */
export interface AccountingTotals {
  feesUsd: Decimal.Value;
  fundingUsd: Decimal.Value;
  pricePnlUsd: Decimal.Value;
  /** Ledger entries after this time (ms) are not compared (e.g. a cycle still open). */
  untilMs: number;
}

export interface VenueConnection {
  mode: ConnectionMode;
  venues: VenueHandle[];
  /** The clock trading runs on; undefined = real time. */
  clock?: Clock;
  speed: number;
  /** Paper mode: how each venue is reached (`protocol` = real connector over loopback, `engine` = in-process). */
  transports?: Map<VenueName, 'protocol' | 'engine'>;
  /** Paper mode: true when the totals equal the simulator's ledger for the account, exactly. */
  ledgerMatches?: (totals: AccountingTotals) => boolean;
  /** Paper mode: the engines, for tests and fault injection. */
  engines?: Map<VenueName, SimEngine>;
  /** Paper mode: the simulated venues' servers (protocol faults via `faults`). */
  sims?: Map<VenueName, SimVenueHandle>;
  /** Paper mode with `stateDir`: true when the simulated world was restored from an earlier session. */
  restored?: boolean;
  /** The account each venue trades (the simulator's account ids in paper and sim-file modes). */
  accounts?: Map<VenueName, string>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  mode: ConnectionMode;
  venues: VenueName[];
  seed: number;
  speed: number;
  simFile?: string;
  collateral: Decimal;
  log: Logger;
  /** Paper mode: run on this clock instead of a new N×-speed one (tests pass a stepped VirtualClock). */
  clock?: Clock;
  /**
   * Paper mode: `protocol` (default) serves each venue's real protocol on loopback and trades through the real
   * connector — the live code path; `engine` skips the protocol (fast unit tests).
   */
  transport?: 'protocol' | 'engine';
  /** Live mode: environment to read credentials from (default process.env). */
  env?: Record<string, string | undefined>;
  /**
   * Paper mode: keep the simulated world (positions, balances, clock) in this folder, saved after every order and
   * every `saveEveryMs`, and continue it on the next start.
   */
  stateDir?: string;
  /** Paper mode with `stateDir`: real ms between periodic saves (default 1000). */
  saveEveryMs?: number;
  /** sim-file mode: accept a simulator that is not on this machine (default: loopback URLs only). */
  allowRemoteSim?: boolean;
}

const PAPER_ACCOUNT = 'paper';

export async function connectVenues(options: ConnectOptions): Promise<VenueConnection> {
  if (options.mode === 'paper') return paper(options);
  if (options.mode === 'sim-file') return simFile(options);
  return live(options);
}

/**
 * In-process simulator on one shared world (prices move together; each venue draws its own funding noise). With
 * the protocol transport every venue that has a front-end is served on loopback and reached through its real
 * connector, exactly as in live trading.
 */
async function paper(options: ConnectOptions): Promise<VenueConnection> {
  const store = options.stateDir ? simStateStore(options.stateDir) : undefined;
  // A corrupt saved world is an error (never replaced by a fresh one): --reset-paper is the way to start over.
  const saved = await store?.load();
  const realStartMs = Date.now();
  const clock =
    options.clock ??
    new VirtualClock({ startMs: saved?.virtualNowMs ?? realStartMs, realStartMs, mode: { speed: options.speed } });
  const world = saved ? SimWorld.fromDescriptor(saved.world, clock) : new SimWorld({ seed: options.seed, clock });
  const engines = new Map<VenueName, SimEngine>();
  const accounts = new Map<VenueName, string>();
  const sims = new Map<VenueName, SimVenueHandle>();
  const transports = new Map<VenueName, 'protocol' | 'engine'>();
  const venues: VenueHandle[] = [];
  const tickers: NodeJS.Timeout[] = [];
  try {
    for (const name of options.venues) {
      const prior = saved?.venues.find((v) => v.venue === name);
      const restored = prior ? SimEngine.restore(prior.engine, { world, clock }) : undefined;
      if (options.transport !== 'engine' && frontendFor(name)) {
        const sim = await startSimVenue({
          venue: name,
          seed: options.seed,
          clock,
          world,
          ...(restored ? { engine: restored } : {}),
          accounts: prior && prior.accounts.length > 0 ? prior.accounts : 1,
          collateral: options.collateral,
        });
        const account = sim.accounts[0];
        if (!account) throw new Error(`simulator for ${name} created no account`);
        sims.set(name, sim);
        engines.set(name, sim.engine);
        accounts.set(name, account.accountId);
        transports.set(name, 'protocol');
        venues.push({
          name,
          venue: createClient(name, {
            restUrl: sim.restUrl,
            wsUrl: sim.wsUrl,
            credentials: account.credentials,
            clock,
            rateLimits: options.speed <= 1 && !options.clock,
            timeScale: options.clock ? 1 : options.speed,
          }),
        });
      } else {
        // Own noise per venue (funding, basis): one shared seed would make the venues move in lockstep.
        const engine = restored ?? new SimEngine({ venue: name, world, clock, seed: seedFor(options.seed, name) });
        if (!restored) engine.deposit(PAPER_ACCOUNT, options.collateral);
        engines.set(name, engine);
        accounts.set(name, PAPER_ACCOUNT);
        transports.set(name, 'engine');
        venues.push({ name, venue: new EngineVenue(engine, PAPER_ACCOUNT) });
        const ticker = setInterval(() => engine.advance(), 100);
        ticker.unref();
        tickers.push(ticker);
      }
    }
  } catch (e) {
    await Promise.all([...sims.values()].map((s) => s.close()));
    for (const t of tickers) clearInterval(t);
    throw e;
  }
  const persist = store
    ? worldSaver(store, { clock, world, speed: options.speed, engines, sims, log: options.log })
    : undefined;
  if (persist) {
    await persist.saveNow();
    // Saved after every order as well as periodically, so a killed session restarts with the fills it saw.
    for (const v of venues) v.venue = afterEachOrder(v.venue, persist.request);
    const timer = setInterval(persist.request, options.saveEveryMs ?? 1_000);
    timer.unref();
    tickers.push(timer);
  }
  options.log.info({ transports: Object.fromEntries(transports), restored: Boolean(saved) }, 'paper venues ready');
  return {
    mode: 'paper',
    venues,
    clock,
    speed: options.speed,
    transports,
    engines,
    sims,
    accounts,
    restored: Boolean(saved),
    ledgerMatches: (totals) => ledgerMatches(totals, engines, accounts),
    async close() {
      for (const t of tickers) clearInterval(t);
      await Promise.all(venues.map((v) => v.venue.close().catch(() => undefined)));
      await persist?.saveNow();
      await Promise.all([...sims.values()].map((s) => s.close()));
    },
  };
}

/** Serialised saves of the paper world: a request while a save runs triggers exactly one more afterwards. */
function worldSaver(
  store: ReturnType<typeof simStateStore>,
  w: {
    clock: Clock;
    world: SimWorld;
    speed: number;
    engines: Map<VenueName, SimEngine>;
    sims: Map<VenueName, SimVenueHandle>;
    log: Logger;
  },
) {
  let running: Promise<void> | undefined;
  let again = false;
  const once = () =>
    store.save({
      virtualNowMs: w.clock.now(),
      speed: w.speed,
      world: w.world.describe(),
      venues: [...w.engines].map(([venue, engine]) => {
        const sim = w.sims.get(venue);
        return {
          venue,
          port: sim ? Number(new URL(sim.restUrl).port) : 0,
          accounts: sim?.accounts ?? [],
          engine: engine.snapshot(),
        };
      }),
    });
  const saveNow = async (): Promise<void> => {
    while (running) await running;
    running = once().finally(() => {
      running = undefined;
    });
    await running;
  };
  const request = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = once()
      .catch((e: unknown) => w.log.error({ err: e }, 'paper world save failed'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          request();
        }
      });
  };
  return { saveNow, request };
}

/** A standalone simulator's connection file: its URLs, fake credentials and clock. */
async function simFile(options: ConnectOptions): Promise<VenueConnection> {
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

/** Real venues with credentials from the environment; real time. */
async function live(options: ConnectOptions): Promise<VenueConnection> {
  const accounts = new Map<VenueName, string>();
  const venues = options.venues.map((name): VenueHandle => {
    const credentials = credentialsFromEnv(name, options.env);
    accounts.set(name, accountOf(name, credentials) ?? '');
    return { name, venue: createClient(name, { credentials }) };
  });
  return {
    mode: 'live',
    venues,
    speed: 1,
    accounts,
    async close() {
      await Promise.all(venues.map((v) => v.venue.close().catch(() => undefined)));
    },
  };
}

/** Σ fee, funding and realised-PnL ledger entries of the paper accounts up to `untilMs`, compared exactly. */
function ledgerMatches(
  totals: AccountingTotals,
  engines: Map<VenueName, SimEngine>,
  accounts: Map<VenueName, string>,
): boolean {
  let fees = new Decimal(0);
  let funding = new Decimal(0);
  let realized = new Decimal(0);
  for (const [name, engine] of engines) {
    for (const e of engine.ledger(accounts.get(name) ?? PAPER_ACCOUNT, { until: totals.untilMs })) {
      if (e.type === 'fee') fees = fees.minus(e.amount);
      else if (e.type === 'funding') funding = funding.plus(e.amount);
      else if (e.type === 'realized_pnl') realized = realized.plus(e.amount);
    }
  }
  return fees.eq(totals.feesUsd) && funding.eq(totals.fundingUsd) && realized.eq(totals.pricePnlUsd);
}
