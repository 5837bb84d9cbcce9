import {
  type AtomicJsonStore,
  type Clock,
  Decimal,
  errorSummary,
  type HaltSentinel,
  type Logger,
  type Market,
  type PerpVenue,
  type Position,
} from '@dn/core';
import { clientOrderId, DEFAULT_FLATTEN_OPTIONS, flatten, type IocMetricOutcome, placeIoc } from '@dn/execution';
import { updateAccounting } from './accounting.js';
import type { HedgeBotConfig } from './config.js';
import { decideLeg, stopLossBreach, type Targets, targetSizes } from './decide.js';
import { HedgeEstimator } from './hedge.js';
import { legRisk, midPrice } from './reads.js';
import { reconcile } from './reconcile.js';
import { emptyState, type HedgeState } from './state.js';

export interface BotDeps {
  config: HedgeBotConfig;
  venue: PerpVenue;
  venueName: string;
  /** Unified symbols of the two legs. */
  long: string;
  short: string;
  clock: Clock;
  log: Logger;
  store: AtomicJsonStore<HedgeState>;
  statePath: string;
  /** The home's sentinel: written on a stop-loss, obeyed before every cycle. */
  halt: HaltSentinel & {
    isHalted(): boolean;
    /** HaltWatch: wakes a sleeping bot when a sentinel appears, so it stops at once rather than at the next cycle. */
    onHalt?(listener: () => void): () => void;
  };
  print: (line: string) => void;
  onOrder?: (venue: string, outcome: IocMetricOutcome, latencyMs: number) => void;
  /** After every completed cycle (status line, metrics). Must not throw. */
  onCycle?: (view: CycleView) => void;
  /** Clock ms an IOC's outcome is looked up for before it is called unknown (default 30 s). */
  confirmTimeoutMs?: number;
}

/** What one cycle saw: the console status and the ops snapshot are drawn from it. */
export interface CycleView {
  at: number;
  longSize: Decimal;
  shortSize: Decimal;
  longPrice: Decimal;
  shortPrice: Decimal;
  targets?: Targets;
  netDeltaUsd: Decimal;
  unrealizedPnlUsd: Decimal;
  legs: Position[];
  traded: string[];
}

export type CycleOutcome = 'ok' | 'halted' | 'stopped';

/**
 * Long BTC, short ETH × h*: a hedge-ratio refresh every `HEDGE_REFRESH_INTERVAL`, a rebalance every
 * `REBALANCE_INTERVAL`, a reduce-only close of both legs and the halt sentinel when the stop-loss is hit. Orders go
 * through @dn/execution (IOCs read back; a lost answer looked up by client id, never re-sent).
 */
export class DeltaHedgeBot {
  private state!: HedgeState;
  private readonly estimator: HedgeEstimator;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  private markets = new Map<string, Market>();
  last: CycleView | undefined;

  constructor(private readonly deps: BotDeps) {
    this.estimator = new HedgeEstimator({
      venue: deps.venue,
      long: deps.long,
      short: deps.short,
      lookbackDays: deps.config.LOOKBACK_DAYS,
      minSamples: deps.config.MIN_HEDGE_SAMPLES,
    });
  }

  get currentState(): HedgeState {
    return this.state;
  }

  get nextRebalanceAt(): number {
    const now = this.deps.clock.now();
    // A cycle slower than the interval (a sped-up paper clock) is followed at once.
    return Math.max(now, (this.state.lastRebalanceAt ?? now) + this.deps.config.REBALANCE_INTERVAL * 1000);
  }

  /** Loads (or creates) the state, checks the markets and reconciles against the venue. Sends nothing. */
  async init(): Promise<string[]> {
    const { store, venue, clock, long, short, venueName, config } = this.deps;
    const saved = await store.load();
    if (saved && (saved.venue !== venueName || saved.long !== long || saved.short !== short)) {
      throw new Error(
        `state file ${this.deps.statePath} is for ${saved.long}/${saved.short} on ${saved.venue}, not ${long}/${short} on ${venueName}: pass another --state`,
      );
    }
    const markets = await venue.getMarkets();
    for (const symbol of [long, short]) {
      const m = markets.find((x) => x.symbol === symbol);
      if (!m)
        throw new Error(
          `${venueName} lists no ${symbol} perpetual (known: ${markets.map((x) => x.symbol).join(', ')})`,
        );
      this.markets.set(symbol, m);
    }
    const base = saved ?? emptyState({ venue: venueName, long, short, now: clock.now() });
    const r = await reconcile(base, venue, {
      clock,
      tolerance: config.POSITION_TOLERANCE,
      confirmTimeoutMs: this.deps.confirmTimeoutMs ?? 30_000,
      statePath: this.deps.statePath,
    });
    this.state = r.state;
    await this.save();
    return r.notes;
  }

  /** Runs cycles until `untilMs` (clock time), the signal, a halt or a stop-loss. */
  async run(untilMs?: number, signal?: AbortSignal): Promise<CycleOutcome> {
    const { clock } = this.deps;
    let nap: AbortController | undefined;
    const off = this.deps.halt.onHalt?.(() => nap?.abort());
    const onStop = () => nap?.abort();
    signal?.addEventListener('abort', onStop);
    try {
      for (;;) {
        if (signal?.aborted) return 'ok';
        const outcome = await this.cycle();
        if (outcome !== 'ok') return outcome;
        const wake = untilMs === undefined ? this.nextRebalanceAt : Math.min(this.nextRebalanceAt, untilMs);
        if (untilMs !== undefined && clock.now() >= untilMs) return 'ok';
        nap = new AbortController();
        // A sentinel that appeared during the cycle, before there was a sleep to wake.
        if (this.deps.halt.isHalted()) return 'halted';
        await clock.sleep(Math.max(0, wake - clock.now()), nap.signal).catch(() => undefined);
        if (this.deps.halt.isHalted()) return 'halted';
        if (untilMs !== undefined && clock.now() >= untilMs) return 'ok';
      }
    } finally {
      off?.();
      signal?.removeEventListener('abort', onStop);
    }
  }

  /** One cycle: halt check, hedge refresh when due, accounting, stop-loss, rebalance, save. */
  async cycle(): Promise<CycleOutcome> {
    const { clock, config, log } = this.deps;
    if (this.deps.halt.isHalted()) return 'halted';
    const now = clock.now();
    if (now - this.lastRefreshAt >= config.HEDGE_REFRESH_INTERVAL * 1000 || !this.state.hedge) {
      await this.refreshHedge(now);
    }
    if (this.state.pending && !(await this.settlePending())) {
      this.deps.print('rebalance skipped: the last order is still being looked up');
      return 'ok';
    }
    const view = await this.observe();
    this.state.accounting = await updateAccounting(
      this.state.accounting,
      this.deps.venue,
      [this.deps.long, this.deps.short],
      clock.now(),
    );
    const breach = stopLossBreach(
      { long: legRisk(view.legs, this.deps.long), short: legRisk(view.legs, this.deps.short) },
      config.STOP_LOSS_PCT,
      config.STOP_LOSS_MODE,
    );
    if (breach) return this.stopLoss(breach);
    if (this.state.hedge) await this.rebalance(view, this.state.hedge.ratio);
    else this.deps.print('no hedge ratio yet: not trading (see the last refresh message)');
    const maxNet = Decimal.max(this.state.accounting.maxNetDeltaUsd, view.netDeltaUsd.abs());
    this.state.accounting.maxNetDeltaUsd = maxNet.toString();
    this.state.lastRebalanceAt = now;
    this.last = view;
    await this.save();
    log.info({ net: view.netDeltaUsd.toFixed(2), traded: view.traded }, 'cycle');
    this.deps.onCycle?.(view);
    return 'ok';
  }

  private async refreshHedge(now: number): Promise<void> {
    const r = await this.estimator.refresh(now);
    this.lastRefreshAt = now;
    if (r.kind === 'failed') {
      const kept = this.state.hedge;
      const msg = kept
        ? `hedge ratio refresh failed (${r.reason}); keeping h* = ${kept.ratio.toFixed(4)} from ${new Date(kept.computedAt).toISOString()}`
        : `hedge ratio unavailable (${r.reason}); not trading until an estimate succeeds`;
      this.deps.log.warn({ reason: r.reason }, 'hedge refresh failed');
      this.deps.print(msg);
      return;
    }
    const e = r.estimate;
    if (r.missingLong.length + r.missingShort.length > 0) {
      const days = (ts: number[]) => ts.map((t) => new Date(t).toISOString().slice(0, 10)).join(', ');
      this.deps.print(
        `candle gaps dropped: ${this.deps.long} missing ${r.missingLong.length} day(s)${r.missingLong.length ? ` (${days(r.missingLong.slice(0, 5))})` : ''}, ${this.deps.short} missing ${r.missingShort.length}${r.missingShort.length ? ` (${days(r.missingShort.slice(0, 5))})` : ''}`,
      );
    }
    const changed = this.state.hedge?.toMs !== e.toMs || this.state.hedge?.samples !== e.samples;
    this.state.hedge = e;
    this.deps.log.info({ hedge: e }, 'hedge ratio');
    if (changed) {
      this.deps.print(
        `hedge ratio h* = ${e.ratio.toFixed(4)} (ρ ${e.correlation.toFixed(3)}, R² ${e.rSquared.toFixed(3)}, ${e.samples} daily returns ${new Date(e.fromMs).toISOString().slice(0, 10)} → ${new Date(e.toMs).toISOString().slice(0, 10)})`,
      );
    }
  }

  /** Settles an order a previous cycle could not: true when its outcome is known (and counted by the next read). */
  private async settlePending(): Promise<boolean> {
    const p = this.state.pending;
    if (!p) return true;
    const r = await reconcile(this.state, this.deps.venue, {
      clock: this.deps.clock,
      tolerance: new Decimal(Number.MAX_SAFE_INTEGER),
      confirmTimeoutMs: this.deps.confirmTimeoutMs ?? 30_000,
      statePath: this.deps.statePath,
    }).catch((e: unknown) => {
      this.deps.log.warn({ err: errorSummary(e) }, 'pending order still unknown');
      return undefined;
    });
    if (!r) return false;
    this.state = r.state;
    await this.save();
    return true;
  }

  private async observe(): Promise<CycleView> {
    const { venue, long, short, clock } = this.deps;
    const [positions, longPrice, shortPrice] = await Promise.all([
      venue.getPositions(),
      midPrice(venue, long),
      midPrice(venue, short),
    ]);
    const legs = positions.filter((p) => p.symbol === long || p.symbol === short);
    const size = (s: string) => legs.find((p) => p.symbol === s)?.size ?? new Decimal(0);
    const longSize = size(long);
    const shortSize = size(short);
    return {
      at: clock.now(),
      longSize,
      shortSize,
      longPrice,
      shortPrice,
      netDeltaUsd: longSize.mul(longPrice).plus(shortSize.mul(shortPrice)),
      unrealizedPnlUsd: legs.reduce((s, p) => s.plus(p.unrealizedPnl), new Decimal(0)),
      legs,
      traded: [],
    };
  }

  private async rebalance(view: CycleView, ratio: number): Promise<void> {
    const { config, long, short } = this.deps;
    const lm = this.markets.get(long) as Market;
    const sm = this.markets.get(short) as Market;
    const targets = targetSizes({
      baseSize: config.BASE_POSITION_SIZE,
      ratio,
      longPrice: view.longPrice,
      shortPrice: view.shortPrice,
      longLot: lm.lotSize,
      shortLot: sm.lotSize,
    });
    view.targets = targets;
    for (const [leg, symbol, market, current, target, price] of [
      ['long', long, lm, view.longSize, targets.long, view.longPrice],
      ['short', short, sm, view.shortSize, targets.short, view.shortPrice],
    ] as const) {
      const d = decideLeg({
        current,
        target,
        price,
        market,
        tolerance: config.POSITION_TOLERANCE,
        minOrder: config.MIN_ORDER_SIZE,
      });
      if (d.action === 'hold') continue;
      const filled = await this.send(leg, symbol, d.side, d.size, d.reduceOnly);
      if (filled.gt(0)) view.traded.push(`${d.side} ${filled.toString()} ${symbol}`);
    }
    if (view.traded.length > 0) {
      this.state.accounting.rebalances += 1;
      // Positions after the trades, for the status and the net delta.
      const after = await this.observe();
      view.longSize = after.longSize;
      view.shortSize = after.shortSize;
      view.legs = after.legs;
      view.netDeltaUsd = after.netDeltaUsd;
      view.unrealizedPnlUsd = after.unrealizedPnlUsd;
      this.state.accounting = await updateAccounting(
        this.state.accounting,
        this.deps.venue,
        [long, short],
        this.deps.clock.now(),
      );
    }
    this.state.positions = { long: view.longSize.toString(), short: view.shortSize.toString(), at: view.at };
  }

  /** One rebalance IOC: persisted as pending before it leaves, settled from the venue's read-back. */
  private async send(
    leg: 'long' | 'short',
    symbol: string,
    side: 'buy' | 'sell',
    size: Decimal,
    reduceOnly: boolean,
  ): Promise<Decimal> {
    const seq = this.state.nextOrderSeq;
    const id = clientOrderId(
      `${this.state.venue}:${this.state.long}/${this.state.short}:${this.state.startedAt}`,
      `r${seq}`,
    );
    this.state.nextOrderSeq = seq + 1;
    this.state.pending = { leg, symbol, side, size: size.toString(), clientOrderId: id, sentAt: this.deps.clock.now() };
    await this.save();
    const outcome = await placeIoc(
      {
        venue: this.deps.venue,
        symbol,
        side,
        size,
        reduceOnly,
        clientOrderId: id,
        band: this.deps.config.REBALANCE_BAND_PCT.div(100),
      },
      {
        clock: this.deps.clock,
        log: this.deps.log,
        confirmTimeoutMs: this.deps.confirmTimeoutMs ?? 30_000,
        ...(this.deps.onOrder ? { onOrder: this.deps.onOrder } : {}),
      },
    );
    if (outcome.kind === 'unknown') {
      // Left pending: the next cycle looks it up before sending anything else.
      this.deps.print(
        `${side} ${size.toString()} ${symbol}: outcome unknown (${outcome.reason}); looking it up next cycle`,
      );
      return new Decimal(0);
    }
    this.state.pending = null;
    if (outcome.kind === 'rejected')
      this.deps.print(`${side} ${size.toString()} ${symbol} rejected: ${outcome.reason}`);
    return outcome.filled;
  }

  private async stopLoss(reason: string): Promise<CycleOutcome> {
    const { venue, venueName, clock, log, halt, long, short } = this.deps;
    this.deps.print(`STOP-LOSS: ${reason}; closing both legs reduce-only and writing the halt sentinel`);
    log.error({ reason }, 'stop-loss');
    const existing = await halt.read().catch(() => undefined);
    if (!existing) {
      await halt
        .write({
          reason: `delta-hedge-bot stop-loss: ${reason}`,
          by: 'delta-hedge-bot',
          details: { venue: venueName, symbols: [long, short] },
        })
        .catch((e: unknown) => this.deps.print(`could not write the halt sentinel: ${errorSummary(e)}`));
    }
    const result = await flatten(
      [{ name: venueName, venue }],
      { clock, log, halt, haltBy: 'delta-hedge-bot' },
      { ...DEFAULT_FLATTEN_OPTIONS, symbols: [long, short] },
    );
    this.state.accounting = await updateAccounting(this.state.accounting, venue, [long, short], clock.now());
    const after = await this.observe();
    this.last = after;
    this.state.positions = { long: after.longSize.toString(), short: after.shortSize.toString(), at: after.at };
    this.state.stopped = { at: clock.now(), reason };
    await this.save();
    this.deps.print(
      result.flat
        ? `stop-loss: both legs closed; halted until an operator clears the sentinel (${halt.path})`
        : 'stop-loss: NOT flat after the close attempts — check the venue now; halted',
    );
    return 'stopped';
  }

  /**
   * Accounting brought up to now and the legs read once more, for the summary; saved. Sends nothing. `asOf` is the
   * time the accounting covers (compare a ledger up to it: a paper clock keeps moving).
   */
  async finish(): Promise<{ view: CycleView; asOf: number }> {
    const { venue, long, short, clock } = this.deps;
    const asOf = clock.now();
    this.state.accounting = await updateAccounting(this.state.accounting, venue, [long, short], asOf);
    const view = await this.observe();
    await this.save();
    return { view, asOf };
  }

  async save(): Promise<void> {
    await this.deps.store.save(this.state);
  }
}
