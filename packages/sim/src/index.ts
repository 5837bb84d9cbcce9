export { clockFromConnection, readSimConnectionFile, type SimConnectionFile } from './connection-file.js';
export * from './engine/index.js';
export {
  type FaultDecision,
  type FaultEvent,
  FaultInjector,
  type FaultMatch,
  type ProbabilisticFaults,
  type ProtocolFaultKind,
  type ScriptedFault,
} from './faults/fault-injector.js';
export { frontendFor, venuesWithFrontends } from './frontends/registry.js';
export type { SimAccountRecord, SimFrontend, SimFrontendContext, SimFrontendInstance } from './frontends/types.js';
export { stringifyJson } from './server/json.js';
export {
  type RouteHandler,
  type SimRequest,
  type SimResponse,
  SimServer,
  type SimWsConnection,
} from './server/sim-server.js';
export {
  type PersistedSim,
  type SimVenueHandle,
  type StartSimVenueOptions,
  type StartSimVenuesOptions,
  simStateStore,
  startSimVenue,
  startSimVenues,
} from './start-sim-venue.js';
