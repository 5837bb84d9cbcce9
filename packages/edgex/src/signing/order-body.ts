/*
 * The createOrder body of V1 (StarkEx) and V2 (EIP-712) carries the same order and L2 fields; only the signature
 * scheme and V2's extra TP/SL fields differ. Building it, and reading the signed amounts back from a received one,
 * happen here once for both.
 */
import { U64_MAX } from './constants.js';
import { decimalText, exact, toBigInt } from './decimal.js';
import { parseUint } from './encoding.js';
import { invalidInput } from './errors.js';
import { l2NonceFromClientOrderId } from './l2-order-hash.js';
import {
  type AmountScale,
  accountIdText,
  clientOrderIdText,
  computeL2Amounts,
  type L2Amounts,
} from './order-amounts.js';
import type { EdgexOrderParams, L2OrderFields, OrderSide, OrderType, TimeInForce } from './types.js';

/** The createOrder body fields V1 and V2 share (all of V1's), key order as the python SDK sends it. */
// A type alias (not an interface) so the body is assignable to JsonObject for request signing.
export type CreateOrderBody = {
  accountId: string;
  contractId: string;
  price: string;
  size: string;
  type: OrderType;
  side: OrderSide;
  timeInForce: TimeInForce;
  clientOrderId: string;
  expireTime: string;
  l2Nonce: string;
  l2Signature: string;
  l2ExpireTime: string;
  l2Value: string;
  l2Size: string;
  l2LimitFee: string;
  reduceOnly: boolean;
};

/** An order checked against its market: the ids as sent and the amounts that are signed. */
export interface PreparedOrder {
  accountId: string;
  clientOrderId: string;
  amounts: L2Amounts;
}

/** @throws InvalidInputError for an order of another contract, a bad id or amounts off the market's grid. */
export function prepareOrder(order: EdgexOrderParams, market: AmountScale & { contractId: string }): PreparedOrder {
  if (order.contractId !== market.contractId) {
    throw invalidInput('contractId', `the market's contract ${market.contractId}`, order.contractId);
  }
  return {
    accountId: accountIdText(order.accountId),
    clientOrderId: clientOrderIdText(order.clientOrderId),
    amounts: computeL2Amounts(order, market),
  };
}

/** The shared body of a signed order. */
export function createOrderBody(
  order: EdgexOrderParams,
  prepared: PreparedOrder,
  signed: { expireTime: bigint; l2ExpireTime: bigint; l2Nonce: string; l2Signature: string },
): CreateOrderBody {
  const { amounts } = prepared;
  return {
    accountId: prepared.accountId,
    contractId: order.contractId,
    price: amounts.price,
    size: amounts.size,
    type: order.type,
    side: order.side,
    timeInForce: amounts.timeInForce,
    clientOrderId: prepared.clientOrderId,
    expireTime: signed.expireTime.toString(),
    l2Nonce: signed.l2Nonce,
    l2Signature: signed.l2Signature,
    l2ExpireTime: signed.l2ExpireTime.toString(),
    l2Value: amounts.l2Value,
    l2Size: amounts.l2Size,
    l2LimitFee: amounts.l2LimitFee,
    reduceOnly: amounts.reduceOnly,
  };
}

/** The L2 fields of a built body, as the signed-order results expose them. */
export function l2FieldsOf(body: CreateOrderBody): L2OrderFields {
  return {
    l2Nonce: body.l2Nonce,
    l2Value: body.l2Value,
    l2Size: body.l2Size,
    l2LimitFee: body.l2LimitFee,
    l2ExpireTime: body.l2ExpireTime,
    l2Signature: body.l2Signature,
  };
}

/** The body fields that fix what was signed, whatever the scheme. */
export type SignedAmountsBody = Pick<
  CreateOrderBody,
  'contractId' | 'side' | 'clientOrderId' | 'l2Nonce' | 'l2Value' | 'l2Size' | 'l2LimitFee'
>;

/** The signed integers a received body stands for. */
export interface SignedAmounts {
  nonce: bigint;
  isBuyingSynthetic: boolean;
  amountSynthetic: bigint;
  amountCollateral: bigint;
  amountFee: bigint;
}

/**
 * Reads the signed amounts back from a received body the way the docs' Java sample does (exact scaling of the body
 * strings, no rounding), checking the contract, the side and that the nonce is the client order id's.
 * @throws InvalidInputError naming the first field that cannot have been signed as sent.
 */
export function signedAmountsFromBody(
  body: SignedAmountsBody,
  market: Pick<AmountScale, 'syntheticResolution' | 'collateralResolution'> & { contractId: string },
): SignedAmounts {
  if (body.contractId !== market.contractId)
    throw invalidInput('contractId', `contract ${market.contractId}`, body.contractId);
  if (body.side !== 'BUY' && body.side !== 'SELL') throw invalidInput('side', 'BUY or SELL', body.side);
  const nonce = parseUint(body.l2Nonce, 'l2Nonce', 2n ** 32n - 1n);
  if (nonce.toString() !== l2NonceFromClientOrderId(clientOrderIdText(body.clientOrderId))) {
    throw invalidInput('l2Nonce', 'the sha256 nonce of clientOrderId', body.l2Nonce);
  }
  const synthRes = parseUint(market.syntheticResolution, 'syntheticResolution', U64_MAX);
  const collRes = parseUint(market.collateralResolution, 'collateralResolution', U64_MAX);
  return {
    nonce,
    isBuyingSynthetic: body.side === 'BUY',
    amountSynthetic: scaleExact(body.l2Size, synthRes, 'l2Size'),
    amountCollateral: scaleExact(body.l2Value, collRes, 'l2Value'),
    amountFee: scaleExact(body.l2LimitFee, collRes, 'l2LimitFee'),
  };
}

/** `text × resolution`, which must be an integer (Java `toBigIntegerExact`). */
export function scaleExact(text: string, res: bigint, field: string): bigint {
  const scaled = exact(decimalText(text, field)).times(res.toString());
  if (!scaled.isInteger()) throw invalidInput(field, `at most the decimals of resolution ${res}`, text);
  return toBigInt(scaled);
}
