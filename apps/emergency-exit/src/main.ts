#!/usr/bin/env node
import {
  type AppContext,
  addCommonFlags,
  appCommand,
  type CommonFlags,
  EXIT_USAGE,
  parseSymbolList,
  parseVenueList,
  percentFlag,
  startApp,
  UsageError,
  userArgs,
  waitForInstances,
  wholeNumberFlag,
} from '@dn/connect';
import { type Clock, type Decimal, isDnError, modeDirs, RealClock } from '@dn/core';
import {
  DEFAULT_FLATTEN_OPTIONS,
  type FlattenOptions,
  type FlattenResult,
  flatten,
  type HaltStatus,
  surveyAll,
  writeHalt,
} from '@dn/execution';
import { abortWindow } from './abort-window.js';
import {
  type ExitConfig,
  missingCredentials,
  readExitConfig,
  VENUES,
  type VenueName,
  venuesWithCredentials,
} from './config.js';
import { type ConnectedVenues, connectAll, type ExitMode } from './connect.js';
import { seedDemoPositions } from './paper-demo.js';
import { buildPlan, formatPlan } from './plan.js';
import { EXIT_ABORTED, exitCodeFor, formatEvent, formatReport, toJsonReport } from './report.js';

interface CliOptions extends CommonFlags {
  venues?: VenueName[];
  symbols?: string[];
  paperDemo?: boolean;
  paperFaults?: boolean;
  seed: number;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  maxAttempts?: number;
  band?: Decimal;
  maxBand?: Decimal;
  halt: boolean;
  waitForBots: number;
  connectTimeout: number;
}

const positiveInt = (name: string) => wholeNumberFlag(`${name} must be a positive integer`);
const percent = percentFlag('0.5');

const program = appCommand(
  'emergency-exit',
  'Flattens everything, on every venue, now: writes the halt sentinel so bots stop opening positions, cancels every ' +
    'open order, then closes every position with reduce-only marketable limit IOC orders inside a widening price ' +
    'band, retrying with backoff and re-reading positions after every attempt. Ends with a report.',
)
  .addHelpText(
    'after',
    `
Modes:
  live (default)   the real venues whose credentials are in the environment or .env (same variables as the bots)
  --sim <file>     a standalone simulator (dn-sim), through its connection file; default: every venue it serves
  --paper          an in-process simulator serving every venue's real protocol on loopback, traded through the
                   real connectors; --paper-demo opens a few positions first

Examples:
  emergency-exit --dry-run                       show positions, orders and the plan; send nothing
  emergency-exit                                 flatten every venue with credentials (3 s to abort)
  emergency-exit --venues pacifica --symbols BTC --yes
  emergency-exit --yes --json > exit.json        for scripts and monitors
  emergency-exit --sim sim.json --yes            flatten the accounts of a standalone simulator
  emergency-exit --paper --paper-demo --paper-faults

Exit codes:
  0    everything in scope is flat and no order is open (also: nothing to do)
  1    something is left, a venue was unreachable, or the run failed: read the report
  2    bad usage or configuration; nothing was sent
  130  aborted with Ctrl-C before anything was sent (or stopped half-way with a second Ctrl-C)`,
  )
  .option(
    '--venues <list>',
    `comma-separated venues (${VENUES.join(',')}); default: live = every venue with credentials, --sim = every venue in the file, --paper = all`,
    parseVenueList,
  )
  .option(
    '--symbols <list>',
    'comma-separated symbols to flatten (e.g. BTC,ETH); default: every symbol',
    parseSymbolList,
  )
  .option('--paper-demo', 'paper mode: first open a few random positions and a resting order (implies --paper)')
  .option('--paper-faults', 'paper mode: also inject one rejected order and two partial fills per venue')
  .option('--seed <n>', 'paper mode: simulator and demo seed', positiveInt('--seed'), 1)
  .option('-y, --yes', 'skip the 3-second abort window')
  .option('--dry-run', 'only show what was found and what would be done; write, cancel and send nothing')
  .option('--json', 'print the result as JSON on stdout (progress goes to stderr)')
  .option(
    '--max-attempts <n>',
    `close orders per position before giving up (default ${DEFAULT_FLATTEN_OPTIONS.maxAttempts})`,
    positiveInt('--max-attempts'),
  )
  .option('--band <pct>', 'price band of the first close order, percent (default: price_band_pct or 0.5)', percent)
  .option('--max-band <pct>', 'widest price band, percent; the band doubles per attempt up to it (default 5)', percent)
  .option('--no-halt', 'do not write the halt sentinel (running bots may open positions again)')
  .option(
    '--wait-for-bots <seconds>',
    'after writing the sentinel, wait this long for running bots of the home to exit before flattening',
    positiveInt('--wait-for-bots'),
    30,
  )
  .option(
    '--connect-timeout <seconds>',
    'give up connecting to one venue after this long',
    positiveInt('--connect-timeout'),
    30,
  );
addCommonFlags(program, {
  liveHelp: 'flatten the real venues (the default; accepted for symmetry with the bots)',
  summaryHelp: 'also write the JSON report to this file (created 0600)',
});

async function main(): Promise<number> {
  program.parse(userArgs(process.argv.slice(2)), { from: 'user' });
  const opts = program.opts<CliOptions>();
  const out = (text: string) => process.stdout.write(`${text}\n`);
  // With --json, stdout carries the JSON only; everything for the human goes to stderr.
  const say = opts.json ? (text: string) => process.stderr.write(`${text}\n`) : out;

  if (opts.paperDemo) opts.paper = true;
  if (opts.paper && opts.sim !== undefined) throw new UsageError('--paper and --sim exclude each other');
  if (!opts.paper && opts.paperFaults) throw new UsageError('--paper-faults needs --paper');
  const started = await startApp<ExitConfig>(
    {
      name: 'emergency-exit',
      defaultMode: 'live',
      opensPositions: false,
      readConfig: (file, env, dotenvPath) => readExitConfig(file, env, dotenvPath),
    },
    opts,
    { print: say },
  );
  if (started.kind === 'done') return started.code;
  const app = started.app;
  try {
    return await exit(app, opts, { say, out });
  } finally {
    app.close();
  }
}

async function exit(
  app: AppContext<ExitConfig>,
  opts: CliOptions,
  io: { say: (t: string) => void; out: (t: string) => void },
): Promise<number> {
  const { config, log } = app;
  const { say } = io;
  const mode: ExitMode = app.mode === 'sim' ? 'sim-file' : app.mode;
  const simFile = opts.sim === undefined ? undefined : app.resolveArg(opts.sim);
  const { venues, preFailed } = await chooseVenues(mode, opts, simFile, app.env);
  const options: FlattenOptions = {
    ...DEFAULT_FLATTEN_OPTIONS,
    maxAttempts: opts.maxAttempts ?? config.emergency_exit?.max_attempts ?? DEFAULT_FLATTEN_OPTIONS.maxAttempts,
    initialBand:
      pctToFraction(opts.band ?? config.emergency_exit?.initial_band_pct ?? config.price_band_pct) ??
      DEFAULT_FLATTEN_OPTIONS.initialBand,
    maxBand: pctToFraction(opts.maxBand ?? config.emergency_exit?.max_band_pct) ?? DEFAULT_FLATTEN_OPTIONS.maxBand,
    dryRun: Boolean(opts.dryRun),
  };
  if (opts.symbols) options.symbols = opts.symbols;
  if (options.maxBand.lt(options.initialBand)) {
    throw new UsageError(
      `--max-band (${options.maxBand.mul(100)}%) is below --band (${options.initialBand.mul(100)}%)`,
    );
  }
  if (config.halt_file !== undefined) {
    say(`note: halt_file in the config is ignored; every app of this home obeys ${app.halt.path}`);
  }
  say(
    `emergency-exit: ${app.modeLabel} on ${venues.join(', ')}` +
      `${opts.symbols ? ` (symbols ${opts.symbols.join(', ')})` : ''}${options.dryRun ? ' [dry run]' : ''}, home ${app.home}`,
  );

  // The sentinel first, so running bots stop opening; then wait for them to exit, so nothing trades while (and
  // after) we flatten. A paper sentinel stops the paper sessions of this home only; the home's stops every bot.
  let haltStatus: HaltStatus | undefined;
  let stillRunning: number[] = [];
  if (!options.dryRun && opts.halt && !opts.paperDemo) {
    haltStatus = await writeHalt(
      app.halt,
      venues.map((name) => ({ name })),
      'emergency-exit',
    );
    if (haltStatus.state === 'written') say(`halt sentinel written: ${haltStatus.path}`);
    if (haltStatus.state === 'failed') say(`HALT SENTINEL NOT WRITTEN (${haltStatus.error}): running bots may trade`);
    const dirs = app.mode === 'paper' ? [app.layout.dir] : modeDirs(app.home);
    const waited = await waitForInstances(dirs, {
      timeoutMs: opts.waitForBots * 1_000,
      onSeen: (owners) => {
        for (const o of owners) say(`waiting for ${o.app} (pid ${o.pid}, ${o.mode ?? '?'} mode) to stop…`);
      },
    });
    for (const o of waited.stopped) say(`${o.app} (pid ${o.pid}) stopped`);
    for (const o of waited.running) {
      say(`${o.app} (pid ${o.pid}) is STILL RUNNING after ${opts.waitForBots} s: it may trade after this report`);
    }
    stillRunning = waited.running.map((o) => o.pid);
  }

  const connection = await connectAll({
    mode,
    venues: venues.filter((v) => !preFailed.some((f) => f.venue === v)),
    seed: opts.seed,
    simFile,
    collateral: config.paper_collateral_usd,
    log,
    timeoutMs: opts.connectTimeout * 1_000,
    preFailed,
    env: app.env,
    ...(opts.allowRemoteSim ? { allowRemoteSim: true } : {}),
    // --paper flattens the home's saved paper world (what paper sessions left); the demo runs on a fresh one.
    ...(mode === 'paper' && !opts.paperDemo ? { stateDir: app.layout.simStateDir } : {}),
  });
  try {
    const code = await run(connection, opts, options, haltStatus, app, io);
    return stillRunning.length > 0 ? Math.max(code, 1) : code;
  } finally {
    await connection.close();
  }
}

async function run(
  connection: ConnectedVenues,
  opts: CliOptions,
  options: FlattenOptions,
  haltStatus: HaltStatus | undefined,
  app: AppContext<ExitConfig>,
  io: { say: (t: string) => void; out: (t: string) => void },
): Promise<number> {
  const { log } = app;
  const { say, out } = io;
  for (const f of connection.failures) say(`${f.venue}: NOT CONNECTED: ${f.error}`);
  const clock: Clock = connection.clock ?? new RealClock();

  if (opts.paperDemo) {
    const opened = await seedDemoPositions(connection.targets, connection.engines, {
      seed: opts.seed,
      faults: Boolean(opts.paperFaults),
    });
    say(`paper demo: opened ${opened.map((o) => `${o.venue} ${o.symbol} ${o.size.toString()}`).join(', ')}`);
  } else if (opts.paperFaults && connection.engines) {
    for (const e of connection.engines.values()) {
      e.faults.rejectNext(1);
      e.faults.partialFillOnly('0.5', 2);
    }
  }

  const symbols = options.symbols ? new Set(options.symbols) : undefined;
  const plan = buildPlan(await surveyAll(connection.targets, { symbols, clock, retry: options.retry }));
  say(formatPlan(plan));
  if (connection.failures.length > 0) {
    say(`${connection.failures.length} venue(s) not connected: their positions and orders are unknown.`);
  }

  // Before anything is sent, Ctrl-C aborts. Once flattening, stopping half-way is worse than finishing: the first
  // Ctrl-C only warns, a second one exits.
  const sigint = new AbortController();
  let flattening = false;
  const onSigint = () => {
    if (!flattening) {
      sigint.abort();
      return;
    }
    if (sigint.signal.aborted) {
      say('second Ctrl-C: stopping now; positions may be partly closed. Run emergency-exit again.');
      process.exit(EXIT_ABORTED);
    }
    sigint.abort();
    say('flatten in progress: press Ctrl-C again to stop it half-way');
  };
  process.on('SIGINT', onSigint);
  try {
    const somethingToDo = plan.actions.length > 0;
    if (!options.dryRun && somethingToDo && !opts.yes) {
      const go = await abortWindow(3, sigint.signal, say);
      if (!go) {
        say('aborted: nothing was sent');
        return EXIT_ABORTED;
      }
    }
    if (sigint.signal.aborted) {
      say('aborted: nothing was sent');
      return EXIT_ABORTED;
    }
    flattening = true;
    const result: FlattenResult = await flatten(
      connection.targets,
      {
        clock,
        log,
        // The demo's world is its own: no bot can be trading on it, so the home's sentinels are left alone.
        halt: opts.halt && !opts.paperDemo ? app.halt : undefined,
        haltBy: 'emergency-exit',
        ...(haltStatus ? { haltStatus } : {}),
        onEvent: (e) => {
          if (e.type === 'halt') return; // shown in the report
          const line = formatEvent(e);
          if (line) say(line);
        },
      },
      options,
    );
    for (const f of connection.failures) {
      result.venues.push({
        venue: f.venue,
        reachable: false,
        error: f.error,
        positions: [],
        openOrders: [],
        ordersCancelled: 0,
      });
      result.flat = false;
    }
    const report = toJsonReport(result);
    if (opts.json) out(JSON.stringify(report, null, 2));
    else out(`\n${formatReport(result)}`);
    await app.writeSummary(report);
    log.info({ flat: result.flat }, 'done');
    return exitCodeFor(result);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function chooseVenues(
  mode: ExitMode,
  opts: CliOptions,
  simFile: string | undefined,
  env: Record<string, string | undefined>,
): Promise<{ venues: VenueName[]; preFailed: { venue: VenueName; error: string }[] }> {
  if (mode === 'paper') return { venues: opts.venues ?? [...VENUES], preFailed: [] };
  if (mode === 'sim-file') {
    // Unreadable or invalid: a StateError naming the file, reported as a usage error (exit 2).
    // Loaded on this path only: a live exit never loads the simulator package.
    const { readSimConnectionFile } = await import('@dn/sim/connection');
    const file = await readSimConnectionFile(simFile as string);
    const served = VENUES.filter((v) => file.venues[v] !== undefined);
    if (served.length === 0) throw new UsageError(`the connection file ${simFile} lists no venue`);
    // A chosen venue the simulator does not serve is reported as not connected by the connection step.
    return { venues: opts.venues ?? served, preFailed: [] };
  }
  if (opts.venues) {
    const preFailed = opts.venues
      .map((venue) => ({ venue, missing: missingCredentials(venue, env) }))
      .filter((v) => v.missing.length > 0)
      .map((v) => ({ venue: v.venue, error: `missing credentials: ${v.missing.join(', ')}` }));
    return { venues: opts.venues, preFailed };
  }
  const venues = venuesWithCredentials(env);
  if (venues.length === 0) {
    throw new UsageError(
      'no venue credentials found in the environment or <home>/.env; set them as for the bots, or use --paper / --sim <file>',
    );
  }
  return { venues, preFailed: [] };
}

function pctToFraction(pct: Decimal | undefined): Decimal | undefined {
  return pct === undefined ? undefined : pct.div(100);
}

main().then(
  (code) => {
    // Exit by letting the event loop drain, so the log file is flushed and closed; the timer only ends a process
    // that something would keep alive.
    process.exitCode = code;
    setTimeout(() => process.exit(code), 5_000).unref();
  },
  (e: unknown) => {
    // Anything thrown before the flatten began (usage, config, an unreadable connection file, a remote simulator)
    // sent nothing: exit 2. A failure after that is reported by `run` itself.
    const code = e instanceof UsageError || isDnError(e, 'CONFIG') || isDnError(e, 'STATE') ? EXIT_USAGE : 1;
    process.stderr.write(`emergency-exit: ${(e as Error).message}\n`);
    process.exitCode = code;
    setTimeout(() => process.exit(code), 5_000).unref();
  },
);
