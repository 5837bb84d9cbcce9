export {
  type AppConnectOptions,
  type AppContext,
  type AppDefinition,
  addCommonFlags,
  type CommonFlags,
  clearHalts,
  clockFlags,
  EXIT_FAILED,
  EXIT_HALTED,
  EXIT_OK,
  EXIT_USAGE,
  type FlagChoices,
  parseDuration,
  type RunAppOptions,
  runApp,
  type StartOutcome,
  startApp,
  startErrorExitCode,
  UsageError,
  waitForInstances,
  withDotenv,
} from './app/index.js';
export {
  closeRun,
  exitWhenDone,
  parseFlags,
  type RunResources,
  type StopSignals,
  stopOnSignals,
  userArgs,
} from './app-lifecycle.js';
export { type ClientTarget, createClient } from './clients.js';
export {
  type AccountingTotals,
  type ConnectionMode,
  type ConnectOptions,
  connectVenues,
  type VenueConnection,
  type VenueHandle,
} from './connect.js';
export {
  accountOf,
  CREDENTIAL_ALIASES,
  CREDENTIAL_ENV,
  credentialsFromEnv,
  describeVariable,
  ENDPOINT_ENV,
  edgexApiVersion,
  endpointProblems,
  envValue,
  explainCredentialError,
  hasAnyCredential,
  hasCredentials,
  missingCredentials,
  VENUE_NAMES,
  type VenueName,
  variableAsSet,
} from './credentials.js';
export { parseSymbolList, parseVenueList, parseVenueName, percentFlag, wholeNumberFlag } from './flag-parsers.js';
export type {
  PaperEngine,
  PaperEngineFaults,
  PaperFill,
  PaperFundingRecord,
  PaperHistoryQuery,
  PaperLedgerEntry,
  PaperProtocolFault,
  PaperSim,
  PaperTakerFlow,
  PaperTakerFlowParams,
} from './paper-types.js';
export { assertSimUrls, isLoopback, type SimUrls } from './sim-url.js';
export { afterEachOrder, guardOpenings, reduceOnlyVenue } from './venue-wrappers.js';
