/**
 * Operator alerts: one `Alerter` per app that logs every event and delivers it, without ever blocking or throwing
 * into trading code, to a generic JSON webhook and/or a Telegram chat, deduplicated and rate-limited per target.
 */
export { type Alerter, type AlerterDeps, type AlerterStats, createAlerter } from './alerter.js';
export {
  ALERT_ENV,
  type AlertsConfig,
  type AlertsConfigInput,
  alertConfigEnv,
  alertSecretPaths,
  alertsConfigSchema,
  type ResolvedAlertTargets,
  resolveAlertTargets,
  TELEGRAM_API_BASE_URL,
  type TelegramTargetConfig,
  type WebhookTargetConfig,
} from './config.js';
export {
  ALERT_KINDS,
  ALERT_SEVERITIES,
  type AlertEvent,
  type AlertEventInput,
  type AlertKind,
  type AlertSeverity,
  DEFAULT_ALERT_SEVERITY,
} from './event.js';
export { type AlertWebhookPayload, formatAlertText, toWebhookPayload } from './format.js';
export { AlertDeliveryError } from './http-post.js';
export type { AlertTargetStats } from './target-queue.js';
export { type AlertTarget, createTelegramTarget, createWebhookTarget } from './targets.js';
