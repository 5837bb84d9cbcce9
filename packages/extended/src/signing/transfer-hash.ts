import { collateralMoveHash, type StarkCollateralMove } from './collateral-hash.js';
import { TRANSFER_SELECTOR, U32_MAX } from './constants.js';
import type { StarknetDomain } from './domain.js';
import { parseInteger } from './felt.js';
import { messageHashHex } from './message.js';

/** `TransferArgs` of the perpetuals contract (collateral transfer between positions): the recipient is a position id (u32). */
export type StarkTransfer = StarkCollateralMove;

export function transferStructHash(t: StarkTransfer): bigint {
  return collateralMoveHash(TRANSFER_SELECTOR, parseInteger(t.recipient, 'recipient', 0n, U32_MAX), t);
}

/** Message hash of a transfer (official `get_transfer_msg`), 0x-hex. */
export function transferMessageHash(t: StarkTransfer, domain: StarknetDomain, publicKey: string | bigint): string {
  return messageHashHex(transferStructHash(t), domain, publicKey);
}
