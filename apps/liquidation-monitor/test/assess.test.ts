import { Decimal, type Position } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { assess, hedgesOf, symbolsToClose, type Thresholds, type VenueReading } from '../src/assess.js';

const T: Thresholds = {
  marginThresholdPct: new Decimal(80),
  minLiquidationDistancePct: new Decimal(5),
  unhedgedGraceMs: 120_000,
  staleLimitMs: 300_000,
  hedgeTolerancePct: new Decimal(1),
};

function pos(symbol: string, size: string, mark = '100', liq?: string | null): Position {
  const s = new Decimal(size);
  return {
    symbol,
    size: s,
    entryPrice: new Decimal(mark),
    markPrice: new Decimal(mark),
    unrealizedPnl: new Decimal(0),
    notional: s.abs().mul(mark),
    ...(liq === undefined ? {} : { liquidationPrice: liq === null ? null : new Decimal(liq) }),
  };
}

function reading(venue: string, positions: Position[], extra: Partial<VenueReading> = {}): VenueReading {
  return {
    venue,
    lastOkAt: 0,
    balance: {
      currency: 'USD',
      collateral: new Decimal(1000),
      equity: new Decimal(1000),
      availableMargin: new Decimal(500),
      unrealizedPnl: new Decimal(0),
    },
    positions,
    ...extra,
  };
}

describe('hedgesOf', () => {
  it('opposite legs within the tolerance are hedged; one leg, same sides or sizes apart are not', () => {
    const hedges = hedgesOf(
      [
        reading('extended', [pos('BTC', '1'), pos('ETH', '2'), pos('SOL', '10'), pos('DOGE', '100')]),
        reading('lighter', [pos('BTC', '-0.995'), pos('SOL', '5'), pos('DOGE', '-90')]),
      ],
      T,
    );
    const by = Object.fromEntries(hedges.map((h) => [h.symbol, h]));
    expect(by.BTC?.status).toBe('hedged');
    expect(by.BTC?.netSize.toString()).toBe('0.005');
    expect(by.ETH?.reason).toBe('one leg only (extended 2)');
    expect(by.SOL?.reason).toBe('every leg on the same side (extended 10, lighter 5)');
    expect(by.DOGE?.reason).toBe('sizes differ by 10 (extended 100, lighter -90)');
  });

  it('ignores zero-size positions', () => {
    expect(hedgesOf([reading('a', [pos('BTC', '0')])], T)).toEqual([]);
  });
});

describe('assess', () => {
  it('an unhedged symbol warns inside the grace period and triggers a close after it', () => {
    const readings = [reading('extended', [pos('ETH', '1')])];
    const first = assess(readings, T, 1_000, new Map());
    expect(first.assessment.level).toBe('warn');
    expect(first.assessment.triggers).toEqual([]);
    expect(first.unhedgedSince.get('ETH')).toBe(1_000);
    const later = assess(readings, T, 1_000 + 120_000, first.unhedgedSince);
    expect(later.assessment.level).toBe('critical');
    expect(later.assessment.triggers).toMatchObject([{ kind: 'unhedged', symbols: ['ETH'] }]);
    // Hedged again: the timer starts over.
    const hedged = assess(
      [reading('extended', [pos('ETH', '1')]), reading('b', [pos('ETH', '-1')])],
      T,
      999_999,
      later.unhedgedSince,
    );
    expect(hedged.unhedgedSince.size).toBe(0);
    expect(hedged.assessment.level).toBe('ok');
  });

  it('margin ratio at the threshold closes every symbol on that venue; 80 % of it warns', () => {
    const mm = (v: string) => ({
      currency: 'USD',
      collateral: new Decimal(1000),
      equity: new Decimal(1000),
      availableMargin: new Decimal(0),
      unrealizedPnl: new Decimal(0),
      maintenanceMargin: new Decimal(v),
    });
    const hot = assess(
      [reading('lighter', [pos('BTC', '1'), pos('ETH', '-1')], { balance: mm('800') })],
      T,
      0,
      new Map(),
    );
    expect(hot.assessment.venues[0]?.marginRatioPct?.toString()).toBe('80');
    expect(hot.assessment.triggers.find((t) => t.kind === 'margin')).toMatchObject({
      venue: 'lighter',
      symbols: ['BTC', 'ETH'],
    });
    const warm = assess([reading('lighter', [pos('BTC', '1')], { balance: mm('650') })], T, 0, new Map());
    expect(warm.assessment.venues[0]?.level).toBe('warn');
    expect(warm.assessment.triggers.filter((t) => t.kind === 'margin')).toEqual([]);
  });

  it('no equity left against a margin requirement counts as 100 %', () => {
    const r = reading('x', [pos('BTC', '1')], {
      balance: {
        currency: 'USD',
        collateral: new Decimal(0),
        equity: new Decimal(-5),
        availableMargin: new Decimal(0),
        unrealizedPnl: new Decimal(-5),
        maintenanceMargin: new Decimal(10),
      },
    });
    expect(assess([r], T, 0, new Map()).assessment.venues[0]?.marginRatioPct?.toString()).toBe('100');
  });

  it('a leg nearer its liquidation price than the minimum triggers; no liquidation price never does', () => {
    const a = assess(
      [reading('x', [pos('BTC', '1', '100', '96'), pos('ETH', '1', '100', '92'), pos('SOL', '1', '100', null)])],
      T,
      0,
      new Map(),
    ).assessment;
    const health = Object.fromEntries((a.venues[0]?.positions ?? []).map((p) => [p.symbol, p]));
    expect(health.BTC?.liquidationDistancePct?.toString()).toBe('4');
    expect(health.BTC?.level).toBe('critical');
    expect(health.ETH?.level).toBe('warn');
    expect(health.SOL?.level).toBe('ok');
    expect(a.triggers.filter((t) => t.kind === 'liquidation_distance').map((t) => t.symbols)).toEqual([['BTC']]);
  });

  it('a venue unreadable past the stale limit closes its symbols; the last known positions are kept', () => {
    const stale = reading('edgex', [pos('BTC', '-1')], { lastOkAt: 0, error: 'TRANSPORT: timeout' });
    const other = reading('lighter', [pos('BTC', '1')]);
    const early = assess([stale, other], T, 299_000, new Map()).assessment;
    expect(early.triggers).toEqual([]);
    expect(early.hedges[0]?.status).toBe('hedged');
    expect(early.venues[0]?.level).toBe('warn');
    const late = assess([stale, other], T, 300_000, new Map()).assessment;
    expect(late.triggers).toMatchObject([{ kind: 'stale', venue: 'edgex', symbols: ['BTC'] }]);
    expect(symbolsToClose(late.triggers)).toEqual(['BTC']);
  });

  it('a stale venue without positions is a warning, not a reason to close anything', () => {
    const a = assess([reading('edgex', [], { lastOkAt: 0, error: 'down' })], T, 10_000_000, new Map()).assessment;
    expect(a.triggers).toEqual([]);
    expect(a.level).toBe('warn');
  });
});
