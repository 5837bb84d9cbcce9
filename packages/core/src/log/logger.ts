import * as fs from 'node:fs';
import * as path from 'node:path';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { REDACTED, SECRET_KEY_PATTERN } from './redact.js';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level?: pino.LevelWithSilent;
  /** Structured JSON log file (appended). */
  file?: string;
  /** Human-readable console output; default: on when stdout is a TTY. `false` = JSON lines on stdout. */
  pretty?: boolean;
  /** `false` disables console output entirely (file only). */
  console?: boolean;
  /** Extra key names to redact, besides the built-in secret names. */
  redactKeys?: string[];
}

const BUILTIN_SECRET_KEYS = [
  'apiKey',
  'api_key',
  'apiSecret',
  'secret',
  'secretKey',
  'privateKey',
  'starkPrivateKey',
  'passphrase',
  'password',
  'signature',
  'l2Signature',
  'authToken',
  'authorization',
  'x-api-key',
  'X-Api-Key',
];

/**
 * pino logger: JSON to `file`, pretty or JSON to the console. Secrets are removed at any depth up to four levels
 * by key name (pino's redaction is path-based, so the common depths are enumerated).
 */
export function createLogger(options: LoggerOptions): Logger {
  const keys = [...BUILTIN_SECRET_KEYS, ...(options.redactKeys ?? [])];
  const paths: string[] = [];
  for (const k of keys) {
    const p = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
    const sep = p.startsWith('[') ? '' : '.';
    paths.push(p, `*${sep}${p}`, `*.*${sep}${p}`, `*.*.*${sep}${p}`);
  }
  const level = options.level ?? 'info';
  const streamLevel: pino.Level = level === 'silent' ? 'fatal' : level;
  const streams: pino.StreamEntry[] = [];
  if (options.console !== false) {
    const usePretty = options.pretty ?? Boolean(process.stdout.isTTY);
    streams.push({
      level: streamLevel,
      stream: usePretty
        ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
        : process.stdout,
    });
  }
  if (options.file) {
    fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
    // Synchronous: a trading log must survive a crash or process.exit, and the write costs microseconds.
    streams.push({ level: streamLevel, stream: pino.destination({ dest: options.file, sync: true, mkdir: true }) });
  }
  return pino(
    {
      name: options.name,
      level,
      redact: { paths, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err },
    },
    streams.length > 0 ? pino.multistream(streams) : pino.destination('/dev/null'),
  );
}

/** True when `key` is a name the logger treats as secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key);
}
