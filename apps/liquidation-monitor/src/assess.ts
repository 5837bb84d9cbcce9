import { type Balance, Decimal, type Position } from '@dn/core';

/** What one check read from one venue. A failed read keeps the previous good values and says why. */
export interface VenueReading {
  venue: string;
  balance?: Balance;
  positions?: Position[];
  /** Clock time of the last read that succeeded (the start time before the first one). */
  lastOkAt: number;
  /** Why the latest read failed; undefined when it succeeded. */
  error?: string;
}

export interface Thresholds {
  /** Close when a venue's margin ratio (maintenance margin / equity) reaches this, percent. */
  marginThresholdPct: Decimal;
  /** Close when a position's mark is nearer its liquidation price than this, percent of mark. */
  minLiquidationDistancePct: Decimal;
  /** A symbol may stay unhedged this long (a bot's open or close in flight) before both legs are closed. */
  unhedgedGraceMs: number;
  /** A venue that cannot be read for this long gets its symbols closed. */
  staleLimitMs: number;
  /** Legs within this percent of each other (of the larger side) count as hedged. */
  hedgeTolerancePct: Decimal;
}

/** ok = green, warn = yellow (watch it), critical = red (the monitor acts). */
export type Level = 'ok' | 'warn' | 'critical';

export interface PositionHealth {
  venue: string;
  symbol: string;
  size: Decimal;
  notional: Decimal;
  markPrice: Decimal;
  unrealizedPnl: Decimal;
  liquidationPrice?: Decimal | null;
  /** |mark − liquidation| / mark × 100; undefined when the venue gives no liquidation price. */
  liquidationDistancePct?: Decimal;
  level: Level;
}

export interface VenueHealth {
  venue: string;
  equity?: Decimal;
  unrealizedPnl?: Decimal;
  /** Maintenance margin / equity × 100; undefined when the venue reports no maintenance margin. */
  marginRatioPct?: Decimal;
  /** Milliseconds since the last good read (0 when the latest read succeeded). */
  staleMs: number;
  error?: string;
  positions: PositionHealth[];
  level: Level;
}

export interface HedgeLeg {
  venue: string;
  size: Decimal;
}

export type HedgeStatus = 'hedged' | 'unhedged';

export interface SymbolHedge {
  symbol: string;
  legs: HedgeLeg[];
  status: HedgeStatus;
  /** Σ signed sizes: what is left exposed. */
  netSize: Decimal;
  /** Why it is unhedged: one leg, same sides, or sizes apart. */
  reason?: string;
  /** How long it has been unhedged (0 when hedged). */
  unhedgedMs: number;
  level: Level;
}

export type TriggerKind = 'margin' | 'liquidation_distance' | 'unhedged' | 'stale';

/** A reason to close: `symbols` are closed on every venue that holds them. */
export interface Trigger {
  kind: TriggerKind;
  venue?: string;
  symbols: string[];
  message: string;
}

export interface Assessment {
  at: number;
  venues: VenueHealth[];
  hedges: SymbolHedge[];
  triggers: Trigger[];
  level: Level;
}

/** A warning starts at this fraction of a closing threshold (80 % of the margin threshold, 2× the distance…). */
const WARN_FRACTION = new Decimal('0.8');
const HUNDRED = new Decimal(100);

/**
 * Judges one round of readings. Pure: the caller keeps `unhedgedSince` (symbol → clock time it was first seen
 * unhedged) between rounds; this function returns the updated map alongside the assessment.
 */
export function assess(
  readings: readonly VenueReading[],
  thresholds: Thresholds,
  now: number,
  unhedgedSince: ReadonlyMap<string, number>,
): { assessment: Assessment; unhedgedSince: Map<string, number> } {
  const venues = readings.map((r) => venueHealth(r, thresholds, now));
  const nextSince = new Map<string, number>();
  const hedges = hedgesOf(readings, thresholds).map((h) => {
    if (h.status === 'hedged') return h;
    const since = unhedgedSince.get(h.symbol) ?? now;
    nextSince.set(h.symbol, since);
    const unhedgedMs = now - since;
    return { ...h, unhedgedMs, level: (unhedgedMs >= thresholds.unhedgedGraceMs ? 'critical' : 'warn') as Level };
  });

  const triggers: Trigger[] = [];
  for (const v of venues) {
    const held = symbolsOn(readings, v.venue);
    if (v.marginRatioPct?.gte(thresholds.marginThresholdPct) && held.length > 0) {
      triggers.push({
        kind: 'margin',
        venue: v.venue,
        symbols: held,
        message: `margin ratio on ${v.venue} is ${v.marginRatioPct.toFixed(1)} % (threshold ${thresholds.marginThresholdPct} %)`,
      });
    }
    for (const p of v.positions) {
      if (p.liquidationDistancePct?.lt(thresholds.minLiquidationDistancePct)) {
        triggers.push({
          kind: 'liquidation_distance',
          venue: v.venue,
          symbols: [p.symbol],
          message:
            `${p.symbol} on ${v.venue} is ${p.liquidationDistancePct.toFixed(2)} % from liquidation ` +
            `(mark ${p.markPrice}, liquidation ${p.liquidationPrice}; minimum ${thresholds.minLiquidationDistancePct} %)`,
        });
      }
    }
    if (v.staleMs >= thresholds.staleLimitMs && held.length > 0) {
      triggers.push({
        kind: 'stale',
        venue: v.venue,
        symbols: held,
        message: `${v.venue} could not be read for ${Math.round(v.staleMs / 1000)} s (${v.error ?? 'no answer'})`,
      });
    }
  }
  for (const h of hedges) {
    if (h.level === 'critical') {
      triggers.push({
        kind: 'unhedged',
        symbols: [h.symbol],
        message: `${h.symbol} unhedged for ${Math.round(h.unhedgedMs / 1000)} s: ${h.reason}`,
      });
    }
  }
  const level = worst([...venues.map((v) => v.level), ...hedges.map((h) => h.level)]);
  return { assessment: { at: now, venues, hedges, triggers, level }, unhedgedSince: nextSince };
}

function venueHealth(r: VenueReading, t: Thresholds, now: number): VenueHealth {
  const staleMs = r.error === undefined ? 0 : Math.max(0, now - r.lastOkAt);
  const positions = (r.positions ?? []).filter((p) => !p.size.isZero()).map((p) => positionHealth(r.venue, p, t));
  const b = r.balance;
  const marginRatioPct =
    b?.maintenanceMargin !== undefined && b.equity.gt(0)
      ? b.maintenanceMargin.div(b.equity).mul(HUNDRED)
      : b?.maintenanceMargin?.gt(0) && b.equity.lte(0)
        ? HUNDRED // no equity left against a margin requirement: at liquidation
        : undefined;
  let level: Level = worst(positions.map((p) => p.level));
  if (marginRatioPct?.gte(t.marginThresholdPct)) level = 'critical';
  else if (marginRatioPct?.gte(t.marginThresholdPct.mul(WARN_FRACTION))) level = worst([level, 'warn']);
  if (staleMs >= t.staleLimitMs && positions.length > 0) level = 'critical';
  else if (r.error !== undefined) level = worst([level, 'warn']);
  return {
    venue: r.venue,
    ...(b ? { equity: b.equity, unrealizedPnl: b.unrealizedPnl } : {}),
    ...(marginRatioPct ? { marginRatioPct } : {}),
    staleMs,
    ...(r.error !== undefined ? { error: r.error } : {}),
    positions,
    level,
  };
}

function positionHealth(venue: string, p: Position, t: Thresholds): PositionHealth {
  const liq = p.liquidationPrice;
  const distance = liq && p.markPrice.gt(0) ? p.markPrice.sub(liq).abs().div(p.markPrice).mul(HUNDRED) : undefined;
  const level: Level = distance?.lt(t.minLiquidationDistancePct)
    ? 'critical'
    : distance?.lt(t.minLiquidationDistancePct.mul(2))
      ? 'warn'
      : 'ok';
  return {
    venue,
    symbol: p.symbol,
    size: p.size,
    notional: p.notional,
    markPrice: p.markPrice,
    unrealizedPnl: p.unrealizedPnl,
    ...(liq !== undefined ? { liquidationPrice: liq } : {}),
    ...(distance ? { liquidationDistancePct: distance } : {}),
    level,
  };
}

/**
 * Every symbol with a position anywhere, and whether its legs offset: at least one long and one short whose sizes
 * agree within the tolerance. A venue whose read failed keeps its last known positions, so a leg does not look
 * "gone" (and its partner unhedged) because one read failed.
 */
export function hedgesOf(readings: readonly VenueReading[], t: Pick<Thresholds, 'hedgeTolerancePct'>): SymbolHedge[] {
  const bySymbol = new Map<string, HedgeLeg[]>();
  for (const r of readings) {
    for (const p of r.positions ?? []) {
      if (p.size.isZero()) continue;
      const legs = bySymbol.get(p.symbol) ?? [];
      legs.push({ venue: r.venue, size: p.size });
      bySymbol.set(p.symbol, legs);
    }
  }
  const out: SymbolHedge[] = [];
  for (const [symbol, legs] of [...bySymbol].sort(([a], [b]) => a.localeCompare(b))) {
    const long = legs.filter((l) => l.size.gt(0)).reduce((s, l) => s.add(l.size), new Decimal(0));
    const short = legs.filter((l) => l.size.lt(0)).reduce((s, l) => s.add(l.size.abs()), new Decimal(0));
    const netSize = long.sub(short);
    const larger = Decimal.max(long, short);
    let reason: string | undefined;
    if (legs.length === 1) reason = `one leg only (${legs[0]?.venue} ${legs[0]?.size})`;
    else if (long.isZero() || short.isZero()) reason = `every leg on the same side (${describe(legs)})`;
    else if (netSize.abs().div(larger).mul(HUNDRED).gt(t.hedgeTolerancePct)) {
      reason = `sizes differ by ${netSize.abs()} (${describe(legs)})`;
    }
    out.push({
      symbol,
      legs,
      status: reason ? 'unhedged' : 'hedged',
      netSize,
      ...(reason ? { reason } : {}),
      unhedgedMs: 0,
      level: reason ? 'warn' : 'ok',
    });
  }
  return out;
}

function describe(legs: readonly HedgeLeg[]): string {
  return legs.map((l) => `${l.venue} ${l.size}`).join(', ');
}

function symbolsOn(readings: readonly VenueReading[], venue: string): string[] {
  const r = readings.find((x) => x.venue === venue);
  return [...new Set((r?.positions ?? []).filter((p) => !p.size.isZero()).map((p) => p.symbol))].sort();
}

export function worst(levels: readonly Level[]): Level {
  if (levels.includes('critical')) return 'critical';
  return levels.includes('warn') ? 'warn' : 'ok';
}

/** The symbols the triggers ask to close, each once. */
export function symbolsToClose(triggers: readonly Trigger[]): string[] {
  return [...new Set(triggers.flatMap((t) => t.symbols))].sort();
}
