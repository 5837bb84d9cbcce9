import { type CommonFlags, UsageError, VENUE_NAMES, type VenueConnection, type VenueName } from '@dn/connect';
import { VirtualClock } from '@dn/core';
import { HISTORY_READS, publicVenues, readOnly } from '../public-venues.js';
import { startReadOnly, subCommand } from '../read-only-command.js';
import { downloadHistory, progressLine } from './download.js';
import { connectionSources, type HistorySource } from './sources.js';
import { HistoryStore } from './store.js';

const DAY_MS = 86_400_000;

type HistoryFlags = CommonFlags & {
  venues?: string;
  days: string;
  out: string;
  symbols?: string;
  seed: string;
  pageSize: string;
  rps: string;
};

export function listFlag(s: string | undefined): string[] | undefined {
  const l = s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return l && l.length > 0 ? l : undefined;
}

export function venuesFlag(s: string | undefined): VenueName[] | undefined {
  const l = listFlag(s);
  for (const v of l ?? []) {
    if (!(VENUE_NAMES as readonly string[]).includes(v))
      throw new UsageError(`unknown venue ${v} (known: ${VENUE_NAMES.join(', ')})`);
  }
  if (l && new Set(l).size < 2) throw new UsageError('--venues needs at least two different venues');
  return l as VenueName[] | undefined;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer (got ${text})`);
  return n;
}

/** `rotation-bot history …`: `argv` are the arguments after `history`. Returns the exit code. */
export async function runHistoryCommand(argv: string[], print: (text: string) => void): Promise<number> {
  const program = subCommand(
    'history',
    'Downloads funding-rate history and daily candles of every symbol common to the venues into one SQLite ' +
      'file (<out>/history.sqlite): paged, rate-limited, resumable (ranges already downloaded are skipped). ' +
      'Live (the default): the venues’ public endpoints, no credentials. With --paper: the built-in simulator, ' +
      'run over the last --days first; with --sim: a standalone simulator’s history over the real protocols.',
    { liveHelp: 'the venues’ public funding history (the default; no credentials needed or read)' },
  )
    .option('--venues <list>', `comma-separated venues (${VENUE_NAMES.join(', ')}); default: the config's`)
    .option('--days <n>', 'days back from now', '30')
    .option('--out <dir>', 'folder of the history database', 'data')
    .option('--symbols <list>', 'only these symbols (default: every symbol on at least two venues)')
    .option('--seed <n>', 'paper mode: simulator seed', '1')
    .option('--page-size <n>', 'funding records asked per request', '500')
    .option('--rps <n>', 'requests per second per venue', '10');
  program.parse(argv, { from: 'user' });
  const opts = program.opts<HistoryFlags>();
  const days = positiveInt(opts.days, '--days');
  const pageSize = positiveInt(opts.pageSize, '--page-size');
  const rps = positiveInt(opts.rps, '--rps');
  const venues = venuesFlag(opts.venues);
  const started = await startReadOnly('history', opts, print);
  if (started.kind === 'done') return started.code;
  const app = started.app;
  const useVenues = venues ?? app.config.venues;
  const t0 = performance.now();
  const windowMs = days * DAY_MS;
  let connection: Pick<VenueConnection, 'venues' | 'engines' | 'clock' | 'close'>;
  let clock: VirtualClock | undefined;
  let since: number;
  let until: number;
  if (app.mode === 'live') {
    // Public data only, as `scan`: no credentials are read; every other method is refused before the connector.
    const handles = publicVenues(useVenues, HISTORY_READS, 'rotation-bot history');
    connection = {
      venues: handles,
      close: async () => {
        await Promise.all(handles.map((v) => v.venue.close().catch(() => undefined)));
      },
    };
    until = Date.now();
    since = until - windowMs;
  } else if (app.mode === 'paper') {
    until = Date.now();
    since = until - windowMs;
    // Paper: a stepped clock from `since` to now, so the simulator has settled every interval of the window.
    clock = new VirtualClock({ startMs: since, mode: 'stepped' });
    connection = await app.connect({
      venues: useVenues,
      seed: Number(opts.seed),
      speed: 1,
      collateral: app.config.paper_collateral_usd,
      persistWorld: false,
      clock,
      transport: 'engine',
    });
  } else {
    // --sim: the standalone simulator's public history over the venues' real protocols, up to its clock's now.
    const conn = await app.connect({
      venues: useVenues,
      seed: Number(opts.seed),
      speed: 1,
      collateral: app.config.paper_collateral_usd,
    });
    connection = {
      ...conn,
      venues: conn.venues.map((v) => ({ ...v, venue: readOnly(v.venue, HISTORY_READS, 'rotation-bot history') })),
      close: () => conn.close(),
    };
    until = conn.clock?.now() ?? Date.now();
    since = until - windowMs;
  }
  let sources: HistorySource[];
  try {
    sources = connectionSources(connection);
  } catch (e) {
    await connection.close();
    app.close();
    throw e;
  }
  const store = await HistoryStore.open(app.resolveArg(opts.out), { create: true });
  try {
    if (clock) {
      process.stderr.write(`history: simulating ${days} days on ${useVenues.join(' + ')}…\n`);
      await clock.advanceTo(until);
      for (const engine of connection.engines?.values() ?? []) engine.advance();
    }
    const tty = Boolean(process.stderr.isTTY);
    let lastPct = -1;
    const result = await downloadHistory({
      sources,
      store,
      since,
      until,
      pageSize,
      requestsPerSecond: rps,
      ...(listFlag(opts.symbols) ? { symbols: listFlag(opts.symbols) as string[] } : {}),
      progress: (p) => {
        if (tty) process.stderr.write(`\r\x1b[K${progressLine(p)}`);
        else {
          const pct = Math.floor((p.done / Math.max(p.total, 1)) * 10);
          if (pct !== lastPct || p.retryInMs !== undefined) process.stderr.write(`${progressLine(p)}\n`);
          lastPct = pct;
        }
      },
    });
    if (tty) process.stderr.write('\n');
    const c = store.counts();
    print(
      `history: ${result.symbols.length} symbols on ${useVenues.join(' + ')}, ${new Date(since).toISOString()} → ` +
        `${new Date(until).toISOString()}: +${result.fundingRows} funding rows, +${result.candleRows} candles ` +
        `(${result.skippedJobs}/${result.jobs} ranges already downloaded, ${result.requests} requests, ` +
        `${result.retries} retries) in ${((performance.now() - t0) / 1000).toFixed(1)}s; ${store.file} holds ` +
        `${c.funding} funding rows, ${c.candles} candles`,
    );
    return 0;
  } finally {
    store.close();
    await connection.close();
    app.close();
  }
}
