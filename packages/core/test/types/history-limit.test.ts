import { describe, expect, it } from 'vitest';
import { historyLimit, InvalidInputError } from '../../src/index.js';

describe('historyLimit', () => {
  it('the caller’s limit when given, else the venue’s page size', () => {
    expect(historyLimit(5, 100, 'x')).toBe(5);
    expect(historyLimit(undefined, 100, 'x')).toBe(100);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s, naming the field and the venue', (bad) => {
    const e = (() => {
      try {
        historyLimit(bad, 100, 'pacifica');
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(InvalidInputError);
    expect((e as InvalidInputError).context).toMatchObject({ field: 'limit', venue: 'pacifica' });
  });
});
