import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ALERT_ENV,
  alertConfigEnv,
  alertSecretPaths,
  alertsConfigSchema,
  ConfigError,
  createAlerter,
  isSecretKey,
  loadConfig,
  resolveAlertTargets,
  TELEGRAM_API_BASE_URL,
} from '../../src/index.js';
import { thrownBy } from '../../src/testing/index.js';
import { alertsConfig, captureLog, FAKE_BOT_TOKEN } from './helpers.js';

const appSchema = z.object({ alerts: alertsConfigSchema.optional() }).strict();

const configError = (fn: () => unknown): ConfigError => thrownBy(ConfigError, fn);

describe('alertsConfigSchema', () => {
  it('has safe defaults and no target', () => {
    expect(alertsConfigSchema.parse({})).toEqual({
      min_severity: 'info',
      dedup_window_seconds: 60,
      max_per_minute: 20,
      request_timeout_ms: 5_000,
      queue_size: 100,
    });
    expect(resolveAlertTargets(alertsConfig({}), {})).toEqual({});
  });

  it('reports every problem at once through loadConfig, never echoing a secret', () => {
    const err = configError(() =>
      loadConfig({
        schema: appSchema,
        environment: {},
        dotenvPath: false,
        secrets: alertSecretPaths(),
        file: writeJson({
          alerts: {
            min_severity: 'loud',
            max_per_minute: 0,
            webhook: { url: 'ftp://hooks.example/T0/SECRETPATH' },
            telgram: {},
          },
        }),
      }),
    );
    const keys = err.context.issues.map((i) => i.key);
    expect(keys).toEqual(
      expect.arrayContaining(['alerts.min_severity', 'alerts.max_per_minute', 'alerts.webhook.url', 'alerts']),
    );
    expect(err.message).not.toContain('SECRETPATH');
  });

  it('takes the secrets from the environment (and .env) through loadConfig env entries', () => {
    const { config } = loadConfig({
      schema: appSchema,
      env: alertConfigEnv(),
      dotenvPath: false,
      environment: { [ALERT_ENV.telegramBotToken]: FAKE_BOT_TOKEN, [ALERT_ENV.telegramChatId]: '-1001' },
    });
    expect(config.alerts?.telegram).toEqual({
      bot_token: FAKE_BOT_TOKEN,
      chat_id: '-1001',
      api_base_url: TELEGRAM_API_BASE_URL,
    });
  });
});

describe('resolveAlertTargets', () => {
  it('fills what the config leaves out from DN_* variables; the config wins', () => {
    const env = {
      DN_TELEGRAM_BOT_TOKEN: FAKE_BOT_TOKEN,
      DN_TELEGRAM_CHAT_ID: '42',
      DN_ALERT_WEBHOOK_URL: 'https://env.example/hook',
    };
    expect(resolveAlertTargets(alertsConfig({}), env)).toEqual({
      webhook: { url: 'https://env.example/hook', headers: {} },
      telegram: { botToken: FAKE_BOT_TOKEN, chatId: '42', apiBaseUrl: TELEGRAM_API_BASE_URL },
    });
    const fromFile = resolveAlertTargets(
      alertsConfig({ webhook: { url: 'https://file.example/h', headers: { a: 'b' } }, telegram: { chat_id: 7 } }),
      env,
    );
    expect(fromFile.webhook).toEqual({ url: 'https://file.example/h', headers: { a: 'b' } });
    expect(fromFile.telegram).toMatchObject({ botToken: FAKE_BOT_TOKEN, chatId: '7' });
  });

  it('refuses a half-configured target instead of silently sending nothing, without echoing the token', () => {
    const err = configError(() =>
      createAlerter(alertsConfig({}), {
        log: captureLog().log,
        app: 'a',
        env: { DN_TELEGRAM_BOT_TOKEN: FAKE_BOT_TOKEN, DN_ALERT_WEBHOOK_URL: 'not a url SECRETPATH' },
      }),
    );
    expect(err.context.issues.map((i) => i.key)).toEqual([
      'alerts.webhook.url (env DN_ALERT_WEBHOOK_URL)',
      'alerts.telegram.chat_id (env DN_TELEGRAM_CHAT_ID)',
    ]);
    expect(err.message).not.toContain(FAKE_BOT_TOKEN.split(':')[1]);
    expect(err.message).not.toContain('SECRETPATH');
    expect(configError(() => resolveAlertTargets(alertsConfig({ telegram: {} }), {})).context.issues).toHaveLength(2);
    expect(
      configError(() => resolveAlertTargets(alertsConfig({ telegram: { bot_token: '1:a/b', chat_id: 1 } }), {})).context
        .issues[0]?.problem,
    ).toBe('contains characters a bot token never has');
  });

  it('the bot token key is secret for every logger and config echo', () => {
    expect(isSecretKey('bot_token')).toBe(true);
    expect(isSecretKey('botToken')).toBe(true);
    const cap = captureLog();
    cap.log.info({ alerts: { telegram: { bot_token: FAKE_BOT_TOKEN, chat_id: 1 } } }, 'config');
    expect(cap.text()).not.toContain(FAKE_BOT_TOKEN.split(':')[1]);
  });
});

function writeJson(value: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dn-alerts-config-')), 'config.json');
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}
