import {
  addCommonFlags,
  appCommand,
  type CommonFlags,
  type FlagChoices,
  type StartOutcome,
  startApp,
} from '@dn/connect';
import type { Command } from 'commander';
import { type BotConfig, readConfig } from './config.js';

/** The command line of `rotation-bot <name>`: its description and the flags every app takes; its own come after. */
export function subCommand(name: string, description: string, choices: FlagChoices): Command {
  return addCommonFlags(appCommand(`rotation-bot ${name}`, description), choices);
}

/**
 * Starts `rotation-bot <name>`, a command that opens no position and reads no credential in any mode: live (the
 * default) means the venues' public data or files already written; --paper/--sim only say where data comes from.
 */
export function startReadOnly(
  name: string,
  flags: CommonFlags,
  print: (text: string) => void,
): Promise<StartOutcome<BotConfig>> {
  return startApp<BotConfig>(
    { name: `rotation-bot-${name}`, defaultMode: 'live', opensPositions: false, readConfig },
    flags,
    { print },
  );
}
