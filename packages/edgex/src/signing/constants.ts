/** Order N of the Stark curve generator (StarkEx `EC_ORDER`). Request hashes are reduced modulo N. */
export const STARK_CURVE_ORDER = 0x0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2fn;

/** StarkEx signs only messages, r and w = 1/s below 2^251 (`N_ELEMENT_BITS_ECDSA`). */
export const STARK_ELEMENT_BOUND = 2n ** 251n;

/** StarkEx order type tag for a perpetual "limit order with fees". */
export const LIMIT_ORDER_WITH_FEES = 3n;

export const U32_MAX = 2n ** 32n - 1n;
export const U64_MAX = 2n ** 64n - 1n;

export const MS_PER_HOUR = 3_600_000n;
export const MS_PER_DAY = 86_400_000n;

/** V1 (python SDK v1 branch, matches the docs example): expireTime = now + 1 d, l2ExpireTime = expireTime + 9 d. */
export const V1_EXPIRE_AFTER_MS = MS_PER_DAY;
export const V1_L2_EXPIRE_OFFSET_MS = 9n * MS_PER_DAY;
/** Server rule (OpenAPI CreateOrderParam): l2ExpireTime ≥ expireTime + 8 d. */
export const MIN_L2_EXPIRE_OFFSET_MS = 8n * MS_PER_DAY;

/** V2 (python SDK main): l2ExpireTime = now + 30 d, expireTime = l2ExpireTime − 8 d. */
export const V2_L2_EXPIRE_AFTER_MS = 30n * MS_PER_DAY;
export const V2_L2_EXPIRE_OFFSET_MS = 8n * MS_PER_DAY;

export const V1_SCHEME = 'edgex-v1-stark';
export const V2_HMAC_SCHEME = 'edgex-v2-hmac';
export const V2_EIP712_SCHEME = 'edgex-v2-eip712';
export const VENUE = 'edgex';
