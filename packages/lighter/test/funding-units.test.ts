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
    const cases: [why: string, change: string, rate: string, side: 'long' | 'short', want: [string, string]][] = [
      ['long paid 0.5 USDC at 0.01 %: longs paid → positive rate', '-0.5', '0.01', 'long', ['-0.5', '0.0001']],
      // Whether or not the venue signs `rate`.
      ['long received: shorts paid → negative rate', '0.5', '0.01', 'long', ['0.5', '-0.0001']],
      ['long received, rate signed by the venue', '0.5', '-0.01', 'long', ['0.5', '-0.0001']],
      ['short paid: shorts paid → negative', '-0.2', '0.01', 'short', ['-0.2', '-0.0001']],
      ['short received: longs paid → positive', '0.2', '0.01', 'short', ['0.2', '0.0001']],
    ];
    for (const [why, change, rate, side, want] of cases) {
      expect(fmt(accountFunding({ change: d(change), rate: d(rate), position_side: side })), why).toEqual(want);
    }
  });
});

function fmt(r: { amount: Decimal; rate: Decimal }): string[] {
  return [r.amount.toFixed(), r.rate.toFixed()];
}
