import {
  MIN_L2_EXPIRE_OFFSET_MS,
  MS_PER_HOUR,
  STARK_CURVE_ORDER,
  STARK_ELEMENT_BOUND,
  U64_MAX,
  V1_EXPIRE_AFTER_MS,
  V1_L2_EXPIRE_OFFSET_MS,
  V1_SCHEME,
} from './constants.js';
import { type IntegerLike, parseUint } from './encoding.js';
import { invalidInput, signingError } from './errors.js';
import {
  type L2OrderHashChain,
  type L2OrderHashParams,
  l2NonceFromClientOrderId,
  l2OrderHashChain,
} from './l2-order-hash.js';
import type { V1MarketInfo } from './market.js';
import { accountIdText } from './order-amounts.js';
import {
  type CreateOrderBody,
  createOrderBody,
  l2FieldsOf,
  prepareOrder,
  type SignedAmounts,
  signedAmountsFromBody,
} from './order-body.js';
import {
  encodeStarkSignature,
  parseStarkPublicKey,
  type StarkPrivateKey,
  type StarkPublicKey,
  starkSign,
  verifyEncodedStarkSignature,
} from './stark-ecdsa.js';
import type { EdgexOrderParams, L2OrderFields } from './types.js';

/** `POST /api/v1/private/order/createOrder` body, key order as the python SDK sends it. */
export type V1CreateOrderBody = CreateOrderBody;

export interface SignV1OrderParams extends EdgexOrderParams {
  /** Overrides the L2 expiry (ms); default expireTime + 9 d. Must be ≥ expireTime + 8 d. */
  l2ExpireTime?: EdgexOrderParams['expireTime'];
}

export interface SignedV1Order extends L2OrderFields {
  body: V1CreateOrderBody;
  /** The StarkEx hash inputs and chain, for logs and cross-checks. */
  hashParams: L2OrderHashParams;
  hashChain: L2OrderHashChain;
  /** `0x`-hex of the signed order hash. */
  orderHash: string;
}

/**
 * Builds and signs a V1 (StarkEx) createOrder: amounts per `computeL2Amounts`, nonce from the
 * client order id, Pedersen hash, Stark ECDSA with the StarkWare deterministic k.
 * @throws InvalidInputError for a bad order or market; SigningError for a bad key.
 */
export function signV1Order(
  order: SignV1OrderParams,
  market: V1MarketInfo,
  starkPrivateKey: StarkPrivateKey,
): SignedV1Order {
  const prepared = prepareOrder(order, market);
  const { amounts } = prepared;

  const now = parseUint(order.nowMs, 'nowMs', U64_MAX);
  const expireTime =
    order.expireTime === undefined ? now + V1_EXPIRE_AFTER_MS : parseUint(order.expireTime, 'expireTime', U64_MAX);
  if (expireTime <= now) throw invalidInput('expireTime', 'a time after nowMs', order.expireTime);
  const l2ExpireTime =
    order.l2ExpireTime === undefined
      ? expireTime + V1_L2_EXPIRE_OFFSET_MS
      : parseUint(order.l2ExpireTime, 'l2ExpireTime', U64_MAX);
  if (l2ExpireTime < expireTime + MIN_L2_EXPIRE_OFFSET_MS) {
    throw invalidInput('l2ExpireTime', 'at least expireTime + 8 days (venue rule)', order.l2ExpireTime);
  }

  const l2Nonce = l2NonceFromClientOrderId(prepared.clientOrderId);
  const signed = { ...amounts, isBuyingSynthetic: order.side === 'BUY', nonce: l2Nonce };
  const hashParams = v1HashParams(market, signed, prepared.accountId, l2ExpireTime);
  const hashChain = l2OrderHashChain(hashParams);
  const l2Signature = encodeStarkSignature(starkSign(orderMessage(hashChain.orderHash), starkPrivateKey));

  const body = createOrderBody(order, prepared, { expireTime, l2ExpireTime, l2Nonce, l2Signature });
  return { ...l2FieldsOf(body), body, hashParams, hashChain, orderHash: `0x${hashChain.orderHash.toString(16)}` };
}

/** The Pedersen result reduced mod N, as the SDKs sign it; it must stay below 2^251. */
function orderMessage(orderHash: bigint): bigint {
  const msg = orderHash % STARK_CURVE_ORDER;
  if (msg >= STARK_ELEMENT_BOUND) throw signingError(V1_SCHEME, 'orderHash', 'is ≥ 2^251; change the clientOrderId');
  return msg;
}

/** The body fields a verifier reads; extra fields are ignored. */
export type V1OrderBodyLike = Pick<
  V1CreateOrderBody,
  | 'accountId'
  | 'contractId'
  | 'side'
  | 'clientOrderId'
  | 'l2Nonce'
  | 'l2Value'
  | 'l2Size'
  | 'l2LimitFee'
  | 'l2ExpireTime'
>;

/**
 * Rebuilds the StarkEx hash inputs from a received createOrder body, the way the docs' Java sample
 * does (exact scaling of the body strings, no rounding).
 * @throws InvalidInputError naming the first field that cannot be signed as sent.
 */
export function v1OrderHashParamsFromBody(body: V1OrderBodyLike, market: V1MarketInfo): L2OrderHashParams {
  const signed = signedAmountsFromBody(body, market);
  const positionId = accountIdText(body.accountId);
  return v1HashParams(market, signed, positionId, parseUint(body.l2ExpireTime, 'l2ExpireTime', U64_MAX));
}

/** The StarkEx hash inputs of an order of `market` (the fee is paid in the collateral asset). */
function v1HashParams(
  market: V1MarketInfo,
  signed: Omit<SignedAmounts, 'nonce'> & { nonce: IntegerLike },
  positionId: string,
  l2ExpireTime: bigint,
): L2OrderHashParams {
  return {
    syntheticAssetId: market.syntheticAssetId,
    collateralAssetId: market.collateralAssetId,
    feeAssetId: market.collateralAssetId,
    isBuyingSynthetic: signed.isBuyingSynthetic,
    amountSynthetic: signed.amountSynthetic,
    amountCollateral: signed.amountCollateral,
    amountFee: signed.amountFee,
    nonce: signed.nonce,
    positionId,
    expirationTimestampHours: l2ExpireTime / MS_PER_HOUR,
  };
}

/**
 * Verifies the `l2Signature` of a received V1 createOrder body against the account's Stark key.
 * Returns false for a wrong signature or a body that cannot have been signed as sent.
 * @throws InvalidInputError only when `starkPublicKey` itself is malformed.
 */
export function verifyV1OrderSignature(
  body: V1OrderBodyLike & { l2Signature: string },
  market: V1MarketInfo,
  starkPublicKey: string | bigint | StarkPublicKey,
): boolean {
  const keys = parseStarkPublicKey(starkPublicKey);
  let msg: bigint;
  try {
    msg = l2OrderHashChain(v1OrderHashParamsFromBody(body, market)).orderHash % STARK_CURVE_ORDER;
  } catch {
    return false;
  }
  return typeof body.l2Signature === 'string' && verifyEncodedStarkSignature(msg, body.l2Signature, keys);
}
