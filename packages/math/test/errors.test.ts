import { describe, expect, it } from 'vitest';
import { computeReturns, isMathInputError, MathInputError } from '../src/index.js';
import { catchMathError } from './helpers.js';

describe('MathInputError', () => {
  it('is an Error with a stable code, a name and a frozen context', () => {
    const error = new MathInputError('MATH_SERIES_TOO_SHORT', 'too short', { series: 'x', length: 1, minimum: 2 });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('MathInputError');
    expect(error.code).toBe('MATH_SERIES_TOO_SHORT');
    expect(error.message).toBe('too short');
    expect(error.context).toEqual({ series: 'x', length: 1, minimum: 2 });
    expect(Object.isFrozen(error.context)).toBe(true);
  });

  it('is what the public functions throw, with a context naming the bad parameter', () => {
    const error = catchMathError(() => computeReturns(['100', '-1']));
    expect(error.code).toBe('MATH_INVALID_PARAMETER');
    expect(error.context).toMatchObject({ parameter: 'prices[1]', value: '-1' });
    expect(error.message).toContain('prices[1]');
  });
});

describe('isMathInputError', () => {
  const error = new MathInputError('MATH_INVALID_PARAMETER', 'bad', { parameter: 'p', value: 1, expected: 'x' });

  it('recognises the class, optionally by code', () => {
    expect(isMathInputError(error)).toBe(true);
    expect(isMathInputError(error, 'MATH_INVALID_PARAMETER')).toBe(true);
    expect(isMathInputError(error, 'MATH_SERIES_MISALIGNED')).toBe(false);
  });

  it('rejects other errors and non-errors', () => {
    expect(isMathInputError(new Error('bad'))).toBe(false);
    expect(isMathInputError({ code: 'MATH_INVALID_PARAMETER' })).toBe(false);
    expect(isMathInputError(undefined)).toBe(false);
  });
});
