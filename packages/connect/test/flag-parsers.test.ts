import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseSymbolList, parseVenueList, parseVenueName, percentFlag, wholeNumberFlag } from '../src/index.js';

describe('flag parsers', () => {
  it('venue lists: any case, no repeats, order kept; every unknown name at once', () => {
    expect(parseVenueList('Lighter, edgex,lighter,')).toEqual(['lighter', 'edgex']);
    expect(() => parseVenueList('binance,extended,okx')).toThrow(/unknown venue "binance", "okx" \(known: extended/);
    expect(() => parseVenueList(' , ')).toThrow('needs at least one venue');
    expect(() => parseVenueList('x')).toThrow(InvalidArgumentError);
  });

  it('one venue name', () => {
    expect(parseVenueName(' EdgeX ')).toBe('edgex');
    expect(() => parseVenueName('binance')).toThrow(/unknown venue "binance"/);
  });

  it('symbol lists: upper-cased, no repeats', () => {
    expect(parseSymbolList('btc, eth,BTC')).toEqual(['BTC', 'ETH']);
    expect(() => parseSymbolList(',')).toThrow('needs at least one symbol');
  });

  it('percentages strictly between 0 and 100, exact', () => {
    const pct = percentFlag('80');
    expect(pct(' 0.5 ').toString()).toBe('0.5');
    expect(() => pct('abc')).toThrow('must be a percentage such as 80');
    expect(() => pct('-1')).toThrow('must be a percentage such as 80');
    expect(() => pct('0')).toThrow('must be > 0 and < 100');
    expect(() => pct('100')).toThrow('must be > 0 and < 100');
  });

  it('whole numbers from a minimum', () => {
    const n = wholeNumberFlag('--interval must be a whole number of seconds ≥ 1');
    expect(n('60')).toBe(60);
    expect(() => n('0')).toThrow('--interval must be a whole number of seconds ≥ 1');
    expect(() => n('1.5')).toThrow(InvalidArgumentError);
    expect(wholeNumberFlag('must be >= 0', 0)('0')).toBe(0);
  });
});
