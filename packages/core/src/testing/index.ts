/**
 * @dn/core/testing — helpers for connector tests. Not used by production code paths.
 */

export {
  type ConnectorLayoutOptions,
  checkConnectorLayout,
  declaredExports,
  MAX_SOURCE_LINES,
} from './connector-layout.js';
export {
  type RecordedRequest,
  type ReplayRoute,
  type ReplayServer,
  type ReplayServerOptions,
  type ReplaySocket,
  startReplayServer,
} from './replay-server.js';
