import { describe, expect, it } from 'vitest';
import {
  CURVE_ORDER,
  ELEMENT_UPPER_BOUND,
  FIELD_PRIME,
  orderMessageHash,
  type StarknetDomain,
  signStarkHash,
} from '../src/index.js';
import { officialSign, officialWasm } from './support/official-wasm.js';
import { Prng } from './support/prng.js';

// CPU-bound loops that cannot hang: generous so CI running every package at once on 2 cores never times them out.
const PROPERTY_TIMEOUT_MS = 300_000;

// Oracle: the official @x10xchange/stark-crypto-wrapper-wasm. Keys here are random and fake.
const SEED = 0x5eed_ed5e_eded_0001n;
const ORDERS = 1000;
const DIRECT_SIGNS = 250;

const hex = (n: bigint) => `0x${n.toString(16)}`;
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

/** Amounts biased towards realistic sizes, with the i64/u64 extremes mixed in. */
function amount(rng: Prng, signed: boolean): bigint {
  const magnitude = rng.pick([
    () => rng.below(1_000_000n),
    () => rng.below(10n ** 15n),
    () => rng.below(I64_MAX + 1n),
    () => rng.pick([0n, 1n, I64_MAX]),
  ])();
  if (!signed) return rng.int(20) === 0 ? U64_MAX : magnitude;
  return rng.int(2) === 0 ? -magnitude : magnitude;
}

function domain(rng: Prng): StarknetDomain {
  return rng.pick<StarknetDomain>([
    { name: 'Perpetuals', version: 'v0', chainId: 'SN_MAIN', revision: 1 },
    { name: 'Perpetuals', version: 'v0', chainId: 'SN_SEPOLIA', revision: '1' },
    { name: 'Perp', version: 'v1', chainId: 'SN_TEST', revision: rng.int(1000) },
  ]);
}

describe('orderMessageHash + signStarkHash vs the official WASM', () => {
  it(
    `${ORDERS} random orders: identical hash and signature (seed ${hex(SEED)})`,
    () => {
      const wasm = officialWasm();
      const rng = new Prng(SEED);
      for (let i = 0; i < ORDERS; i++) {
        const o = {
          positionId: rng.below(2n ** 32n),
          baseAssetId: rng.below(FIELD_PRIME),
          baseAmount: amount(rng, true),
          quoteAssetId: rng.below(FIELD_PRIME),
          quoteAmount: amount(rng, true),
          feeAssetId: rng.below(FIELD_PRIME),
          feeAmount: amount(rng, false),
          expiration: rng.below(U64_MAX + 1n),
          salt: rng.below(U64_MAX + 1n),
        };
        const publicKey = rng.below(FIELD_PRIME);
        const privateKey = 1n + rng.below(CURVE_ORDER - 1n);
        const d = domain(rng);
        const ours = orderMessageHash(o, d, publicKey);
        const official = wasm.get_order_msg(
          o.positionId.toString(),
          hex(o.baseAssetId),
          o.baseAmount.toString(),
          hex(o.quoteAssetId),
          o.quoteAmount.toString(),
          hex(o.feeAssetId),
          o.feeAmount.toString(),
          o.expiration.toString(),
          o.salt.toString(),
          hex(publicKey),
          d.name,
          d.version,
          d.chainId,
          String(d.revision),
        );
        expect(ours, `case ${i}`).toBe(official);
        expect(signStarkHash(ours, hex(privateKey)), `case ${i}`).toEqual(officialSign(hex(privateKey), ours));
      }
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    `${DIRECT_SIGNS} random (key, hash) pairs with short hashes and keys: identical signatures`,
    () => {
      // Short inputs exercise the leading-zero handling where @scure/starknet's own sign() differs.
      const rng = new Prng(SEED + 1n);
      for (let i = 0; i < DIRECT_SIGNS; i++) {
        const hash = rng.bits(1 + rng.int(251)) % ELEMENT_UPPER_BOUND;
        const key = 1n + (rng.bits(1 + rng.int(252)) % (CURVE_ORDER - 1n));
        expect(signStarkHash(hash, hex(key)), `case ${i}`).toEqual(officialSign(hex(key), hex(hash)));
      }
    },
    PROPERTY_TIMEOUT_MS,
  );
});
