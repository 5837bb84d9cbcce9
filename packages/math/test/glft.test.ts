import { describe, expect, it } from 'vitest';
import { type GlftParameters, glftCoefficients, glftQuotes } from '../src/index.js';
import { errorCode } from './helpers.js';

// γ = κ = 1: (1 + γ/κ)^(1 + κ/γ) = 2² = 4, so c₁ = ln 2 and, with A = 2, c₂ = √(1/(2·1·2) · 4) = 1.
const unit: GlftParameters = { mid: '100', inventory: '0', gamma: 1, sigma: 0.5, kappa: 1, arrivalRate: 2 };

describe('glftCoefficients', () => {
  it('c₁ = ln 2, c₂ = 1 for γ = κ = 1, A = 2', () => {
    const { c1, c2 } = glftCoefficients(unit);
    expect(c1).toBeCloseTo(Math.LN2, 15);
    expect(c2).toBeCloseTo(1, 15);
  });

  it('A–S paper parameters γ = 0.1, κ = 1.5, A = 140', () => {
    // c₁ = 10·ln(16/15) = 0.6453852113757117; (16/15)^16 = 2.808403965576447;
    // c₂ = √(0.1/(2·1.5·140) · 2.808403965576447) = 0.025858608060983 (40-digit decimal hand check)
    const { c1, c2 } = glftCoefficients({ gamma: 0.1, kappa: 1.5, arrivalRate: 140 });
    expect(c1).toBeCloseTo(0.6453852113757117, 14);
    expect(c2).toBeCloseTo(0.025858608060983, 14);
  });

  it('rejects non-positive γ, κ and A', () => {
    expect(errorCode(() => glftCoefficients({ gamma: 0, kappa: 1, arrivalRate: 1 }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => glftCoefficients({ gamma: 1, kappa: 0, arrivalRate: 1 }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => glftCoefficients({ gamma: 1, kappa: 1, arrivalRate: 0 }))).toBe('MATH_INVALID_PARAMETER');
  });
});

describe('glftQuotes', () => {
  it('flat inventory: symmetric, half-spread c₁ + c₂σ/2 = ln 2 + 0.25', () => {
    const q = glftQuotes(unit);
    expect(q.reservationPrice.toString()).toBe('100');
    expect(q.bid.toNumber()).toBeCloseTo(100 - Math.LN2 - 0.25, 12);
    expect(q.ask.toNumber()).toBeCloseTo(100 + Math.LN2 + 0.25, 12);
  });

  it('long 2: δᵇ = ln 2 + 2.5·0.5, δᵃ = ln 2 − 1.5·0.5, centre 100 − 2·0.5 = 99', () => {
    const q = glftQuotes({ ...unit, inventory: '2' });
    expect(q.reservationPrice.toNumber()).toBeCloseTo(99, 12);
    expect(q.bidDistance.toNumber()).toBeCloseTo(Math.LN2 + 1.25, 12);
    expect(q.askDistance.toNumber()).toBeCloseTo(Math.LN2 - 0.75, 12);
    // Ask below the mid: a long book leans on the ask to shed inventory.
    expect(q.ask.toNumber()).toBeCloseTo(99.94314718055995, 12);
    expect(q.bid.toNumber()).toBeCloseTo(98.05685281944005, 12);
    // The spread does not depend on q: 2·ln 2 + c₂σ
    expect(q.spread.toNumber()).toBeCloseTo(2 * Math.LN2 + 0.5, 12);
  });

  it('short 3 with the A–S paper parameters and σ = 2', () => {
    // δᵇ = c₁ − 2.5·c₂σ, δᵃ = c₁ + 3.5·c₂σ with c₁ = 0.64538521137571, c₂σ = 0.05171721612196600
    const q = glftQuotes({ mid: '100', inventory: '-3', gamma: 0.1, sigma: 2, kappa: 1.5, arrivalRate: 140 });
    expect(q.bid.toNumber()).toBeCloseTo(99.4839078289292, 12);
    expect(q.ask.toNumber()).toBeCloseTo(100.8263954678026, 12);
    expect(q.reservationPrice.toNumber()).toBeCloseTo(100.1551516483659, 12);
  });

  it('depends on the arrival scale A: A = 8 halves c₂ and the skew', () => {
    // c₂ = √(1/(2·1·8) · 4) = 0.5, so the centre for q = 1 is 100 − 1·0.5·0.5 = 99.75 (99.5 with A = 2)
    expect(glftQuotes({ ...unit, inventory: '1', arrivalRate: 8 }).reservationPrice.toNumber()).toBeCloseTo(99.75, 12);
    expect(glftQuotes({ ...unit, inventory: '1' }).reservationPrice.toNumber()).toBeCloseTo(99.5, 12);
  });

  it('rejects bad inputs and a non-positive bid', () => {
    expect(errorCode(() => glftQuotes({ ...unit, mid: '-1' }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => glftQuotes({ ...unit, sigma: -0.5 }))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => glftQuotes({ ...unit, mid: '0.5' }))).toBe('MATH_QUOTE_OUT_OF_RANGE');
  });
});
