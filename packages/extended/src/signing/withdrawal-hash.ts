import { U32_MAX, U64_MAX, WITHDRAW_SELECTOR } from './constants.js';
import type { StarknetDomain } from './domain.js';
import { type IntegerLike, parseFelt, parseInteger, toHex } from './felt.js';
import { messageHash } from './message.js';
import { poseidonHashMany } from './poseidon.js';

/** `WithdrawArgs` of the perpetuals contract (withdrawal to a Starknet address). */
export interface StarkWithdrawal {
  /** Starknet contract address receiving the funds, felt. */
  recipient: IntegerLike;
  positionId: IntegerLike;
  collateralId: IntegerLike;
  amount: IntegerLike;
  expiration: IntegerLike;
  salt: IntegerLike;
}

export function withdrawalStructHash(w: StarkWithdrawal): bigint {
  return poseidonHashMany([
    WITHDRAW_SELECTOR,
    parseFelt(w.recipient, 'recipient'),
    parseInteger(w.positionId, 'positionId', 0n, U32_MAX),
    parseFelt(w.collateralId, 'collateralId'),
    parseInteger(w.amount, 'amount', 0n, U64_MAX),
    parseInteger(w.expiration, 'expiration', 0n, U64_MAX),
    parseFelt(w.salt, 'salt'),
  ]);
}

/** Message hash of a withdrawal (official `get_withdraw_msg`), 0x-hex. */
export function withdrawalMessageHash(w: StarkWithdrawal, domain: StarknetDomain, publicKey: string | bigint): string {
  return toHex(messageHash(withdrawalStructHash(w), domain, publicKey));
}
