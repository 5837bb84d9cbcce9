import {
  type AppContext,
  addCommonFlags,
  appCommand,
  type CommonFlags,
  clockFlags,
  closeRun,
  EXIT_FAILED,
  EXIT_OK,
  parseFlags,
  runApp,
  stopOnSignals,
  UsageError,
  userArgs,
  wholeNumberFlag,
} from '@dn/connect';
import { type Clock, createAlerter, RealClock } from '@dn/core';
import { addOpsFlags, appVersion, type OpsFlags, startOpsFromFlags } from '@dn/ops';
import type { Command } from 'commander';
import { enabledMarkets, type MarketMakerConfig, readMarketMakerConfig } from './config.js';
import { venueSwitchOf } from './dms.js';
import { runExportCli } from './export-command.js';
import { MarketMaker } from './maker.js';
import { attachNoncePool } from './nonces.js';
import { setMainThreadRealtime } from './realtime.js';
import { makerStatus, makerSummary, renderMaker } from './report.js';

interface Flags extends CommonFlags, OpsFlags {
  seed: string;
  speed: string;
  print: number;
  cancelOnExit: boolean;
  takerFlow: boolean;
}

const seconds = wholeNumberFlag('must be a whole number of seconds ≥ 1');

function program(): Command {
  const p = appCommand(
    'market-maker',
    'Quotes both sides of the configured markets post-only (seed 002 formula, Avellaneda–Stoikov or GLFT), ' +
      'skewed by inventory, cancel/replace past a threshold, within net-position, open-order and equity limits; ' +
      'the halt sentinel cancels everything and stops quoting; the dead man’s switch is refreshed at half its countdown.',
  )
    .addHelpText(
      'after',
      `
Modes: paper (default without credentials: the built-in simulator with a taker flow hitting the quotes),
       --sim <file> (a standalone simulator), --live (the venue in the config; credentials from the environment/.env)

Examples:
  market-maker                                      paper, ETH-USD with the seed's defaults
  market-maker -c config.json --speed 60 --run-for 24h --summary out.json
  market-maker --live -c config.json
  market-maker export-history [--market ETH-USD] [--funding-from <ms>] --output dir   trades/positions/funding CSV`,
    )
    .option('--seed <n>', 'paper mode: simulator seed', '1')
    .option('--print <seconds>', 'seconds between console blocks (default 10)', seconds, 10)
    .option('--no-cancel-on-exit', "leave the quotes resting at exit (the venue's dead man's switch still runs)")
    .option('--no-taker-flow', 'paper mode: no simulated taker flow (quotes then fill only when the mid crosses them)');
  addCommonFlags(p, { clock: true, liveHelp: 'quote for real on the venue in the config' });
  return addOpsFlags(p);
}

export async function runMakerCli(argv: readonly string[]): Promise<number> {
  const args = userArgs(argv);
  if (args[0] === 'export-history') return runExportCli(args.slice(1));
  const opts = parseFlags<Flags>(program(), argv);
  const say = (t: string) => process.stdout.write(`${t}\n`);
  return runApp<MarketMakerConfig, ReturnType<typeof clockFlags>>(
    {
      name: 'market-maker',
      defaultMode: 'paper-unless-credentials',
      opensPositions: true,
      readConfig: readMarketMakerConfig,
      venues: (c) => [c.venue],
    },
    opts,
    say,
    { prepare: () => clockFlags(opts), run: (app, clock) => quote(app, opts, { ...clock, say }) },
  );
}

async function quote(
  app: AppContext<MarketMakerConfig>,
  opts: Flags,
  io: { speed: number; runForMs?: number; say: (t: string) => void },
): Promise<number> {
  const cfg = app.config;
  const markets = enabledMarkets(cfg);
  if (markets.length === 0) throw new UsageError('no enabled market in the config');
  const connection = await app.connect({
    venues: [cfg.venue],
    seed: Number(opts.seed),
    speed: io.speed,
    collateral: cfg.paper_collateral_usd,
    persistWorld: false,
  });
  const clock: Clock = connection.clock ?? new RealClock();
  const handle = connection.venues[0];
  if (!handle) throw new Error('no venue connected');
  const engine = connection.engines?.get(cfg.venue);
  if (engine && opts.takerFlow) {
    // Other participants' market orders: what fills a market maker's quotes in the simulator.
    engine.setTakerFlow({ seed: Number(opts.seed), default: { arrivalRate: 1, kappaPerBp: 0.3, meanSizeUsd: 150 } });
  }
  const stop = stopOnSignals();
  const alerter = createAlerter(cfg.alerts, { log: app.log, app: 'market-maker', clock, env: app.env });
  const venueSwitch = venueSwitchOf(handle.venue);
  const detachNonces = cfg.precomputed_nonces ? attachNoncePool(handle.venue) : undefined;
  if (cfg.precomputed_nonces) {
    app.log.info(
      {},
      detachNonces
        ? 'precomputed_nonces: orders signed with precomputed nonces (opt-in, not RFC 6979 deterministic)'
        : `precomputed_nonces: ${cfg.venue} does not sign with Stark nonces; ignored`,
    );
  }
  const maker = new MarketMaker({
    venue: handle.venue,
    clock,
    config: cfg,
    markets,
    isHalted: () => app.halt.isHalted(),
    ...(venueSwitch ? { venueSwitch } : {}),
    log: (msg, extra) => app.log.info(extra ?? {}, msg),
    alert: (kind, message) => alerter.send({ kind, message, venue: cfg.venue }),
  });
  const ops = await startOpsFromFlags(opts, {
    app: 'market-maker',
    version: appVersion(import.meta.url),
    print: io.say,
    status: () => makerStatus(maker, app.mode, cfg.venue, clock.now()),
  });
  try {
    if (cfg.realtime_priority !== undefined) {
      const rt = await setMainThreadRealtime(cfg.realtime_priority);
      io.say(
        rt.applied
          ? `realtime_priority: the main thread runs under SCHED_FIFO at priority ${rt.priority}`
          : `realtime_priority not applied, normal scheduling: ${rt.reason}`,
      );
    }
    await maker.start();
    io.say(
      `[${app.modeLabel}] quoting ${[...maker.runs.keys()].join(', ')} on ${cfg.venue}; dead man's switch: ${maker.dms.kind}`,
    );
    const endAt = io.runForMs === undefined ? undefined : clock.now() + io.runForMs;
    while (!stop.signal.aborted) {
      await clock.sleep(opts.print * 1000, stop.signal).catch(() => undefined);
      io.say(renderMaker(maker, app.modeLabel, clock.now()));
      if (endAt !== undefined && clock.now() >= endAt) break;
    }
    await maker.stop({ cancelAll: opts.cancelOnExit });
    io.say(renderMaker(maker, app.modeLabel, clock.now()));
    await app.writeSummary({ mode: app.mode, venue: cfg.venue, ...makerSummary(maker) });
    return EXIT_OK;
  } catch (e) {
    io.say(`market-maker: ${(e as Error).message ?? String(e)}`);
    await maker.stop({ cancelAll: true }).catch(() => undefined);
    return EXIT_FAILED;
  } finally {
    detachNonces?.();
    await closeRun({ signals: stop, alerter, ops, connection });
  }
}
