import { describe, expect, it } from 'vitest';
import {
  ceilToStep,
  Decimal,
  floorToStep,
  InvalidInputError,
  roundToStep,
  SymbolMap,
  toDecimal,
} from '../../src/index.js';
import { baseAssetOf } from '../../src/types/symbols.js';

describe('toDecimal', () => {
  it('accepts strings, Decimals, bigints and safe integers', () => {
    expect(toDecimal('0.1').plus('0.2').toString()).toBe('0.3');
    expect(toDecimal(5n).toString()).toBe('5');
    expect(toDecimal(7).toString()).toBe('7');
    expect(toDecimal(new Decimal('1e-8')).toString()).toBe('1e-8');
  });
  it('refuses fractional JS numbers and garbage', () => {
    expect(() => toDecimal(0.1, 'size')).toThrow(InvalidInputError);
    expect(() => toDecimal('1,5', 'price')).toThrow(/price is not a decimal/);
    expect(() => toDecimal(new Decimal(Number.NaN))).toThrow(/not finite/);
  });
});

describe('step rounding', () => {
  const lot = new Decimal('0.001');
  it('floors, ceils and rounds to the step exactly', () => {
    expect(floorToStep(new Decimal('1.2349'), lot).toString()).toBe('1.234');
    expect(ceilToStep(new Decimal('1.2341'), lot).toString()).toBe('1.235');
    expect(roundToStep(new Decimal('1.2345'), lot).toString()).toBe('1.235');
    expect(floorToStep(new Decimal('100000.15'), new Decimal('0.1')).toString()).toBe('100000.1');
  });
});

describe('SymbolMap', () => {
  it('maps both ways and rejects unknown symbols', () => {
    const m = new SymbolMap('extended', [['BTC', 'BTC-USD']]);
    expect(m.toVenue('BTC')).toBe('BTC-USD');
    expect(m.toUnified('BTC-USD')).toBe('BTC');
    expect(() => m.toVenue('DOGE')).toThrow(/Unknown symbol DOGE on extended/);
  });
  it('derives base assets from venue ids', () => {
    expect(baseAssetOf('BTC-USD')).toBe('BTC');
    expect(baseAssetOf('ETHUSD')).toBe('ETH');
    expect(baseAssetOf('SOL')).toBe('SOL');
    expect(baseAssetOf('1000PEPE-USD')).toBe('1000PEPE');
  });
});
