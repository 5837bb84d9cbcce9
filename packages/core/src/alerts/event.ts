/**
 * What an app tells its operator. Kinds are stable strings: receivers (webhook consumers, chat filters) match on them,
 * so never rename one.
 */
export const ALERT_KINDS = [
  'opened',
  'closed',
  'stop_loss',
  'aborted_open',
  'leg_failure',
  'halt',
  'reconciliation_mismatch',
  'venue_down',
  'venue_stale',
  'margin_warning',
  'funding_reality_check',
  'info',
] as const;

export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;

export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Severity an event gets when the caller does not say: anything that can leave a position unhedged is critical. */
export const DEFAULT_ALERT_SEVERITY: Readonly<Record<AlertKind, AlertSeverity>> = {
  opened: 'info',
  closed: 'info',
  stop_loss: 'warning',
  aborted_open: 'warning',
  leg_failure: 'critical',
  halt: 'critical',
  reconciliation_mismatch: 'critical',
  venue_down: 'warning',
  venue_stale: 'warning',
  margin_warning: 'warning',
  funding_reality_check: 'warning',
  info: 'info',
};

/** What `Alerter.send` takes. `details` must be secret-free; secret-named keys are redacted anyway. */
export interface AlertEventInput {
  kind: AlertKind;
  /** One line, for a phone screen: what happened and what the operator should know. */
  message: string;
  severity?: AlertSeverity;
  venue?: string;
  symbol?: string;
  /** Structured facts (sizes, prices, ids, reasons). Decimals and bigints are sent as strings. */
  details?: Record<string, unknown>;
}

/** An event as delivered: the app name and time filled in, `count` > 1 when it stands for repeats. */
export interface AlertEvent {
  kind: AlertKind;
  severity: AlertSeverity;
  app: string;
  message: string;
  venue?: string;
  symbol?: string;
  details?: Record<string, unknown>;
  /** ms since epoch, from the alerter's clock. */
  timeMs: number;
  /** Occurrences this message stands for (1 for a first occurrence; N for a "(×N)" repeat summary). */
  count: number;
}

export function severityRank(s: AlertSeverity): number {
  return ALERT_SEVERITIES.indexOf(s);
}

/** Identity for deduplication: the same thing happening again, not merely the same kind. */
export function dedupKey(e: Pick<AlertEvent, 'kind' | 'venue' | 'symbol' | 'message'>): string {
  return JSON.stringify([e.kind, e.venue ?? '', e.symbol ?? '', e.message]);
}

/** The message line with its repeat count, e.g. `BTC leg on lighter not filled (×3)`. */
export function alertMessageLine(e: Pick<AlertEvent, 'message' | 'count'>): string {
  return e.count > 1 ? `${e.message} (×${e.count})` : e.message;
}

/** Where it happened, e.g. `lighter BTC`, or empty. */
export function alertWhere(e: Pick<AlertEvent, 'venue' | 'symbol'>): string {
  return [e.venue, e.symbol].filter((x) => x !== undefined && x !== '').join(' ');
}

/** The level the event is logged at, so an operator who only reads logs sees the same urgency. */
export function alertLogLevel(s: AlertSeverity): 'info' | 'warn' | 'error' {
  return s === 'critical' ? 'error' : s === 'warning' ? 'warn' : 'info';
}
