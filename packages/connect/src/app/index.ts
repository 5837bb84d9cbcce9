export { clearHalts } from './clear-halt.js';
export { appCommand } from './command.js';
export { parseDuration } from './duration.js';
export { EXIT_FAILED, EXIT_HALTED, EXIT_OK, EXIT_USAGE, startErrorExitCode, UsageError } from './exit.js';
export { addCommonFlags, type CommonFlags, type FlagChoices } from './flags.js';
export { clockFlags, type RunAppOptions, runApp } from './run-app.js';
export {
  type AppConnectOptions,
  type AppContext,
  type AppDefinition,
  type StartOutcome,
  startApp,
  withDotenv,
} from './start-app.js';
export { waitForInstances } from './wait-instances.js';
