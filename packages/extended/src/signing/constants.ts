/** Starknet field prime P = 2^251 + 17·2^192 + 1. Negative i64 amounts are encoded as P − |x|. */
export const FIELD_PRIME = 2n ** 251n + 17n * 2n ** 192n + 1n;

/** Order n of the Stark curve generator. */
export const CURVE_ORDER = 0x0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2fn;

/** Message hashes, r and s must be below 2^251 (starknet-crypto `ELEMENT_UPPER_BOUND`). */
export const ELEMENT_UPPER_BOUND = 2n ** 251n;

export const U32_MAX = 2n ** 32n - 1n;
export const U64_MAX = 2n ** 64n - 1n;
export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;

/** `"StarkNet Message"` as a short-string felt: the SNIP-12 message prefix. */
export const STARKNET_MESSAGE_PREFIX = 0x537461726b4e6574204d657373616765n;

/**
 * starknet_keccak of the StarknetDomain type string. Hard-coded rather than derived so a typo in a
 * type string cannot silently change every hash (tests re-derive it from the string).
 * Source: x10xchange/rust-crypto-lib-base src/starknet_messages.rs @ a3e500a3.
 */
export const STARKNET_DOMAIN_SELECTOR = 0x1ff2f602e42168014d405a94f75e8a93d640751d71d16311266e140d8b0a210n;
export const STARKNET_DOMAIN_TYPE =
  '"StarknetDomain"("name":"shortstring","version":"shortstring","chainId":"shortstring","revision":"shortstring")';

/**
 * starknet_keccak of the Order type string (= `ORDER_TYPE_HASH` in the perpetuals Cairo contract).
 * `PositionId` is appended although `position_id` is typed `felt`: that is how the official lib
 * spells it, so the constant cannot be rebuilt with a generic SNIP-12 encoder.
 */
export const ORDER_SELECTOR = 0x36da8d51815527cabfaa9c982f564c80fa7429616739306036f1f9b608dd112n;
export const ORDER_TYPE =
  '"Order"("position_id":"felt","base_asset_id":"AssetId","base_amount":"i64","quote_asset_id":"AssetId","quote_amount":"i64","fee_asset_id":"AssetId","fee_amount":"u64","expiration":"Timestamp","salt":"felt")"PositionId"("value":"u32")"AssetId"("value":"felt")"Timestamp"("seconds":"u64")';

/** LimitOrder (vault deposit/withdraw flows, not trading). Source: rust-crypto-lib-base @ a3e500a3. */
export const LIMIT_ORDER_SELECTOR = 0x3c79b3b5997e78a29ab2fb5e8bc8244f222c5e01ae914c10f956bd0f805199an;
export const LIMIT_ORDER_TYPE =
  '"LimitOrder"("source_position":"PositionId","receive_position":"PositionId","base_asset_id":"AssetId","base_amount":"i64","quote_asset_id":"AssetId","quote_amount":"i64","fee_asset_id":"AssetId","fee_amount":"u64","expiration":"Timestamp","salt":"felt")"PositionId"("value":"u32")"AssetId"("value":"felt")"Timestamp"("seconds":"u64")';

/** TransferArgs. Source: rust-crypto-lib-base @ a3e500a3. */
export const TRANSFER_SELECTOR = 0x1db88e2709fdf2c59e651d141c3296a42b209ce770871b40413ea109846a3b4n;
export const TRANSFER_TYPE =
  '"TransferArgs"("recipient":"PositionId","position_id":"PositionId","collateral_id":"AssetId","amount":"u64","expiration":"Timestamp","salt":"felt")"PositionId"("value":"u32")"AssetId"("value":"felt")"Timestamp"("seconds":"u64")';

/** WithdrawArgs. Source: rust-crypto-lib-base @ a3e500a3. */
export const WITHDRAW_SELECTOR = 0x250a5fa378e8b771654bd43dcb34844534f9d1e29e16b14760d7936ea7f4b1dn;
export const WITHDRAW_TYPE =
  '"WithdrawArgs"("recipient":"ContractAddress","position_id":"PositionId","collateral_id":"AssetId","amount":"u64","expiration":"Timestamp","salt":"felt")"PositionId"("value":"u32")"AssetId"("value":"felt")"Timestamp"("seconds":"u64")';

/** Settlement expiration = order expiry + 14 days (`SETTLEMENT_EXPIRATION_BUFFER_DAYS` in the Python SDK). */
export const SETTLEMENT_EXPIRATION_BUFFER_SECONDS = 14n * 24n * 60n * 60n;
