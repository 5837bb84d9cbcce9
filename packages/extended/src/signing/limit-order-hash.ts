import { LIMIT_ORDER_SELECTOR, U32_MAX, U64_MAX } from './constants.js';
import type { StarknetDomain } from './domain.js';
import { type IntegerLike, i64ToFelt, parseFelt, parseInteger, toHex } from './felt.js';
import { messageHash } from './message.js';
import { poseidonHashMany } from './poseidon.js';

/** `LimitOrder` struct: used by vault deposit/withdraw flows, not for trading (trading uses `Order`). */
export interface StarkLimitOrder {
  sourcePositionId: IntegerLike;
  receivePositionId: IntegerLike;
  baseAssetId: IntegerLike;
  baseAmount: IntegerLike;
  quoteAssetId: IntegerLike;
  quoteAmount: IntegerLike;
  feeAssetId: IntegerLike;
  feeAmount: IntegerLike;
  expiration: IntegerLike;
  salt: IntegerLike;
}

export function limitOrderStructHash(o: StarkLimitOrder): bigint {
  return poseidonHashMany([
    LIMIT_ORDER_SELECTOR,
    parseInteger(o.sourcePositionId, 'sourcePositionId', 0n, U32_MAX),
    parseInteger(o.receivePositionId, 'receivePositionId', 0n, U32_MAX),
    parseFelt(o.baseAssetId, 'baseAssetId'),
    i64ToFelt(o.baseAmount, 'baseAmount'),
    parseFelt(o.quoteAssetId, 'quoteAssetId'),
    i64ToFelt(o.quoteAmount, 'quoteAmount'),
    parseFelt(o.feeAssetId, 'feeAssetId'),
    parseInteger(o.feeAmount, 'feeAmount', 0n, U64_MAX),
    parseInteger(o.expiration, 'expiration', 0n, U64_MAX),
    parseFelt(o.salt, 'salt'),
  ]);
}

/** Message hash of a LimitOrder (official `get_limit_order_msg`), 0x-hex. */
export function limitOrderMessageHash(o: StarkLimitOrder, domain: StarknetDomain, publicKey: string | bigint): string {
  return toHex(messageHash(limitOrderStructHash(o), domain, publicKey));
}
