import { describe, expect, it } from 'vitest';
import { bookSubscriptionDepth, InvalidInputError } from '../../src/index.js';
import { thrownBy } from '../../src/testing/index.js';

describe('bookSubscriptionDepth', () => {
  it('the caller’s depth when given, else the connector’s default', () => {
    expect(bookSubscriptionDepth({ depth: 1 }, 50, 'x')).toBe(1);
    expect(bookSubscriptionDepth({ depth: 200 }, 50, 'x')).toBe(200);
    expect(bookSubscriptionDepth({}, 50, 'x')).toBe(50);
    expect(bookSubscriptionDepth(undefined, 15, 'x')).toBe(15);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s, naming the field and the venue', (bad) => {
    const e = thrownBy(InvalidInputError, () => bookSubscriptionDepth({ depth: bad }, 50, 'extended'));
    expect(e.context).toMatchObject({ field: 'depth', value: bad, venue: 'extended' });
  });
});
