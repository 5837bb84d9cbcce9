import { type AlertEventInput, type Clock, errorSummary, type PerpVenue } from '@dn/core';
import { type Assessment, assess, symbolsToClose, type Thresholds, type Trigger, type VenueReading } from './assess.js';

/** What a close attempt left behind, per symbol: the venues where a position is still open. */
export interface CloseOutcome {
  flat: boolean;
  /** `venue:symbol` → why it is not flat. */
  left: Map<string, string>;
}

/**
 * Closes `symbols` on every venue (reduce-only, until flat) and writes the halt sentinel first so no bot re-opens
 * them. Implemented over @dn/execution's `flatten`; injected so tests can count calls.
 */
export type Closer = (symbols: string[], reason: string) => Promise<CloseOutcome>;

export interface MonitorDeps {
  venues: ReadonlyMap<string, PerpVenue>;
  clock: Clock;
  thresholds: Thresholds;
  /** Watch only these symbols (default: every position). */
  symbols?: readonly string[];
  autoClose: boolean;
  close: Closer;
  alert: (event: AlertEventInput) => void;
  /** Deadline of one venue's reads, real ms: a hung venue must not stall the checks of the others. */
  readTimeoutMs?: number;
}

export interface CheckResult {
  check: number;
  assessment: Assessment;
  /** Present when the check closed something. */
  close?: { symbols: string[]; reasons: string[]; outcome: CloseOutcome };
}

/**
 * One check every interval: read every venue, judge, and close what a trigger names. Never opens a position — the
 * venues it is given refuse any order that is not reduce-only (see `reduceOnlyVenue`).
 */
export class Monitor {
  private readonly readings = new Map<string, VenueReading>();
  private unhedgedSince = new Map<string, number>();
  private checks = 0;

  constructor(private readonly deps: MonitorDeps) {
    const start = deps.clock.now();
    for (const venue of deps.venues.keys()) this.readings.set(venue, { venue, lastOkAt: start });
  }

  async check(): Promise<CheckResult> {
    const { deps } = this;
    this.checks += 1;
    await Promise.all([...deps.venues].map(([name, venue]) => this.read(name, venue)));
    const now = deps.clock.now();
    const judged = assess([...this.readings.values()], deps.thresholds, now, this.unhedgedSince);
    this.unhedgedSince = judged.unhedgedSince;
    const { assessment } = judged;
    this.alertWarnings(assessment);
    const result: CheckResult = { check: this.checks, assessment };
    if (assessment.triggers.length > 0 && deps.autoClose) {
      const symbols = symbolsToClose(assessment.triggers);
      const reasons = assessment.triggers.map((t) => t.message);
      for (const t of assessment.triggers) deps.alert(triggerAlert(t));
      const outcome = await deps.close(symbols, `liquidation-monitor: ${reasons.join('; ')}`);
      deps.alert(
        outcome.flat
          ? { kind: 'closed', message: `closed ${symbols.join(', ')}: ${reasons[0]}`, details: { symbols, reasons } }
          : {
              kind: 'leg_failure',
              message: `could not close everything of ${symbols.join(', ')}; retrying next check`,
              details: { left: Object.fromEntries(outcome.left) },
            },
      );
      result.close = { symbols, reasons, outcome };
    } else {
      for (const t of assessment.triggers) deps.alert({ ...triggerAlert(t), severity: 'critical' });
    }
    return result;
  }

  private async read(name: string, venue: PerpVenue): Promise<void> {
    const previous = this.readings.get(name) ?? { venue: name, lastOkAt: this.deps.clock.now() };
    try {
      const [balance, positions] = await withTimeout(
        Promise.all([venue.getBalance(), venue.getPositions()]),
        this.deps.readTimeoutMs ?? 20_000,
        `${name} did not answer`,
      );
      const wanted = this.deps.symbols;
      this.readings.set(name, {
        venue: name,
        balance,
        positions: wanted ? positions.filter((p) => wanted.includes(p.symbol)) : positions,
        lastOkAt: this.deps.clock.now(),
      });
    } catch (e) {
      // Keep the last good values: a failed read must not make a leg look closed (and its partner naked).
      this.readings.set(name, { ...previous, error: errorSummary(e) });
    }
  }

  private alertWarnings(a: Assessment): void {
    for (const v of a.venues) {
      if (v.error !== undefined) {
        this.deps.alert({ kind: 'venue_down', venue: v.venue, message: `${v.venue} read failed: ${v.error}` });
      }
      if (v.level === 'warn' && v.marginRatioPct) {
        this.deps.alert({
          kind: 'margin_warning',
          venue: v.venue,
          message: `margin ratio on ${v.venue} is ${v.marginRatioPct.toFixed(1)} %`,
        });
      }
    }
  }
}

function triggerAlert(t: Trigger): AlertEventInput {
  const kind = t.kind === 'stale' ? 'venue_stale' : t.kind === 'unhedged' ? 'leg_failure' : 'margin_warning';
  return {
    kind,
    severity: 'critical',
    message: t.message,
    ...(t.venue ? { venue: t.venue } : {}),
    details: { trigger: t.kind, symbols: t.symbols },
  };
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
