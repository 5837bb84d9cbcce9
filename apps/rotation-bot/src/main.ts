#!/usr/bin/env node
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { connectVenues, hasCredentials } from '@dn/connect';
import { type Clock, createLogger, Decimal, HaltSentinel, isDnError, RealClock } from '@dn/core';
import { Command, Option } from 'commander';
import { RotationBot } from './bot.js';
import { readConfig } from './config.js';
import { renderDashboard, statusLine } from './dashboard.js';
import { parseDuration } from './duration.js';
import { type BotState, createHistoryLog, createStateStore } from './state.js';
import { HaltError } from './two-leg.js';

const program = new Command()
  .name('rotation-bot')
  .description(
    'Cross-venue funding-rate rotation: opens a delta-neutral long/short pair on the best net-APR venue pair, holds it, closes and rotates.\n' +
      'Without credentials (or with --paper) it trades on the built-in simulator (paper mode).',
  )
  .option('-c, --config <file>', 'JSON config file (see README); env vars hold credentials')
  .option('--paper', 'force paper mode on the in-process simulator even if credentials are set')
  .option('--live', 'trade for real with the credentials in the environment (required for live trading)')
  .option(
    '--sim <file>',
    "connect to a standalone simulator through its connection file (from 'pnpm --filter @dn/sim start')",
  )
  .option('--state <file>', 'state file', 'bot_state.json')
  .option('--speed <n>', 'paper mode: run the simulated clock N× faster than real time', '1')
  .option('--run-for <duration>', 'stop after this much (simulated) time, e.g. 72h, 30d')
  .option('--summary <file>', 'write a JSON summary at exit')
  .option('--seed <n>', 'paper mode: simulator seed', '1')
  .addOption(new Option('--log-level <level>', 'log level').choices(['debug', 'info', 'warn', 'error']).default('info'))
  .option('--no-dashboard', 'plain status lines even on a TTY');

async function main(): Promise<number> {
  // `pnpm start -- --flag` forwards the `--` separator itself.
  program.parse(process.argv.filter((a, i) => !(i === 2 && a === '--')));
  const opts = program.opts<{
    config?: string;
    paper?: boolean;
    live?: boolean;
    sim?: string;
    state: string;
    speed: string;
    runFor?: string;
    summary?: string;
    seed: string;
    logLevel: 'debug' | 'info' | 'warn' | 'error';
    dashboard: boolean;
  }>();
  // `pnpm --filter rotation-bot start` runs in the app's folder; relative paths mean the user's folder.
  const base = process.env.INIT_CWD ?? process.cwd();
  const at = (p: string): string => path.resolve(base, p);
  const config = readConfig(opts.config && at(opts.config), process.env, at('.env'));
  config.halt_file = at(config.halt_file);
  config.log_file = at(config.log_file);
  const speed = Number(opts.speed);
  if (!(speed > 0)) throw new Error(`--speed must be a positive number (got ${opts.speed})`);
  const runForMs = opts.runFor ? parseDuration(opts.runFor, '--run-for') : undefined;
  const log = createLogger({ name: 'rotation-bot', level: opts.logLevel, file: config.log_file, console: false });

  const live = config.venues.every((v) => hasCredentials(v));
  const mode = opts.sim ? 'sim-file' : opts.paper || !live ? 'paper' : 'live';
  if (mode === 'live' && !opts.live) {
    throw new Error('credentials found: pass --live to trade for real, or --paper to trade on the simulator');
  }
  const connection = await connectVenues({
    mode,
    venues: config.venues,
    seed: Number(opts.seed),
    speed,
    simFile: opts.sim && at(opts.sim),
    collateral: config.paper_collateral_usd,
    log,
  });
  const clock: Clock = connection.clock ?? new RealClock();
  const print = (text: string) => process.stdout.write(`${text}\n`);
  print(
    `rotation-bot: ${mode} mode on ${config.venues.join(' + ')}${mode !== 'live' ? ` (clock ×${connection.speed})` : ''}, state ${opts.state}`,
  );

  const tty = Boolean(process.stdout.isTTY) && opts.dashboard;
  let lastLine = 0;
  const bot = new RotationBot({
    config,
    venues: connection.venues,
    clock,
    log,
    store: createStateStore(at(opts.state)),
    historyLog: createHistoryLog(at(opts.state)),
    halt: new HaltSentinel(config.halt_file),
    print: tty ? () => undefined : print,
    onStatus: (status) => {
      if (tty) process.stdout.write(`\x1b[2J\x1b[H${renderDashboard(status, config.hold_duration_hours)}\n`);
      else if (status.now - lastLine >= 3_600_000 || status.state.cycle?.phase !== 'open') {
        lastLine = status.now;
        print(statusLine(status));
      }
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

  let exitCode = 0;
  try {
    await bot.init();
    await bot.run(runForMs === undefined ? undefined : clock.now() + runForMs);
    await bot.stop();
  } catch (e) {
    exitCode = e instanceof HaltError || isDnError(e, 'HALTED') ? 3 : 1;
    print(`rotation-bot stopped: ${(e as Error).message}`);
    log.error({ err: e }, 'stopped on error');
  } finally {
    if (opts.summary) {
      const s = bot.currentState.stats;
      const summary = {
        cycles: s.cycles,
        volumeUsd: s.volumeUsd,
        feesUsd: s.feesUsd,
        fundingUsd: s.fundingUsd,
        pricePnlUsd: s.pricePnlUsd,
        netUsd: s.netUsd,
        maxNakedExposureSeconds: s.maxNakedExposureMs / 1000,
        ledgerMatchesVenue: connection.ledgerMatches ? connection.ledgerMatches(ledgerTotals(bot.currentState)) : null,
      };
      await fs.writeFile(at(opts.summary), `${JSON.stringify(summary, null, 2)}\n`);
    }
    await connection.close();
    log.flush();
  }
  const s = bot.currentState.stats;
  print(
    `done: ${s.cycles} cycles, volume $${new Decimal(s.volumeUsd).toFixed(2)}, net $${new Decimal(s.netUsd).toFixed(4)}`,
  );
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`rotation-bot: ${(e as Error).message}\n`);
    process.exit(2);
  },
);

/** The bot's totals over its completed cycles, in the form the simulator's ledger check takes. */
function ledgerTotals(state: BotState) {
  return {
    feesUsd: state.stats.feesUsd,
    fundingUsd: state.stats.fundingUsd,
    pricePnlUsd: state.stats.pricePnlUsd,
    untilMs: state.history[state.history.length - 1]?.closedAt ?? 0,
  };
}
