import { Decimal } from '@dn/core';
import type { CycleRow, OpsMetrics, StatusLeg, StatusSnapshot } from '@dn/ops';
import type { BotStatus } from './bot.js';
import type { BotState } from './state.js';

/**
 * Follows the bot's status callbacks for the status page and the metrics: the latest status, the latest positions
 * (only the hold step reads them; the loop's own callback does not carry them) and the wall time of the last tick.
 */
export class OpsStatusTracker {
  private status: BotStatus | undefined;
  private positions: BotStatus['positions'];
  private balances: BotStatus['balances'];
  private lastLoopAt: number | null = null;

  private nextLoopAt: number | null = null;

  constructor(
    private readonly app: {
      mode: string;
      isHalted: () => boolean;
      /** Clock speed (paper ×N): clock ms per wall ms. */
      speed: number;
      checkIntervalMs: number;
      scanIntervalMs: number;
      holdMs: number;
    },
    private readonly naked: () => { totalSeconds: number },
  ) {}

  update(status: BotStatus, metrics?: OpsMetrics): void {
    this.status = status;
    if (status.positions) this.positions = status.positions;
    if (status.balances) this.balances = status.balances;
    if (!status.state.cycle) {
      this.positions = undefined;
      this.balances = undefined;
    }
    this.lastLoopAt = Date.now();
    this.nextLoopAt = this.lastLoopAt + this.plannedSleepMs(status.state, status.now) / this.app.speed;
    if (metrics) this.feed(status.state, metrics);
  }

  /** The final figures, after the loop ended (stop, close on exit). */
  final(state: BotState, metrics?: OpsMetrics): void {
    if (this.status) this.status = { ...this.status, state };
    if (metrics) this.feed(state, metrics);
  }

  /** The latest status with the latest positions and balances kept from the last hold check (dashboard). */
  latest(): BotStatus | undefined {
    if (!this.status) return undefined;
    return { ...this.status, positions: this.positions, balances: this.balances };
  }

  snapshot(): StatusSnapshot {
    const state = this.status?.state;
    const now = this.status?.now ?? Date.now();
    const c = state?.cycle ?? null;
    const s = state?.stats;
    const legs: StatusLeg[] = [];
    for (const leg of c ? [c.first, c.second] : []) {
      const p = this.positions?.get(leg.venue)?.find((x) => x.symbol === c?.symbol);
      legs.push({
        venue: leg.venue,
        symbol: c?.symbol ?? '',
        side: leg.side === 'buy' ? 'long' : 'short',
        size: leg.size,
        entryPrice: p?.entryPrice.toString() ?? leg.entryPrice,
        markPrice: p?.markPrice.toString(),
        unrealizedPnlUsd: p?.unrealizedPnl.toString(),
        liquidationPrice: p?.liquidationPrice === undefined ? undefined : (p.liquidationPrice?.toString() ?? null),
        notionalUsd: p?.notional.toString(),
      });
    }
    const notes: string[] = [];
    if (!c && state?.waitUntil && state.waitUntil > now) {
      notes.push(`waiting until ${new Date(state.waitUntil).toISOString()} before the next scan`);
    }
    return {
      app: 'rotation-bot',
      mode: this.app.mode,
      phase: this.app.isHalted() ? 'halted' : (c?.phase ?? (state ? 'idle' : 'starting')),
      halted: this.app.isHalted(),
      lastLoopAt: this.lastLoopAt,
      nextLoopAt: this.nextLoopAt,
      now,
      headline: c
        ? `cycle ${c.id} ${c.symbol} ${c.phase} (${c.step}${c.stepAttempt ? ` #${c.stepAttempt}` : ''})${c.expectedNetAprPct ? `, expected net APR ${c.expectedNetAprPct}%` : ''}`
        : undefined,
      legs,
      funding: [...(this.status?.fundingRatios ?? [])].map(([venue, r]) => ({
        venue,
        paidOverPredicted: r.isFinite() ? r.toFixed(4) : 'inf',
      })),
      pnl: {
        cycles: s?.cycles ?? 0,
        volumeUsd: s?.volumeUsd ?? '0',
        feesUsd: s?.feesUsd ?? '0',
        fundingUsd: s?.fundingUsd ?? '0',
        pricePnlUsd: s?.pricePnlUsd ?? '0',
        netUsd: s?.netUsd ?? '0',
        maxNakedExposureSeconds: (s?.maxNakedExposureMs ?? 0) / 1000,
      },
      notes,
    };
  }

  history(): CycleRow[] {
    return (this.status?.state.history ?? []).map((h) => ({
      id: h.id,
      symbol: h.symbol,
      longVenue: h.longVenue,
      shortVenue: h.shortVenue,
      size: h.size,
      openedAt: h.openedAt,
      closedAt: h.closedAt,
      reason: h.reason,
      feesUsd: h.feesUsd,
      fundingUsd: h.fundingUsd,
      pricePnlUsd: h.pricePnlUsd,
      netUsd: h.netUsd,
    }));
  }

  /** The bot's sleep after a tick (as RotationBot.nextWakeMs plans it), so a long wait is not taken for a stuck loop. */
  private plannedSleepMs(state: BotState, now: number): number {
    const c = state.cycle;
    if (c) return Math.min(this.app.checkIntervalMs, Math.max(0, (c.openedAt ?? now) + this.app.holdMs - now));
    if (state.waitUntil && state.waitUntil > now) return state.waitUntil - now;
    return this.app.scanIntervalMs;
  }

  private feed(state: BotState, metrics: OpsMetrics): void {
    const s = state.stats;
    metrics.setPnl({
      fundingUsd: s.fundingUsd,
      feesUsd: s.feesUsd,
      pricePnlUsd: s.pricePnlUsd,
      netUsd: s.netUsd,
      volumeUsd: s.volumeUsd,
      cycles: s.cycles,
    });
    metrics.setNakedExposure(s.maxNakedExposureMs / 1000, this.naked().totalSeconds);
    metrics.setHalted(this.app.isHalted());
    metrics.markLoop();
    const c = state.cycle;
    const rows: Array<{ venue: string; symbol: string; size: Decimal; notionalUsd: Decimal }> = [];
    if (c) {
      for (const leg of [c.first, c.second]) {
        const p = this.positions?.get(leg.venue)?.find((x) => x.symbol === c.symbol);
        // Without a fresh position read the saved size is the best figure; its notional waits for the next read.
        rows.push({
          venue: leg.venue,
          symbol: c.symbol,
          size: p?.size ?? new Decimal(leg.size),
          notionalUsd: p?.notional ?? new Decimal(0),
        });
      }
    }
    metrics.setPositions(rows);
    metrics.clearNetExposure();
    if (c && rows.every((r) => !r.notionalUsd.isZero())) {
      const net = rows.reduce((sum, r) => sum.plus(r.notionalUsd.mul(r.size.s ?? 0)), new Decimal(0));
      metrics.setNetExposure(c.symbol, net);
    }
  }
}
