import { type Command, Option } from 'commander';

/** The flags every app shares, as commander parses them. */
export interface CommonFlags {
  config?: string;
  home?: string;
  paper?: boolean;
  sim?: string;
  live?: boolean;
  allowRemoteSim?: boolean;
  resetPaper?: boolean;
  clearHalt?: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  speed?: string;
  runFor?: string;
  summary?: string;
  state?: string;
}

export interface FlagChoices {
  /** `--state <file>` (apps that keep state). */
  state?: boolean;
  /** `--speed` and `--run-for` (apps that run on a clock). */
  clock?: boolean;
  /** `--reset-paper` (apps whose paper world persists). */
  resetPaper?: boolean;
  /** Help text of `--live` (its meaning differs: required to trade vs. the default). */
  liveHelp?: string;
  /** Help text of `--summary`. */
  summaryHelp?: string;
}

/** Adds the shared flags to `program`; each app adds its own after. */
export function addCommonFlags(program: Command, choices: FlagChoices = {}): Command {
  program
    .option('-c, --config <file>', 'JSON config file (see README); credentials come from the environment or .env')
    .option(
      '--home <dir>',
      'folder holding state, logs, .env and the halt sentinel (default: $DN_HOME, else the folder the command was run in)',
    )
    .option('--paper', 'trade on the built-in simulator (state under <home>/paper/)')
    .option(
      '--sim <file>',
      "trade on a standalone simulator through its connection file ('pnpm --filter @dn/sim start'); loopback only",
    )
    .option('--live', choices.liveHelp ?? 'trade for real with the credentials in the environment or <home>/.env')
    .option('--allow-remote-sim', '--sim: accept a simulator that is not on this machine')
    .option('--clear-halt', 'show who wrote the halt sentinel and why, remove it, and exit')
    .addOption(
      new Option('--log-level <level>', 'log level').choices(['debug', 'info', 'warn', 'error']).default('info'),
    )
    .option('--summary <file>', choices.summaryHelp ?? 'write a JSON summary at exit (created 0600)');
  if (choices.state) program.option('--state <file>', 'state file (default: <home>[/paper|/sim]/<app>.state.json)');
  if (choices.clock) {
    program
      .option('--speed <n>', 'paper mode: run the simulated clock N× faster than real time', '1')
      .option('--run-for <duration>', 'stop after this much (simulated) time, e.g. 72h, 30d');
  }
  if (choices.resetPaper) program.option('--reset-paper', 'paper mode: start a new simulated world and state');
  return program;
}
