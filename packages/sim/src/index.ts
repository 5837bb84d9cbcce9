// The whole simulator. Consumers that need only a part import a subpath, so a process loads no more than it uses:
// `@dn/sim/engine` (matching, margin, funding; no sockets), `@dn/sim/server` (protocol front-ends on loopback) and
// `@dn/sim/connection` (the standalone simulator's connection file; no engine).
export { clockFromConnection, readSimConnectionFile, type SimConnectionFile } from './connection-file.js';
export * from './engine/index.js';
export {
  type FaultDecision,
  type FaultEvent,
  FaultInjector,
  type FaultMatch,
  frontendFor,
  JsonNumeral,
  jsonNumber,
  type PersistedSim,
  type ProbabilisticFaults,
  type ProtocolFaultKind,
  type RouteHandler,
  type ScriptedFault,
  type SimAccountRecord,
  type SimFrontend,
  type SimFrontendContext,
  type SimFrontendInstance,
  type SimRequest,
  type SimResponse,
  SimServer,
  type SimVenueHandle,
  type SimWsConnection,
  type StartSimVenueOptions,
  type StartSimVenuesOptions,
  simStateStore,
  startSimVenue,
  startSimVenues,
  stringifyJson,
  venuesWithFrontends,
} from './server/index.js';
