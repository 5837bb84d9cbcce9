import {
  type AppConnectOptions,
  type AppContext,
  addCommonFlags,
  type CommonFlags,
  EXIT_FAILED,
  EXIT_HALTED,
  EXIT_OK,
  EXIT_USAGE,
  startApp,
  UsageError,
  userArgs,
  type VenueConnection,
  wholeNumberFlag,
} from '@dn/connect';
import { type Clock, errorSummary, invocationDir, isDnError, RealClock, resolveHome } from '@dn/core';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { capacityCommand } from './commands/capacity.js';
import { checkLeverageCommand } from './commands/check-leverage.js';
import { fundingCommand } from './commands/funding.js';
import { fundingAllCommand } from './commands/funding-all.js';
import { statusCommand } from './commands/status.js';
import { testLeverageCommand } from './commands/test-leverage.js';
import { findConfigFile, type HedgeConfig, readHedgeConfig } from './config.js';
import { toJson } from './format.js';
import type { PairContext } from './pair.js';
import type { CommandResult } from './result.js';
import { TRADING_COMMANDS, type TradingCommand, type TradingOptions, tradingCommand } from './trading.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Test seams: how paper venues are connected, and a look at the connection before the command runs. */
export interface CliHooks {
  connect?: Partial<Pick<AppConnectOptions, 'clock' | 'transport' | 'persistWorld'>>;
  onConnected?: (connection: VenueConnection) => void | Promise<void>;
}

export const EXIT_CODES_HELP = `
Exit codes:
  0  done: the command did what it says (status: flat, or hedged)
  1  failed or left something to look at: a read failed, an open was aborted and unwound, status found the pair
     unhedged (one leg, sizes differ, wrong side), test_leverage could not set or read back the leverage
  2  bad usage or configuration, or the start was refused: nothing was sent
  3  halted: a halt sentinel exists (nothing was opened), or this run could not unwind or close a leg and wrote
     it — inspect both accounts, then 'hedge-cli --clear-halt'
  130 a second Ctrl-C during open or close: stopped half-way, check both legs with 'hedge-cli status'`;

const HELP_AFTER = `
Config (--config, default ./hedge_config.json, else <home>/hedge_config.json, else BTC long lighter / short edgex):
  seed 001's file as it is: {"symbol": "HYPE", "quote": "USD", "long_exchange": "lighter",
  "short_exchange": "edgex", "leverage": 5, "notional": 200}; optional keys in the README.

Modes:
  paper (default)  no credentials: the built-in simulator (real protocols on loopback), saved under <home>/paper/
  --sim <file>     a standalone simulator through its connection file
  --live           the real venues with the credentials in the environment or <home>/.env

Examples:
  hedge-cli status
  hedge-cli funding --no-update
  hedge-cli funding_all --symbols BTC ETH SOL
  hedge-cli capacity --json
  hedge-cli open --size-quote 100
  hedge-cli close
  hedge-cli test --notional 20
${EXIT_CODES_HELP}`;

interface RootFlags extends CommonFlags {
  json?: boolean;
  seed: number;
}

type Selected =
  | { name: 'funding'; opts: { update: boolean } }
  | { name: 'funding_all' | 'check_leverage'; opts: { symbols?: string[] } }
  | { name: 'capacity' | 'status' | 'test_leverage'; opts: Record<string, never> }
  | { name: TradingCommand; opts: TradingOptions };

const positiveNumber = (v: string): string => {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(v.trim()) || Number(v) <= 0) {
    throw new InvalidArgumentError('must be a positive number');
  }
  return v.trim();
};
const wholeNumber = (min: number) => wholeNumberFlag(`must be a whole number >= ${min}`, min);
/** `--symbols BTC ETH` (seed style) and `--symbols BTC,ETH` both work. */
const symbolList = (v: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  ...v
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean),
];

function program(io: CliIo, select: (s: Selected) => void): Command {
  const root = new Command()
    .name('hedge-cli')
    .description(
      'Manual control over one delta-neutral pair (one symbol, long on one venue, short on another): funding, ' +
        'leverage, capacity, status, and open/close through the same leg-risk execution as the rotation bot.',
    )
    .addHelpText('after', HELP_AFTER)
    .option('--json', 'print the result as JSON on stdout (for scripts)')
    .option('--seed <n>', 'paper mode: simulator seed', wholeNumber(1), 1)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .configureHelp({ showGlobalOptions: true })
    // Without a command: `--clear-halt`, or a usage error below.
    .action(() => undefined);
  addCommonFlags(root, {
    liveHelp: 'trade the real venues with the credentials in the environment or <home>/.env',
    summaryHelp: 'also write the JSON result to this file (created 0600)',
  });
  const sub = (name: string, description: string) =>
    root.command(name).description(description).addHelpText('after', EXIT_CODES_HELP);

  sub(
    'funding',
    'current funding on both venues, APR per venue interval, funding paid in the last 24 h, and the better direction; swaps long/short in the config when the configured direction is the worse one',
  )
    .option('--no-update', 'only show; never rewrite the config')
    .action((o: { update: boolean }) => select({ name: 'funding', opts: o }));
  sub('funding_all', 'funding comparison table for many symbols on the two venues, best pair APR first')
    .option(
      '--symbols <symbols...>',
      "symbols (space- or comma-separated); default: the config's symbols, else every symbol both venues list",
      symbolList,
    )
    .action((o: { symbols?: string[] }) => select({ name: 'funding_all', opts: o }));
  sub('check_leverage', 'maximum and current leverage per market on both venues, and what open would use')
    .option(
      '--symbols <symbols...>',
      "symbols (space- or comma-separated); default: the config's symbols, else its symbol",
      symbolList,
    )
    .action((o: { symbols?: string[] }) => select({ name: 'check_leverage', opts: o }));
  sub(
    'capacity',
    "largest delta-neutral size the two accounts' margin allows, after fees, on both venues' lots",
  ).action(() => select({ name: 'capacity', opts: {} }));
  sub(
    'status',
    'both legs: size, notional, entry/mark, uPnL, liquidation distance, margin ratio; the hedge check',
  ).action(() => select({ name: 'status', opts: {} }));
  sub('test_leverage', 'set the leverage on both venues and read it back (no trading)').action(() =>
    select({ name: 'test_leverage', opts: {} }),
  );
  const crossTicks = () =>
    new Option(
      '--cross-ticks <n>',
      'price band of the first order as N ticks beyond the best price (seed 001 style); default: price_band_pct',
    ).argParser(wholeNumber(1));
  sub('open', 'open the pair: pilot leg, then the hedge sized from its confirmed fill, unwound if the hedge fails')
    .addOption(
      new Option('--size-quote <usd>', "notional per leg in the quote currency (default: the config's notional)")
        .argParser(positiveNumber)
        .conflicts('sizeBase'),
    )
    .addOption(
      new Option('--size-base <size>', "size per leg in base units (floored to both venues' lots)").argParser(
        positiveNumber,
      ),
    )
    .addOption(crossTicks())
    .action((o: TradingOptions) => select({ name: 'open', opts: o }));
  sub('close', 'close both legs reduce-only until flat; writes the halt sentinel when a leg cannot be closed')
    .addOption(crossTicks())
    .action((o: TradingOptions) => select({ name: 'close', opts: o }));
  sub('test', 'a small round trip in the configured direction: open, wait, close')
    .addOption(new Option('--notional <usd>', 'notional per leg').argParser(positiveNumber).default('20'))
    .addOption(new Option('--wait <seconds>', 'time between open and close').argParser(wholeNumber(0)).default(5))
    .addOption(crossTicks())
    .action((o: TradingOptions) => select({ name: 'test', opts: o }));
  sub('test_auto', 'like test, in the direction funding currently favours (the config is not changed)')
    .addOption(new Option('--notional <usd>', 'notional per leg').argParser(positiveNumber).default('20'))
    .addOption(new Option('--wait <seconds>', 'time between open and close').argParser(wholeNumber(0)).default(5))
    .addOption(crossTicks())
    .action((o: TradingOptions) => select({ name: 'test_auto', opts: o }));
  return root;
}

/** The whole command line; returns the exit code. */
export async function runCli(argv: string[], io: CliIo, hooks: CliHooks = {}): Promise<number> {
  let selected: Selected | undefined;
  const cmd = program(io, (s) => {
    selected = s;
  });
  try {
    await cmd.parseAsync(userArgs(argv), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw e;
  }
  const flags = cmd.opts<RootFlags>();
  if (!selected) {
    if (!flags.clearHalt) {
      io.err('hedge-cli: name a command (hedge-cli --help lists them)');
      return EXIT_USAGE;
    }
  }
  const say = flags.json ? io.err : io.out;
  let app: AppContext<HedgeConfig>;
  try {
    const trading = selected !== undefined && (TRADING_COMMANDS as readonly string[]).includes(selected.name);
    const home = resolveHome({ flag: flags.home, env: process.env });
    const config = findConfigFile(flags.config, invocationDir(process.env), home);
    const started = await startApp<HedgeConfig>(
      {
        name: 'hedge-cli',
        defaultMode: 'paper-unless-credentials',
        // Trading commands lock the home's hedge-cli state (one trading hedge-cli at a time) and have opening
        // orders refused while a halt sentinel exists; read-only ones run beside them.
        opensPositions: trading,
        keepsState: trading,
        readConfig: (file) => readHedgeConfig(file),
        venues: (c) => [c.long_exchange, c.short_exchange],
      },
      { ...flags, ...(config !== undefined ? { config } : {}) },
      { print: say },
    );
    if (started.kind === 'done') return started.code;
    app = started.app;
  } catch (e) {
    return reportStartError(e, io);
  }
  try {
    if (!selected) return EXIT_USAGE;
    const { config } = app;
    if (config.unknownKeys.length > 0) {
      io.err(`hedge-cli: warning: unknown keys in ${config.file} ignored: ${config.unknownKeys.join(', ')}`);
    }
    const connection = await app.connect({
      venues: [config.long_exchange, config.short_exchange],
      seed: flags.seed,
      speed: 1,
      collateral: config.paper_collateral_usd,
      ...hooks.connect,
    });
    try {
      await hooks.onConnected?.(connection);
      const venue = (name: string) => {
        const v = connection.venues.find((x) => x.name === name);
        if (!v) throw new Error(`${name} was not connected`);
        return v;
      };
      const clock: Clock = connection.clock ?? new RealClock();
      const ctx: PairContext = {
        config,
        long: venue(config.long_exchange),
        short: venue(config.short_exchange),
        clock,
        log: app.log,
        modeLabel: app.modeLabel,
      };
      const result = await dispatch(selected, ctx, app, say);
      if (flags.json) io.out(toJson({ mode: app.mode, ...result.data }));
      else io.out(result.text);
      await app.writeSummary(JSON.parse(toJson({ mode: app.mode, ...result.data })));
      app.log.info({ command: selected.name, code: result.code }, 'done');
      return result.code;
    } finally {
      await connection.close();
    }
  } catch (e) {
    app.log.error({ err: errorSummary(e) }, 'failed');
    if (isDnError(e, 'HALTED')) {
      const { sentinelPath, reason } = e.context;
      io.err(`hedge-cli: HALTED: ${reason ?? e.message} (sentinel ${sentinelPath})`);
      io.err('  inspect both accounts (hedge-cli status), then: hedge-cli --clear-halt');
      if (flags.json)
        io.out(toJson({ mode: app.mode, command: selected?.name, halted: true, sentinel: sentinelPath, reason }));
      return EXIT_HALTED;
    }
    if (flags.json) io.out(toJson({ mode: app.mode, command: selected?.name, error: errorSummary(e) }));
    return reportStartError(e, io, EXIT_FAILED);
  } finally {
    app.close();
  }
}

async function dispatch(
  s: Selected,
  ctx: PairContext,
  app: AppContext<HedgeConfig>,
  say: (t: string) => void,
): Promise<CommandResult> {
  switch (s.name) {
    case 'funding':
      return fundingCommand(ctx, { noUpdate: !s.opts.update });
    case 'funding_all':
      return fundingAllCommand(ctx, s.opts.symbols);
    case 'check_leverage':
      return checkLeverageCommand(ctx, s.opts.symbols);
    case 'capacity':
      return capacityCommand(ctx);
    case 'status':
      return statusCommand(ctx);
    case 'test_leverage':
      return testLeverageCommand(ctx);
    default:
      return tradingCommand(s.name, s.opts, ctx, app, say);
  }
}

/** One line (and the config's issues) for an error; usage and config problems exit 2: nothing was sent. */
function reportStartError(e: unknown, io: CliIo, otherwise = EXIT_USAGE): number {
  const usage = e instanceof UsageError || isDnError(e, 'CONFIG') || isDnError(e, 'STATE');
  if (isDnError(e, 'HALTED')) {
    io.err(`hedge-cli: HALTED: ${e.message}`);
    return EXIT_HALTED;
  }
  io.err(`hedge-cli: ${isDnError(e) ? e.shortMessage : e instanceof Error ? e.message : String(e)}`);
  if (isDnError(e, 'CONFIG')) for (const i of e.context.issues) io.err(`  ${i.key}: ${i.problem}`);
  if (isDnError(e, 'STATE') && e.context.reason) io.err(`  ${e.context.reason}`);
  return usage ? EXIT_USAGE : otherwise;
}
