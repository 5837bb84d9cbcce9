import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/index.js';
import { ALERT_SEVERITIES } from './event.js';

/** Environment variables that stand in for the secret parts of the `alerts` section (the config file wins). */
export const ALERT_ENV = {
  webhookUrl: 'DN_ALERT_WEBHOOK_URL',
  telegramBotToken: 'DN_TELEGRAM_BOT_TOKEN',
  telegramChatId: 'DN_TELEGRAM_CHAT_ID',
} as const;

export const TELEGRAM_API_BASE_URL = 'https://api.telegram.org';

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

export const alertsConfigSchema = z
  .object({
    /** Generic JSON webhook: every event is POSTed as one JSON object. */
    webhook: z
      .object({
        /** Secret-bearing in practice (Slack/Discord put their token in the path); env DN_ALERT_WEBHOOK_URL. */
        url: httpUrl.optional(),
        /** Extra request headers, e.g. an Authorization header the receiver checks. */
        headers: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
    telegram: z
      .object({
        /** env DN_TELEGRAM_BOT_TOKEN. */
        bot_token: z.string().min(1).optional(),
        /** Numeric chat id or `@channel`; env DN_TELEGRAM_CHAT_ID. */
        chat_id: z.union([z.string().min(1), z.number().int()]).optional(),
        /** Bot API server; a self-hosted one, or a local receiver in tests. */
        api_base_url: httpUrl.default(TELEGRAM_API_BASE_URL),
      })
      .strict()
      .optional(),
    /** Events below this severity are logged but not sent. */
    min_severity: z.enum(ALERT_SEVERITIES).default('info'),
    /** The same event (kind, venue, symbol, message) again within this window is counted, not sent again. */
    dedup_window_seconds: z.number().nonnegative().default(60),
    /** Messages per minute per target (token bucket, burst = this many); Telegram allows about 20 per chat. */
    max_per_minute: z.number().int().positive().default(20),
    request_timeout_ms: z.number().int().positive().default(5_000),
    /** Events waiting per target; on overflow the oldest of the lowest severity is dropped and counted. */
    queue_size: z.number().int().positive().default(100),
  })
  .strict();

/** The `alerts` section as written in an app's config file. */
export type AlertsConfigInput = z.input<typeof alertsConfigSchema>;
export type AlertsConfig = z.output<typeof alertsConfigSchema>;

/** Dotted paths of the secret values, for `loadConfig({ secrets })` so a config error never echoes them. */
export function alertSecretPaths(prefix = 'alerts'): string[] {
  return [`${prefix}.webhook.url`, `${prefix}.webhook.headers`, `${prefix}.telegram.bot_token`];
}

/** `loadConfig({ env })` entries, so the secrets can also come from the environment or `.env`. */
export function alertConfigEnv(prefix = 'alerts'): Record<string, string> {
  return {
    [`${prefix}.webhook.url`]: ALERT_ENV.webhookUrl,
    [`${prefix}.telegram.bot_token`]: ALERT_ENV.telegramBotToken,
    [`${prefix}.telegram.chat_id`]: ALERT_ENV.telegramChatId,
  };
}

export interface WebhookTargetConfig {
  url: string;
  headers: Record<string, string>;
}

export interface TelegramTargetConfig {
  botToken: string;
  chatId: string;
  apiBaseUrl: string;
}

export interface ResolvedAlertTargets {
  webhook?: WebhookTargetConfig;
  telegram?: TelegramTargetConfig;
}

/**
 * The targets to send to: config values, with the environment filling in what the config leaves out. A half
 * configured Telegram target (token without chat id, or the reverse) is an error rather than silence, because the
 * operator believes alerts are on.
 * @throws ConfigError
 */
export function resolveAlertTargets(
  config: AlertsConfig,
  env: Record<string, string | undefined> = process.env,
  prefix = 'alerts',
): ResolvedAlertTargets {
  const issues: ConfigIssue[] = [];
  const fromEnv = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const out: ResolvedAlertTargets = {};

  const webhookUrl = config.webhook?.url ?? fromEnv(ALERT_ENV.webhookUrl);
  if (webhookUrl !== undefined) {
    // Never echo the value: the URL itself is often the credential.
    if (httpUrl.safeParse(webhookUrl).success)
      out.webhook = { url: webhookUrl, headers: config.webhook?.headers ?? {} };
    else issues.push({ key: `${prefix}.webhook.url (env ${ALERT_ENV.webhookUrl})`, problem: 'is not an http(s) URL' });
  } else if (config.webhook !== undefined) {
    issues.push({ key: `${prefix}.webhook.url (env ${ALERT_ENV.webhookUrl})`, problem: 'is required' });
  }

  const botToken = config.telegram?.bot_token ?? fromEnv(ALERT_ENV.telegramBotToken);
  const chatIdRaw = config.telegram?.chat_id ?? fromEnv(ALERT_ENV.telegramChatId);
  const chatId = chatIdRaw === undefined ? undefined : String(chatIdRaw);
  if (botToken !== undefined && chatId !== undefined) {
    if (/[/?#\s]/.test(botToken)) {
      // A token is `<digits>:<letters>`; anything that changes the URL's path would send it somewhere else.
      issues.push({ key: `${prefix}.telegram.bot_token`, problem: 'contains characters a bot token never has' });
    } else {
      out.telegram = { botToken, chatId, apiBaseUrl: config.telegram?.api_base_url ?? TELEGRAM_API_BASE_URL };
    }
  } else if (botToken !== undefined || chatId !== undefined || config.telegram !== undefined) {
    if (botToken === undefined)
      issues.push({ key: `${prefix}.telegram.bot_token (env ${ALERT_ENV.telegramBotToken})`, problem: 'is required' });
    if (chatId === undefined)
      issues.push({ key: `${prefix}.telegram.chat_id (env ${ALERT_ENV.telegramChatId})`, problem: 'is required' });
  }

  if (issues.length > 0) throw new ConfigError(issues);
  return out;
}
