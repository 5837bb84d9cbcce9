export { createLogger, createPrivateFile, type Logger, type LoggerOptions } from './logger.js';
export { isSecretKey, REDACTED, redactSecrets } from './redact.js';
