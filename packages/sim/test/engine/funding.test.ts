import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { defaultMarkets, type SimMarket } from '../../src/engine/index.js';
import { ledgerSum, setup, T0 } from './helpers.js';

const HOUR = 3_600_000;

describe('funding', () => {
  it('settles hourly exactly on the boundary: payment = −size × mark × rate (longs pay a positive rate)', async () => {
    const { engine, clock } = setup('extended');
    await clock.advance(60_000);
    engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.1' });
    engine.placeOrder('b', { symbol: 'BTC', side: 'sell', type: 'market', size: '0.1' });
    expect(engine.funding('BTC').nextFundingTime).toBe(T0 + HOUR);
    await clock.advanceTo(T0 + HOUR - 1);
    expect(engine.fundingPayments('a')).toHaveLength(0);
    await clock.advanceTo(T0 + HOUR);
    const [pa] = engine.fundingPayments('a');
    const [pb] = engine.fundingPayments('b');
    const [rec] = engine.fundingHistory('BTC');
    expect(rec?.time).toBe(T0 + HOUR);
    expect(pa?.timestamp).toBe(T0 + HOUR);
    const expected = new Decimal('0.1')
      .mul(rec?.markPrice as Decimal)
      .mul(rec?.rate as Decimal)
      .neg()
      .toDecimalPlaces(8, Decimal.ROUND_HALF_UP);
    expect(pa?.amount.eq(expected)).toBe(true);
    expect(pb?.amount.eq(expected.neg())).toBe(true);
    expect(rec?.rate.gt(0)).toBe(true);
    expect(pa?.amount.lt(0)).toBe(true);
    await clock.advanceTo(T0 + 3 * HOUR + 5);
    expect(engine.fundingPayments('a').map((p) => p.timestamp)).toEqual([1, 2, 3].map((h) => T0 + h * HOUR));
    expect(ledgerSum(engine, 'a').eq(engine.account('a').collateral)).toBe(true);
  });

  it('settles every 4 h on edgeX, anchored at 00:00 UTC', async () => {
    const { engine, clock } = setup('edgex');
    expect(engine.funding('ETH').intervalHours).toBe(4);
    engine.placeOrder('a', { symbol: 'ETH', side: 'buy', type: 'market', size: '1' });
    await clock.advance(9 * HOUR);
    expect(engine.fundingPayments('a').map((p) => p.timestamp)).toEqual([T0 + 4 * HOUR, T0 + 8 * HOUR]);
    expect(engine.funding('ETH').nextFundingTime).toBe(T0 + 12 * HOUR);
  });

  it('pays longs when the rate is negative and caps the rate', async () => {
    const markets = (model: SimMarket['funding']): SimMarket[] =>
      defaultMarkets('extended', ['BTC', 'ETH']).map((m) => ({ ...m, funding: model }));
    const neg = setup('extended', {
      markets: markets({ meanPerHour: -0.0002, sdPerHour: 0.000001, halfLifeHours: 4 }),
    });
    neg.engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.1' });
    await neg.clock.advance(HOUR);
    const [p] = neg.engine.fundingPayments('a');
    expect(p?.rate.lt(0)).toBe(true);
    expect(p?.amount.gt(0)).toBe(true);

    const hot = setup('extended', { markets: markets({ meanPerHour: 0.5, sdPerHour: 0.01, halfLifeHours: 4 }) });
    expect(hot.engine.funding('BTC').rate.toString()).toBe('0.0025');
    hot.engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.1' });
    await hot.clock.advance(HOUR);
    expect(hot.engine.fundingHistory('BTC')[0]?.rate.toString()).toBe('0.0025');
  });

  it('rates differ across venues and move over hours', async () => {
    const ext = setup('extended');
    const pac = setup('pacifica');
    const a: number[] = [];
    const b: number[] = [];
    for (let h = 0; h < 48; h++) {
      a.push(ext.engine.funding('SOL').rate.toNumber());
      b.push(pac.engine.funding('SOL').rate.toNumber());
      await ext.clock.advance(HOUR);
      await pac.clock.advance(HOUR);
    }
    expect(new Set(a).size).toBeGreaterThan(40);
    const diffs = a.map((x, i) => x - (b[i] as number));
    expect(diffs.some((d) => d > 0)).toBe(true);
    expect(diffs.some((d) => d < 0)).toBe(true);
  });
});
