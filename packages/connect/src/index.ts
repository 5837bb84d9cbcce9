export { type ClientTarget, createClient } from './clients.js';
export {
  type AccountingTotals,
  type ConnectionMode,
  type ConnectOptions,
  connectVenues,
  type VenueConnection,
  type VenueHandle,
} from './connect.js';
export { CREDENTIAL_ENV, credentialsFromEnv, hasCredentials, VENUE_NAMES, type VenueName } from './credentials.js';
