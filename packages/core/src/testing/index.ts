/**
 * @dn/core/testing — helpers for connector tests. Not used by production code paths.
 */

export { BookOptionsRecorder } from './book-options-recorder.js';
export {
  envWithoutVenueKeys,
  minimalEnv,
  type ProcessResult,
  type SpawnedProcess,
  type SpawnProcessOptions,
  TestProcesses,
  tsxLoader,
  VENUE_ENV_PATTERN,
} from './child-process.js';
export { type Closable, Closables } from './closables.js';
export {
  type ConnectorLayoutOptions,
  checkConnectorLayout,
  declaredExports,
  MAX_SOURCE_LINES,
} from './connector-layout.js';
export {
  CHROMIUM_PATH,
  chromiumAvailable,
  type HeadlessContext,
  headlessChromiumOptions,
  type PageWatch,
  saveScreenshot,
  type WatchablePage,
  watchPage,
  withHeadlessPage,
} from './headless-chromium.js';
export { closedPort, type Listening, listenOnLoopback } from './loopback.js';
export {
  type RecordedRequest,
  type ReplayRoute,
  type ReplayServer,
  type ReplayServerOptions,
  type ReplaySocket,
  startReplayServer,
} from './replay-server.js';
export { thrownBy } from './thrown.js';
export { waitFor } from './wait-for.js';
