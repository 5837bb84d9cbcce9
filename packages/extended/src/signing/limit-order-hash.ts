import { LIMIT_ORDER_SELECTOR, U32_MAX } from './constants.js';
import type { StarknetDomain } from './domain.js';
import { type IntegerLike, parseFelt, parseInteger } from './felt.js';
import { messageHashHex } from './message.js';
import { type StarkOrder, tradeFelts } from './order-hash.js';
import { poseidonHashMany } from './poseidon.js';

/**
 * `LimitOrder` struct: used by vault deposit/withdraw flows, not for trading (trading uses `Order`).
 * The `Order` fields with a source and a receiving position in place of the one position.
 */
export interface StarkLimitOrder extends Omit<StarkOrder, 'positionId' | 'salt'> {
  sourcePositionId: IntegerLike;
  receivePositionId: IntegerLike;
  /** A full felt here (the `Order` salt is u64). */
  salt: IntegerLike;
}

export function limitOrderStructHash(o: StarkLimitOrder): bigint {
  return poseidonHashMany([
    LIMIT_ORDER_SELECTOR,
    parseInteger(o.sourcePositionId, 'sourcePositionId', 0n, U32_MAX),
    parseInteger(o.receivePositionId, 'receivePositionId', 0n, U32_MAX),
    ...tradeFelts(o),
    parseFelt(o.salt, 'salt'),
  ]);
}

/** Message hash of a LimitOrder (official `get_limit_order_msg`), 0x-hex. */
export function limitOrderMessageHash(o: StarkLimitOrder, domain: StarknetDomain, publicKey: string | bigint): string {
  return messageHashHex(limitOrderStructHash(o), domain, publicKey);
}
