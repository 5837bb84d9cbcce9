import { expect, it } from 'vitest';
import {
  limitOrderMessageHash,
  orderMessageHash,
  orderStructHash,
  type StarknetDomain,
  type StarkOrder,
  transferMessageHash,
  withdrawalMessageHash,
} from '../src/index.js';
import { limitOrderStructHash, type StarkLimitOrder } from '../src/signing/limit-order-hash.js';
import { type StarkTransfer, transferStructHash } from '../src/signing/transfer-hash.js';
import { withdrawalStructHash } from '../src/signing/withdrawal-hash.js';

/**
 * Struct arguments as the official libraries' vectors spell them: snake_case, and each file picks
 * its own suffixes (`base_asset_id` / `_hex`, `expiration` / `expiration_seconds`, `recipient_decimal`…).
 */
export type VectorArgs = Record<string, string | number>;

/** The value of a field the vector spells as one of `keys`; none or two spellings is a broken vector. */
function field(a: VectorArgs, ...keys: string[]): string | number {
  const present = keys.filter((k) => a[k] !== undefined);
  if (present.length !== 1) throw new Error(`vector args: want one of ${keys.join(' / ')}, found ${present.length}`);
  return a[present[0]!]!;
}

const felt = (a: VectorArgs, name: string) => field(a, name, `${name}_hex`, `${name}_decimal`);

/** The fields `Order` and `LimitOrder` share (all but the position ids). */
function tradeOf(a: VectorArgs): Omit<StarkOrder, 'positionId'> {
  return {
    baseAssetId: felt(a, 'base_asset_id'),
    baseAmount: field(a, 'base_amount'),
    quoteAssetId: felt(a, 'quote_asset_id'),
    quoteAmount: field(a, 'quote_amount'),
    feeAssetId: felt(a, 'fee_asset_id'),
    feeAmount: field(a, 'fee_amount'),
    expiration: field(a, 'expiration', 'expiration_seconds'),
    salt: field(a, 'salt'),
  };
}

export const orderOf = (a: VectorArgs): StarkOrder => ({ positionId: field(a, 'position_id'), ...tradeOf(a) });

const limitOrderOf = (a: VectorArgs): StarkLimitOrder => ({
  sourcePositionId: field(a, 'source_position', 'source_position_id'),
  receivePositionId: field(a, 'receive_position', 'receive_position_id'),
  ...tradeOf(a),
});

/** TransferArgs and WithdrawArgs have the same fields (the recipient is a position or an address). */
const collateralMoveOf = (a: VectorArgs): StarkTransfer => ({
  recipient: field(a, 'recipient', 'recipient_decimal', 'recipient_position_id'),
  positionId: field(a, 'position_id', 'sender_position_id'),
  collateralId: felt(a, 'collateral_id'),
  amount: field(a, 'amount'),
  expiration: field(a, 'expiration', 'expiration_seconds'),
  salt: field(a, 'salt'),
});

/** The domain of the string APIs (`domain_name`, `domain_version`, …). */
export const domainOf = (a: VectorArgs): StarknetDomain => ({
  name: String(field(a, 'domain_name')),
  version: String(field(a, 'domain_version')),
  chainId: String(field(a, 'domain_chain_id')),
  revision: field(a, 'domain_revision'),
});

export type VectorStruct = 'order' | 'limitOrder' | 'transfer' | 'withdrawal';

const STRUCT_HASH: Record<VectorStruct, (a: VectorArgs) => bigint> = {
  order: (a) => orderStructHash(orderOf(a)),
  limitOrder: (a) => limitOrderStructHash(limitOrderOf(a)),
  transfer: (a) => transferStructHash(collateralMoveOf(a)),
  withdrawal: (a) => withdrawalStructHash(collateralMoveOf(a)),
};

const MESSAGE_HASH: Record<VectorStruct, (a: VectorArgs, d: StarknetDomain, key: string) => string> = {
  order: (a, d, key) => orderMessageHash(orderOf(a), d, key),
  limitOrder: (a, d, key) => limitOrderMessageHash(limitOrderOf(a), d, key),
  transfer: (a, d, key) => transferMessageHash(collateralMoveOf(a), d, key),
  withdrawal: (a, d, key) => withdrawalMessageHash(collateralMoveOf(a), d, key),
};

/** A vector's expected felt: exact 0x-hex, or decimal. */
export interface ExpectedFelt {
  expected?: string;
  expected_decimal?: string;
}

/** The string-API vectors: args with the domain and public key inline, and the hash. */
export type ArgsVector = { args: VectorArgs } & ExpectedFelt;

/** One message-hash vector; the domain and public key come from the args unless given apart. */
export interface MessageHashCase extends ExpectedFelt {
  name: string;
  kind: VectorStruct;
  args: VectorArgs;
  domain?: StarknetDomain;
  publicKey?: string;
}

export function messageHashOf(c: Omit<MessageHashCase, 'name'>): string {
  const key = c.publicKey ?? String(field(c.args, 'user_public_key', 'user_public_key_hex', 'user_public_key_decimal'));
  return MESSAGE_HASH[c.kind](c.args, c.domain ?? domainOf(c.args), key);
}

/** A hex string result must match the vector's hex exactly (case, no padding); a bigint by value. */
export function expectFelt(actual: string | bigint, want: ExpectedFelt): void {
  if (want.expected_decimal !== undefined) {
    expect(BigInt(actual).toString()).toBe(want.expected_decimal);
  } else if (typeof actual === 'string') {
    expect(actual).toBe(want.expected);
  } else {
    expect(`0x${actual.toString(16)}`).toBe(`0x${BigInt(want.expected!).toString(16)}`);
  }
}

/** One test per struct-hash vector, named `<name> struct hash`. */
export function itStructHashes(
  cases: readonly (ExpectedFelt & { name: string; kind: VectorStruct; args: VectorArgs })[],
) {
  it.each(cases.map((c) => [c.name, c] as const))('%s struct hash', (_name, c) => {
    expectFelt(STRUCT_HASH[c.kind](c.args), c);
  });
}

/** One test per message-hash vector, named after the case. */
export function itMessageHashes(cases: readonly MessageHashCase[]) {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectFelt(messageHashOf(c), c);
  });
}
