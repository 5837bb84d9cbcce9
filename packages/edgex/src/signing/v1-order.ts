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
import { decimalText, exact, toBigInt } from './decimal.js';
import { parseUint } from './encoding.js';
import { invalidInput, signingError } from './errors.js';
import {
  type L2OrderHashChain,
  type L2OrderHashParams,
  l2NonceFromClientOrderId,
  l2OrderHashChain,
} from './l2-order-hash.js';
import type { V1MarketInfo } from './market.js';
import { accountIdText, clientOrderIdText, computeL2Amounts } from './order-amounts.js';
import {
  encodeStarkSignature,
  parseStarkPublicKey,
  type StarkPrivateKey,
  type StarkPublicKey,
  starkSign,
  verifyEncodedStarkSignature,
} from './stark-ecdsa.js';
import type { EdgexOrderParams, L2OrderFields, OrderSide, OrderType, TimeInForce } from './types.js';

/** `POST /api/v1/private/order/createOrder` body, key order as the python SDK sends it. */
// A type alias (not an interface) so the body is assignable to JsonObject for request signing.
export type V1CreateOrderBody = {
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
  if (order.contractId !== market.contractId) {
    throw invalidInput('contractId', `the market's contract ${market.contractId}`, order.contractId);
  }
  const accountId = accountIdText(order.accountId);
  const clientOrderId = clientOrderIdText(order.clientOrderId);
  const amounts = computeL2Amounts(order, market);

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

  const l2Nonce = l2NonceFromClientOrderId(clientOrderId);
  const hashParams: L2OrderHashParams = {
    syntheticAssetId: market.syntheticAssetId,
    collateralAssetId: market.collateralAssetId,
    feeAssetId: market.collateralAssetId,
    isBuyingSynthetic: order.side === 'BUY',
    amountSynthetic: amounts.amountSynthetic,
    amountCollateral: amounts.amountCollateral,
    amountFee: amounts.amountFee,
    nonce: l2Nonce,
    positionId: accountId,
    expirationTimestampHours: l2ExpireTime / MS_PER_HOUR,
  };
  const hashChain = l2OrderHashChain(hashParams);
  const l2Signature = encodeStarkSignature(starkSign(orderMessage(hashChain.orderHash), starkPrivateKey));

  const body: V1CreateOrderBody = {
    accountId,
    contractId: order.contractId,
    price: amounts.price,
    size: amounts.size,
    type: order.type,
    side: order.side,
    timeInForce: amounts.timeInForce,
    clientOrderId,
    expireTime: expireTime.toString(),
    l2Nonce,
    l2Signature,
    l2ExpireTime: l2ExpireTime.toString(),
    l2Value: amounts.l2Value,
    l2Size: amounts.l2Size,
    l2LimitFee: amounts.l2LimitFee,
    reduceOnly: amounts.reduceOnly,
  };
  return {
    l2Nonce,
    l2Value: amounts.l2Value,
    l2Size: amounts.l2Size,
    l2LimitFee: amounts.l2LimitFee,
    l2ExpireTime: body.l2ExpireTime,
    l2Signature,
    body,
    hashParams,
    hashChain,
    orderHash: `0x${hashChain.orderHash.toString(16)}`,
  };
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
    syntheticAssetId: market.syntheticAssetId,
    collateralAssetId: market.collateralAssetId,
    feeAssetId: market.collateralAssetId,
    isBuyingSynthetic: body.side === 'BUY',
    amountSynthetic: scaleExact(body.l2Size, synthRes, 'l2Size'),
    amountCollateral: scaleExact(body.l2Value, collRes, 'l2Value'),
    amountFee: scaleExact(body.l2LimitFee, collRes, 'l2LimitFee'),
    nonce,
    positionId: accountIdText(body.accountId),
    expirationTimestampHours: parseUint(body.l2ExpireTime, 'l2ExpireTime', U64_MAX) / MS_PER_HOUR,
  };
}

/** `text × resolution`, which must be an integer (Java `toBigIntegerExact`). */
export function scaleExact(text: string, res: bigint, field: string): bigint {
  const scaled = exact(decimalText(text, field)).times(res.toString());
  if (!scaled.isInteger()) throw invalidInput(field, `at most the decimals of resolution ${res}`, text);
  return toBigInt(scaled);
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
