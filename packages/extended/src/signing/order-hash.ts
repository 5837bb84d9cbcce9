import { ORDER_SELECTOR, U32_MAX, U64_MAX } from './constants.js';
import type { StarknetDomain } from './domain.js';
import { type IntegerLike, i64ToFelt, parseFelt, parseInteger } from './felt.js';
import { messageHash, messageHashHex } from './message.js';
import { EMPTY_STATE, type PoseidonState, poseidonAbsorb, poseidonFinish } from './poseidon.js';

/**
 * The signed `Order` struct of the Extended perpetuals contract, in settlement integers.
 * Amounts are signed: a BUY has baseAmount > 0 and quoteAmount < 0, a SELL the opposite.
 * Integers may be bigint, safe numbers, decimal strings or 0x-hex strings.
 */
export interface StarkOrder {
  /** Vault / collateral position id (u32). */
  positionId: IntegerLike;
  /** Synthetic asset id (`l2Config.syntheticId`), felt. */
  baseAssetId: IntegerLike;
  /** Signed synthetic amount (i64). */
  baseAmount: IntegerLike;
  /** Collateral asset id (`l2Config.collateralId`), felt. */
  quoteAssetId: IntegerLike;
  /** Signed collateral amount (i64). */
  quoteAmount: IntegerLike;
  /** Fee asset id (the collateral), felt. */
  feeAssetId: IntegerLike;
  /** Maximum fee in collateral settlement units (u64). */
  feeAmount: IntegerLike;
  /** Settlement expiration in epoch seconds (u64). */
  expiration: IntegerLike;
  /** Order nonce (u64; the official string API accepts only u64). */
  salt: IntegerLike;
}

const MAX_CACHED_POSITIONS = 256;
// State after absorbing [ORDER_SELECTOR, positionId]: constant per account, saves one permutation.
const positionStates = new Map<bigint, PoseidonState>();

/**
 * Poseidon hash of the Order struct: fields hashed flat in declaration order after the type
 * selector (Cairo `#[derive(Hash)]`), as rust-crypto-lib-base `Order::hash`.
 * @throws SigningError when a field is out of its type's range.
 */
export function orderStructHash(order: StarkOrder): bigint {
  const positionId = parseInteger(order.positionId, 'positionId', 0n, U32_MAX);
  let state = positionStates.get(positionId);
  if (state === undefined) {
    state = poseidonAbsorb(EMPTY_STATE, [ORDER_SELECTOR, positionId]);
    if (positionStates.size >= MAX_CACHED_POSITIONS) positionStates.clear();
    positionStates.set(positionId, state);
  }
  return poseidonFinish(state, [...tradeFelts(order), parseInteger(order.salt, 'salt', 0n, U64_MAX)]);
}

/** The felts `Order` and `LimitOrder` share, in their declaration order: assets, amounts, fee, expiration. */
export function tradeFelts(o: Omit<StarkOrder, 'positionId' | 'salt'>): bigint[] {
  return [
    parseFelt(o.baseAssetId, 'baseAssetId'),
    i64ToFelt(o.baseAmount, 'baseAmount'),
    parseFelt(o.quoteAssetId, 'quoteAssetId'),
    i64ToFelt(o.quoteAmount, 'quoteAmount'),
    parseFelt(o.feeAssetId, 'feeAssetId'),
    parseInteger(o.feeAmount, 'feeAmount', 0n, U64_MAX),
    parseInteger(o.expiration, 'expiration', 0n, U64_MAX),
  ];
}

/**
 * Message hash of an order, the value that is signed and (in decimal) the SDK's default order id.
 * Same result as the official `get_order_msg` / `get_order_msg_hash`.
 * @param publicKey - Stark public key of the account (`l2Key`), hex or bigint.
 * @returns minimal lowercase 0x-hex.
 * @throws SigningError when a field is out of range.
 */
export function orderMessageHash(order: StarkOrder, domain: StarknetDomain, publicKey: string | bigint): string {
  return messageHashHex(orderStructHash(order), domain, publicKey);
}

/** {@link orderMessageHash} as a bigint (avoids a hex round trip on the signing path). */
export function orderMessageHashBigInt(order: StarkOrder, domain: StarknetDomain, publicKey: string | bigint): bigint {
  return messageHash(orderStructHash(order), domain, publicKey);
}
