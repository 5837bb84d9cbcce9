export { DnError, type DnErrorCode, type DnErrorOptions, errorSummary, isDnError } from './base.js';
export {
  ConfigError,
  type ConfigIssue,
  type DnErrorByCode,
  HaltedError,
  InvalidInputError,
  RateLimitError,
  SigningError,
  StateError,
  type TransportContext,
  TransportError,
  type UnknownOutcomeContext,
  UnknownOutcomeError,
  type VenueRejectedContext,
  VenueRejectedError,
} from './classes.js';
