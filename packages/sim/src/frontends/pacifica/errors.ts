import { isSimRejectError, type SimRejectError } from '../../engine/index.js';

/**
 * An error as Pacifica answers it: REST status + envelope (or bare text for the signature layer and
 * deserialisation), and the WS trading code (venues/pacifica.md §3.1, §5.3).
 */
export class PacificaSimError extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
    /** Envelope `code`: the business code on 422, else the status. */
    readonly code: number,
    /** WS reply code: 400 invalid request, 401 invalid signature, 402 invalid signer, 420 engine error, 500. */
    readonly wsCode: number,
    /** Sent as bare text instead of the JSON envelope. */
    readonly bare = false,
  ) {
    super(message);
  }
}

export const badRequest = (message: string): PacificaSimError => new PacificaSimError(400, message, 400, 400);
export const business = (code: number, message: string): PacificaSimError =>
  new PacificaSimError(422, message, code, 420);
/** The signature layer answers bare text (pacifica-mcp live finding: "Verification failed"). */
export const signatureError = (message: string): PacificaSimError => new PacificaSimError(400, message, 400, 401, true);
export const deserializeError = (message: string): PacificaSimError =>
  new PacificaSimError(400, `Failed to deserialize the JSON body into the target type: ${message}`, 400, 400, true);

/** Engine reject codes → Pacifica business codes (current numbering) and message templates. */
export function fromEngine(e: unknown, account: string): PacificaSimError {
  if (!isSimRejectError(e)) throw e;
  const r = e as SimRejectError;
  switch (r.code) {
    case 'INSUFFICIENT_MARGIN':
      return business(5, `Insufficient balance for ${account}: ${r.message}`);
    case 'INVALID_SIZE':
      return r.message.includes('minimum')
        ? business(7, `Order amount too low for ${account}: ${r.context.value ?? ''} < minimum`)
        : badRequest(`Amount ${r.context.value ?? ''} is not a multiple of lot size`);
    case 'INVALID_PRICE':
      return badRequest(`Price ${r.context.value ?? ''} is not a multiple of tick size`);
    case 'POST_ONLY_WOULD_CROSS':
      // [UNCERTAIN] Pacifica's exact answer to a crossing ALO order is not documented.
      return business(0, 'Post-only order would cross the book');
    case 'REDUCE_ONLY_NOTHING_TO_REDUCE':
      return business(23, 'No position for reduce only order');
    case 'UNKNOWN_SYMBOL':
      return business(3, 'Book not found');
    case 'UNKNOWN_ACCOUNT':
      return business(1, `Account not found: ${account}`);
    case 'LEVERAGE_TOO_HIGH':
    case 'INVALID_LEVERAGE':
      return business(11, `Invalid leverage: ${r.context.value ?? ''}`);
    case 'ORDER_NOT_FOUND':
    case 'ORDER_NOT_OPEN':
      return business(6, 'Order not found');
    case 'MARKET_INACTIVE':
      return business(38, 'Trading disabled');
    case 'INJECTED_REJECT':
      return business(0, `Internal error: ${r.message}`);
    default:
      return badRequest(r.message);
  }
}
