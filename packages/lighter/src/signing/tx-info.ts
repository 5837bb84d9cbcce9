/**
 * The `tx_info` form field: Go `json.Marshal` of the lighter-go TxInfo struct (`utils.go getTxInfo`).
 * Keys are the Go field names in declaration order (AccountIndex, ApiKeyIndex, body…, ExpiredAt,
 * Nonce, Sig, L2TxAttributes); integers are plain decimal (bigint-exact); `Sig` is the 80-byte
 * signature in standard base64 (Go `[]byte`); `L2TxAttributes` is `null` or an object with string
 * keys in ascending order.
 */

import { parsePrivateKey } from './keys.js';
import { checkNonce, signatureBytes, signHash } from './schnorr.js';
import { type ParsedTx, parseTx, type SupportedTxType, type TxFieldsByType } from './tx-fields.js';
import { parseChainId, txHashFp5 } from './tx-hash.js';
import { validateTx } from './tx-validate.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64 with padding, as Go's encoding/json writes a []byte. */
export function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    s += BASE64[b0 >> 2]!;
    s += BASE64[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    s += b1 === undefined ? '=' : BASE64[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    s += b2 === undefined ? '=' : BASE64[b2 & 63]!;
  }
  return s;
}

/** Serialises a parsed tx plus its signature exactly like the official signer. */
export function txInfoJson(tx: ParsedTx, signature: Uint8Array): string {
  const parts = tx.fields.map(([name, value]) => `"${name}":${value.toString()}`);
  parts.push(`"Sig":"${base64(signature)}"`);
  const attrs = tx.attributes;
  const attrJson =
    attrs === null ? 'null' : `{${[...attrs].map(([type, value]) => `"${type}":${value.toString()}`).join(',')}}`;
  parts.push(`"L2TxAttributes":${attrJson}`);
  return `{${parts.join(',')}}`;
}

/**
 * Validates, hashes and signs a tx, returning the `tx_info` JSON string to POST to `/api/v1/sendTx`
 * (with `tx_type` = txType), byte-identical to the official Go signer's output for the same nonce k.
 * @param txType CreateOrder 14, CancelOrder 15, CancelAllOrders 16, ModifyOrder 17, UpdateLeverage 20.
 * @param fields tx_info fields without `Sig` (PascalCase, as in the JSON), with `L2TxAttributes` or null.
 * @param chainId 304 mainnet, 300 testnet.
 * @param privateKey 40-byte API private key hex (optional 0x).
 * @param k Schnorr nonce, for reproducing test vectors only; fresh and random by default.
 * @throws InvalidInputError when the official signer's validation would refuse the tx or a field
 *   is missing, unknown or out of range; SigningError for a bad explicit nonce.
 */
export function signTx<T extends SupportedTxType>(
  txType: T,
  fields: TxFieldsByType[T],
  chainId: number,
  privateKey: string,
  k?: bigint,
): string {
  const tx = parseTx(txType, fields, false);
  validateTx(tx);
  const hash = txHashFp5(tx, parseChainId(chainId));
  const sk = parsePrivateKey(privateKey);
  const sig = signatureBytes(signHash(hash, sk, checkNonce(k)));
  return txInfoJson(tx, sig);
}
