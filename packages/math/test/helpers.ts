import { type MathErrorCode, MathInputError } from '../src/index.js';

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
