import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zBigInt, zDecimal, zId, zInt, zNullableList } from '../../src/index.js';

describe('wire number schemas', () => {
  it('parse strings and numerals exactly', () => {
    expect(zDecimal.parse('0.00012500').toFixed()).toBe('0.000125');
    expect(zDecimal.parse(42).toFixed()).toBe('42');
    expect(zId.parse('1234567890123456789012')).toBe('1234567890123456789012');
    expect(zId.parse(17)).toBe('17');
    expect(zInt.parse('1733356800000')).toBe(1733356800000);
    expect(zBigInt.parse('-5')).toBe(-5n);
  });
  it('reject what would make a value wrong', () => {
    expect(zDecimal.safeParse('1,5').success).toBe(false);
    expect(zDecimal.safeParse('').success).toBe(false);
    expect(zInt.safeParse('99999999999999999999').success).toBe(false);
    expect(zId.safeParse('12.5').success).toBe(false);
  });
  it('read a null or missing list as empty', () => {
    const schema = z.object({ trades: zNullableList(z.object({ id: zId })) });
    expect(schema.parse({ trades: null }).trades).toEqual([]);
    expect(schema.parse({}).trades).toEqual([]);
    expect(schema.parse({ trades: [{ id: 1 }] }).trades).toEqual([{ id: '1' }]);
  });
});
