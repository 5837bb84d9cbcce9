import { describe, expect, it } from 'vitest';
import { commonStep } from '../src/index.js';
// Internal helpers (not exported: @dn/core has its own step rounding for connectors).
import { ceilToStep, floorToStep } from '../src/steps.js';
import { errorCode } from './helpers.js';

describe('floorToStep / ceilToStep', () => {
  it('round down and up to the step', () => {
    expect(floorToStep('1.2345', '0.01').toString()).toBe('1.23');
    expect(ceilToStep('1.231', '0.01').toString()).toBe('1.24');
    expect(floorToStep('-1.231', '0.01').toString()).toBe('-1.24');
    expect(ceilToStep('7', '2.5').toString()).toBe('7.5');
  });

  it('leave exact multiples alone where binary floats would not (0.3 / 0.1 = 2.9999… in floats)', () => {
    expect(floorToStep('0.3', '0.1').toString()).toBe('0.3');
    expect(ceilToStep('0.3', '0.1').toString()).toBe('0.3');
  });

  it('reject a non-positive step or a non-finite value', () => {
    expect(errorCode(() => floorToStep('1', '0'))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => ceilToStep('1', '-0.1'))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => floorToStep(Number.NaN, '0.1'))).toBe('MATH_INVALID_PARAMETER');
  });

  it('refuse fractional JS numbers for amounts, accept safe integers', () => {
    expect(errorCode(() => floorToStep(0.3, '0.1'))).toBe('MATH_INVALID_PARAMETER');
    expect(floorToStep(7, 2).toString()).toBe('6');
  });
});

describe('commonStep', () => {
  it('is the lcm of decimal steps', () => {
    // [a, b, lcm(a, b)]
    const cases = [
      ['0.001', '0.0025', '0.005'],
      ['0.01', '0.001', '0.01'],
      ['0.3', '0.2', '0.6'],
      ['1', '0.4', '2'],
      ['0.00000001', '0.3', '0.3'],
      ['0.0025', '0.0025', '0.0025'],
    ] as const;
    for (const [a, b, lcm] of cases) expect(commonStep(a, b).toString(), `${a} ${b}`).toBe(lcm);
  });

  it('rejects non-positive steps', () => {
    expect(errorCode(() => commonStep('0', '0.1'))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => commonStep('0.1', '-0.1'))).toBe('MATH_INVALID_PARAMETER');
  });
});
