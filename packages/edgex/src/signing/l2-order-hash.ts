import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { pedersen } from '@scure/starknet';
import { LIMIT_ORDER_WITH_FEES, U32_MAX, U64_MAX } from './constants.js';
import { type IntegerLike, parseHexId, parseUint } from './encoding.js';
import { invalidInput } from './errors.js';

/** StarkEx field prime: asset ids must be field elements. */
const FIELD_PRIME = 2n ** 251n + 17n * 2n ** 192n + 1n;

/**
 * `l2Nonce` of a client order id: the first 32 bits of sha256(utf8(clientOrderId)), as a decimal
 * string (SDK `calc_nonce`). The same rule is used by V1 and V2.
 */
export function l2NonceFromClientOrderId(clientOrderId: string): string {
  if (typeof clientOrderId !== 'string') throw invalidInput('clientOrderId', 'a string', typeof clientOrderId);
  return BigInt(`0x${bytesToHex(sha256(utf8ToBytes(clientOrderId))).slice(0, 8)}`).toString();
}

/** Inputs of the StarkEx perpetual "limit order with fees" hash. Amounts are scaled integers. */
export interface L2OrderHashParams {
  /** `contract.starkExSyntheticAssetId` (hex). */
  syntheticAssetId: string | bigint;
  /** The collateral coin's `starkExAssetId` (hex). */
  collateralAssetId: string | bigint;
  /** Always the collateral asset on edgeX. */
  feeAssetId: string | bigint;
  isBuyingSynthetic: boolean;
  amountSynthetic: IntegerLike;
  amountCollateral: IntegerLike;
  amountFee: IntegerLike;
  nonce: IntegerLike;
  /** The edgeX accountId. */
  positionId: IntegerLike;
  /** floor(l2ExpireTime ms / 3 600 000). */
  expirationTimestampHours: IntegerLike;
}

/** Every intermediate of the hash chain, for debugging against the SDK and for tests. */
export interface L2OrderHashChain {
  h1: bigint;
  h2: bigint;
  packed0: bigint;
  h3: bigint;
  packed1: bigint;
  orderHash: bigint;
}

/**
 * Computes H(H(H(H(asset_sell, asset_buy), asset_fee), packed0), packed1) with StarkWare Pedersen.
 * @throws InvalidInputError when a field is malformed or exceeds its bit width.
 */
export function l2OrderHashChain(params: L2OrderHashParams): L2OrderHashChain {
  const synthetic = parseHexId(params.syntheticAssetId, 'syntheticAssetId', FIELD_PRIME - 1n);
  const collateral = parseHexId(params.collateralAssetId, 'collateralAssetId', FIELD_PRIME - 1n);
  const fee = parseHexId(params.feeAssetId, 'feeAssetId', FIELD_PRIME - 1n);
  if (typeof params.isBuyingSynthetic !== 'boolean') {
    throw invalidInput('isBuyingSynthetic', 'a boolean', params.isBuyingSynthetic);
  }
  const amountSynthetic = parseUint(params.amountSynthetic, 'amountSynthetic', U64_MAX);
  const amountCollateral = parseUint(params.amountCollateral, 'amountCollateral', U64_MAX);
  const amountFee = parseUint(params.amountFee, 'amountFee', U64_MAX);
  const nonce = parseUint(params.nonce, 'nonce', U32_MAX);
  const positionId = parseUint(params.positionId, 'positionId', U64_MAX);
  const hours = parseUint(params.expirationTimestampHours, 'expirationTimestampHours', U32_MAX);

  const [assetSell, assetBuy, amountSell, amountBuy] = params.isBuyingSynthetic
    ? [collateral, synthetic, amountCollateral, amountSynthetic]
    : [synthetic, collateral, amountSynthetic, amountCollateral];

  // Bit widths (64|64|64|32 and 10+64·3+32+17 padding) keep both packed words below the field prime.
  const packed0 = (((((amountSell << 64n) | amountBuy) << 64n) | amountFee) << 32n) | nonce;
  const packed1 =
    ((((((((LIMIT_ORDER_WITH_FEES << 64n) | positionId) << 64n) | positionId) << 64n) | positionId) << 32n) | hours) <<
    17n;

  const h1 = BigInt(pedersen(assetSell, assetBuy));
  const h2 = BigInt(pedersen(h1, fee));
  const h3 = BigInt(pedersen(h2, packed0));
  const orderHash = BigInt(pedersen(h3, packed1));
  return { h1, h2, packed0, h3, packed1, orderHash };
}

/** The order hash as `0x`-hex (no zero padding, like the SDK's `hex()`). */
export function l2OrderHash(params: L2OrderHashParams): string {
  return `0x${l2OrderHashChain(params).orderHash.toString(16)}`;
}
