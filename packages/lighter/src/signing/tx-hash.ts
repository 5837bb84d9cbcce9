/**
 * Tx hashes (lighter-go `types/txtypes/*.go` `Hash(chainId)` and `tx_attributes.go`):
 *   base   = HashToQuinticExtension(chainId, txType, Nonce, ExpiredAt, AccountIndex, ApiKeyIndex, body…)
 *   txHash = base                                           if no non-nil attribute
 *          = HashToQuinticExtension(base ‖ attrHash)        otherwise
 *   attrHash = HashToQuinticExtension(t1, v1, …, t4, v4)    non-nil attributes by type, (0, 0)-padded
 * Every value enters as Go's GoldilocksField(x): uint64 two's complement, reduced mod p.
 */

import { InvalidInputError } from '@dn/core';
import { LIMITS, TX_ATTRIBUTE } from './constants.js';
import { toField } from './goldilocks.js';
import { toHex } from './hex.js';
import { hashPairs } from './poseidon2.js';
import { type Fp5, fp5, fp5ToBytes } from './quintic.js';
import { type ParsedTx, parseInteger, parseTx, type SupportedTxType, type TxFieldsByType } from './tx-fields.js';

/** Value of each attribute type that means "not set"; such entries do not enter the hash. */
export const ATTRIBUTE_NIL_VALUE: Readonly<Record<number, bigint>> = {
  [TX_ATTRIBUTE.INTEGRATOR_ACCOUNT_INDEX]: 0n,
  [TX_ATTRIBUTE.INTEGRATOR_TAKER_FEE]: 0n,
  [TX_ATTRIBUTE.INTEGRATOR_MAKER_FEE]: 0n,
  [TX_ATTRIBUTE.SKIP_TX_NONCE]: 0n,
  [TX_ATTRIBUTE.CANCEL_ALL_MARKET_INDEX]: BigInt(LIMITS.NIL_MARKET_INDEX),
  [TX_ATTRIBUTE.SELF_TRADE_BEHAVIOR_MODE]: 0n,
  [TX_ATTRIBUTE.SELF_TRADE_EQUALITY_MODE]: 0n,
};

/** Attributes whose value is not the nil value, by ascending type. */
export function activeAttributes(attrs: Map<number, bigint> | null): [number, bigint][] {
  if (attrs === null) return [];
  return [...attrs].filter(([type, value]) => value !== ATTRIBUTE_NIL_VALUE[type]).sort((a, b) => a[0] - b[0]);
}

function hashElements(elems: readonly bigint[]): Fp5 {
  const pairs = new Float64Array(elems.length * 2);
  elems.forEach((e, i) => {
    const v = toField(e);
    pairs[2 * i] = Number(v & 0xffffffffn);
    pairs[2 * i + 1] = Number(v >> 32n);
  });
  const h = fp5();
  hashPairs(pairs, elems.length, 5, h);
  return h;
}

/** The hash preimage (before the attribute layer), in Go's order. */
export function txPreimage(tx: ParsedTx, chainId: bigint): bigint[] {
  const elems = [chainId, BigInt(tx.txType), tx.get('Nonce'), tx.get('ExpiredAt')];
  for (const [name, value] of tx.fields) if (name !== 'Nonce' && name !== 'ExpiredAt') elems.push(value);
  return elems;
}

/** The 8-element attribute preimage, or null when the attribute layer is skipped. */
export function attributesPreimage(tx: ParsedTx): bigint[] | null {
  const active = activeAttributes(tx.attributes);
  if (active.length === 0) return null;
  if (active.length > LIMITS.MAX_ATTRIBUTES_PER_TX) {
    throw new InvalidInputError('Too many L2TxAttributes', {
      field: 'L2TxAttributes',
      value: active.length,
      expected: `at most ${LIMITS.MAX_ATTRIBUTES_PER_TX} attributes`,
      venue: 'lighter',
    });
  }
  const elems: bigint[] = [];
  for (let i = 0; i < LIMITS.MAX_ATTRIBUTES_PER_TX; i++) {
    const entry = active[i];
    elems.push(entry === undefined ? 0n : BigInt(entry[0]), entry === undefined ? 0n : entry[1]);
  }
  return elems;
}

/** Tx hash of a parsed tx as a GF(p^5) element (what gets signed). */
export function txHashFp5(tx: ParsedTx, chainId: bigint): Fp5 {
  const base = hashElements(txPreimage(tx, chainId));
  const attrElems = attributesPreimage(tx);
  if (attrElems === null) return base;
  const attrHash = hashElements(attrElems);
  const combined = new Float64Array(20);
  combined.set(base, 0);
  combined.set(attrHash, 10);
  const h = fp5();
  hashPairs(combined, 10, 5, h);
  return h;
}

export function parseChainId(chainId: unknown): bigint {
  return parseInteger(chainId, 'chainId', 'uint32');
}

/**
 * The hash Lighter signs for a tx, equal to the `tx_hash` the server reports.
 * Checks field presence and Go integer types only; `signTx` additionally applies the official
 * signer's validation rules.
 * @param txType CreateOrder 14, CancelOrder 15, CancelAllOrders 16, ModifyOrder 17, UpdateLeverage 20.
 * @param fields the tx_info fields (PascalCase, as in the JSON) including `L2TxAttributes` or null;
 *   a `Sig` field is ignored, so a received tx_info object can be passed as is.
 * @param chainId 304 mainnet, 300 testnet.
 * @returns 40-byte hash as 80 lowercase hex characters (5 LE uint64 limbs), no prefix.
 * @throws InvalidInputError on an unsupported type, a missing/unknown field or an out-of-range value.
 */
export function txHash<T extends SupportedTxType>(txType: T, fields: TxFieldsByType[T], chainId: number): string {
  const tx = parseTx(txType, fields, true);
  return toHex(fp5ToBytes(txHashFp5(tx, parseChainId(chainId))));
}
