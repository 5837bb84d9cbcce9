/**
 * `@dn/sim/server`: serving simulated venues over their real protocols on loopback (the standalone simulator and
 * paper mode's protocol transport). The engine alone is `@dn/sim/engine`; the connection file `@dn/sim/connection`.
 */
export {
  type FaultDecision,
  type FaultEvent,
  FaultInjector,
  type FaultMatch,
  type ProbabilisticFaults,
  type ProtocolFaultKind,
  type ScriptedFault,
} from '../faults/fault-injector.js';
export { frontendFor, venuesWithFrontends } from '../frontends/registry.js';
export type { SimAccountRecord, SimFrontend, SimFrontendContext, SimFrontendInstance } from '../frontends/types.js';
export {
  type PersistedSim,
  type SimVenueHandle,
  type StartSimVenueOptions,
  type StartSimVenuesOptions,
  simStateStore,
  startSimVenue,
  startSimVenues,
} from '../start-sim-venue.js';
export { JsonNumeral, jsonNumber, stringifyJson } from './json.js';
export {
  type RouteHandler,
  type SimRequest,
  type SimResponse,
  SimServer,
  type SimWsConnection,
} from './sim-server.js';
