import { describe, expect, it } from 'vitest';
import {
  breakEvenApr,
  breakEvenHoldHours,
  fundingApr,
  HOURS_PER_YEAR,
  hourlyFundingRate,
  netFundingApr,
  pairFundingApr,
  roundTripCost,
} from '../src/index.js';
import { catchMathError, errorCode } from './helpers.js';

describe('hourlyFundingRate / fundingApr', () => {
  it('normalises by the interval before annualising: ×8760 for 1 h, ×2190 for 4 h, ×1095 for 8 h', () => {
    expect(HOURS_PER_YEAR).toBe(8760);
    expect(hourlyFundingRate('0.0004', 4).toString()).toBe('0.0001');
    expect(fundingApr('0.0001', 1).toString()).toBe('0.876');
    expect(fundingApr('0.0001', 4).toString()).toBe('0.219');
    expect(fundingApr('0.0001', 8).toString()).toBe('0.1095');
    expect(fundingApr('-0.0003', '3').toString()).toBe('-0.876');
  });

  it('requires the interval: missing, zero or negative is an error, never a default', () => {
    const missing = catchMathError(() => fundingApr('0.0001', undefined as unknown as number));
    expect(missing.code).toBe('MATH_INVALID_PARAMETER');
    expect(missing.context).toMatchObject({ parameter: 'intervalHours' });
    expect(errorCode(() => fundingApr('0.0001', 0))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => hourlyFundingRate('0.0001', -8))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => fundingApr('abc', 8))).toBe('MATH_INVALID_PARAMETER');
  });

  it('refuses a rate given as a fractional JS number (amounts never pass through floats)', () => {
    const error = catchMathError(() => fundingApr(0.0001, 8));
    expect(error.code).toBe('MATH_INVALID_PARAMETER');
    expect(error.context).toMatchObject({ parameter: 'rate', value: 0.0001 });
    // An interval is a duration, not an amount: a fractional number of hours is fine.
    expect(fundingApr('0.0001', 0.5).toString()).toBe('1.752');
  });
});

describe('pairFundingApr', () => {
  it('long earns −rate_long, short earns +rate_short, each on its own interval', () => {
    // long on an 8 h venue at −0.01 % (shorts pay us): +0.1095; short on a 1 h venue at +0.005 %: +0.438
    const result = pairFundingApr({
      long: { rate: '-0.0001', intervalHours: 8 },
      short: { rate: '0.00005', intervalHours: 1 },
    });
    expect(result.longLegApr.toString()).toBe('0.1095');
    expect(result.shortLegApr.toString()).toBe('0.438');
    expect(result.apr.toString()).toBe('0.5475');
  });

  it('equal rates on equal intervals cancel; the wrong direction is negative', () => {
    const same = pairFundingApr({
      long: { rate: '0.0001', intervalHours: 1 },
      short: { rate: '0.0001', intervalHours: 1 },
    });
    expect(same.apr.isZero()).toBe(true);
    const wrongWay = pairFundingApr({
      long: { rate: '0.0002', intervalHours: 1 },
      short: { rate: '0.0001', intervalHours: 1 },
    });
    expect(wrongWay.apr.toString()).toBe('-0.876');
  });

  it('same per-interval rate, different intervals: the 1 h venue pays 8× the 8 h one', () => {
    const result = pairFundingApr({
      long: { rate: '0.0001', intervalHours: 8 },
      short: { rate: '0.0001', intervalHours: 1 },
    });
    expect(result.apr.toString()).toBe('0.7665');
  });
});

describe('roundTripCost', () => {
  it('reproduces math.md D.4: 2×4.5 bps + 2×4.0 bps = 0.17 %; 2×0 + 2×2.5 bps = 0.05 %', () => {
    expect(roundTripCost({ longTakerFee: '0.00045', shortTakerFee: '0.0004' }).toString()).toBe('0.0017');
    expect(roundTripCost({ longTakerFee: 0, shortTakerFee: '0.00025' }).toString()).toBe('0.0005');
  });

  it('adds entry slippage and exit cost once each', () => {
    const c = roundTripCost({
      longTakerFee: '0.00045',
      shortTakerFee: '0.0004',
      entrySlippage: '0.0002',
      exitCost: '0.0003',
    });
    expect(c.toString()).toBe('0.0022');
  });

  it('rejects negative or malformed costs', () => {
    expect(errorCode(() => roundTripCost({ longTakerFee: '-0.00045', shortTakerFee: '0.0004' }))).toBe(
      'MATH_INVALID_PARAMETER',
    );
    expect(errorCode(() => roundTripCost({ longTakerFee: '0', shortTakerFee: '0', exitCost: 'x' }))).toBe(
      'MATH_INVALID_PARAMETER',
    );
  });
});

describe('breakEvenApr', () => {
  it('reproduces math.md D.4 worked figures: 186 %, 62 %, 31 % at c = 0.17 %; 55 %, 18 %, 9 % at c = 0.05 %', () => {
    expect(breakEvenApr('0.0017', 8).toString()).toBe('1.8615');
    expect(breakEvenApr('0.0017', 24).toString()).toBe('0.6205');
    expect(breakEvenApr('0.0017', 48).toString()).toBe('0.31025');
    expect(breakEvenApr('0.0005', 8).toString()).toBe('0.5475');
    expect(breakEvenApr('0.0005', 24).toString()).toBe('0.1825');
    expect(breakEvenApr('0.0005', 48).toString()).toBe('0.09125');
  });

  it('rejects a zero hold and a negative cost', () => {
    expect(errorCode(() => breakEvenApr('0.0017', 0))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => breakEvenApr('-0.0017', 8))).toBe('MATH_INVALID_PARAMETER');
  });
});

describe('breakEvenHoldHours', () => {
  it('inverts breakEvenApr: c × 8760 / APR', () => {
    expect(breakEvenHoldHours('0.0005', '0.5475')?.toString()).toBe('8');
    expect(breakEvenHoldHours('0.0017', '0.31025')?.toString()).toBe('48');
  });

  it('returns null when the APR is zero or negative (never breaks even)', () => {
    expect(breakEvenHoldHours('0.0017', 0)).toBeNull();
    expect(breakEvenHoldHours('0.0017', '-0.1')).toBeNull();
  });

  it('rejects a negative cost', () => {
    expect(errorCode(() => breakEvenHoldHours('-0.0017', '0.5'))).toBe('MATH_INVALID_PARAMETER');
  });
});

describe('netFundingApr', () => {
  it('subtracts the amortised round trip: 100 % gross, 48 h, c = 0.05 %, $2000 notional', () => {
    // costApr = 0.0005·8760/48 = 0.09125; netApr = 0.90875;
    // netReturn = 1·48/8760 − 0.0005 = 0.0049794520547945…; netPnl = 2000 × that = 9.958904109589…
    const result = netFundingApr({ apr: 1, holdHours: 48, roundTripCost: '0.0005', notional: '2000' });
    expect(result.grossApr.toString()).toBe('1');
    expect(result.costApr.toString()).toBe('0.09125');
    expect(result.netApr.toString()).toBe('0.90875');
    expect(result.netReturn.toNumber()).toBeCloseTo(48 / 8760 - 0.0005, 15);
    expect(result.netPnl?.toNumber()).toBeCloseTo(9.95890410958904, 12);
  });

  it('goes negative when the hold is too short for the cost (50 % gross, 24 h, 0.17 %)', () => {
    const result = netFundingApr({ apr: '0.5', holdHours: 24, roundTripCost: '0.0017', notional: '10000' });
    expect(result.costApr.toString()).toBe('0.6205');
    expect(result.netApr.toString()).toBe('-0.1205');
    expect(result.netPnl?.toNumber()).toBeCloseTo(-3.3013698630137, 12);
  });

  it('is zero at the break-even APR, and omits netPnl without a notional', () => {
    const apr = breakEvenApr('0.0017', 24);
    const result = netFundingApr({ apr, holdHours: 24, roundTripCost: '0.0017' });
    expect(result.netApr.isZero()).toBe(true);
    expect(result.netReturn.abs().lt('1e-18')).toBe(true);
    expect(result.netPnl).toBeUndefined();
  });

  it('rejects a non-positive hold, a negative cost and a negative notional', () => {
    expect(errorCode(() => netFundingApr({ apr: 1, holdHours: 0, roundTripCost: '0.001' }))).toBe(
      'MATH_INVALID_PARAMETER',
    );
    expect(errorCode(() => netFundingApr({ apr: 1, holdHours: 8, roundTripCost: '-0.001' }))).toBe(
      'MATH_INVALID_PARAMETER',
    );
    expect(errorCode(() => netFundingApr({ apr: 1, holdHours: 8, roundTripCost: '0.001', notional: '-1' }))).toBe(
      'MATH_INVALID_PARAMETER',
    );
  });
});
