export {
  type AccountingTotals,
  type ConnectionMode,
  type ConnectOptions,
  connectVenues,
  type VenueConnection,
  type VenueHandle,
  type VenueName,
} from './connect.js';
