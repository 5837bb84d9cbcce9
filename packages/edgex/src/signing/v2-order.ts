import { hexToBytes } from '@noble/hashes/utils.js';
import { U64_MAX, V2_L2_EXPIRE_AFTER_MS, V2_L2_EXPIRE_OFFSET_MS } from './constants.js';
import { EIP712_DOMAIN_FIELDS, hashTypedData, type TypedDataDomain, type TypedDataField, toHex0x } from './eip712.js';
import { parseUint } from './encoding.js';
import { invalidInput } from './errors.js';
import {
  type EthPrivateKey,
  ethAddressFromPrivateKey,
  recoverDigestSigner,
  signDigest,
  toChecksumAddress,
} from './eth-key.js';
import { l2NonceFromClientOrderId } from './l2-order-hash.js';
import type { V2MarketInfo } from './market.js';
import { accountIdText } from './order-amounts.js';
import { createOrderBody, l2FieldsOf, prepareOrder, type SignedAmounts, signedAmountsFromBody } from './order-body.js';
import type { EdgexOrderParams, L2OrderFields } from './types.js';
import type { V1CreateOrderBody } from './v1-order.js';

/** EIP-712 types of an edgeX V2 order (python SDK `internal/eip712.py`). */
export const V2_ORDER_TYPES = {
  EIP712Domain: EIP712_DOMAIN_FIELDS,
  OrderBase: [
    { name: 'nonce', type: 'uint256' },
    { name: 'signer', type: 'address' },
    { name: 'accountId', type: 'uint64' },
    { name: 'expirationTimestamp', type: 'uint256' },
  ],
  LimitOrderParams: [
    { name: 'base', type: 'OrderBase' },
    { name: 'amountSynthetic', type: 'int256' },
    { name: 'amountCollateral', type: 'int256' },
    { name: 'amountFee', type: 'uint256' },
    { name: 'assetIdSynthetic', type: 'uint64' },
    { name: 'assetIdCollateral', type: 'uint64' },
    { name: 'isBuyingSynthetic', type: 'bool' },
    { name: 'parentOrderHash', type: 'bytes32' },
    { name: 'subOrderIndex', type: 'uint256' },
  ],
} as const satisfies Record<string, readonly TypedDataField[]>;

const ZERO_BYTES32 = `0x${'0'.repeat(64)}`;

/** The V2 order message, all integers as decimal strings (as the SDK builds it). */
export interface V2OrderMessage {
  base: { nonce: string; signer: string; accountId: string; expirationTimestamp: string };
  amountSynthetic: string;
  amountCollateral: string;
  amountFee: string;
  assetIdSynthetic: string;
  assetIdCollateral: string;
  isBuyingSynthetic: boolean;
  parentOrderHash: string;
  subOrderIndex: string;
}

export interface V2OrderTypedData {
  types: typeof V2_ORDER_TYPES;
  primaryType: 'LimitOrderParams';
  domain: TypedDataDomain;
  message: V2OrderMessage;
}

/** `POST /api/v2/private/order/createOrder` body, keys in the python SDK's order. */
// A type alias (not an interface) so the body is assignable to JsonObject for request signing.
// The V1 fields plus the V2-only TP/SL and source fields (wire key order is set where the body is built).
export type V2CreateOrderBody = V1CreateOrderBody & {
  triggerPrice: string;
  triggerPriceType: string;
  sourceKey: string;
  isPositionTpsl: boolean;
  openTpslParentOrderId: string;
  isSetOpenTp: boolean;
  openTp: null;
  isSetOpenSl: boolean;
  openSl: null;
  extraType: string;
  extraDataJson: string;
};

export interface BuildV2OrderOptions {
  /**
   * Prefix the body's l2Signature with `0x`. Default false: the python SDK sends 130 hex chars;
   * the Go V2 test expects `0x` + 130 (which one the server prefers is unconfirmed).
   */
  signatureWith0x?: boolean;
  /** Free-form body fields the SDK passes through; empty by default. */
  sourceKey?: string;
}

export interface BuiltV2Order extends L2OrderFields {
  typedData: V2OrderTypedData;
  /** EIP-712 digest, `0x`-hex. */
  digest: string;
  /** 65-byte `r ‖ s ‖ v`, `0x`-hex (the body carries it per `signatureWith0x`). */
  signature: string;
  /** Checksummed address of the trading key. */
  signer: string;
  body: V2CreateOrderBody;
}

function v2Domain(market: V2MarketInfo): TypedDataDomain {
  const chainId = parseUint(market.chainId, 'chainId', BigInt(Number.MAX_SAFE_INTEGER));
  if (typeof market.verifyingContract !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(market.verifyingContract)) {
    throw invalidInput('verifyingContract', 'a 0x-prefixed 20-byte address', market.verifyingContract);
  }
  return { name: 'EdgeX', version: '1', chainId: Number(chainId), verifyingContract: market.verifyingContract };
}

/** EIP-712 digest of V2 typed data, `0x`-hex. */
export function v2OrderDigest(typedData: V2OrderTypedData): string {
  const { EIP712Domain: _domain, ...types } = typedData.types;
  return toHex0x(
    hashTypedData({
      domain: typedData.domain,
      types,
      primaryType: typedData.primaryType,
      message: { ...typedData.message, base: { ...typedData.message.base } },
    }),
  );
}

/**
 * Builds and signs a V2 createOrder: the same amounts as V1 but with the V2 resolutions, the
 * LimitOrderParams EIP-712 message and an Ethereum signature from the trading key.
 * Expiry: l2ExpireTime = now + 30 d, expireTime = l2ExpireTime − 8 d (or l2ExpireTime =
 * expireTime + 8 d when expireTime is given); the message carries floor(expireTime / 1000) s.
 * @throws InvalidInputError for a bad order or market; SigningError for a bad key.
 */
export function buildV2Order(
  order: EdgexOrderParams,
  market: V2MarketInfo,
  tradingPrivateKey: EthPrivateKey,
  options: BuildV2OrderOptions = {},
): BuiltV2Order {
  const prepared = prepareOrder(order, market);
  const { amounts } = prepared;

  const now = parseUint(order.nowMs, 'nowMs', U64_MAX);
  let expireTime: bigint;
  let l2ExpireTime: bigint;
  if (order.expireTime === undefined) {
    l2ExpireTime = now + V2_L2_EXPIRE_AFTER_MS;
    expireTime = l2ExpireTime - V2_L2_EXPIRE_OFFSET_MS;
  } else {
    expireTime = parseUint(order.expireTime, 'expireTime', U64_MAX);
    l2ExpireTime = expireTime + V2_L2_EXPIRE_OFFSET_MS;
  }
  if (expireTime <= now) throw invalidInput('expireTime', 'a time after nowMs', order.expireTime);

  const signer = ethAddressFromPrivateKey(tradingPrivateKey);
  const l2Nonce = l2NonceFromClientOrderId(prepared.clientOrderId);
  const signed = { ...amounts, isBuyingSynthetic: order.side === 'BUY' };
  const typedData = v2TypedData(market, { nonce: l2Nonce, signer, accountId: prepared.accountId, expireTime }, signed);
  const digest = v2OrderDigest(typedData);
  const rsv = signDigest(hexToDigest(digest), tradingPrivateKey);
  const l2Signature = options.signatureWith0x ? `0x${rsv}` : rsv;

  const body: V2CreateOrderBody = {
    ...createOrderBody(order, prepared, { expireTime, l2ExpireTime, l2Nonce, l2Signature }),
    triggerPrice: '',
    triggerPriceType: '',
    sourceKey: options.sourceKey ?? '',
    isPositionTpsl: false,
    openTpslParentOrderId: '',
    isSetOpenTp: false,
    openTp: null,
    isSetOpenSl: false,
    openSl: null,
    extraType: '',
    extraDataJson: '',
  };
  return { ...l2FieldsOf(body), typedData, digest, signature: `0x${rsv}`, signer, body };
}

/** The LimitOrderParams typed data of an order of `market`; integers as decimal strings, expiry in whole seconds. */
function v2TypedData(
  market: V2MarketInfo,
  base: { nonce: string; signer: string; accountId: string; expireTime: bigint },
  signed: Omit<SignedAmounts, 'nonce'>,
): V2OrderTypedData {
  return {
    types: V2_ORDER_TYPES,
    primaryType: 'LimitOrderParams',
    domain: v2Domain(market),
    message: {
      base: {
        nonce: base.nonce,
        signer: base.signer,
        accountId: base.accountId,
        expirationTimestamp: (base.expireTime / 1000n).toString(),
      },
      amountSynthetic: signed.amountSynthetic.toString(),
      amountCollateral: signed.amountCollateral.toString(),
      amountFee: signed.amountFee.toString(),
      assetIdSynthetic: parseUint(market.contractId, 'contractId', U64_MAX).toString(),
      assetIdCollateral: parseUint(market.collateralCoinId, 'collateralCoinId', U64_MAX).toString(),
      isBuyingSynthetic: signed.isBuyingSynthetic,
      parentOrderHash: ZERO_BYTES32,
      subOrderIndex: '0',
    },
  };
}

function hexToDigest(hex0x: string): Uint8Array {
  return hexToBytes(hex0x.slice(2));
}

/** The body fields a V2 verifier reads; extra fields are ignored. */
export type V2OrderBodyLike = Pick<
  V2CreateOrderBody,
  'accountId' | 'contractId' | 'side' | 'clientOrderId' | 'expireTime' | 'l2Nonce' | 'l2Value' | 'l2Size' | 'l2LimitFee'
>;

/**
 * Rebuilds the typed data a received V2 createOrder body must have been signed over, for the
 * account's registered trading address (the signer is part of the message).
 * @throws InvalidInputError naming the first field that cannot have been signed as sent.
 */
export function v2TypedDataFromBody(
  body: V2OrderBodyLike,
  market: V2MarketInfo,
  signerAddress: string,
): V2OrderTypedData {
  const signed = signedAmountsFromBody(body, market);
  if (typeof signerAddress !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(signerAddress)) {
    throw invalidInput('signerAddress', 'a 0x-prefixed 20-byte address', signerAddress);
  }
  const base = {
    nonce: signed.nonce.toString(),
    signer: toChecksumAddress(signerAddress),
    accountId: accountIdText(body.accountId),
    expireTime: parseUint(body.expireTime, 'expireTime', U64_MAX),
  };
  return v2TypedData(market, base, signed);
}

/**
 * Recovers the address that signed `digest` (`0x`-hex) with a 65-byte signature (`0x` optional);
 * undefined when the signature is malformed or high-s.
 */
export function recoverV2OrderSigner(digest: string, signature: string): string | undefined {
  if (typeof digest !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(digest)) {
    throw invalidInput('digest', 'a 0x-prefixed 32-byte hex digest', digest);
  }
  return recoverDigestSigner(hexToDigest(digest), signature);
}

/**
 * Verifies the l2Signature of a received V2 createOrder body against the account's trading
 * address. Returns false for a wrong signature or a body that cannot have been signed as sent.
 */
export function verifyV2OrderSignature(
  body: V2OrderBodyLike & { l2Signature: string },
  market: V2MarketInfo,
  signerAddress: string,
): boolean {
  let digest: string;
  try {
    digest = v2OrderDigest(v2TypedDataFromBody(body, market, signerAddress));
  } catch {
    return false;
  }
  const recovered = recoverDigestSigner(hexToDigest(digest), body.l2Signature);
  return recovered !== undefined && recovered.toLowerCase() === signerAddress.toLowerCase();
}
