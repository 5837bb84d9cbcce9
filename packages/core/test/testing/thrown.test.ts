import { describe, expect, it } from 'vitest';
import { ConfigError, InvalidInputError } from '../../src/index.js';
import { thrownBy } from '../../src/testing/index.js';

describe('thrownBy', () => {
  it('returns the error of the class asked for, rethrows another, fails when nothing is thrown', () => {
    const e = thrownBy(InvalidInputError, () => {
      throw new InvalidInputError('bad size', { field: 'size' });
    });
    expect(e.context.field).toBe('size');
    expect(() =>
      thrownBy(ConfigError, () => {
        throw new InvalidInputError('bad size');
      }),
    ).toThrow(InvalidInputError);
    expect(() => thrownBy(ConfigError, () => 1)).toThrow('expected a ConfigError, but nothing was thrown');
  });
});
