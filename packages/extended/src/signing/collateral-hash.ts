import { U32_MAX, U64_MAX } from './constants.js';
import { type IntegerLike, parseFelt, parseInteger } from './felt.js';
import { poseidonHashMany } from './poseidon.js';

/** The fields `TransferArgs` and `WithdrawArgs` share; only the recipient's type differs. */
export interface StarkCollateralMove {
  recipient: IntegerLike;
  positionId: IntegerLike;
  collateralId: IntegerLike;
  amount: IntegerLike;
  expiration: IntegerLike;
  salt: IntegerLike;
}

/**
 * Poseidon hash of a `TransferArgs`/`WithdrawArgs` struct; the caller parses the recipient (a position
 * id or a contract address) so each struct keeps its own range check.
 */
export function collateralMoveHash(selector: bigint, recipient: bigint, m: StarkCollateralMove): bigint {
  return poseidonHashMany([
    selector,
    recipient,
    parseInteger(m.positionId, 'positionId', 0n, U32_MAX),
    parseFelt(m.collateralId, 'collateralId'),
    parseInteger(m.amount, 'amount', 0n, U64_MAX),
    parseInteger(m.expiration, 'expiration', 0n, U64_MAX),
    parseFelt(m.salt, 'salt'),
  ]);
}
