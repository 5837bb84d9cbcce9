import { describe, expect, it } from 'vitest';
import { fitIntensity, intensityAt } from '../src/index.js';
import { catchMathError, errorCode } from './helpers.js';

describe('fitIntensity', () => {
  it('fits ln λ = ln A − κδ by least squares (hand-solved case)', () => {
    // λ = count/10 s = 10, 5, 2, 1 at δ = 0, 1, 2, 3. Centred: x − x̄ = ±1.5, ±0.5; ȳ = ln(10)/2.
    // Sxy = −(1.5·ln 10 + 0.5·(ln 5 − ln 2)) = −ln 50, Sxx = 5 ⇒ κ = ln(50)/5;
    // ln A = ȳ + κ·x̄ = 0.5·ln 10 + 0.3·ln 50 ⇒ A = √10 · 50^0.3.
    const fit = fitIntensity(
      [
        { distance: 0, count: 100 },
        { distance: 1, count: 50 },
        { distance: 2, count: 20 },
        { distance: 3, count: 10 },
      ],
      10,
    );
    expect(fit.kappa).toBeCloseTo(Math.log(50) / 5, 12);
    expect(fit.arrivalRate).toBeCloseTo(Math.sqrt(10) * 50 ** 0.3, 10);
    // R² = Sxy²/(Sxx·Syy), Syy = 2·((ln 10 / 2)² + (ln 5 − ln 10 / 2)²)
    const syy = 2 * ((Math.log(10) / 2) ** 2 + (Math.log(5) - Math.log(10) / 2) ** 2);
    expect(fit.rSquared).toBeCloseTo(Math.log(50) ** 2 / (5 * syy), 12);
    expect(fit.pointsUsed).toBe(4);
  });

  it('recovers A and κ exactly from noiseless exponential data, skipping zero counts', () => {
    const a = 2;
    const kappa = 1.5;
    const duration = 600;
    const observations = [0, 0.5, 1, 2].map((distance) => ({
      distance,
      count: a * Math.exp(-kappa * distance) * duration,
    }));
    const fit = fitIntensity([...observations, { distance: 10, count: 0 }], duration);
    expect(fit.kappa).toBeCloseTo(1.5, 12);
    expect(fit.arrivalRate).toBeCloseTo(2, 12);
    expect(fit.rSquared).toBeCloseTo(1, 12);
    expect(fit.pointsUsed).toBe(4);
  });

  it('rejects too few usable points, a single distance, and non-decaying counts', () => {
    const tooFew = catchMathError(() =>
      fitIntensity(
        [
          { distance: 0, count: 5 },
          { distance: 1, count: 0 },
        ],
        1,
      ),
    );
    expect(tooFew.code).toBe('MATH_SERIES_TOO_SHORT');
    expect(tooFew.context).toMatchObject({ length: 1, minimum: 2 });
    expect(
      errorCode(() =>
        fitIntensity(
          [
            { distance: 1, count: 5 },
            { distance: 1, count: 7 },
          ],
          1,
        ),
      ),
    ).toBe('MATH_SERIES_DEGENERATE');
    const rising = catchMathError(() =>
      fitIntensity(
        [
          { distance: 0, count: 5 },
          { distance: 1, count: 9 },
        ],
        1,
      ),
    );
    expect(rising.code).toBe('MATH_SERIES_DEGENERATE');
    expect(rising.context).toMatchObject({ reason: 'non-decaying intensity' });
  });

  it('rejects negative or non-finite inputs and a non-positive duration', () => {
    const ok = [
      { distance: 0, count: 5 },
      { distance: 1, count: 2 },
    ];
    expect(errorCode(() => fitIntensity(ok, 0))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => fitIntensity([...ok, { distance: -1, count: 3 }], 1))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => fitIntensity([...ok, { distance: 2, count: -3 }], 1))).toBe('MATH_INVALID_PARAMETER');
    expect(errorCode(() => fitIntensity([...ok, { distance: Number.NaN, count: 3 }], 1))).toBe(
      'MATH_INVALID_PARAMETER',
    );
  });
});

describe('intensityAt', () => {
  it('evaluates A·e^(−κδ)', () => {
    // 2·e^(−1.5) = 0.44626032029685964
    expect(intensityAt({ arrivalRate: 2, kappa: 1.5 }, 1)).toBeCloseTo(0.44626032029685964, 15);
    expect(intensityAt({ arrivalRate: 2, kappa: 1.5 }, 0)).toBe(2);
  });

  it('rejects a negative distance', () => {
    expect(errorCode(() => intensityAt({ arrivalRate: 2, kappa: 1.5 }, -1))).toBe('MATH_INVALID_PARAMETER');
  });
});
