/**
 * Stable reject codes of the simulated engine. Front-ends translate them to each venue's wire errors; never rename
 * one, tests and front-ends match on them.
 */
export type SimRejectCode =
  | 'INSUFFICIENT_MARGIN'
  | 'INVALID_SIZE'
  | 'INVALID_PRICE'
  | 'INVALID_PARAMS'
  | 'INVALID_EXPIRY'
  | 'INVALID_LEVERAGE'
  | 'POST_ONLY_WOULD_CROSS'
  | 'REDUCE_ONLY_NOTHING_TO_REDUCE'
  | 'UNKNOWN_SYMBOL'
  | 'UNKNOWN_ACCOUNT'
  | 'LEVERAGE_TOO_HIGH'
  | 'MARKET_INACTIVE'
  | 'ORDER_NOT_FOUND'
  | 'ORDER_NOT_OPEN'
  | 'INJECTED_REJECT';

export interface SimRejectContext {
  accountId?: string;
  symbol?: string;
  orderId?: string;
  clientOrderId?: string;
  field?: string;
  value?: string;
  expected?: string;
}

/**
 * The simulated venue said no; nothing changed. `code` is a `SimRejectCode` (not a `DnErrorCode`): this error is the
 * engine's answer for front-ends to encode; `EngineVenue` turns it into a `VenueRejectedError` for bots.
 */
export class SimRejectError extends Error {
  override name = 'SimRejectError';
  readonly code: SimRejectCode;
  readonly context: SimRejectContext;

  constructor(code: SimRejectCode, message: string, context: SimRejectContext = {}) {
    super(message);
    this.code = code;
    this.context = context;
  }
}

export function isSimRejectError(e: unknown, code?: SimRejectCode): e is SimRejectError {
  return e instanceof SimRejectError && (code === undefined || e.code === code);
}
