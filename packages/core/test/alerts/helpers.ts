import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'vitest';
import {
  type Alerter,
  type AlertsConfigInput,
  alertsConfigSchema,
  createLogger,
  type Logger,
} from '../../src/index.js';
import type { TestHttpServer } from '../transport/servers.js';

/** The webhook server and the alerter a test starts: closed, then forgotten, after each test. */
export function alertsUnderTest(): { server?: TestHttpServer; alerter?: Alerter } {
  const t: { server?: TestHttpServer; alerter?: Alerter } = {};
  afterEach(async () => {
    t.alerter?.close();
    t.alerter = undefined;
    await t.server?.close();
    t.server = undefined;
  });
  return t;
}

/** Fake Telegram bot token, shaped like a real one: it must never appear in a log line or an error. */
export const FAKE_BOT_TOKEN = '123456789:FAKE-test-token-not-real_AAbbCCddEE';

export interface CapturedLog {
  log: Logger;
  /** Raw JSON lines written so far. */
  text(): string;
  records(): Array<Record<string, unknown>>;
}

/** A real pino logger writing JSON lines to a temp file (synchronously), so tests read exactly what an operator would. */
export function captureLog(): CapturedLog {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-alerts-'));
  const file = path.join(dir, 'log.jsonl');
  const log = createLogger({ name: 'test', file, console: false, level: 'debug' });
  const text = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
  return {
    log,
    text,
    records: () =>
      text()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export function alertsConfig(input: AlertsConfigInput) {
  return alertsConfigSchema.parse(input);
}

/** Fast retries so retry tests take milliseconds. */
export const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
