import {
  addCommonFlags,
  appCommand,
  type CommonFlags,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  startApp,
  startErrorExitCode,
  UsageError,
} from '@dn/connect';
import { InvalidArgumentError } from 'commander';
import { type MarketMakerConfig, readMarketMakerConfig } from './config.js';
import { exportHistory } from './export-history.js';
import { findMarket } from './maker.js';

interface ExportFlags extends CommonFlags {
  market?: string;
  fundingFrom: number;
  output: string;
}

const ms = (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('must be a timestamp in ms since epoch');
  return Number(v);
};

/** `market-maker export-history`: the account's trades, positions and funding as the seed's CSV files. */
export async function runExportCli(argv: readonly string[]): Promise<number> {
  const p = appCommand(
    'market-maker export-history',
    'Writes trades.csv, positions.csv and funding.csv (seed 002 columns) of the account on the venue',
  )
    .option('--market <symbol>', 'only this market (e.g. ETH-USD)')
    .option('--funding-from <ms>', 'funding history from this time, ms since epoch (default 0)', ms, 0)
    .option('--output <dir>', 'output folder', 'history_export');
  addCommonFlags(p, { liveHelp: "export the real account's history" });
  p.parse([...argv], { from: 'user' });
  const opts = p.opts<ExportFlags>();
  const say = (t: string) => process.stdout.write(`${t}\n`);
  try {
    const started = await startApp<MarketMakerConfig>(
      {
        name: 'market-maker-export',
        defaultMode: 'paper-unless-credentials',
        opensPositions: false,
        readConfig: readMarketMakerConfig,
        venues: (c) => [c.venue],
      },
      opts,
      { print: say },
    );
    if (started.kind === 'done') return started.code;
    const app = started.app;
    try {
      const connection = await app.connect({
        venues: [app.config.venue],
        seed: 1,
        speed: 1,
        collateral: app.config.paper_collateral_usd,
        persistWorld: false,
      });
      try {
        const venue = connection.venues[0]!.venue;
        let symbol: string | undefined;
        if (opts.market) {
          symbol = findMarket(await venue.getMarkets(), opts.market)?.symbol;
          if (!symbol) throw new UsageError(`${app.config.venue} does not list ${opts.market}`);
        }
        const dir = app.resolveArg(opts.output);
        const r = await exportHistory(venue, {
          dir,
          ...(symbol ? { symbol } : {}),
          fundingFrom: opts.fundingFrom,
        });
        say(`exported ${r.trades} trades, ${r.positions} positions, ${r.funding} funding records to ${dir}`);
        return EXIT_OK;
      } finally {
        await connection.close();
      }
    } finally {
      app.close();
    }
  } catch (e) {
    if (e instanceof UsageError) {
      say(`market-maker export-history: ${e.message}`);
      return EXIT_USAGE;
    }
    say(`market-maker export-history: ${(e as Error).message ?? String(e)}`);
    return e instanceof Error && 'exitCode' in e ? startErrorExitCode(e) : EXIT_FAILED;
  }
}
