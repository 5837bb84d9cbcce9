import { hash, shortString, type TypedData, typedData } from 'starknet';
import { describe, expect, it } from 'vitest';
import { FIELD_PRIME, orderMessageHash, type StarknetDomain } from '../src/index.js';
import { ORDER_SELECTOR, ORDER_TYPE, U64_MAX } from '../src/signing/constants.js';
import { i64ToFelt } from '../src/signing/felt.js';
import { messageHash } from '../src/signing/message.js';
import { orderStructHash, type StarkOrder } from '../src/signing/order-hash.js';
import { poseidonHashMany } from '../src/signing/poseidon.js';
import { Prng } from './support/prng.js';

// CPU-bound loops that cannot hang: generous so CI running every package at once on 2 cores never times them out.
const PROPERTY_TIMEOUT_MS = 300_000;

/*
 * Second, independent oracle (beside the official WASM in signing.property.test.ts): starknet.js, the ecosystem's
 * reference SNIP-12 implementation, with its own Poseidon and Keccak.
 *
 * starknet.js cannot express Extended's `Order` type literally: the official type string lists `PositionId` although no
 * field uses it, lists the referenced types unsorted, and the contract hashes the single-field structs (AssetId,
 * Timestamp) flat. So the oracle checks the three parts that together make the order hash:
 * 1. `typedData.getMessageHash` of the same nine fields declared as SNIP-12 basic types (felt, i128, u128) equals our
 *    SNIP-12 envelope (prefix, domain with revision 1, public key in place of the account, flat struct hash, negative
 *    i64 encoding) over the same struct;
 * 2. starknet.js's `starknetKeccak` of the official type string is our ORDER_SELECTOR;
 * 3. starknet.js's Poseidon over [ORDER_SELECTOR, fields encoded by its `encodeValue`] and its domain struct hash,
 *    composed as SNIP-12 prescribes, equal our public `orderMessageHash`.
 */

const SEED = 0x57a2_4e75_0000_0013n;
const ORDERS = 300;
const I64_MAX = 2n ** 63n - 1n;
const REVISION = '1' as const;

const DOMAIN_TYPE = [
  { name: 'name', type: 'shortstring' },
  { name: 'version', type: 'shortstring' },
  { name: 'chainId', type: 'shortstring' },
  { name: 'revision', type: 'shortstring' },
];
/** The contract's Order fields as SNIP-12 basic types (hashed as themselves, like the contract's flat structs). */
const FLAT_ORDER_TYPE = [
  { name: 'position_id', type: 'felt' },
  { name: 'base_asset_id', type: 'felt' },
  { name: 'base_amount', type: 'i128' },
  { name: 'quote_asset_id', type: 'felt' },
  { name: 'quote_amount', type: 'i128' },
  { name: 'fee_asset_id', type: 'felt' },
  { name: 'fee_amount', type: 'u128' },
  { name: 'expiration', type: 'u128' },
  { name: 'salt', type: 'felt' },
];
const TYPES = { StarknetDomain: DOMAIN_TYPE, Order: FLAT_ORDER_TYPE };

function signedAmount(rng: Prng): bigint {
  const m = rng.pick([() => rng.below(1_000_000n), () => rng.below(10n ** 15n), () => rng.below(I64_MAX + 1n)])();
  return rng.int(2) === 0 ? -m : m;
}

function randomOrder(rng: Prng): RandomOrder {
  return {
    positionId: rng.below(2n ** 32n),
    baseAssetId: rng.below(FIELD_PRIME),
    baseAmount: signedAmount(rng),
    quoteAssetId: rng.below(FIELD_PRIME),
    quoteAmount: signedAmount(rng),
    feeAssetId: rng.below(FIELD_PRIME),
    feeAmount: rng.below(U64_MAX + 1n),
    expiration: rng.below(U64_MAX + 1n),
    salt: rng.below(U64_MAX + 1n),
  };
}

function randomDomain(rng: Prng): StarknetDomain {
  return rng.pick<StarknetDomain>([
    { name: 'Perpetuals', version: 'v0', chainId: 'SN_MAIN', revision: 1 },
    { name: 'Perpetuals', version: 'v0', chainId: 'SN_SEPOLIA', revision: 1 },
    { name: 'Perp', version: `v${rng.int(100)}`, chainId: 'SN_TEST', revision: 1 },
  ]);
}

/** Every field a bigint (the signing API also takes numbers and strings). */
type RandomOrder = { [K in keyof StarkOrder]: bigint };

const hex = (n: bigint): string => `0x${n.toString(16)}`;

/** The order as SNIP-12 message values (decimal strings; negative i128 as "-n", encoded by starknet.js). */
function message(o: RandomOrder): Record<string, string> {
  return {
    position_id: o.positionId.toString(),
    base_asset_id: hex(o.baseAssetId),
    base_amount: o.baseAmount.toString(),
    quote_asset_id: hex(o.quoteAssetId),
    quote_amount: o.quoteAmount.toString(),
    fee_asset_id: hex(o.feeAssetId),
    fee_amount: o.feeAmount.toString(),
    expiration: o.expiration.toString(),
    salt: o.salt.toString(),
  };
}

function snip12(o: RandomOrder, d: StarknetDomain): TypedData {
  return {
    types: TYPES,
    primaryType: 'Order',
    domain: { name: d.name, version: d.version, chainId: d.chainId, revision: REVISION },
    message: message(o),
  };
}

describe('Extended order hash vs starknet.js (independent SNIP-12 oracle)', () => {
  it("the Order selector is starknet.js's starknetKeccak of the official type string", () => {
    expect(BigInt(hash.starknetKeccak(ORDER_TYPE))).toBe(ORDER_SELECTOR);
  });

  it(
    `${ORDERS} random orders: typedData.getMessageHash equals our envelope over the same flat struct`,
    () => {
      const rng = new Prng(SEED);
      const flatSelector = BigInt(typedData.getTypeHash(TYPES, 'Order', REVISION));
      for (let i = 0; i < ORDERS; i++) {
        const o = randomOrder(rng);
        const d = randomDomain(rng);
        const publicKey = rng.below(FIELD_PRIME);
        const theirs = BigInt(typedData.getMessageHash(snip12(o, d), publicKey));
        const struct = poseidonHashMany([
          flatSelector,
          o.positionId,
          o.baseAssetId,
          i64ToFelt(o.baseAmount, 'baseAmount'),
          o.quoteAssetId,
          i64ToFelt(o.quoteAmount, 'quoteAmount'),
          o.feeAssetId,
          o.feeAmount,
          o.expiration,
          o.salt,
        ]);
        expect(messageHash(struct, d, publicKey), `order ${i}`).toBe(theirs);
      }
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    `${ORDERS} random orders: orderMessageHash equals starknet.js Poseidon over its own encodings and domain hash`,
    () => {
      const rng = new Prng(SEED ^ 0xffffn);
      for (let i = 0; i < ORDERS; i++) {
        const o = randomOrder(rng);
        const d = randomDomain(rng);
        const publicKey = rng.below(FIELD_PRIME);
        const m = message(o);
        const encoded = FLAT_ORDER_TYPE.map(
          (f) => typedData.encodeValue(TYPES, f.type, m[f.name]!, undefined, REVISION)[1],
        );
        const struct = hash.computePoseidonHashOnElements([hex(ORDER_SELECTOR), ...encoded]);
        expect(orderStructHash(o), `struct ${i}`).toBe(BigInt(struct));
        const domainHash = typedData.getStructHash(TYPES, 'StarknetDomain', snip12(o, d).domain, REVISION);
        const theirs = hash.computePoseidonHashOnElements([
          shortString.encodeShortString('StarkNet Message'),
          domainHash,
          hex(publicKey),
          struct,
        ]);
        expect(orderMessageHash(o, d, publicKey), `order ${i}`).toBe(hex(BigInt(theirs)));
      }
    },
    PROPERTY_TIMEOUT_MS,
  );
});
