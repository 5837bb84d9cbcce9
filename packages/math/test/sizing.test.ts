import { describe, expect, it } from 'vitest';
import { type PairPositionSizeParameters, pairPositionSize, type VenueSizeLimits } from '../src/index.js';
import { catchMathError, errorCode } from './helpers.js';

const venueA: VenueSizeLimits = {
  price: '60000',
  lotSize: '0.001',
  minSize: '0.001',
  availableMargin: '1000',
  leverage: 5,
  takerFee: '0.00025',
};
const venueB: VenueSizeLimits = {
  price: '60010',
  lotSize: '0.0025',
  minSize: '0.005',
  availableMargin: '800',
  leverage: 5,
  takerFee: '0.0004',
};
const base: PairPositionSizeParameters = { venueA, venueB, maxNotional: '10000' };

describe('pairPositionSize', () => {
  it('caps by the tighter margin and floors to the lcm of the lots', () => {
    // A: 1000·0.95·5/(1 + 2·0.00025·5) = 4738.15 → 0.078969 BTC
    // B: 800·0.95·5/(1 + 2·0.0004·5) = 3784.86 → 0.063071 BTC   ← binding
    // max notional: 10000/60010 = 0.16664 BTC; lcm(0.001, 0.0025) = 0.005 → 0.060
    const result = pairPositionSize(base);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.size.toString()).toBe('0.06');
    expect(result.step.toString()).toBe('0.005');
    expect(result.limitedBy).toBe('venueB-margin');
    expect(result.notionalA.toString()).toBe('3600');
    expect(result.notionalB.toString()).toBe('3600.6');
  });

  it('caps by max notional at the higher price', () => {
    // 1000/60010 = 0.016664 → 0.015 (multiple of 0.005), not 0.016 (which venue B would reject)
    const result = pairPositionSize({ ...base, maxNotional: '1000' });
    expect(result).toMatchObject({ ok: true, limitedBy: 'max-notional' });
    expect(result.ok && result.size.toString()).toBe('0.015');
  });

  it('applies the default 0.95 safety factor and reserves entry + exit fees', () => {
    const simple: VenueSizeLimits = {
      price: '100',
      lotSize: '0.01',
      minSize: '0.01',
      availableMargin: '100',
      leverage: 10,
    };
    const roomy: VenueSizeLimits = { ...simple, availableMargin: '1000000' };
    const params = { venueA: simple, venueB: roomy, maxNotional: '1000000' };
    // 100·0.95·10/100 = 9.5
    const byDefault = pairPositionSize(params);
    expect(byDefault).toMatchObject({ ok: true, limitedBy: 'venueA-margin' });
    expect(byDefault.ok && byDefault.size.toString()).toBe('9.5');
    // safety 1: exactly 10
    const full = pairPositionSize({ ...params, safetyFactor: 1 });
    expect(full.ok && full.size.toString()).toBe('10');
    // fee 0.1 %: 1000/(1 + 2·0.001·10) = 980.39 → 9.8039 → 9.80
    const withFee = pairPositionSize({ ...params, venueA: { ...simple, takerFee: '0.001' }, safetyFactor: 1 });
    expect(withFee.ok && withFee.size.toString()).toBe('9.8');
  });

  it('returns a typed below-minimum result when the margin cannot carry the minimum', () => {
    // B: 50·0.95·5/1.004 = 236.55 → 0.0039419 BTC < 0.005
    const result = pairPositionSize({ ...base, venueB: { ...venueB, availableMargin: '50' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('below-minimum');
    expect(result.limitedBy).toBe('venueB-margin');
    expect(result.minimumSize.toString()).toBe('0.005');
    expect(result.maxSize.toNumber()).toBeCloseTo((50 * 0.95 * 5) / 1.004 / 60010, 12);
  });

  it('rounds the larger minimum up to the common step before comparing', () => {
    // min 0.007 on A → smallest size valid on both is 0.010; a 534 notional cap allows 0.0088985 → 0.005
    const result = pairPositionSize({ ...base, venueA: { ...venueA, minSize: '0.007' }, maxNotional: '534' });
    expect(result).toMatchObject({ ok: false, reason: 'below-minimum', limitedBy: 'max-notional' });
    expect(!result.ok && result.minimumSize.toString()).toBe('0.01');
  });

  it('treats zero or negative available margin as no capacity, not as an error', () => {
    const result = pairPositionSize({ ...base, venueA: { ...venueA, availableMargin: '-25' } });
    expect(result).toMatchObject({ ok: false, limitedBy: 'venueA-margin' });
    expect(!result.ok && result.maxSize.isZero()).toBe(true);
  });

  it('never returns a zero size even when both minimums are zero', () => {
    const result = pairPositionSize({
      ...base,
      venueA: { ...venueA, minSize: '0' },
      venueB: { ...venueB, minSize: '0' },
      maxNotional: '100',
    });
    // 100/60010 = 0.00166 → floors to 0 < one step of 0.005
    expect(result).toMatchObject({ ok: false, reason: 'below-minimum' });
    expect(!result.ok && result.minimumSize.toString()).toBe('0.005');
  });

  it('rejects malformed limits with the offending field named', () => {
    const lot = catchMathError(() => pairPositionSize({ ...base, venueB: { ...venueB, lotSize: '-0.1' } }));
    expect(lot.code).toBe('MATH_INVALID_PARAMETER');
    expect(lot.context).toMatchObject({ parameter: 'venueB.lotSize' });
    expect(errorCode(() => pairPositionSize({ ...base, venueA: { ...venueA, leverage: 0 } }))).toBe(
      'MATH_INVALID_PARAMETER',
    );
    expect(errorCode(() => pairPositionSize({ ...base, venueA: { ...venueA, price: 'abc' } }))).toBe(
      'MATH_INVALID_PARAMETER',
    );
    expect(errorCode(() => pairPositionSize({ ...base, venueA: { ...venueA, takerFee: '-0.001' } }))).toBe(
      'MATH_INVALID_PARAMETER',
    );
    expect(errorCode(() => pairPositionSize({ ...base, venueA: { ...venueA, minSize: '-1' } }))).toBe(
      'MATH_INVALID_PARAMETER',
    );
    expect(errorCode(() => pairPositionSize({ ...base, safetyFactor: '1.5' }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => pairPositionSize({ ...base, safetyFactor: 0 }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => pairPositionSize({ ...base, maxNotional: '-1' }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => pairPositionSize({ ...base, venueA: { ...venueA, price: 60000.5 } }))).toBe(
      'MATH_INVALID_PARAMETER',
    );
  });
});
