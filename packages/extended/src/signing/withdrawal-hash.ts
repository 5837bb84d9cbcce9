import { collateralMoveHash, type StarkCollateralMove } from './collateral-hash.js';
import { WITHDRAW_SELECTOR } from './constants.js';
import type { StarknetDomain } from './domain.js';
import { parseFelt } from './felt.js';
import { messageHashHex } from './message.js';

/** `WithdrawArgs` of the perpetuals contract (withdrawal to a Starknet address): the recipient is a contract address (felt). */
export type StarkWithdrawal = StarkCollateralMove;

export function withdrawalStructHash(w: StarkWithdrawal): bigint {
  return collateralMoveHash(WITHDRAW_SELECTOR, parseFelt(w.recipient, 'recipient'), w);
}

/** Message hash of a withdrawal (official `get_withdraw_msg`), 0x-hex. */
export function withdrawalMessageHash(w: StarkWithdrawal, domain: StarknetDomain, publicKey: string | bigint): string {
  return messageHashHex(withdrawalStructHash(w), domain, publicKey);
}
