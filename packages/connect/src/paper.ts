import { type Clock, Decimal, type Logger, VirtualClock } from '@dn/core';
import { EngineVenue, SimEngine, SimWorld, seedFor } from '@dn/sim/engine';
import { frontendFor, type SimVenueHandle, simStateStore, startSimVenue } from '@dn/sim/server';
import { createClient } from './clients.js';
import type { AccountingTotals, ConnectOptions, VenueConnection, VenueHandle } from './connect.js';
import type { VenueName } from './credentials.js';
import { afterEachOrder } from './venue-wrappers.js';

// Loaded by `connectVenues` through import(): the only module of @dn/connect that loads the simulator's engine and
// servers.

const PAPER_ACCOUNT = 'paper';

/**
 * In-process simulator on one shared world (prices move together; each venue draws its own funding noise). With
 * the protocol transport every venue that has a front-end is served on loopback and reached through its real
 * connector, exactly as in live trading.
 */
export async function connectPaper(options: ConnectOptions): Promise<VenueConnection> {
  const store = options.stateDir ? simStateStore(options.stateDir) : undefined;
  // A corrupt saved world is an error (never replaced by a fresh one): --reset-paper is the way to start over.
  const saved = await store?.load();
  const realStartMs = Date.now();
  const clock =
    options.clock ??
    new VirtualClock({ startMs: saved?.virtualNowMs ?? realStartMs, realStartMs, mode: { speed: options.speed } });
  const world = saved
    ? SimWorld.fromDescriptor(saved.world, clock)
    : new SimWorld({
        seed: options.seed,
        clock,
        ...(options.historyMs ? { originMs: clock.now() - options.historyMs } : {}),
      });
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
