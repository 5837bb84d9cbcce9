import { TRANSFER_SELECTOR, U32_MAX, U64_MAX } from './constants.js';
import type { StarknetDomain } from './domain.js';
import { type IntegerLike, parseFelt, parseInteger, toHex } from './felt.js';
import { messageHash } from './message.js';
import { poseidonHashMany } from './poseidon.js';

/** `TransferArgs` of the perpetuals contract (collateral transfer between positions). */
export interface StarkTransfer {
  recipient: IntegerLike;
  positionId: IntegerLike;
  collateralId: IntegerLike;
  amount: IntegerLike;
  expiration: IntegerLike;
  salt: IntegerLike;
}

export function transferStructHash(t: StarkTransfer): bigint {
  return poseidonHashMany([
    TRANSFER_SELECTOR,
    parseInteger(t.recipient, 'recipient', 0n, U32_MAX),
    parseInteger(t.positionId, 'positionId', 0n, U32_MAX),
    parseFelt(t.collateralId, 'collateralId'),
    parseInteger(t.amount, 'amount', 0n, U64_MAX),
    parseInteger(t.expiration, 'expiration', 0n, U64_MAX),
    parseFelt(t.salt, 'salt'),
  ]);
}

/** Message hash of a transfer (official `get_transfer_msg`), 0x-hex. */
export function transferMessageHash(t: StarkTransfer, domain: StarknetDomain, publicKey: string | bigint): string {
  return toHex(messageHash(transferStructHash(t), domain, publicKey));
}
