import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommonFlags } from '@dn/connect';
import { HistoryView } from '../backtest/market-data.js';
import { HistoryStore } from '../history/store.js';
import { startReadOnly, subCommand } from '../read-only-command.js';
import { completedCycles, stateReportHtml } from './state-report.js';

type ReportFlags = CommonFlags & { from?: string; out: string };

/** `rotation-bot report …`: `argv` are the arguments after `report`. Returns the exit code. */
export async function runReportCommand(argv: string[], print: (text: string) => void): Promise<number> {
  const program = subCommand(
    'report',
    "Writes one self-contained HTML report of a live or paper run from the bot's state (--state, default the " +
      "mode's state file): cumulative PnL split, cycle table, and — with --from <history dir> — funding per venue " +
      'with the entries and exits marked and the APR heat map. Reads files only.',
    { state: true, liveHelp: "the live run's state (the default)" },
  )
    .option('--from <dir>', 'history database folder (rotation-bot history) for the funding charts')
    .option('--out <file>', 'report file', 'rotation-report.html');
  program.parse(argv, { from: 'user' });
  const opts = program.opts<ReportFlags>();
  const started = await startReadOnly('report', opts, print);
  if (started.kind === 'done') return started.code;
  const app = started.app;
  try {
    const statePath = opts.state ? app.resolveArg(opts.state) : path.join(app.layout.dir, 'rotation-bot.state.json');
    const { cycles } = await completedCycles(statePath);
    let view: HistoryView | undefined;
    if (opts.from) {
      const store = await HistoryStore.open(app.resolveArg(opts.from));
      try {
        view = HistoryView.fromStore(store);
      } finally {
        store.close();
      }
    }
    const out = app.resolveArg(opts.out);
    const html = await stateReportHtml({
      cycles,
      title: 'Rotation bot',
      mode: app.modeLabel,
      ...(view ? { view } : {}),
    });
    fs.writeFileSync(out, html);
    print(`report: ${cycles.length} cycles from ${statePath} → ${out}`);
    return 0;
  } finally {
    app.close();
  }
}
