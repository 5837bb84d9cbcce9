import { type AvellanedaStoikovParameters, type MathErrorCode, MathInputError } from '../src/index.js';

/** Avellaneda & Stoikov (2008), §4 simulation parameters: s = 100, σ = 2, T = 1, γ = 0.1, κ = 1.5 (flat inventory). */
export const AS_PAPER_PARAMETERS: AvellanedaStoikovParameters = {
  mid: '100',
  inventory: '0',
  gamma: 0.1,
  sigma: 2,
  kappa: 1.5,
  timeToHorizon: 1,
};

/** Runs `fn`, asserts it throws a MathInputError, and returns it so the test can inspect code and context. */
export function catchMathError(fn: () => unknown): MathInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MathInputError) return error;
    throw error;
  }
  throw new Error('expected a MathInputError, but nothing was thrown');
}

/** Shorthand: the code of the MathInputError thrown by `fn`. */
export function errorCode(fn: () => unknown): MathErrorCode {
  return catchMathError(fn).code;
}
