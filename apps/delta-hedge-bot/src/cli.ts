import * as path from 'node:path';
import {
  type AppContext,
  addCommonFlags,
  appCommand,
  type CommonFlags,
  clockFlags,
  closeRun,
  EXIT_FAILED,
  EXIT_HALTED,
  EXIT_OK,
  EXIT_USAGE,
  parseFlags,
  parseVenueName,
  runApp,
  stopOnSignals,
  VENUE_NAMES,
  type VenueName,
} from '@dn/connect';
import { type Clock, createAlerter, errorSummary, invocationDir, RealClock } from '@dn/core';
import { addOpsFlags, appVersion, type OpsFlags, startOpsFromFlags } from '@dn/ops';
import type { Command } from 'commander';
import { type CycleView, DeltaHedgeBot } from './bot.js';
import { DAY_MS } from './candles.js';
import {
  extendedSecretProblem,
  type HedgeBotConfig,
  readHedgeConfig,
  statePathSetting,
  unifiedSymbol,
} from './config.js';
import { statusLine, statusSnapshot, summaryOf } from './report.js';
import { createStateStore } from './state.js';

const APP = 'delta-hedge-bot';

interface Flags extends CommonFlags, OpsFlags {
  venue?: VenueName;
  seed: string;
}

function program(): Command {
  const p = appCommand(
    APP,
    'Long BTC / short ETH perpetuals on one venue, the ETH leg sized by the minimum-variance hedge ratio of daily ' +
      'log returns (refreshed every HEDGE_REFRESH_INTERVAL s), rebalanced every REBALANCE_INTERVAL s with IOCs read ' +
      'back from the venue. A leg losing more than STOP_LOSS_PCT of its notional closes both legs reduce-only and ' +
      'writes the halt sentinel. Settings: the environment / .env (EXTENDED_API_KEY, BTC_SYMBOL, BASE_POSITION_SIZE, …) ' +
      'overridden by --config file.json with the same keys (see README).',
  )
    .addHelpText(
      'after',
      `
Modes: paper (default without credentials: the built-in simulator with a year of price history), --sim <file>
       (a standalone simulator), --live (the venue's credentials from the environment/.env)

Exit codes: 0 stopped (Ctrl-C, --run-for), 1 failed, 2 bad usage or refused start (nothing sent),
            3 halted (stop-loss or a halt sentinel: inspect, then --clear-halt)

Examples:
  delta-hedge-bot                                   paper mode, real time
  delta-hedge-bot --speed 3000 --run-for 30d --summary out.json
  delta-hedge-bot --live --config hedge.json`,
    )
    .option(
      '--venue <name>',
      `venue trading both legs (${VENUE_NAMES.join(', ')}; default VENUE or extended)`,
      parseVenueName,
    )
    .option('--seed <n>', 'paper mode: simulator seed', '1');
  addCommonFlags(p, {
    state: true,
    clock: true,
    resetPaper: true,
    summaryHelp:
      'write { rebalances, volumeUsd, feesUsd, fundingUsd, pricePnlUsd, netUsd, hedgeRatio, rSquared, maxNetDeltaUsd, … } at exit (0600)',
  });
  return addOpsFlags(p);
}

export async function runHedgeCli(argv: readonly string[]): Promise<number> {
  const opts = parseFlags<Flags>(program(), argv);
  const say = (t: string) => process.stdout.write(`${t}\n`);
  let chosenVenue: VenueName = 'extended';
  const prepare = () => {
    if (!opts.state) {
      // The seed's BOT_STATE_PATH picks the state file when --state does not (relative to the folder run in).
      const cfgFile = opts.config ? path.resolve(invocationDir(process.env), opts.config) : undefined;
      const fromSetting = statePathSetting(cfgFile, process.env);
      if (fromSetting) opts.state = fromSetting;
    }
    if (!opts.paper && opts.sim === undefined) {
      // The seed's EXTENDED_API_SECRET cannot trade Extended: say what can, before the generic credential check.
      const problem = extendedSecretProblem(process.env);
      if (problem) throw problem;
    }
    return clockFlags(opts);
  };
  return runApp<HedgeBotConfig, ReturnType<typeof clockFlags>>(
    {
      name: APP,
      defaultMode: 'paper-unless-credentials',
      opensPositions: true,
      keepsState: true,
      readConfig: readHedgeConfig,
      venues: (c) => {
        chosenVenue = opts.venue ?? c.VENUE;
        return [chosenVenue];
      },
    },
    opts,
    say,
    { prepare, run: (app, clock) => trade(app, opts, chosenVenue, { ...clock, say }) },
  );
}

async function trade(
  app: AppContext<HedgeBotConfig>,
  opts: Flags,
  venue: VenueName,
  io: { speed: number; runForMs?: number; say: (t: string) => void },
): Promise<number> {
  const config = app.config;
  const halted = await app.halt.read();
  if (halted) {
    io.say(`${APP}: halted by ${halted.by ?? 'unknown'}: ${halted.reason}`);
    io.say(`  inspect the venue, then run '${APP} --clear-halt' to trade again`);
    return EXIT_HALTED;
  }
  const long = unifiedSymbol(config.BTC_SYMBOL);
  const short = unifiedSymbol(config.ETH_SYMBOL);
  const connection = await app.connect({
    venues: [venue],
    seed: Number(opts.seed),
    speed: io.speed,
    collateral: config.PAPER_COLLATERAL_USD,
    // A fresh paper world starts its prices LOOKBACK_DAYS (+2) back, so the first estimate has its year of candles.
    historyMs: (config.LOOKBACK_DAYS + 2) * DAY_MS,
  });
  const clock: Clock = connection.clock ?? new RealClock();
  const stop = stopOnSignals();
  const alerter = createAlerter(config.alerts, { log: app.log, app: APP, clock, env: app.env });
  let bot: DeltaHedgeBot | undefined;
  let last: CycleView | undefined;
  let lastLoopAt: number | null = null;
  const ops = await startOpsFromFlags(opts, {
    app: APP,
    version: appVersion(import.meta.url),
    print: io.say,
    status: () =>
      statusSnapshot(bot?.currentState, last, {
        mode: app.mode,
        now: clock.now(),
        halted: app.halt.isHalted(),
        lastLoopAt,
        ...(bot ? { nextAt: bot.nextRebalanceAt } : {}),
      }),
  });
  let lastPrinted = Number.NEGATIVE_INFINITY;
  try {
    const handle = connection.venues[0];
    if (!handle) throw new Error(`no connection to ${venue}`);
    bot = new DeltaHedgeBot({
      config,
      venue: handle.venue,
      venueName: venue,
      long,
      short,
      clock,
      log: app.log,
      store: createStateStore(app.statePath as string),
      statePath: app.statePath as string,
      halt: app.halt,
      print: io.say,
      ...(ops ? { onOrder: (v, o, ms) => ops.metrics.recordOrder(v, o, ms) } : {}),
      onCycle: (view) => {
        last = view;
        lastLoopAt = Date.now();
        const b = bot as DeltaHedgeBot;
        // Every trade, and an hour of clock time apart otherwise: a sped-up run stays readable.
        if (view.traded.length > 0 || view.at - lastPrinted >= 3_600_000) {
          lastPrinted = view.at;
          if (view.traded.length > 0) io.say(`rebalanced: ${view.traded.join(', ')}`);
          io.say(statusLine(app.modeLabel, b.currentState, view, b.nextRebalanceAt));
        }
        if (ops) {
          const m = ops.metrics;
          m.markLoop();
          m.setHalted(app.halt.isHalted());
          m.setPositions(view.legs.map((l) => ({ venue, symbol: l.symbol, size: l.size, notionalUsd: l.notional })));
          m.setNetExposure(`${long}/${short}`, view.netDeltaUsd);
        }
      },
    });
    for (const note of await bot.init()) io.say(note);
    io.say(
      `${APP}: ${app.modeLabel} mode on ${venue}: long ${config.BASE_POSITION_SIZE.toString()} ${long}, short ${short} × h* ` +
        `(${config.LOOKBACK_DAYS} days of daily returns, refreshed every ${config.HEDGE_REFRESH_INTERVAL} s), rebalance every ` +
        `${config.REBALANCE_INTERVAL} s, stop-loss ${config.STOP_LOSS_PCT.mul(100).toString()} % (${config.STOP_LOSS_MODE})` +
        `${app.mode === 'paper' ? `, clock ×${connection.speed}` : ''}; state ${app.statePath}; log ${app.logFile}`,
    );
    const endAt = io.runForMs === undefined ? undefined : clock.now() + io.runForMs;
    const outcome = await bot.run(endAt, stop.signal);
    const { view, asOf } = await bot.finish();
    const state = bot.currentState;
    const a = state.accounting;
    const ledger = connection.ledgerMatches?.({
      feesUsd: a.feesUsd,
      fundingUsd: a.fundingUsd,
      pricePnlUsd: a.realizedPnlUsd,
      untilMs: asOf,
    });
    const summary = summaryOf(state, {
      mode: app.mode,
      now: asOf,
      unrealized: view.unrealizedPnlUsd,
      halted: app.halt.isHalted(),
      ...(ledger !== undefined ? { ledgerMatchesVenue: ledger } : {}),
    });
    io.say(statusLine(app.modeLabel, state, view, bot.nextRebalanceAt));
    await app.writeSummary(summary);
    if (app.summaryPath) io.say(`summary written to ${app.summaryPath}`);
    if (outcome === 'halted' || outcome === 'stopped') {
      const record = await app.halt.read();
      io.say(`${APP}: halted${record ? `: ${record.reason}` : ''}; positions left as they are`);
      return EXIT_HALTED;
    }
    io.say(`${APP}: stopped; state saved, positions stay open`);
    return EXIT_OK;
  } catch (e) {
    if (bot) await bot.save().catch(() => undefined);
    io.say(`${APP}: ${errorSummary(e)}`);
    app.log.error({ err: errorSummary(e) }, 'stopped on an error');
    return (e as { code?: string }).code === 'STATE' ? EXIT_USAGE : EXIT_FAILED;
  } finally {
    await closeRun({ signals: stop, alerter, ops, connection });
  }
}
