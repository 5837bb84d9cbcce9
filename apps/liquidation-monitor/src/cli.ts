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
  parseSymbolList,
  parseVenueList,
  percentFlag,
  reduceOnlyVenue,
  runApp,
  stopOnSignals,
  VENUE_NAMES,
  type VenueConnection,
  type VenueName,
  wholeNumberFlag,
} from '@dn/connect';
import { type Clock, createAlerter, type Decimal, type PerpVenue, RealClock } from '@dn/core';
import { addOpsFlags, appVersion, type OpsFlags, startOpsFromFlags } from '@dn/ops';
import type { Command } from 'commander';
import { createCloser } from './closer.js';
import { type MonitorConfig, type MonitorSettings, readMonitorConfig, thresholdsOf } from './config.js';
import { openDemoPositions } from './demo.js';
import { recordMetrics } from './metrics.js';
import { type CheckResult, Monitor } from './monitor.js';
import { colorizer, renderAssessment } from './render.js';
import { assessmentJson, statusSnapshot } from './report.js';
import { defaultVenues } from './venues.js';

/** `--once`: something is at or past a closing threshold (and was closed unless --no-auto-close). */
export const EXIT_CRITICAL = 1;
/** `--once`: nothing to close, but something needs watching (margin near the threshold, a leg unhedged in grace). */
export const EXIT_WARN = 4;

interface Flags extends CommonFlags, OpsFlags {
  interval?: number;
  marginThreshold?: Decimal;
  minLiqDistance?: Decimal;
  unhedgedGrace?: number;
  staleLimit?: number;
  venues?: VenueName[];
  symbols?: string[];
  autoClose: boolean;
  once?: boolean;
  json?: boolean;
  paperDemo?: boolean;
  seed: string;
  speed: string;
}

const seconds = (flag: string) => wholeNumberFlag(`${flag} must be a whole number of seconds ≥ 1`);
const percent = percentFlag('80');

function program(): Command {
  const p = appCommand(
    'liquidation-monitor',
    'Watches every venue with positions: margin ratio, distance to liquidation, unrealised PnL, and whether each ' +
      'symbol is hedged across venues. Closes both legs (reduce-only, after writing the halt sentinel) when the ' +
      'margin ratio crosses the threshold, a leg nears liquidation, a symbol stays unhedged past the grace period, ' +
      'or a venue cannot be read for too long. Never opens a position.',
  )
    .addHelpText(
      'after',
      `
Modes: paper (default without credentials: the built-in simulator, a fresh world each run), --sim <file>
       (a standalone simulator, e.g. the one your paper bots trade on), --live (the venues in the environment/.env)

Exit codes: 0 stopped (Ctrl-C, --run-for) or --once found nothing wrong, 1 failed or --once found a critical
            problem, 2 bad usage (nothing sent), 4 --once found warnings only

Examples:
  liquidation-monitor --paper --paper-demo --interval 5      watch a demo pair and an unhedged leg
  liquidation-monitor --live --margin-threshold 70 --interval 30
  liquidation-monitor --live --once --json                   one check for a script (exit code 0/1/4)`,
    )
    .option('--interval <seconds>', 'seconds between checks (default 60)', seconds('--interval'))
    .option(
      '--margin-threshold <pct>',
      'close when maintenance margin / equity reaches this percent (default 80)',
      percent,
    )
    .option(
      '--min-liq-distance <pct>',
      "close a pair when a leg's mark is this close to liquidation (default 5)",
      percent,
    )
    .option(
      '--unhedged-grace <seconds>',
      'close a symbol unhedged for longer than this (default 120)',
      seconds('--unhedged-grace'),
    )
    .option(
      '--stale-limit <seconds>',
      "close a venue's symbols when it cannot be read this long (default 300)",
      seconds('--stale-limit'),
    )
    .option('--venues <list>', `venues to watch (${VENUE_NAMES.join(',')}); default: see Modes`, parseVenueList)
    .option('--symbols <list>', 'symbols to watch (default: every position)', parseSymbolList)
    .option('--no-auto-close', 'report and alert only; close nothing')
    .option('--once', 'one check, then exit (see exit codes)')
    .option('--json', 'one JSON object per check on stdout (human lines go to stderr)')
    .option('--paper-demo', 'paper mode: open a hedged pair and one unhedged leg first, to see the monitor act')
    .option('--seed <n>', 'paper mode: simulator seed', '1');
  addCommonFlags(p, { clock: true, liveHelp: 'watch (and protect) the real venues whose credentials are set' });
  return addOpsFlags(p);
}

export async function runMonitorCli(argv: readonly string[]): Promise<number> {
  const opts = parseFlags<Flags>(program(), argv);
  const out = (t: string) => process.stdout.write(`${t}\n`);
  const say = opts.json ? (t: string) => process.stderr.write(`${t}\n`) : out;
  if (opts.paperDemo) opts.paper = true;
  return runApp<MonitorConfig, ReturnType<typeof clockFlags>>(
    {
      name: 'liquidation-monitor',
      defaultMode: 'paper-unless-credentials',
      opensPositions: false,
      readConfig: readMonitorConfig,
    },
    opts,
    say,
    { prepare: () => clockFlags(opts), run: (app, clock) => watch(app, opts, { ...clock, out, say }) },
  );
}

function settingsOf(config: MonitorConfig, opts: Flags): MonitorSettings {
  const s = config.liquidation_monitor;
  return {
    ...s,
    ...(opts.interval ? { interval_seconds: opts.interval } : {}),
    ...(opts.marginThreshold ? { margin_threshold_pct: opts.marginThreshold } : {}),
    ...(opts.minLiqDistance ? { min_liquidation_distance_pct: opts.minLiqDistance } : {}),
    ...(opts.unhedgedGrace ? { unhedged_grace_seconds: opts.unhedgedGrace } : {}),
    ...(opts.staleLimit ? { stale_limit_seconds: opts.staleLimit } : {}),
    ...(opts.venues ? { venues: opts.venues } : {}),
    ...(opts.symbols ? { symbols: opts.symbols } : {}),
    auto_close: s.auto_close && opts.autoClose,
  };
}

async function watch(
  app: AppContext<MonitorConfig>,
  opts: Flags,
  io: { speed: number; runForMs?: number; out: (t: string) => void; say: (t: string) => void },
): Promise<number> {
  const settings = settingsOf(app.config, opts);
  const venues = settings.venues ?? (await defaultVenues(app.mode, opts.sim && app.resolveArg(opts.sim), app.env));
  const connection: VenueConnection = await app.connect({
    venues,
    seed: Number(opts.seed),
    speed: io.speed,
    collateral: app.config.paper_collateral_usd,
    // The paper world of a running paper bot belongs to that bot: the monitor gets its own.
    persistWorld: false,
  });
  const clock: Clock = connection.clock ?? new RealClock();
  const stop = stopOnSignals();
  const alerter = createAlerter(app.config.alerts, { log: app.log, app: 'liquidation-monitor', clock, env: app.env });
  let last: CheckResult | undefined;
  const intervalMs = settings.interval_seconds * 1000;
  const ops = await startOpsFromFlags(opts, {
    app: 'liquidation-monitor',
    version: appVersion(import.meta.url),
    print: io.say,
    status: () => statusSnapshot(last, { mode: app.mode, halted: app.halt.isHalted(), now: clock.now(), intervalMs }),
  });
  try {
    if (opts.paperDemo) io.say(await openDemoPositions(connection));
    const guarded = new Map<string, PerpVenue>(
      connection.venues.map((v) => [v.name, reduceOnlyVenue(v.venue, 'liquidation-monitor')]),
    );
    const monitor = new Monitor({
      venues: guarded,
      clock,
      thresholds: thresholdsOf(settings),
      ...(settings.symbols ? { symbols: settings.symbols } : {}),
      autoClose: settings.auto_close,
      close: createCloser({ venues: guarded, halt: app.halt, clock, log: app.log }),
      alert: (e) => alerter.send(e),
    });
    io.say(
      `liquidation-monitor: ${app.modeLabel} mode on ${venues.join(' + ')}, every ${settings.interval_seconds} s` +
        `${app.mode === 'paper' ? ` (clock ×${connection.speed})` : ''}; closes at margin ratio ≥ ` +
        `${settings.margin_threshold_pct} %, liquidation < ${settings.min_liquidation_distance_pct} % away, unhedged > ` +
        `${settings.unhedged_grace_seconds} s, unreadable > ${settings.stale_limit_seconds} s` +
        `${settings.auto_close ? '' : ' — REPORT ONLY (--no-auto-close)'}; log ${app.logFile}`,
    );
    const color = colorizer(Boolean(process.stdout.isTTY) && !opts.json && process.env.NO_COLOR === undefined);
    const endAt = io.runForMs === undefined ? undefined : clock.now() + io.runForMs;
    while (!stop.signal.aborted) {
      last = await monitor.check();
      app.log.info({ check: last.check, level: last.assessment.level, close: last.close?.symbols }, 'check');
      if (ops) recordMetrics(ops.metrics, last, app.halt.isHalted());
      for (const line of renderAssessment(last.assessment, { mode: app.modeLabel, check: last.check }, color))
        io.say(line);
      if (last.close) {
        io.say(
          `  → closed ${last.close.symbols.join(', ')}: ${last.close.outcome.flat ? 'flat' : `NOT flat (${[...last.close.outcome.left].map(([k, v]) => `${k}: ${v}`).join('; ')}), retrying next check`}`,
        );
      }
      if (opts.json) io.out(JSON.stringify(assessmentJson(last)));
      if (opts.once || (endAt !== undefined && clock.now() >= endAt)) break;
      await clock.sleep(intervalMs, stop.signal).catch(() => undefined);
    }
    if (!opts.once || !last) return EXIT_OK;
    if (last.assessment.level === 'critical') return EXIT_CRITICAL;
    return last.assessment.level === 'warn' ? EXIT_WARN : EXIT_OK;
  } catch (e) {
    io.say(`liquidation-monitor: ${(e as Error).message ?? String(e)}`);
    return EXIT_FAILED;
  } finally {
    await closeRun({ signals: stop, alerter, ops, connection });
  }
}
