import * as path from 'node:path';
import {
  assertSimUrls,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  parseVenueList,
  UsageError,
  userArgs,
  VENUE_NAMES,
  type VenueName,
  wholeNumberFlag,
  withDotenv,
} from '@dn/connect';
import { type Clock, isDnError, resolveHome } from '@dn/core';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { formatReport, summary, toJson } from './report.js';
import { checkVenues, exitCodeOf, type RunOptions } from './run.js';
import { liveTargets, simTargets, type VenueTarget } from './targets.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The process environment; `.env` of the home folder is read beside it. */
  env: Record<string, string | undefined>;
  /** Where `.env` is looked for (default: $DN_HOME, else the folder the command was run in). */
  home?: string;
}

interface CliOptions {
  venues?: VenueName[];
  symbol: string;
  testnet?: boolean;
  private?: boolean;
  timeoutMs: number;
  json?: boolean;
  sim?: string;
  allowRemoteSim?: boolean;
  paper?: boolean;
  restUrl?: string;
  wsUrl?: string;
}

const HELP_AFTER = `
Modes:
  live (default)   the venues' mainnet hosts (--testnet: their testnet hosts), no keys needed for public data
  --sim <file>     a standalone simulator ('pnpm --filter @dn/sim start'), through its connection file
  --paper          an in-process simulator serving every venue's real protocol on loopback

What is called: every public REST endpoint and stream the connector uses (markets, order book, funding rate,
funding history, 24 h stats, candles, recent trades where the venue has them; book, mark/prices, trades and
funding streams), each through the connector's own client and parsers. With --private, also balance, positions,
open orders, fills and funding payments — read-only: dn-check never places, cancels or changes anything.

Live credentials for --private: the bots' variables (EXTENDED_API_KEY, PACIFICA_ACCOUNT, EDGEX_ACCOUNT_ID,
LIGHTER_PRIVATE_KEY, …, see @dn/connect CREDENTIAL_ENV). Values are never printed.

Examples:
  pnpm dn-check --venues lighter,edgex
  pnpm dn-check --venues extended --testnet --json
  pnpm dn-check --private --venues pacifica
  pnpm dn-check --sim sim-connection.json --private
  pnpm dn-check --paper

Exit codes:
  0  every call answered and parsed (a quiet stream — subscribed, nothing in time — is not a failure)
  1  some call failed, was skipped, or a venue could not be reached
  2  bad usage (unknown option or venue, missing credentials for --private, unreadable connection file)`;

const positiveInt = wholeNumberFlag('must be a positive integer');

function httpUrl(v: string): string {
  if (!/^https?:\/\/[^/]+/.test(v)) throw new InvalidArgumentError('must be an http(s) URL');
  return v.replace(/\/+$/, '');
}

function wsUrl(v: string): string {
  if (!/^wss?:\/\/[^/]+/.test(v)) throw new InvalidArgumentError('must be a ws(s) URL');
  return v.replace(/\/+$/, '');
}

function program(io: CliIo): Command {
  return new Command()
    .name('dn-check')
    .description(
      "Checks that each venue still speaks what its connector expects: calls every public endpoint and stream the connector uses, validates every answer with the connector's own parsers, and prints a table (endpoint · result · latency · what differed).",
    )
    .addHelpText('after', HELP_AFTER)
    .option(
      '--venues <list>',
      `comma-separated venues (${VENUE_NAMES.join(',')}); default: all, or with --sim every venue in the file`,
      parseVenueList,
    )
    .option('--symbol <symbol>', 'market to probe (the first listed market when the venue has no such symbol)', 'BTC')
    .option('--testnet', "the venues' testnet hosts instead of mainnet")
    .option('--private', 'also read balance, positions, open orders, fills and funding payments (read-only)')
    .option('--timeout-ms <ms>', 'deadline per call, and per stream for its first frame', positiveInt, 10_000)
    .option('--json', 'print the result as JSON')
    .option('--sim <file>', "a standalone simulator's connection file ('pnpm --filter @dn/sim start')")
    .option('--allow-remote-sim', '--sim: accept a simulator that is not on this machine')
    .option('--paper', 'an in-process simulator (real protocols on loopback) instead of live venues')
    .option('--rest-url <url>', 'REST server root of the one venue in --venues (a proxy, a staging host)', httpUrl)
    .option('--ws-url <url>', 'WebSocket server root for --rest-url (default: the same host as ws[s]://)', wsUrl)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
}

interface Resolved {
  mode: string;
  targets: VenueTarget[];
  close(): Promise<void>;
}

async function resolveTargets(o: CliOptions, io: CliIo): Promise<Resolved> {
  if (o.allowRemoteSim && !o.sim) throw new UsageError('--allow-remote-sim goes with --sim');
  if (o.sim && o.paper) throw new UsageError('--sim and --paper exclude each other');
  if ((o.sim || o.paper) && (o.testnet || o.restUrl || o.wsUrl)) {
    throw new UsageError('--testnet, --rest-url and --ws-url are for live venues, not with --sim or --paper');
  }
  if (o.wsUrl && !o.restUrl) throw new UsageError('--ws-url needs --rest-url');
  if (o.restUrl && o.venues?.length !== 1) throw new UsageError('--rest-url needs exactly one venue in --venues');
  if (o.restUrl && o.testnet) throw new UsageError('--rest-url and --testnet exclude each other');
  const nothing = async () => undefined;
  if (o.sim) {
    // The simulator package is loaded only for simulator modes (here its connection file only, no engine): a live
    // check never loads it.
    const sim = await import('@dn/sim/connection');
    const conn = await sim.readSimConnectionFile(o.sim);
    const venues = o.venues ?? VENUE_NAMES.filter((v) => conn.venues[v]);
    // The file names URLs the keys it holds are sent to: only this machine unless the user says otherwise.
    assertSimUrls(conn, venues, { file: o.sim, allowRemote: Boolean(o.allowRemoteSim) });
    const clock: Clock = sim.clockFromConnection(conn);
    return {
      mode: 'sim-file',
      targets: simTargets(venues, conn.venues, { private: Boolean(o.private), clock, source: o.sim }),
      close: nothing,
    };
  }
  if (o.paper) {
    const sim = await import('@dn/sim');
    const venues = o.venues ?? [...VENUE_NAMES];
    const handles = await sim.startSimVenues({ venues, seed: 1, accounts: 1 });
    const served = Object.fromEntries(
      [...handles].map(([venue, h]) => [
        venue,
        { restUrl: h.restUrl, wsUrl: h.wsUrl, credentials: h.accounts[0]?.credentials ?? {} },
      ]),
    );
    return {
      mode: 'paper',
      targets: simTargets(venues, served, { private: Boolean(o.private), source: 'the paper simulator' }),
      close: async () => {
        await Promise.all([...handles.values()].map((h) => h.close()));
      },
    };
  }
  return {
    mode: o.restUrl ? 'live (custom host)' : o.testnet ? 'testnet' : 'mainnet',
    targets: liveTargets({
      venues: o.venues ?? [...VENUE_NAMES],
      testnet: Boolean(o.testnet),
      private: Boolean(o.private),
      env: withDotenv(io.env, path.join(resolveHome({ ...(io.home ? { flag: io.home } : {}), env: io.env }), '.env')),
      ...(o.restUrl ? { restUrl: o.restUrl } : {}),
      ...(o.wsUrl ? { wsUrl: o.wsUrl } : {}),
    }),
    close: nothing,
  };
}

/**
 * The whole command; returns the exit code. `runOptions` lets tests inject a client factory or watch the read-only
 * guard.
 */
export async function runCli(argv: string[], io: CliIo, runOptions: Partial<RunOptions> = {}): Promise<number> {
  const cmd = program(io);
  try {
    cmd.parse(userArgs(argv), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw e;
  }
  const o = cmd.opts<CliOptions>();
  let resolved: Resolved;
  try {
    resolved = await resolveTargets(o, io);
  } catch (e) {
    const usage = e instanceof UsageError || isDnError(e, 'CONFIG') || isDnError(e, 'STATE');
    io.err(`dn-check: ${isDnError(e) ? e.shortMessage : e instanceof Error ? e.message : String(e)}`);
    if (isDnError(e, 'STATE')) io.err(`  ${e.context.reason ?? ''}`);
    if (isDnError(e, 'CONFIG')) for (const i of e.context.issues) io.err(`  ${i.key}: ${i.problem}`);
    return usage ? EXIT_USAGE : EXIT_FAILED;
  }
  try {
    const reports = await checkVenues(resolved.targets, { timeoutMs: o.timeoutMs, symbol: o.symbol, ...runOptions });
    if (o.json) {
      io.out(JSON.stringify(toJson(reports, resolved.mode), null, 2));
    } else if (reports.every((r) => r.unreachable)) {
      // No network: one line per venue, no table.
      for (const r of reports) io.out(`${r.venue}: ${r.unreachable}`);
    } else {
      io.out(`dn-check: ${resolved.mode}${o.private ? ', with private reads' : ''}\n`);
      io.out(formatReport(reports));
    }
    if (o.json) io.err(summary(reports));
    return exitCodeOf(reports);
  } finally {
    await resolved.close();
  }
}
