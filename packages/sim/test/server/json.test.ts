import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { jsonNumber, stringifyJson } from '../../src/server/index.js';

describe('stringifyJson', () => {
  it('writes bigints and jsonNumber values as bare JSON numbers with their exact digits', () => {
    const text = stringifyJson({
      id: 1234567890123456789n,
      price: jsonNumber(new Decimal('3024.123456789012345678')),
      rate: jsonNumber(new Decimal('0.0000125')),
      label: 'x',
      size: new Decimal('1.5'),
    });
    // No float on the way: more digits than a double holds survive, and a Decimal not marked stays a string.
    expect(text).toBe(
      '{"id":1234567890123456789,"price":3024.123456789012345678,"rate":0.0000125,"label":"x","size":"1.5"}',
    );
  });

  it('leaves a document without bigints or numerals as JSON.stringify writes it', () => {
    expect(stringifyJson({ a: [1, 'b', null] })).toBe('{"a":[1,"b",null]}');
  });
});
