import { describe, expect, it } from 'vitest';
import {
  type AvellanedaStoikovParameters,
  avellanedaStoikovQuotes,
  avellanedaStoikovReservationPrice,
  avellanedaStoikovSpread,
} from '../src/index.js';
import { AS_PAPER_PARAMETERS, catchMathError, errorCode } from './helpers.js';

const paper: AvellanedaStoikovParameters = AS_PAPER_PARAMETERS;
// ln(1 + 0.1/1.5) = ln(16/15), computed to 40 digits with Python's decimal module.
const LN_16_15 = 0.0645385211375712;

describe('avellanedaStoikovReservationPrice', () => {
  it('r = s − qγσ²(T − t): long inventory lowers it, short raises it', () => {
    // 100 − 2·0.1·2²·0.5 = 99.6; 100 + 3·0.1·4·0.5 = 100.6
    const long = avellanedaStoikovReservationPrice({ ...paper, inventory: '2', timeToHorizon: 0.5 });
    const short = avellanedaStoikovReservationPrice({ ...paper, inventory: '-3', timeToHorizon: 0.5 });
    expect(long.toNumber()).toBeCloseTo(99.6, 12);
    expect(short.toNumber()).toBeCloseTo(100.6, 12);
  });

  it('equals the mid with no inventory or at the horizon', () => {
    expect(avellanedaStoikovReservationPrice(paper).toString()).toBe('100');
    expect(avellanedaStoikovReservationPrice({ ...paper, inventory: '5', timeToHorizon: 0 }).toString()).toBe('100');
  });
});

describe('avellanedaStoikovSpread', () => {
  it('γσ²(T − t) + (2/γ)·ln(1 + γ/κ) = 0.4 + 20·ln(16/15) = 1.690770 at t = 0', () => {
    expect(avellanedaStoikovSpread(paper).toNumber()).toBeCloseTo(0.4 + 20 * LN_16_15, 12);
    expect(avellanedaStoikovSpread(paper).toNumber()).toBeCloseTo(1.690770422751423, 12);
  });

  it('reduces to (2/γ)·ln(1 + γ/κ) at the horizon, matching the paper’s reported average spreads', () => {
    // The paper's result tables list average spreads of 1.29 (γ = 0.1), 1.33 (γ = 0.01) and 1.15 (γ = 0.5)
    // for κ = 1.5; hand values: 20·ln(16/15) = 1.29077, 200·ln(1 + 0.01/1.5) = 1.32891, 4·ln(4/3) = 1.15073.
    expect(avellanedaStoikovSpread({ ...paper, timeToHorizon: 0 }).toNumber()).toBeCloseTo(1.290770422751423, 12);
    expect(avellanedaStoikovSpread({ ...paper, gamma: 0.01, timeToHorizon: 0 }).toNumber()).toBeCloseTo(
      1.328908543733716,
      12,
    );
    expect(avellanedaStoikovSpread({ ...paper, gamma: 0.5, timeToHorizon: 0 }).toNumber()).toBeCloseTo(
      1.150728289807124,
      12,
    );
  });
});

describe('avellanedaStoikovQuotes', () => {
  it('is symmetric around the mid with no inventory', () => {
    const q = avellanedaStoikovQuotes(paper);
    const half = (0.4 + 20 * LN_16_15) / 2;
    expect(q.mid.toString()).toBe('100');
    expect(q.bid.toNumber()).toBeCloseTo(100 - half, 12);
    expect(q.ask.toNumber()).toBeCloseTo(100 + half, 12);
    expect(q.bidDistance.toNumber()).toBeCloseTo(half, 12);
    expect(q.askDistance.toNumber()).toBeCloseTo(half, 12);
    expect(q.spread.toNumber()).toBeCloseTo(2 * half, 12);
  });

  it('shifts both quotes down by qγσ²(T − t) when long', () => {
    // q = 1: r = 100 − 0.1·4·1 = 99.6; bid = 99.6 − 0.845385 = 98.754615, ask = 100.445385
    const q = avellanedaStoikovQuotes({ ...paper, inventory: '1' });
    expect(q.reservationPrice.toNumber()).toBeCloseTo(99.6, 12);
    expect(q.bid.toNumber()).toBeCloseTo(98.75461478862429, 12);
    expect(q.ask.toNumber()).toBeCloseTo(100.44538521137571, 12);
    expect(q.askDistance.toNumber()).toBeLessThan(q.bidDistance.toNumber());
  });

  it('refuses a non-positive bid (σ in the wrong units)', () => {
    // σ = 10 on a $1 asset: γσ²T = 10 alone exceeds the price.
    const error = catchMathError(() => avellanedaStoikovQuotes({ ...paper, mid: '1', sigma: 10 }));
    expect(error.code).toBe('MATH_QUOTE_OUT_OF_RANGE');
    expect(error.context).toMatchObject({ mid: '1' });
  });

  it('rejects parameters outside their ranges', () => {
    expect(errorCode(() => avellanedaStoikovQuotes({ ...paper, gamma: 0 }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => avellanedaStoikovQuotes({ ...paper, kappa: -1.5 }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => avellanedaStoikovQuotes({ ...paper, sigma: Number.NaN }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => avellanedaStoikovQuotes({ ...paper, timeToHorizon: -1 }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => avellanedaStoikovQuotes({ ...paper, mid: '0' }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => avellanedaStoikovQuotes({ ...paper, inventory: 'one' }))).toBe('MATH_INVALID_PARAMETER');
    // Prices and sizes as fractional JS numbers are refused; σ, γ, κ are statistics and stay numbers.
    expect(errorCode(() => avellanedaStoikovQuotes({ ...paper, mid: 100.5 }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => avellanedaStoikovQuotes({ ...paper, inventory: 0.5 }))).toBe('MATH_INVALID_PARAMETER');
  });
});
