import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CommonFlags, UsageError, type VenueName } from '@dn/connect';
import { Decimal } from '@dn/core';
import type { BotConfig } from '../config.js';
import { listFlag, runHistoryCommand, venuesFlag } from '../history/command.js';
import { HistoryStore } from '../history/store.js';
import { startReadOnly, subCommand } from '../read-only-command.js';
import { HistoryView } from './market-data.js';
import { runBacktest } from './run.js';
import { formatSummary, summarize, summaryJson } from './summary.js';

type BacktestFlags = CommonFlags & {
  from?: string;
  json?: boolean;
  report?: string;
  spreadPct: string;
  venues?: string;
  days: string;
  seed: string;
};

/** `--spread-pct 0.05` (every venue) or `--spread-pct extended=0.03,lighter=0.08`. */
export function parseSpreads(text: string): { all?: Decimal; per: Partial<Record<VenueName, Decimal>> } {
  const per: Partial<Record<VenueName, Decimal>> = {};
  let all: Decimal | undefined;
  for (const part of listFlag(text) ?? []) {
    const [k, v] = part.includes('=') ? part.split('=') : [undefined, part];
    if (!v || !/^(\d+(\.\d*)?|\.\d+)$/.test(v)) throw new UsageError(`--spread-pct: "${part}" is not a percent`);
    if (k) per[k as VenueName] = new Decimal(v);
    else all = new Decimal(v);
  }
  return { ...(all ? { all } : {}), per };
}

/** `rotation-bot backtest …`: `argv` are the arguments after `backtest`. Returns the exit code. */
export async function runBacktestCommand(argv: string[], print: (text: string) => void): Promise<number> {
  const program = subCommand(
    'backtest',
    "Replays the rotation strategy over a history database (rotation-bot history) with the bot's own scanner, " +
      'filters and exit rules: entries, holds, rotations, funding per settlement, taker fees both ways and a ' +
      'spread-based slippage. Prints cycles, gross/net APR, max drawdown, time in market and per-pair results.',
    { liveHelp: 'not used (a backtest never trades)' },
  )
    .option('--from <dir>', 'folder holding history.sqlite (default with --paper: <home>/paper/history)')
    .option('--json', 'print the summary and every cycle as JSON (decimals as strings)')
    .option('--report <file>', 'also write a self-contained HTML report')
    .option('--spread-pct <list>', 'bid–ask spread in percent, all venues or venue=pct,… (fills pay half)', '0.05')
    .option('--venues <list>', "venues to trade (default: the config's)")
    .option('--days <n>', 'with --paper and no --from: simulate and download this many days first', '30')
    .option('--seed <n>', 'paper mode: simulator seed', '1');
  program.parse(argv, { from: 'user' });
  const opts = program.opts<BacktestFlags>();
  const venues = venuesFlag(opts.venues);
  const spreads = parseSpreads(opts.spreadPct);
  const started = await startReadOnly('backtest', opts, (t) => process.stderr.write(`${t}\n`));
  if (started.kind === 'done') return started.code;
  const app = started.app;
  const config: BotConfig = venues ? { ...app.config, venues } : app.config;
  let dir = opts.from ? app.resolveArg(opts.from) : undefined;
  try {
    const t0 = performance.now();
    if (!dir) {
      if (!opts.paper) throw new UsageError('--from <dir> is required (or --paper to backtest the simulator)');
      dir = path.join(app.layout.dir, 'history');
      const code = await runHistoryCommand(
        [
          '--paper',
          '--home',
          app.home,
          '--days',
          opts.days,
          '--seed',
          opts.seed,
          '--out',
          dir,
          '--venues',
          config.venues.join(','),
        ],
        (t) => process.stderr.write(`${t}\n`),
      );
      if (code !== 0) return code;
    }
    const store = await HistoryStore.open(dir);
    const view = (() => {
      try {
        return HistoryView.fromStore(store);
      } finally {
        store.close();
      }
    })();
    const spreadPct: Partial<Record<VenueName, Decimal>> = {};
    for (const v of config.venues) spreadPct[v] = spreads.per[v] ?? spreads.all ?? new Decimal('0.05');
    const t1 = performance.now();
    const result = await runBacktest({ config, view, spreadPct });
    const summary = summarize(result);
    const t2 = performance.now();
    if (opts.json) print(JSON.stringify(summaryJson(summary, result), null, 2));
    else print(formatSummary(summary));
    if (opts.report) {
      const file = app.resolveArg(opts.report);
      const { backtestReportHtml } = await import('../report/html.js');
      fs.writeFileSync(file, await backtestReportHtml({ result, summary, view, title: 'Rotation bot backtest' }));
      process.stderr.write(`backtest: report written to ${file}\n`);
    }
    process.stderr.write(
      `backtest: ${result.scans} scans over ${summary.days.toFixed(1)} days in ${((t2 - t1) / 1000).toFixed(1)}s ` +
        `(loading ${((t1 - t0) / 1000).toFixed(1)}s)\n`,
    );
    return 0;
  } finally {
    app.close();
  }
}
