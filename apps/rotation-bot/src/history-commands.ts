import { runBacktestCommand } from './backtest/command.js';
import { runHistoryCommand } from './history/command.js';
import { runReportCommand } from './report/command.js';

type Subcommand = (argv: string[], print: (text: string) => void) => Promise<number>;

const COMMANDS = new Map<string, Subcommand>([
  ['history', runHistoryCommand],
  ['backtest', runBacktestCommand],
  ['report', runReportCommand],
]);

/** `rotation-bot history | backtest | report …`: the offline commands (funding history, its replay, the report). */
export function historyCommand(name: string | undefined): Subcommand | undefined {
  return name === undefined ? undefined : COMMANDS.get(name);
}
