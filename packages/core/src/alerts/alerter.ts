import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import { RealClock } from '../clock/real.js';
import { redactSecrets } from '../log/redact.js';
import { type AlertsConfig, alertsConfigSchema, resolveAlertTargets } from './config.js';
import { AlertDeduplicator } from './dedup.js';
import {
  type AlertEvent,
  type AlertEventInput,
  alertLogLevel,
  alertMessageLine,
  DEFAULT_ALERT_SEVERITY,
  severityRank,
} from './event.js';
import { scrub } from './http-post.js';
import { type AlertTargetStats, TargetQueue } from './target-queue.js';
import { type AlertTarget, createTelegramTarget, createWebhookTarget } from './targets.js';

/** The one alert sink every app holds. Nothing on it can throw into, or wait inside, trading code. */
export interface Alerter {
  /** Logs the event and queues it for every target; returns at once, whatever the targets are doing. Never throws. */
  send(event: AlertEventInput): void;
  /**
   * Sends pending repeat summaries, then waits until every queue is empty or `timeoutMs` (real time) has passed.
   * Resolves `true` when everything was delivered or given up on, `false` on timeout. Never rejects.
   */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Stops at once: aborts requests in flight, forgets queued events. `send` keeps logging afterwards. */
  close(): void;
  /** True when at least one target is configured (otherwise events are only logged). */
  readonly enabled: boolean;
  stats(): AlerterStats;
}

export interface AlerterStats {
  targets: AlertTargetStats[];
  /** Repeats folded into "(×N)" summaries instead of being sent one by one. */
  suppressedRepeats: number;
}

export interface AlerterDeps {
  log: Logger;
  /** App name shown in every alert (`rotation-bot`, `market-maker`, …). */
  app: string;
  /** Event times and dedup windows; default real time. Requests, retries and rate limits always use real time. */
  clock?: Clock;
  /** Where the secret env alternatives are read; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Targets besides the configured ones (custom integrations, tests). */
  extraTargets?: AlertTarget[];
  /** Retry policy per event: attempts including the first, and the backoff bounds in ms. */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
}

/**
 * Builds the app's alerter from its `alerts` config section (`undefined` = section absent). With no target
 * configured it still logs every event at its severity's level.
 * @throws ConfigError when a target is half configured (e.g. a bot token without a chat id) or a URL is invalid.
 */
export function createAlerter(config: AlertsConfig | undefined, deps: AlerterDeps): Alerter {
  const cfg = config ?? alertsConfigSchema.parse({});
  const resolved = resolveAlertTargets(cfg, deps.env ?? process.env);
  const targets: AlertTarget[] = [...(deps.extraTargets ?? [])];
  if (resolved.webhook) targets.push(createWebhookTarget(resolved.webhook));
  if (resolved.telegram) targets.push(createTelegramTarget(resolved.telegram));
  const secrets = [resolved.telegram?.botToken, resolved.webhook?.url].filter((s): s is string => s !== undefined);
  return new QueuedAlerter(cfg, targets, secrets, deps);
}

const SECRET_DETAIL_KEYS = ['bot_token', 'botToken', 'token', 'webhook_url', 'webhookUrl'];

class QueuedAlerter implements Alerter {
  readonly enabled: boolean;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly abort = new AbortController();
  private readonly queues: TargetQueue[];
  private readonly dedup: AlertDeduplicator;
  private readonly minRank: number;
  private suppressed = 0;

  constructor(
    config: AlertsConfig,
    targets: AlertTarget[],
    private readonly secrets: string[],
    private readonly deps: AlerterDeps,
  ) {
    // A pending repeat summary must not keep a finished process alive for a whole window.
    this.clock =
      deps.clock === undefined || deps.clock instanceof RealClock ? new RealClock({ unref: true }) : deps.clock;
    this.log = deps.log;
    this.enabled = targets.length > 0;
    this.minRank = severityRank(config.min_severity);
    this.queues = targets.map(
      (t) =>
        new TargetQueue(t, {
          capacity: config.queue_size,
          maxPerMinute: config.max_per_minute,
          requestTimeoutMs: config.request_timeout_ms,
          maxAttempts: deps.retry?.maxAttempts ?? 3,
          retryBaseDelayMs: deps.retry?.baseDelayMs ?? 1_000,
          retryMaxDelayMs: deps.retry?.maxDelayMs ?? 10_000,
          log: deps.log,
          signal: this.abort.signal,
        }),
    );
    this.dedup = new AlertDeduplicator(config.dedup_window_seconds * 1000, this.clock, (e) => this.enqueue(e));
    this.log.info(
      this.enabled
        ? { alertTargets: targets.map((t) => `${t.name} ${t.endpoint}`), minSeverity: config.min_severity }
        : {},
      this.enabled ? 'alerts enabled' : 'alerts: no target configured, events are only logged',
    );
  }

  send(input: AlertEventInput): void {
    try {
      const event = this.toEvent(input);
      this.log[alertLogLevel(event.severity)](
        {
          alert: event.kind,
          severity: event.severity,
          venue: event.venue,
          symbol: event.symbol,
          details: event.details,
        },
        event.message,
      );
      if (!this.enabled || this.abort.signal.aborted || severityRank(event.severity) < this.minRank) return;
      if (this.dedup.offer(event)) this.enqueue(event);
      else this.suppressed += 1;
    } catch (e) {
      // An alert must never take trading down with it, even when called with garbage.
      try {
        this.log.warn({ errorType: (e as Error)?.name }, 'alert could not be processed');
      } catch {
        // A logger that throws leaves nothing else to do.
      }
    }
  }

  async flush(timeoutMs = 5_000): Promise<boolean> {
    try {
      this.dedup.flush();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
        timer.unref();
      });
      const idle = Promise.all(this.queues.map((q) => q.whenIdle())).then(() => true as const);
      const done = await Promise.race([idle, timedOut]);
      clearTimeout(timer);
      return done;
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.abort.signal.aborted) return;
    this.dedup.close();
    this.abort.abort();
    let abandoned = 0;
    for (const q of this.queues) abandoned += q.abandon();
    if (abandoned > 0) this.log.warn({ abandoned }, 'alerter closed with alerts still queued');
  }

  stats(): AlerterStats {
    return { targets: this.queues.map((q) => q.stats()), suppressedRepeats: this.suppressed };
  }

  private enqueue(event: AlertEvent): void {
    if (this.abort.signal.aborted) return;
    for (const q of this.queues) q.push(event);
    this.log.debug({ alertKind: event.kind, count: event.count }, `alert queued: ${alertMessageLine(event)}`);
  }

  private toEvent(input: AlertEventInput): AlertEvent {
    const kind = input.kind;
    const severity = input.severity ?? DEFAULT_ALERT_SEVERITY[kind] ?? 'warning';
    const event: AlertEvent = {
      kind,
      severity,
      app: this.deps.app,
      message: scrub(String(input.message ?? ''), this.secrets),
      timeMs: this.clock.now(),
      count: 1,
    };
    if (input.venue !== undefined) event.venue = input.venue;
    if (input.symbol !== undefined) event.symbol = input.symbol;
    if (input.details !== undefined) event.details = this.plainDetails(input.details);
    return event;
  }

  /**
   * A JSON-plain copy taken now (the caller may mutate its objects later): secret-named keys redacted, Decimals and
   * bigints turned into strings, and any known secret string scrubbed.
   */
  private plainDetails(details: Record<string, unknown>): Record<string, unknown> {
    const json = JSON.stringify(redactSecrets(details, SECRET_DETAIL_KEYS), (_k, v) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
    return JSON.parse(scrub(json ?? '{}', this.secrets)) as Record<string, unknown>;
  }
}
