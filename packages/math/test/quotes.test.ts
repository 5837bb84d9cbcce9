import { describe, expect, it } from 'vitest';
import { avellanedaStoikovQuotes, roundQuotesToTick } from '../src/index.js';
import { AS_PAPER_PARAMETERS, errorCode } from './helpers.js';

// bid 99.154615, ask 100.845385 (A–S paper parameters, q = 0, t = 0)
const quotes = avellanedaStoikovQuotes(AS_PAPER_PARAMETERS);

describe('roundQuotesToTick', () => {
  it('floors the bid and ceils the ask, so the spread only widens', () => {
    const rounded = roundQuotesToTick(quotes, '0.1');
    expect(rounded.bid.toString()).toBe('99.1');
    expect(rounded.ask.toString()).toBe('100.9');
    expect(rounded.spread.toString()).toBe('1.8');
    expect(rounded.bidDistance.toString()).toBe('0.9');
    expect(rounded.askDistance.toString()).toBe('0.9');
    expect(rounded.reservationPrice.equals(quotes.reservationPrice)).toBe(true);
  });

  it('works with ticks that are not powers of ten', () => {
    const rounded = roundQuotesToTick(quotes, '0.25');
    expect(rounded.bid.toString()).toBe('99');
    expect(rounded.ask.toString()).toBe('101');
  });

  it('rejects a non-positive tick and a bid that floors to zero', () => {
    expect(errorCode(() => roundQuotesToTick(quotes, '0'))).toBe('MATH_INVALID_PARAMETER');
    // mid 1 at the horizon: half-spread 10·ln(16/15) = 0.645, bid 0.355 floors to 0 on a 0.5 tick
    const cheap = avellanedaStoikovQuotes({
      mid: '1',
      inventory: '0',
      gamma: 0.1,
      sigma: 2,
      kappa: 1.5,
      timeToHorizon: 0,
    });
    expect(errorCode(() => roundQuotesToTick(cheap, '0.5'))).toBe('MATH_QUOTE_OUT_OF_RANGE');
  });
});
