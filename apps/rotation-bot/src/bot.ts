import {
  type Alerter,
  type AtomicJsonStore,
  type Balance,
  type Clock,
  Decimal,
  errorSummary,
  HaltedError,
  type HaltSentinel,
  isDnError,
  type Logger,
  type Market,
  type PerpVenue,
  type Position,
} from '@dn/core';
import { closePair, type IocMetricOutcome, type LegRiskDeps, type LegVenue, openPair } from '@dn/execution';
import { addToStats, completed, cycleTotals } from './accounting.js';
import { BasisTracker } from './basis.js';
import { alertAbortedOpen, alertClosed, alertHalt, alertLiquidationGuard, alertOpened } from './bot-alerts.js';
import type { CommandSource } from './commands.js';
import { type BotConfig, checkLeverage, type VenueName } from './config.js';
import { activeCooldown, afterAbort, cooldownKey } from './cooldown.js';
import { bandCaps } from './edge.js';
import { expectedText, iso } from './format.js';
import { FundingWatch } from './funding-check.js';
import { checkHold } from './holding.js';
import { leverageReadBack } from './leverage-check.js';
import { planCycle, sizeOpen } from './open-plan.js';
import { reconcile } from './reconcile.js';
import { formatScanTable, type Opportunity, type ScanResult, scan, type VenueHandle } from './scanner.js';
import { type BotState, type CompletedCycle, type CycleState, emptyState } from './state.js';
import { StateSaver } from './state-saver.js';

/** Completed cycles kept in the state file; older ones live in the history log only. */
export const STATE_HISTORY_LIMIT = 50;

/** Consecutive failed state writes after which the bot halts: it can no longer promise a restart finds its state. */
export const MAX_SAVE_FAILURES = 5;

export interface BotDeps {
  config: BotConfig;
  venues: VenueHandle[];
  clock: Clock;
  log: Logger;
  store: AtomicJsonStore<BotState>;
  halt: HaltSentinel;
  /** Console output for humans: ranked tables and status lines. */
  print: (text: string) => void;
  /** Append-only record of every completed cycle (JSON lines). */
  historyLog?: { append(cycle: CompletedCycle): Promise<void> };
  /** Operator commands (`force_rotation`), e.g. a command file; checked before every step. */
  commands?: CommandSource;
  /** Operator alerts (opened, closed, aborted, leg failures, halts, venue trouble); absent = none. */
  alerter?: Alerter;
  /** Metrics: every IOC's venue, outcome and real latency (ms); must not throw. */
  onOrder?: (venue: string, outcome: IocMetricOutcome, latencyMs: number) => void;
  /** Metrics: the code of every order-send error and failed loop step; must not throw. */
  onError?: (code: string) => void;
  /** Called after every loop iteration with the current state (dashboard). */
  onStatus?: (status: BotStatus) => void;
}

export interface BotStatus {
  state: BotState;
  lastScan?: ScanResult;
  positions?: Map<VenueName, Position[]>;
  /** Latest settled funding payment over its prediction, per venue (funding reality check). */
  fundingRatios?: Map<VenueName, Decimal>;
  /** The held pair's latest funding rate read per venue (per interval, fraction). */
  fundingRates?: Map<VenueName, { rate: Decimal; intervalHours: number; at: number }>;
  /** The held pair's funding payments since it opened, per venue, beside what the rates read predicted for them. */
  cycleFunding?: Map<VenueName, { actualUsd: Decimal; predictedUsd: Decimal; payments: number; unpredicted: number }>;
  /** Account balances read by the hold check (margin ratio), per venue. */
  balances?: Map<VenueName, Balance>;
  now: number;
}

export interface BotMetrics {
  hedgeLatencyMs: number[];
  nakedWindowsMs: number[];
  scans: number;
}

export class RotationBot {
  private state: BotState = emptyState();
  private stopped = false;
  private readonly abort = new AbortController();
  private wakeSleep: AbortController | undefined;
  /** Leverage read-back gaps already reported (once each). */
  private readonly leverageNotes = new Set<string>();
  private readonly marketCache = new Map<VenueName, Map<string, Market>>();
  private lastScan: ScanResult | undefined;
  private readonly saver: StateSaver;
  private marketsAt = 0;
  private readonly funding = new FundingWatch();
  private readonly basis = new BasisTracker();
  readonly metrics: BotMetrics = { hedgeLatencyMs: [], nakedWindowsMs: [], scans: 0 };

  constructor(private readonly deps: BotDeps) {
    this.saver = new StateSaver(deps.store);
  }

  get currentState(): BotState {
    return this.state;
  }

  get lastScanResult(): ScanResult | undefined {
    return this.lastScan;
  }

  /** Latest settled funding payment over its prediction, per venue. */
  get fundingRatios(): Map<VenueName, Decimal> {
    return this.funding.ratios();
  }

  /** Loads state (a corrupt file throws and is left untouched), refuses to run while halted, reconciles. */
  async init(): Promise<void> {
    await this.deps.halt.assertClear();
    this.state = (await this.deps.store.load()) ?? emptyState();
    // Markets first: reconciling a saved cycle needs each leg's lot and minimum size.
    await Promise.all(
      this.deps.venues.map(async ({ name, venue }) => {
        const markets = await venue.getMarkets();
        this.marketCache.set(name, new Map(markets.map((m) => [m.symbol, m])));
      }),
    );
    this.marketsAt = this.deps.clock.now();
    checkLeverage(this.deps.config, this.marketCache);
    await this.reconcile();
  }

  /** Runs until `stop()` or until `untilMs` of clock time. */
  async run(untilMs?: number): Promise<void> {
    let failures = 0;
    while (!this.stopped && (untilMs === undefined || this.deps.clock.now() < untilMs)) {
      let failed = false;
      try {
        await this.deps.halt.assertClear();
        await this.step();
        failures = 0;
      } catch (e) {
        if (isDnError(e, 'HALTED')) throw e;
        if (this.stopped) break;
        failed = true;
        failures += 1;
        this.deps.log.error({ err: errorSummary(e), failures }, 'loop iteration failed; retrying after a backoff');
        this.deps.print(`error: ${errorSummary(e)} (failure ${failures} in a row; retrying after a backoff)`);
        this.deps.onError?.((e as { code?: string }).code ?? 'UNKNOWN');
        if (this.saver.consecutiveFailures >= MAX_SAVE_FAILURES) await this.haltOnSaveFailures(e);
      }
      this.deps.onStatus?.(this.status());
      if (this.stopped) break;
      let wait = this.nextWakeMs(untilMs);
      // A failing step is retried with a growing pause, never in a tight loop (a due close whose save fails would
      // otherwise spin): 1 s, 2 s, 4 s … up to the check interval.
      if (failed) wait = Math.max(wait, Math.min(1_000 * 2 ** (failures - 1), this.checkIntervalMs()));
      if (untilMs !== undefined) wait = Math.min(wait, Math.max(0, untilMs - this.deps.clock.now()));
      if (wait > 0) {
        const wake = new AbortController();
        this.wakeSleep = wake;
        await this.deps.clock.sleep(wait, AbortSignal.any([this.abort.signal, wake.signal])).catch(() => undefined);
        this.wakeSleep = undefined;
      }
    }
  }

  /**
   * Ends the wait between steps now, so a command just handed over (a signal's force_rotation) is taken at once
   * rather than after the check interval. A step in progress is not interrupted. Safe from a signal handler.
   */
  wake(): void {
    this.wakeSleep?.abort();
  }

  private checkIntervalMs(): number {
    return this.deps.config.check_interval_seconds.mul(1000).toNumber();
  }

  private async haltOnSaveFailures(e: unknown): Promise<never> {
    const reason = `state file cannot be written (${this.saver.consecutiveFailures} failed saves in a row: ${errorSummary(e)}); free the disk, then remove the halt file`;
    this.deps.log.fatal({ reason }, 'halting');
    alertHalt(this.deps.alerter, reason);
    await this.deps.halt
      .write({ reason, by: 'rotation-bot' })
      .catch((err: unknown) => this.deps.log.fatal({ err: errorSummary(err) }, 'halt sentinel could not be written'));
    throw new HaltedError({ sentinelPath: this.deps.halt.path, reason });
  }

  /**
   * Asks the loop to end after the step in progress (an open or close is never cut in half). Safe from a signal
   * handler; `run()` then returns and the caller calls `stop()`.
   */
  requestStop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  /** Ends the bot after `run()` returned: the open cycle stays open unless `close_on_exit` is set. State is persisted. */
  async stop(): Promise<void> {
    this.requestStop();
    if (this.deps.config.close_on_exit && this.state.cycle?.phase === 'open') {
      await this.closeCycle('close_on_exit');
    }
    await this.persist();
  }

  private nextWakeMs(untilMs: number | undefined): number {
    const now = this.deps.clock.now();
    const c = this.deps.config;
    let wait: number;
    if (this.state.cycle) {
      wait = c.check_interval_seconds.mul(1000).toNumber();
      const closeAt = (this.state.cycle.openedAt ?? now) + c.hold_duration_hours.mul(3_600_000).toNumber();
      wait = Math.min(wait, Math.max(0, closeAt - now));
    } else if (this.state.waitUntil && this.state.waitUntil > now) {
      wait = this.state.waitUntil - now;
    } else {
      wait = c.scan_interval_seconds.mul(1000).toNumber();
    }
    if (untilMs !== undefined) wait = Math.min(wait, Math.max(0, untilMs - now));
    return wait;
  }

  private async step(): Promise<void> {
    const command = await this.deps.commands?.take();
    if (command === 'force_rotation') await this.forceRotation();
    const cycle = this.state.cycle;
    if (!cycle) {
      if (this.state.waitUntil && this.deps.clock.now() < this.state.waitUntil) return;
      await this.scanAndOpen();
      return;
    }
    if (cycle.phase === 'open') await this.hold(cycle);
    else if (cycle.phase === 'closing') await this.closeCycle(cycle.closeReason ?? 'resume_close');
    else await this.reconcile();
  }

  /** Closes the held pair now (if any) and scans right away instead of waiting. */
  private async forceRotation(): Promise<void> {
    this.deps.print('force_rotation: closing the current pair (if any) and scanning now');
    if (this.state.cycle?.phase === 'open') await this.closeCycle('force_rotation');
    this.state.waitUntil = undefined;
  }

  private async scanAndOpen(): Promise<void> {
    await this.refreshMarkets();
    const result = await scan(this.deps.venues, this.deps.config, {
      log: this.deps.log,
      now: () => this.deps.clock.now(),
      marketCache: this.marketCache,
      basis: this.basis,
      alerter: this.deps.alerter,
    });
    this.metrics.scans += 1;
    this.lastScan = result;
    this.deps.print(`\n[${iso(result.at)}] scan: ${result.opportunities.length} pairs\n${formatScanTable(result)}`);
    const eligible = result.opportunities.filter((o) => o.eligible);
    if (eligible.length === 0) {
      this.deps.log.info('no opportunity passes the filters');
      return;
    }
    // Walk down the ranked list (B7): one unaffordable, cooling or blocked pair must not hold back the others.
    for (const opp of eligible) {
      // A stop requested during the scan (Ctrl-C) means no new position (B6).
      if (this.stopped) return;
      const why = this.blockedBecause(opp);
      if (why) {
        this.deps.log.info({ symbol: opp.symbol, long: opp.long, short: opp.short, why }, 'opportunity skipped');
        continue;
      }
      const outcome = await this.open(opp, result.at);
      if (outcome !== 'skipped') return;
    }
  }

  /** Why this opportunity may not be opened now (cooldown after an abort), or undefined. */
  private blockedBecause(opp: Opportunity): string | undefined {
    const now = this.deps.clock.now();
    const cd = activeCooldown(this.state.cooldowns, cooldownKey(opp.symbol, opp.long, opp.short), now);
    if (cd) return `cooling down until ${iso(cd.until)} after ${cd.aborts} aborted open(s): ${cd.reason}`;
    for (const v of [opp.long, opp.short]) {
      const why = this.funding.blocked(v);
      if (why) return why;
    }
    return undefined;
  }

  /**
   * Market data (listings, active flag, lots, minimums, fees) is re-read every `markets_refresh_minutes`, and for the
   * two venues of an open right before it (`force`). The cache keeps every market, active or not: a held leg in a
   * market that stopped trading must still be closable and reconcilable.
   */
  private async refreshMarkets(only?: VenueName[]): Promise<void> {
    const now = this.deps.clock.now();
    const every = this.deps.config.markets_refresh_minutes.mul(60_000).toNumber();
    const due = only ?? (now - this.marketsAt >= every ? this.deps.venues.map((v) => v.name) : []);
    await Promise.all(
      due.map(async (name) => {
        const markets = await this.handle(name).venue.getMarkets();
        this.marketCache.set(name, new Map(markets.map((m) => [m.symbol, m])));
      }),
    );
    if (!only && due.length > 0) this.marketsAt = now;
  }

  /** `scannedAt`: when the scan that ranked `opp` had read its rates (its end: never before the reads). */
  private async open(opp: Opportunity, scannedAt: number): Promise<'opened' | 'aborted' | 'skipped'> {
    const c = this.deps.config;
    const long = this.handle(opp.long);
    const short = this.handle(opp.short);
    // Fresh listings for both venues right before trading (B1): a market can stop trading between two scans.
    await this.refreshMarkets([opp.long, opp.short]);
    const mLong = this.marketCache.get(opp.long)?.get(opp.symbol);
    const mShort = this.marketCache.get(opp.short)?.get(opp.symbol);
    if (!mLong?.active || !mShort?.active) {
      const which = !mLong?.active ? opp.long : opp.short;
      this.deps.print(`skip ${opp.symbol}: not trading on ${which} (inactive, reduce-only or delisting)`);
      return 'skipped';
    }
    const leverage = Decimal.min(c.leverage, mLong.maxLeverage, mShort.maxLeverage);
    // Leverage first on both venues, so the margin read below is the margin the orders will use.
    await Promise.all([long.venue.setLeverage(opp.symbol, leverage), short.venue.setLeverage(opp.symbol, leverage)]);
    // What the venues apply, where they say: a capped or ignored change would carry the pair at another margin than
    // the one sized for. Nothing has been sent yet; a venue that applied another leverage makes the pair rest.
    const readBack = await leverageReadBack([long, short], opp.symbol, leverage);
    if (!readBack.ok) {
      this.deps.print(`skip ${opp.symbol} (long ${opp.long} / short ${opp.short}): ${readBack.reason}`);
      this.deps.log.error({ symbol: opp.symbol, long: opp.long, short: opp.short }, readBack.reason);
      if (readBack.rest) {
        const key = cooldownKey(opp.symbol, opp.long, opp.short);
        const rest = afterAbort(
          this.state.cooldowns?.[key],
          this.deps.clock.now(),
          c.abort_cooldown_minutes.mul(60_000).toNumber(),
          readBack.reason,
        );
        this.state.cooldowns = { ...this.state.cooldowns, [key]: rest };
      }
      return 'skipped';
    }
    for (const u of readBack.unverified) {
      // Said once per venue and reason (not at every open): the operator knows the check is missing there.
      const note = `leverage on ${u.name} not read back: ${u.why}; trusting setLeverage (${leverage.toString()}×)`;
      if (this.leverageNotes.has(note)) continue;
      this.leverageNotes.add(note);
      this.deps.print(`note: ${note}`);
      this.deps.log.warn({ venue: u.name, symbol: opp.symbol }, note);
    }
    const [bLong, bShort] = await Promise.all([long.venue.getBalance(), short.venue.getBalance()]);
    const sizing = sizeOpen(opp, { long: mLong, short: mShort }, { long: bLong, short: bShort }, leverage, c);
    if (!sizing.ok) {
      this.deps.log.warn(
        { symbol: opp.symbol, need: sizing.minimumSize.toString(), can: sizing.maxSize.toString() },
        'size below venue minimums; trying the next opportunity',
      );
      this.deps.print(
        `skip ${opp.symbol}: affordable size ${sizing.maxSize.toSignificantDigits(6)} is below the venues' minimum ${sizing.minimumSize}`,
      );
      return 'skipped';
    }
    const cycle = planCycle(
      opp,
      sizing.size,
      leverage,
      { seq: this.state.nextCycleSeq, now: this.deps.clock.now() },
      c,
    );
    this.state.nextCycleSeq += 1;
    this.state.cycle = cycle;
    try {
      await this.persist();
    } catch (e) {
      // Nothing was sent: an opening order never leaves unrecorded. Forget the planned cycle.
      this.state.cycle = null;
      throw e;
    }
    this.deps.print(
      `open ${opp.symbol}: long ${opp.long} / short ${opp.short}, size ${sizing.size} (net APR ${opp.netApr.mul(100).toFixed(2)}%)`,
    );
    const legs = this.legs(cycle);
    const key = cooldownKey(opp.symbol, opp.long, opp.short);
    const outcome = await openPair(cycle, legs, this.twoLegDeps(cycle));
    if (outcome === 'aborted') {
      const reason = cycle.abortReason ?? 'open aborted';
      const cd = afterAbort(
        this.state.cooldowns?.[key],
        this.deps.clock.now(),
        c.abort_cooldown_minutes.mul(60_000).toNumber(),
        reason,
      );
      this.state.cooldowns = { ...this.state.cooldowns, [key]: cd };
      this.deps.print(
        `aborted ${opp.symbol} (long ${opp.long} / short ${opp.short}): ${reason}; this pair rests until ${iso(cd.until)}`,
      );
      alertAbortedOpen(this.deps.alerter, cycle, reason, cd.until);
      await this.finishCycle(cycle, 'aborted');
      return 'aborted';
    }
    // The rates the entry was judged on are readings for the funding reality check, stamped when the scan read them:
    // stamped at the open (which can come much later) they would pass for the rate in force at the next settlement.
    this.funding.noteRate(opp.long, opp.symbol, opp.longRate, opp.longIntervalHours, scannedAt, opp.midLong);
    this.funding.noteRate(opp.short, opp.symbol, opp.shortRate, opp.shortIntervalHours, scannedAt, opp.midShort);
    if (this.state.cooldowns?.[key]) {
      const { [key]: _done, ...rest } = this.state.cooldowns;
      this.state.cooldowns = rest;
    }
    this.deps.print(
      `opened ${cycle.symbol}: ${cycle.first.venue} ${cycle.first.size} / ${cycle.second.venue} ${cycle.second.size}`,
    );
    alertOpened(this.deps.alerter, cycle);
    return 'opened';
  }

  private async hold(cycle: CycleState): Promise<void> {
    const now = this.deps.clock.now();
    const { verdict, positions } = await checkHold(cycle, this.legs(cycle), {
      config: this.deps.config,
      now,
      clock: () => this.deps.clock.now(),
      log: this.deps.log,
      funding: this.funding,
      alert: (line) => {
        this.deps.log.error({ alert: line }, 'funding reality check failed; no new opens on this venue');
        this.deps.print(`ALERT: ${line} — no new opens on this venue until restarted`);
        this.deps.alerter?.send({
          kind: 'funding_reality_check',
          symbol: cycle.symbol,
          message: `${line}; no new opens on this venue until restarted`,
          details: { cycle: cycle.id },
        });
      },
    });
    // Balances (margin ratio on the dashboard) only while simply holding: a close or reconcile is not delayed for them.
    const legs = verdict.action === 'hold' ? positions.map(([leg]) => leg) : [];
    const balances = await Promise.all(legs.map((l) => l.venue.getBalance().catch(() => undefined)));
    this.deps.onStatus?.(
      this.status({
        positions: new Map(positions.map(([leg, ps]) => [leg.name, ps])),
        balances: new Map(legs.flatMap((l, i) => (balances[i] ? [[l.name, balances[i]] as const] : []))),
      }),
    );
    if (verdict.action === 'reconcile') {
      this.deps.log.warn({ cycle: cycle.id, why: verdict.why }, 'reconciling the held pair');
      await this.reconcile();
    } else if (verdict.action === 'closed_externally') {
      await this.finishCycle(cycle, 'closed_externally');
    } else if (verdict.action === 'close') {
      if (verdict.reason === 'liquidation_guard') alertLiquidationGuard(this.deps.alerter, cycle, verdict.detail ?? '');
      await this.closeCycle(verdict.reason, verdict.detail);
    }
  }

  private async closeCycle(reason: string, detail?: string): Promise<void> {
    const cycle = this.state.cycle;
    if (!cycle) return;
    cycle.closeReason = reason;
    this.deps.print(`close ${cycle.symbol} (${reason}${detail ? `: ${detail}` : ''})`);
    await closePair(cycle, this.legs(cycle), this.twoLegDeps(cycle));
    await this.finishCycle(cycle, reason);
  }

  private async finishCycle(cycle: CycleState, reason: string): Promise<void> {
    const now = this.deps.clock.now();
    const legs = this.legs(cycle);
    const totals = await cycleTotals(cycle, { first: legs.first.venue, second: legs.second.venue }, now);
    const done = completed(cycle, totals, now, reason);
    await this.deps.historyLog?.append(done);
    // The state file keeps the recent cycles only, so saving it stays fast however long the bot runs; the full
    // record is the append-only history log.
    this.state.history = [...this.state.history, done].slice(-STATE_HISTORY_LIMIT);
    this.state.stats = addToStats(this.state.stats, done);
    this.state.cycle = null;
    this.state.waitUntil = now + this.deps.config.wait_between_cycles_minutes.mul(60_000).toNumber();
    await this.persist();
    alertClosed(this.deps.alerter, done);
    this.deps.print(
      `cycle ${done.id} ${reason}: volume $${new Decimal(done.volumeUsd).toFixed(2)}, fees $${new Decimal(done.feesUsd).toFixed(4)}, funding $${new Decimal(done.fundingUsd).toFixed(4)}, net $${new Decimal(done.netUsd).toFixed(4)}${expectedText(done)}`,
    );
  }

  private async reconcile(): Promise<void> {
    const before = this.state.cycle;
    this.state = await reconcile(this.state, {
      venues: this.deps.venues,
      log: this.deps.log,
      halt: this.deps.halt,
      alerter: this.deps.alerter,
      twoLeg: this.twoLegDeps(before ?? undefined),
      legsFor: (cycle) => this.legs(cycle),
      now: () => this.deps.clock.now(),
    });
    if (before && !this.state.cycle) {
      // Both legs are flat: the cycle ends, and stays in history. It is kept as a finished close until its record is
      // written, so a failed record (fills not readable) is retried by the next step instead of lost (C5).
      const reason = before.phase === 'closing' ? (before.closeReason ?? 'reconciled_flat') : 'reconciled_flat';
      const ending: CycleState = { ...before, phase: 'closing', step: 'closed', closeReason: reason };
      ending.first = { ...ending.first, size: '0' };
      ending.second = { ...ending.second, size: '0' };
      this.state.cycle = ending;
      try {
        await this.finishCycle(ending, reason);
        return;
      } catch (e) {
        this.deps.log.error({ err: errorSummary(e), cycle: ending.id }, 'could not record the ended cycle; retrying');
      }
    }
    await this.persist();
  }

  private legs(cycle: CycleState): { first: LegVenue<VenueName>; second: LegVenue<VenueName> } {
    const leg = (name: VenueName): LegVenue<VenueName> => {
      const market = this.marketCache.get(name)?.get(cycle.symbol);
      if (!market) throw this.halted(`market ${cycle.symbol} is not listed on ${name}`);
      return { name, venue: this.handle(name).venue, market };
    };
    return { first: leg(cycle.first.venue), second: leg(cycle.second.venue) };
  }

  private handle(name: VenueName): { name: VenueName; venue: PerpVenue } {
    const h = this.deps.venues.find((v) => v.name === name);
    if (!h) throw this.halted(`state refers to venue ${name}, which is not configured`);
    return h;
  }

  /** A stop for a human that writes no sentinel (the configuration, not the venues, is wrong). */
  private halted(reason: string): HaltedError {
    return new HaltedError({ sentinelPath: this.deps.halt.path, reason });
  }

  private twoLegDeps(cycle?: CycleState): LegRiskDeps<CycleState> {
    const c = this.deps.config;
    return {
      clock: this.deps.clock,
      log: this.deps.log,
      halt: this.deps.halt,
      haltBy: 'rotation-bot',
      alerter: this.deps.alerter,
      onOrder: this.deps.onOrder,
      onError: this.deps.onError,
      persist: async (cy) => {
        this.state.cycle = cy;
        await this.persist();
      },
      persistSafe: async (cy) => {
        this.state.cycle = cy;
        await this.persist().catch((e: unknown) =>
          this.deps.log.error(
            { err: errorSummary(e), failures: this.saver.consecutiveFailures },
            'state save failed; the risk-reducing order goes out anyway',
          ),
        );
      },
      band: c.price_band_pct.div(100),
      ...bandCaps(c, cycle),
      singleLegTimeoutMs: c.single_leg_timeout_seconds.mul(1000).toNumber(),
      onNakedWindow: (ms) => {
        this.metrics.nakedWindowsMs.push(ms);
        if (ms > this.state.stats.maxNakedExposureMs) this.state.stats.maxNakedExposureMs = ms;
      },
      onHedgeLatency: (ms) => this.metrics.hedgeLatencyMs.push(ms),
    };
  }

  /** What the status page and the dashboard show after a step; `extra` carries what only the hold check reads. */
  private status(extra?: Pick<BotStatus, 'positions' | 'balances'>): BotStatus {
    const c = this.state.cycle;
    const venues = c ? [c.first.venue, c.second.venue] : [];
    const since = c ? (c.openedAt ?? c.startedAt) : 0;
    const rates = venues.flatMap((v) => {
      const r = c ? this.funding.latestRate(v, c.symbol) : undefined;
      return r ? [[v, r] as const] : [];
    });
    return {
      state: this.state,
      lastScan: this.lastScan,
      fundingRatios: this.funding.ratios(),
      fundingRates: new Map(rates),
      cycleFunding: new Map(venues.map((v) => [v, this.funding.accrued(v, c?.symbol ?? '', since)])),
      now: this.deps.clock.now(),
      ...extra,
    };
  }

  private persist(): Promise<void> {
    return this.saver.save(() => this.state);
  }
}
