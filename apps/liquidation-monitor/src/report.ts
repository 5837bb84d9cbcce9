import type { Decimal } from '@dn/core';
import type { StatusSnapshot } from '@dn/ops';
import type { CheckResult } from './monitor.js';

const d = (x: Decimal | undefined | null) => (x === undefined || x === null ? x : x.toString());

/** One check as JSON for scripts: decimals as strings (exact), times as ISO strings. */
export function assessmentJson(r: CheckResult): Record<string, unknown> {
  const a = r.assessment;
  return {
    check: r.check,
    at: new Date(a.at).toISOString(),
    level: a.level,
    venues: a.venues.map((v) => ({
      venue: v.venue,
      level: v.level,
      equity: d(v.equity),
      unrealizedPnl: d(v.unrealizedPnl),
      marginRatioPct: d(v.marginRatioPct),
      staleSeconds: Math.round(v.staleMs / 1000),
      error: v.error,
      positions: v.positions.map((p) => ({
        symbol: p.symbol,
        size: d(p.size),
        notional: d(p.notional),
        markPrice: d(p.markPrice),
        liquidationPrice: d(p.liquidationPrice),
        liquidationDistancePct: d(p.liquidationDistancePct),
        unrealizedPnl: d(p.unrealizedPnl),
        level: p.level,
      })),
    })),
    hedges: a.hedges.map((h) => ({
      symbol: h.symbol,
      status: h.status,
      netSize: d(h.netSize),
      legs: h.legs.map((l) => ({ venue: l.venue, size: d(l.size) })),
      reason: h.reason,
      unhedgedSeconds: Math.round(h.unhedgedMs / 1000),
      level: h.level,
    })),
    triggers: a.triggers,
    close: r.close
      ? {
          symbols: r.close.symbols,
          reasons: r.close.reasons,
          flat: r.close.outcome.flat,
          left: Object.fromEntries(r.close.outcome.left),
        }
      : undefined,
  };
}

/** The status page's data (`--http-port`): every leg, the hedge verdicts and what triggered, no secrets. */
export function statusSnapshot(
  r: CheckResult | undefined,
  info: { mode: string; halted: boolean; now: number; intervalMs: number },
): StatusSnapshot {
  const a = r?.assessment;
  return {
    app: 'liquidation-monitor',
    mode: info.mode,
    phase: info.halted ? 'halted' : !a ? 'starting' : a.level === 'critical' ? 'acting' : 'watching',
    lastLoopAt: r ? Date.now() : null,
    nextLoopAt: r ? Date.now() + info.intervalMs : null,
    now: info.now,
    halted: info.halted,
    headline: a ? `check #${r?.check}: ${a.level}` : 'first check pending',
    legs: (a?.venues ?? []).flatMap((v) =>
      v.positions.map((p) => ({
        venue: v.venue,
        symbol: p.symbol,
        side: p.size.isNeg() ? ('short' as const) : ('long' as const),
        size: p.size.abs().toString(),
        markPrice: p.markPrice.toString(),
        unrealizedPnlUsd: p.unrealizedPnl.toFixed(2),
        liquidationPrice: p.liquidationPrice === undefined ? undefined : (p.liquidationPrice?.toString() ?? null),
        notionalUsd: p.notional.toFixed(2),
      })),
    ),
    funding: [],
    pnl: { cycles: 0, volumeUsd: '0', feesUsd: '0', fundingUsd: '0', pricePnlUsd: '0', netUsd: '0' },
    notes: [
      ...(a?.venues ?? []).map(
        (v) =>
          `${v.venue}: ${v.level}${v.marginRatioPct ? `, margin ratio ${v.marginRatioPct.toFixed(1)} %` : ''}${v.error ? `, read failed: ${v.error}` : ''}`,
      ),
      ...(a?.hedges ?? []).map((h) => `${h.symbol}: ${h.status}${h.reason ? ` — ${h.reason}` : ''}`),
      ...(a?.triggers ?? []).map((t) => `trigger: ${t.message}`),
    ],
  };
}
