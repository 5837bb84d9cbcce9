import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { accountFunding, hourlyRateFromFundingRow, hourlyRateFromRest, hourlyRateFromWs } from '../src/index.js';

const d = (v: string) => new Decimal(v);

describe('funding units (one module; core convention: fraction per interval, + = longs pay)', () => {
  it('/fundings: unsigned percent with the paying side → signed fraction per hour', () => {
    expect(hourlyRateFromFundingRow({ rate: d('0.0012'), direction: 'long' }).toFixed()).toBe('0.000012');
    expect(hourlyRateFromFundingRow({ rate: d('0.0002'), direction: 'short' }).toFixed()).toBe('-0.000002');
  });

  it('market_stats percent per hour and funding-rates fraction per 8 h agree on the CCXT pair (0.0012 % ~ 0.000096)', () => {
    expect(hourlyRateFromWs(d('0.0012')).toFixed()).toBe('0.000012');
    expect(hourlyRateFromRest(d('0.000096')).toFixed()).toBe('0.000012');
    expect(hourlyRateFromWs(d('-0.0028')).toFixed()).toBe('-0.000028');
  });

  it('a settled payment keeps its cash sign and derives the rate sign from who paid', () => {
    // Long paid 0.5 USDC at 0.01 %: longs paid → positive rate.
    expect(fmt(accountFunding({ change: d('-0.5'), rate: d('0.01'), position_side: 'long' }))).toEqual([
      '-0.5',
      '0.0001',
    ]);
    // Long received: shorts paid → negative rate, whether or not the venue signs `rate`.
    expect(fmt(accountFunding({ change: d('0.5'), rate: d('0.01'), position_side: 'long' }))).toEqual([
      '0.5',
      '-0.0001',
    ]);
    expect(fmt(accountFunding({ change: d('0.5'), rate: d('-0.01'), position_side: 'long' }))).toEqual([
      '0.5',
      '-0.0001',
    ]);
    // Short paid: shorts paid → negative; short received: longs paid → positive.
    expect(fmt(accountFunding({ change: d('-0.2'), rate: d('0.01'), position_side: 'short' }))).toEqual([
      '-0.2',
      '-0.0001',
    ]);
    expect(fmt(accountFunding({ change: d('0.2'), rate: d('0.01'), position_side: 'short' }))).toEqual([
      '0.2',
      '0.0001',
    ]);
  });
});

function fmt(r: { amount: Decimal; rate: Decimal }): string[] {
  return [r.amount.toFixed(), r.rate.toFixed()];
}
