import { Decimal } from '@dn/core';
import type { FlattenResult, VenueSurvey } from '@dn/execution';
import { describe, expect, it } from 'vitest';
import { buildPlan, formatPlan } from '../src/plan.js';
import { decimalText, EXIT_FLAT, EXIT_NOT_FLAT, exitCodeFor, formatReport, toJsonReport } from '../src/report.js';

const result = (over: Partial<FlattenResult> = {}): FlattenResult => ({
  flat: false,
  dryRun: false,
  halt: { state: 'written', path: 'rotation-bot.HALT.json' },
  startedAt: 0,
  finishedAt: 1,
  venues: [
    {
      venue: 'extended',
      reachable: true,
      ordersCancelled: 2,
      openOrders: [],
      positions: [
        {
          venue: 'extended',
          symbol: 'BTC',
          before: new Decimal('0.5'),
          after: new Decimal(0),
          closed: new Decimal('0.5'),
          attempts: 2,
          fills: 2,
          fees: new Decimal('12.3456'),
        },
        {
          venue: 'extended',
          symbol: 'ETH',
          before: new Decimal('-3'),
          after: new Decimal('-1.2'),
          closed: new Decimal('1.8'),
          attempts: 8,
          fills: 3,
          fees: new Decimal('1.5'),
          error: 'still open after 8 attempt(s)',
        },
      ],
    },
    {
      venue: 'lighter',
      reachable: true,
      ordersCancelled: 0,
      openOrders: [{ symbol: 'SOL', id: '77', side: 'buy', size: new Decimal(1), reduceOnly: false }],
      positions: [],
    },
    {
      venue: 'edgex',
      reachable: false,
      error: 'TRANSPORT: connect ECONNREFUSED',
      ordersCancelled: 0,
      openOrders: [],
      positions: [],
    },
  ],
  ...over,
});

describe('report', () => {
  it('JSON: signed decimal strings, open orders, unreachable venues', () => {
    expect(toJsonReport(result())).toEqual({
      flat: false,
      dryRun: false,
      positions: [
        { venue: 'extended', symbol: 'BTC', before: '0.5', after: '0' },
        { venue: 'extended', symbol: 'ETH', before: '-3', after: '-1.2' },
      ],
      openOrders: [{ venue: 'lighter', symbol: 'SOL', id: '77' }],
      unreachable: [{ venue: 'edgex', error: 'TRANSPORT: connect ECONNREFUSED' }],
      halt: { state: 'written', path: 'rotation-bot.HALT.json' },
    });
  });

  it('JSON: unknown sizes are null, decimals never in exponent form', () => {
    const r = result();
    const p = r.venues[0]?.positions[1];
    if (p) p.after = undefined;
    expect(toJsonReport(r).positions[1]?.after).toBeNull();
    expect(decimalText(new Decimal('1e-9'))).toBe('0.000000001');
    expect(decimalText(new Decimal('-0'))).toBe('0');
  });

  it('table: one row per venue and symbol with before, closed, remaining, fills, fees', () => {
    const text = formatReport(result());
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^VENUE\s+SYMBOL\s+BEFORE\s+CLOSED\s+REMAINING\s+SENT\s+FILLS\s+FEES\s+STATUS$/);
    expect(lines.find((l) => l.includes('BTC'))).toMatch(
      /extended\s+BTC\s+\+0\.5\s+0\.5\s+0\s+2\s+2\s+12\.3456\s+flat/,
    );
    expect(lines.find((l) => l.includes('ETH'))).toMatch(/-3\s+1\.8\s+-1\.2.*OPEN: still open after 8/);
    expect(text).toContain('edgex');
    expect(text).toContain('UNREACHABLE: TRANSPORT: connect ECONNREFUSED');
    expect(text).toContain('lighter SOL order 77');
    expect(text).toContain('RESULT: NOT FLAT');
    expect(formatReport(result({ flat: true, venues: [] }))).toContain('RESULT: FLAT');
  });

  it('exit code is 0 only when flat', () => {
    expect(exitCodeFor(result())).toBe(EXIT_NOT_FLAT);
    expect(exitCodeFor(result({ flat: true }))).toBe(EXIT_FLAT);
  });

  it('plan: cancels first, then closes on the opposite side; unreachable venues listed', () => {
    const surveys: VenueSurvey[] = [
      {
        venue: 'pacifica',
        ok: true,
        markets: new Map(),
        positions: [{ symbol: 'BTC', size: new Decimal('-0.2') }],
        openOrders: [{ symbol: 'ETH', id: '9', side: 'sell', size: new Decimal(1), reduceOnly: false }],
      },
      { venue: 'edgex', ok: false, error: 'TRANSPORT: down' },
    ];
    const plan = buildPlan(surveys);
    expect(plan.actions).toEqual([
      { kind: 'cancel', venue: 'pacifica', symbol: 'ETH', orderId: '9' },
      { kind: 'close', venue: 'pacifica', symbol: 'BTC', side: 'buy', size: new Decimal('0.2') },
    ]);
    expect(plan.unreachable).toEqual([{ venue: 'edgex', error: 'TRANSPORT: down' }]);
    const text = formatPlan(plan);
    expect(text).toContain('position BTC');
    expect(text).toContain('-0.2');
    expect(text).toContain('close  pacifica BTC: buy 0.2 reduce-only IOC');
    expect(text).toContain('edgex: UNREACHABLE');
    expect(formatPlan(buildPlan([]))).toContain('nothing to do');
  });
});
