import type { DecimalInput } from './decimal.js';
import type { IntegerLike } from './encoding.js';

export type OrderSide = 'BUY' | 'SELL';
/** Only plain orders are signed here; conditional (STOP_*, TAKE_PROFIT_*) orders are not supported yet. */
export type OrderType = 'LIMIT' | 'MARKET';
export type TimeInForce = 'GOOD_TIL_CANCEL' | 'FILL_OR_KILL' | 'IMMEDIATE_OR_CANCEL' | 'POST_ONLY';

/** A human order, in the venue's own ids and decimals. */
export interface EdgexOrderParams {
  /** The edgeX account id (it is also the StarkEx position id). */
  accountId: IntegerLike;
  contractId: string;
  side: OrderSide;
  type: OrderType;
  size: DecimalInput;
  /** Limit price; required for LIMIT, must be absent for MARKET (the body then carries "0"). */
  price?: DecimalInput;
  /**
   * Oracle price, required for MARKET BUY: the signed worst price is oraclePrice × 10 rounded
   * (half-even) to the tick's decimals, as the official SDK does. MARKET SELL signs tickSize.
   */
  oraclePrice?: DecimalInput;
  /** Default GOOD_TIL_CANCEL for LIMIT, IMMEDIATE_OR_CANCEL (the only one allowed) for MARKET. */
  timeInForce?: TimeInForce;
  reduceOnly?: boolean;
  /** Unique per order; the L2 nonce is derived from it. */
  clientOrderId: string;
  /** Current time in ms (server-synced), used for the default expiries. */
  nowMs: IntegerLike;
  /** Order expiry in ms; default V1 now + 1 d, V2 now + 22 d. */
  expireTime?: IntegerLike;
}

/** The L2 fields every createOrder body carries. */
export interface L2OrderFields {
  l2Nonce: string;
  l2Value: string;
  l2Size: string;
  l2LimitFee: string;
  l2ExpireTime: string;
  l2Signature: string;
}
