import { Command } from 'commander';
import { EXIT_USAGE } from './exit.js';

/**
 * An app's (or sub-command's) command line: `--help` and `--version` exit 0, a usage mistake commander catches
 * (unknown flag, missing value) exits 2 like every other refused start.
 */
export function appCommand(name: string, description: string): Command {
  return new Command()
    .name(name)
    .description(description)
    .exitOverride((err) => {
      process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
    });
}
