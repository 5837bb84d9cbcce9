import * as fs from 'node:fs';
import * as path from 'node:path';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { redactSecrets } from './redact.js';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level?: pino.LevelWithSilent;
  /** Structured JSON log file (appended; created 0600, and narrowed to 0600 if it exists). */
  file?: string;
  /** Human-readable console output; default: on when stdout is a TTY. `false` = JSON lines on stdout. */
  pretty?: boolean;
  /** `false` disables console output entirely (file only). */
  console?: boolean;
  /** Extra key names to redact, besides every name `isSecretKey` matches. */
  redactKeys?: string[];
}

/**
 * pino logger: JSON to `file`, pretty or JSON to the console. Every logged object and every child binding is walked
 * in full (any depth, any case) and secret-named values are replaced, by the same rule as error contexts.
 */
export function createLogger(options: LoggerOptions): Logger {
  const extra = options.redactKeys ?? [];
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
    const file = path.resolve(options.file);
    createPrivateFile(file);
    // Synchronous: a trading log must survive a crash or process.exit, and the write costs microseconds.
    streams.push({ level: streamLevel, stream: pino.destination({ dest: file, sync: true, mkdir: true }) });
  }
  const redact = <T>(v: T): T => redactSecrets(v, extra) as T;
  const logger = pino(
    {
      name: options.name,
      level,
      formatters: {
        // `err` is left to its serializer (which keeps the error's name and stack) and redacted there.
        log: (obj) => {
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(obj))
            out[k] = k === 'err' && v instanceof Error ? v : redact({ [k]: v })[k];
          return out;
        },
      },
      serializers: { err: (e: Error) => redact(pino.stdSerializers.err(e)) },
    },
    streams.length > 0 ? pino.multistream(streams) : pino.destination('/dev/null'),
  );
  // Child loggers inherit from their parent object, so one override covers every generation of bindings.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redact(bindings), childOptions);
  } as typeof logger.child;
  return logger;
}

/**
 * Creates `file` (and its folder) readable by the owner only, or narrows an existing one to 0600: logs and summaries
 * name accounts, sizes and prices that are nobody else's business.
 */
export function createPrivateFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
}
