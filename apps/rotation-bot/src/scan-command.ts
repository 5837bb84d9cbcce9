import {
  type CommonFlags,
  stopOnSignals,
  UsageError,
  VENUE_NAMES,
  type VenueHandle,
  type VenueName,
} from '@dn/connect';
import { type Market, type PerpVenue, RealClock } from '@dn/core';
import { type Command, Option } from 'commander';
import type { BotConfig } from './config.js';
import { publicVenues, readOnly, SCAN_READS } from './public-venues.js';
import { startReadOnly, subCommand } from './read-only-command.js';
import { StreamBooks } from './scan-books.js';
import { formatScanReport, scanJson } from './scan-table.js';
import { scan } from './scanner.js';

/** `venue` as a scan may use it: reads only; anything else throws before reaching the connector. */
export function readOnlyVenue(venue: PerpVenue): PerpVenue {
  return readOnly(venue, SCAN_READS, 'rotation-bot scan');
}

type ScanFlags = CommonFlags & {
  watch?: string | true;
  json?: boolean;
  top: string;
  count?: string;
  venues?: string;
  symbols?: string;
  seed: string;
};

function scanProgram(): Command {
  return subCommand(
    'scan',
    'Scans funding once and prints the ranked table: funding per venue and interval, pair APR, net APR, break-even, ' +
      'volume, spreads, and why each pair was filtered out. Read-only, no keys: the venues’ public data by default, ' +
      'the built-in simulator with --paper, a standalone one with --sim.',
    { liveHelp: 'the venues’ public mainnet data (the default; no credentials needed or read)' },
  )
    .addHelpText(
      'after',
      `
Filters, hold, fees buffer and haircut come from the config (-c) as for trading; --venues overrides its venues.
Exit codes: 0 done, 1 every venue failed, 2 bad usage.`,
    )
    .addOption(new Option('--watch [seconds]', 'refresh every N seconds (default 30) until Ctrl-C'))
    .option('--json', 'one JSON document per scan on stdout (decimals as strings)')
    .option('--top <n>', 'rows shown in the table', '40')
    .option('--count <n>', 'with --watch: stop after N scans')
    .option('--venues <list>', `comma-separated venues (${VENUE_NAMES.join(', ')}); default: the config's`)
    .option('--symbols <list>', "comma-separated symbols; default: the config's symbols_to_monitor, else all common")
    .option('--seed <n>', 'paper mode: simulator seed', '1');
}

/** `rotation-bot scan …`: `argv` are the arguments after `scan`. Returns the exit code. */
export async function runScanCommand(argv: string[], print: (text: string) => void): Promise<number> {
  const program = scanProgram();
  program.parse(argv, { from: 'user' });
  const opts = program.opts<ScanFlags>();
  const watchSeconds = opts.watch === undefined ? undefined : opts.watch === true ? 30 : Number(opts.watch);
  if (watchSeconds !== undefined && !(watchSeconds > 0))
    throw new UsageError(`--watch must be a positive number of seconds`);
  const top = Number(opts.top);
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top must be a positive integer (got ${opts.top})`);
  const count = opts.count === undefined ? undefined : Number(opts.count);
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new UsageError(`--count must be a positive integer (got ${opts.count})`);
  }
  const list = (s: string | undefined) =>
    s
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const venueFlag = list(opts.venues);
  for (const v of venueFlag ?? []) {
    if (!(VENUE_NAMES as readonly string[]).includes(v))
      throw new UsageError(`unknown venue ${v} (known: ${VENUE_NAMES.join(', ')})`);
  }
  if (venueFlag && new Set(venueFlag).size < 2) throw new UsageError('--venues needs at least two different venues');

  // No credentials are read in any mode: live means the venues' public endpoints.
  const started = await startReadOnly('scan', opts, print);
  if (started.kind === 'done') return started.code;
  const app = started.app;
  const base = app.config;
  const config: BotConfig = {
    ...base,
    ...(venueFlag ? { venues: venueFlag as VenueName[] } : {}),
    ...(list(opts.symbols) ? { symbols_to_monitor: list(opts.symbols) as string[] } : {}),
  };
  let close: () => Promise<void>;
  let venues: VenueHandle[];
  if (app.mode === 'live') {
    venues = publicVenues(config.venues, SCAN_READS, 'rotation-bot scan');
    close = async () => {
      await Promise.all(venues.map((v) => v.venue.close().catch(() => undefined)));
    };
  } else {
    const conn = await app.connect({
      venues: config.venues,
      seed: Number(opts.seed),
      speed: 1,
      collateral: config.paper_collateral_usd,
      persistWorld: false,
    });
    venues = conn.venues;
    close = () => conn.close();
  }
  venues = venues.map((v) => ({ ...v, venue: readOnlyVenue(v.venue) }));
  const clock = new RealClock();
  // Books over streams while watching: after the first scan, a refresh asks only for the bulk stats.
  const books = watchSeconds !== undefined ? new StreamBooks(app.log) : undefined;
  const marketCache = new Map<VenueName, Map<string, Market>>();
  const refreshMs = config.markets_refresh_minutes.mul(60_000).toNumber();
  let marketsAt = clock.now();
  let wake: (() => void) | undefined;
  const stop = stopOnSignals();
  stop.signal.addEventListener('abort', () => wake?.());
  let code = 0;
  try {
    for (let n = 1; ; n++) {
      // Market listings are static data: kept between refreshes, re-read on the config's schedule.
      if (clock.now() - marketsAt >= refreshMs) {
        marketCache.clear();
        marketsAt = clock.now();
      }
      const result = await scan(venues, config, {
        log: app.log,
        now: () => clock.now(),
        marketCache,
        ...(books ? { books } : {}),
      });
      if (opts.json) print(JSON.stringify(scanJson(result, app.modeLabel)));
      else {
        print(
          `[${app.modeLabel}] ${new Date(result.at).toISOString()} scan of ${config.venues.join(' + ')}` +
            `${watchSeconds ? ` (every ${watchSeconds}s, Ctrl-C to stop)` : ''}`,
        );
        print(formatScanReport(result, top));
      }
      if (result.skipped.length === config.venues.length) code = 1;
      if (watchSeconds === undefined || stop.signal.aborted || (count !== undefined && n >= count)) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, watchSeconds * 1000);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      if (stop.signal.aborted) break;
    }
  } finally {
    stop.dispose();
    await books?.close();
    await close();
    app.close();
  }
  return code;
}
