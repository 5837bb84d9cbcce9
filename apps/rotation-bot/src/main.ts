#!/usr/bin/env node
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  addCommonFlags,
  appCommand,
  type CommonFlags,
  EXIT_FAILED,
  EXIT_HALTED,
  parseDuration,
  parseFlags,
  startApp,
  startErrorExitCode,
  UsageError,
  userArgs,
} from '@dn/connect';
import { type Clock, createAlerter, Decimal, isDnError, RealClock } from '@dn/core';
import type { IocMetricOutcome } from '@dn/execution';
import { addOpsFlags, appVersion, type OpsFlags, startOpsFromFlags } from '@dn/ops';
import { RotationBot } from './bot.js';
import { anyCommand, CommandQueue, commandFile } from './commands.js';
import { type BotConfig, configNoteLines, configNotes, readConfig } from './config.js';
import { type BotConsole, startConsole } from './dashboard/console.js';
import { historyCommand } from './history-commands.js';
import { OpsStatusTracker } from './ops-status.js';
import { runScanCommand } from './scan-command.js';
import { type BotState, createHistoryLog, createStateStore } from './state.js';

const program = addCommonFlags(
  appCommand(
    'rotation-bot',
    'Cross-venue funding-rate rotation: opens a delta-neutral long/short pair on the best net-APR venue pair, holds it, closes and rotates.\n' +
      'Without credentials (or with --paper) it trades on the built-in simulator (paper mode, files under <home>/paper/).',
  ).addHelpText(
    'after',
    `
Commands (each has --help):
  rotation-bot scan [--paper] [--watch [s]] [--json]       read-only ranked funding table, no keys
  rotation-bot history --paper --days 30 --out data         download funding history and candles into SQLite
  rotation-bot backtest --from data [--report report.html]  replay the strategy over stored history
  rotation-bot report --state <file> [--from data]          HTML report of a live or paper history
Exit codes: 0 done, 1 failed (read the output), 2 bad usage or refused to start (nothing sent),
            3 halted by the halt sentinel (<home>/dn.HALT.json; inspect, then --clear-halt)`,
  ),
  {
    state: true,
    clock: true,
    resetPaper: true,
    liveHelp: 'trade for real with the credentials in the environment or <home>/.env (required for live trading)',
  },
)
  .option('--seed <n>', 'paper mode: simulator seed', '1')
  .option('--no-dashboard', 'plain status lines even on a TTY')
  .option(
    '--max-notional <usd>',
    'first-trade mode: cap each leg at this notional in USD (e.g. 20), overriding max_notional in the config',
  );
addOpsFlags(program);

type Flags = CommonFlags & OpsFlags & { speed: string; seed: string; dashboard: boolean; maxNotional?: string };

async function main(): Promise<number> {
  // `rotation-bot scan …`: the read-only scanner, its own flags (scan-command.ts).
  const args = userArgs(process.argv.slice(2));
  if (args[0] === 'scan') return runScanCommand(args.slice(1), (text) => process.stdout.write(`${text}\n`));
  const offline = historyCommand(args[0]);
  if (offline) return offline(args.slice(1), (text) => process.stdout.write(`${text}\n`));
  const opts = parseFlags<Flags>(program, process.argv.slice(2));
  // Once the bot runs, every human line goes through its console (a dashboard event on a TTY).
  let out: BotConsole | undefined;
  const print = (text: string) => (out ? out.print(text) : process.stdout.write(`${text}\n`));
  const speed = Number(opts.speed);
  if (!(speed > 0)) throw new UsageError(`--speed must be a positive number (got ${opts.speed})`);
  const runForMs = opts.runFor ? parseDuration(opts.runFor, '--run-for') : undefined;
  const maxNotional = opts.maxNotional === undefined ? undefined : parseUsd(opts.maxNotional, '--max-notional');

  const started = await startApp<BotConfig>(
    {
      name: 'rotation-bot',
      defaultMode: 'paper-unless-credentials',
      opensPositions: true,
      keepsState: true,
      legacyStateFiles: ['bot_state.json'],
      readConfig,
      venues: (c) => c.venues,
      logFile: (c) => c.log_file,
    },
    opts,
    { print },
  );
  if (started.kind === 'done') return started.code;
  const app = started.app;
  const { log } = app;
  // A seed's config file (seed 001 / 003): how each of its keys was read — mapped, converted, ignored or unknown.
  for (const line of configNoteLines(app.config)) print(`rotation-bot: ${line}`);
  if (configNotes(app.config).format) log.info({ seedConfig: configNotes(app.config) }, 'config read as a seed file');
  const config: BotConfig = maxNotional ? { ...app.config, max_notional: maxNotional } : app.config;
  const statePath = app.statePath as string;
  if (opts.config && configSetsHaltFile(app.resolveArg(opts.config))) {
    print(`rotation-bot: note: halt_file in the config is ignored; every app of this home obeys ${app.halt.path}`);
  }

  let exitCode = 0;
  try {
    const connection = await app.connect({
      venues: config.venues,
      seed: Number(opts.seed),
      speed,
      collateral: config.paper_collateral_usd,
    });
    const clock: Clock = connection.clock ?? new RealClock();
    // One command file per mode folder: a force_rotation meant for paper never reaches the live bot.
    const commandPath = path.join(app.layout.dir, 'rotation-bot.command');
    print(
      `rotation-bot: ${app.modeLabel} mode on ${config.venues.join(' + ')}` +
        `${app.mode !== 'live' ? ` (clock ×${connection.speed}${connection.restored ? ', paper world restored' : ''})` : ''}` +
        `, home ${app.home}, state ${statePath}, pid ${process.pid}` +
        `${config.max_notional ? `, max notional $${config.max_notional} per leg` : ''}`,
    );

    // Events use the bot's clock (simulated in paper mode); delivery, retries and rate limits use real time.
    const alerter = createAlerter(config.alerts, { log, app: 'rotation-bot', clock, env: app.env });
    // --http-port / --metrics-port: the status page and metrics follow the bot's status callback.
    const opsStatus = new OpsStatusTracker(
      {
        mode: app.mode,
        isHalted: () => app.halt.isHalted(),
        speed: app.mode === 'live' ? 1 : connection.speed,
        checkIntervalMs: config.check_interval_seconds.mul(1000).toNumber(),
        scanIntervalMs: config.scan_interval_seconds.mul(1000).toNumber(),
        holdMs: config.hold_duration_hours.mul(3_600_000).toNumber(),
      },
      () => ({ totalSeconds: bot.metrics.nakedWindowsMs.reduce((a, b) => a + b, 0) / 1000 }),
    );
    out = await startConsole({
      dashboard: Boolean(process.stdout.isTTY) && opts.dashboard,
      mode: app.modeLabel,
      holdMs: config.hold_duration_hours.mul(3_600_000).toNumber(),
      speed: app.mode === 'live' ? 1 : connection.speed,
      now: () => clock.now(),
      tracker: opsStatus,
      stdout: process.stdout,
    });
    const ops = await startOpsFromFlags(opts, {
      app: 'rotation-bot',
      version: appVersion(import.meta.url),
      status: () => opsStatus.snapshot(),
      history: () => opsStatus.history(),
      staleAfterMs: 120_000,
      print,
    });
    // SIGUSR2 = force_rotation (SIGUSR1 is Node's: it starts the inspector).
    const signalCommands = new CommandQueue();
    const bot = new RotationBot({
      config: { ...config, halt_file: app.halt.path, log_file: app.logFile },
      venues: connection.venues,
      clock,
      log,
      store: createStateStore(statePath),
      historyLog: createHistoryLog(statePath),
      halt: app.halt,
      alerter,
      // --metrics-port: order outcomes and latency per venue, errors by code.
      ...(ops?.metrics
        ? {
            onOrder: (venue: string, outcome: IocMetricOutcome, ms: number) =>
              ops.metrics.recordOrder(venue, outcome, ms),
            onError: (code: string) => ops.metrics.recordError(code),
          }
        : {}),
      commands: anyCommand(
        signalCommands,
        commandFile(commandPath, (word) =>
          print(`rotation-bot: unknown command "${word}" in ${commandPath} (known: force_rotation); ignored`),
        ),
      ),
      print,
      onStatus: (status) => {
        opsStatus.update(status, ops?.metrics);
        out?.status(status);
      },
    });

    let signalled = false;
    const onSignal = (sig: string) => {
      if (signalled) return;
      signalled = true;
      print(
        `\n${sig}: stopping after the current step (positions stay open unless close_on_exit; emergency-exit flattens)`,
      );
      bot.requestStop();
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
    process.on('SIGUSR2', () => {
      print('\nSIGUSR2: force_rotation (after the step in progress)');
      signalCommands.push('force_rotation');
      bot.wake();
    });
    // A sentinel written while the bot sleeps or works: no new opening order leaves (the venues refuse them), the
    // step in progress finishes or unwinds, then the loop ends and the process exits 3.
    app.halt.onHalt((record, sentinel) => {
      print(
        `\nHALT: ${sentinel} (by ${record.by}: ${record.reason}); finishing the step in progress, then stopping (exit 3)`,
      );
      log.warn({ sentinel, reason: record.reason, by: record.by }, 'halt sentinel appeared; stopping');
      alerter.send({
        kind: 'halt',
        message: `halt sentinel ${sentinel} appeared (by ${record.by}: ${record.reason}); stopping`,
      });
      bot.requestStop();
    });

    try {
      await bot.init();
      await bot.run(runForMs === undefined ? undefined : clock.now() + runForMs);
      await bot.stop();
      if (app.halt.isHalted()) exitCode = EXIT_HALTED;
    } catch (e) {
      exitCode = isDnError(e, 'HALTED') ? EXIT_HALTED : EXIT_FAILED;
      print(`rotation-bot stopped: ${(e as Error).message}`);
      log.error({ err: e }, 'stopped on error');
    } finally {
      const s = bot.currentState.stats;
      opsStatus.final(bot.currentState, ops?.metrics);
      // The dashboard's last frame stays on screen; what follows (summary, `done:`) prints below it.
      out?.close();
      out = undefined;
      await app
        .writeSummary({
          mode: app.mode,
          cycles: s.cycles,
          volumeUsd: s.volumeUsd,
          feesUsd: s.feesUsd,
          fundingUsd: s.fundingUsd,
          pricePnlUsd: s.pricePnlUsd,
          netUsd: s.netUsd,
          maxNakedExposureSeconds: s.maxNakedExposureMs / 1000,
          aborted: s.aborted ?? 0,
          stopLosses: s.stopLosses ?? 0,
          flipExits: s.flipExits ?? 0,
          expectedNetUsd: s.expectedNetUsd ?? '0',
          realisedNetOfExpectedUsd: s.realisedNetOfExpectedUsd ?? '0',
          ledgerMatchesVenue: connection.ledgerMatches
            ? connection.ledgerMatches(ledgerTotals(bot.currentState))
            : null,
          halted: exitCode === EXIT_HALTED,
        })
        .catch((e: unknown) => print(`rotation-bot: summary not written: ${(e as Error).message}`));
      await connection.close();
      // Whatever is still queued (the last close, a halt) gets a bounded chance to go out before the process ends.
      await alerter.flush(3000);
      alerter.close();
      await ops?.finish();
    }
    const s = bot.currentState.stats;
    print(
      `done: ${s.cycles} cycles, volume $${new Decimal(s.volumeUsd).toFixed(2)}, net $${new Decimal(s.netUsd).toFixed(4)}` +
        `${exitCode === EXIT_HALTED ? ' — HALTED (inspect the venues; clear with --clear-halt)' : ''}`,
    );
  } finally {
    out?.close();
    app.close();
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`rotation-bot: ${(e as Error).message}\n`);
    process.exit(startErrorExitCode(e));
  },
);

/** A positive USD amount from the command line, as a Decimal (never a float). */
function parseUsd(text: string, flag: string): Decimal {
  const s = text.trim();
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s) || new Decimal(s).lte(0)) {
    throw new UsageError(`${flag} must be a positive amount in USD (got ${text})`);
  }
  return new Decimal(s);
}

/** True when the config file names `halt_file` itself (not the default): the home's sentinel replaces it. */
function configSetsHaltFile(file: string): boolean {
  try {
    return 'halt_file' in (JSON.parse(fs.readFileSync(file, 'utf8')) as object);
  } catch {
    return false;
  }
}

/** The bot's totals over its completed cycles, in the form the simulator's ledger check takes. */
function ledgerTotals(state: BotState) {
  return {
    feesUsd: state.stats.feesUsd,
    fundingUsd: state.stats.fundingUsd,
    pricePnlUsd: state.stats.pricePnlUsd,
    untilMs: state.history[state.history.length - 1]?.closedAt ?? 0,
  };
}
