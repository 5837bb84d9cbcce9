/**
 * Typed context carried by each {@link MathInputError} code.
 *
 * Codes are stable strings: callers branch on them, so never rename one; add a new code instead.
 */
export interface MathErrorContextMap {
  /** A scalar argument is missing, not finite, or outside its documented range. */
  MATH_INVALID_PARAMETER: { parameter: string; value: unknown; expected: string };
  /** A series has fewer observations than the estimator needs. */
  MATH_SERIES_TOO_SHORT: { series: string; length: number; minimum: number };
  /** Two series that must be paired observation by observation have different lengths or timestamps. */
  MATH_SERIES_MISALIGNED: { index: number; lengthA: number; lengthB: number; timeA?: number; timeB?: number };
  /** A candle series is not strictly increasing in time. */
  MATH_SERIES_UNORDERED: { series: string; index: number; time: number; previousTime: number };
  /** The input is well formed but carries no usable information (zero variance, non-decaying intensity, …). */
  MATH_SERIES_DEGENERATE: { series: string; reason: string };
  /** A quoting model produced a price that cannot be sent (non-positive bid): the inputs are mis-scaled. */
  MATH_QUOTE_OUT_OF_RANGE: { mid: string; bid: string; ask: string };
}

/** Stable error code of a {@link MathInputError}. */
export type MathErrorCode = keyof MathErrorContextMap;

/**
 * Thrown by every `@dn/math` function when its input cannot produce a meaningful result.
 *
 * `@dn/math` deliberately does not depend on `@dn/core`; callers that need the richer hierarchy
 * wrap this error and keep it as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   hedgeRatioFromCandles(eth, btc);
 * } catch (error) {
 *   if (isMathInputError(error, 'MATH_SERIES_MISALIGNED')) console.log(error.context.index);
 * }
 * ```
 */
export class MathInputError<C extends MathErrorCode = MathErrorCode> extends Error {
  override readonly name = 'MathInputError';
  /** Stable machine-readable code. */
  readonly code: C;
  /** Structured details for logs and for callers that react to specific failures. */
  readonly context: Readonly<MathErrorContextMap[C]>;

  /**
   * @param code - stable error code
   * @param message - human-readable, actionable message
   * @param context - structured details for the code
   */
  constructor(code: C, message: string, context: MathErrorContextMap[C]) {
    super(message);
    this.code = code;
    this.context = Object.freeze({ ...context });
  }
}

/**
 * Narrows an unknown value to a {@link MathInputError}, optionally of one code.
 *
 * @param error - anything caught
 * @param code - when given, also require this code (narrows `context` to its shape)
 * @returns true when `error` is a `MathInputError` (with `code`, if given)
 */
export function isMathInputError<C extends MathErrorCode>(error: unknown, code?: C): error is MathInputError<C> {
  return error instanceof MathInputError && (code === undefined || error.code === code);
}
