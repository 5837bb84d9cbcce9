export { createLogger, isSecretKey, type Logger, type LoggerOptions } from './logger.js';
export { REDACTED, redactSecrets } from './redact.js';
