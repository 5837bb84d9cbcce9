/**
 * Lighter protocol constants (lighter-go `types/txtypes/constants.go` and `tx_attributes.go` @ 17f2d60).
 */

/** Chain ids; the chain id is part of every signed tx hash. */
export const LIGHTER_CHAIN_ID = { MAINNET: 304, TESTNET: 300 } as const;

/** `tx_type` values (the form field of `/api/v1/sendTx`). */
export const TX_TYPE = {
  CHANGE_PUB_KEY: 8,
  CREATE_SUB_ACCOUNT: 9,
  CREATE_PUBLIC_POOL: 10,
  UPDATE_PUBLIC_POOL: 11,
  TRANSFER: 12,
  WITHDRAW: 13,
  CREATE_ORDER: 14,
  CANCEL_ORDER: 15,
  CANCEL_ALL_ORDERS: 16,
  MODIFY_ORDER: 17,
  MINT_SHARES: 18,
  BURN_SHARES: 19,
  UPDATE_LEVERAGE: 20,
  CREATE_GROUPED_ORDERS: 28,
  UPDATE_MARGIN: 29,
} as const;

/** Order `Type` values accepted from API clients (7 TWAP sub-order and 8 liquidation are internal). */
export const ORDER_TYPE = {
  LIMIT: 0,
  MARKET: 1,
  STOP_LOSS: 2,
  STOP_LOSS_LIMIT: 3,
  TAKE_PROFIT: 4,
  TAKE_PROFIT_LIMIT: 5,
  TWAP: 6,
} as const;

/** Order `TimeInForce` values. */
export const TIME_IN_FORCE = { IMMEDIATE_OR_CANCEL: 0, GOOD_TILL_TIME: 1, POST_ONLY: 2 } as const;

/** CancelAllOrders `TimeInForce` values. */
export const CANCEL_ALL_TIME_IN_FORCE = { IMMEDIATE: 0, SCHEDULED: 1, ABORT_SCHEDULED: 2 } as const;

/** UpdateLeverage `MarginMode` values. */
export const MARGIN_MODE = { CROSS: 0, ISOLATED: 1 } as const;

/** Keys of `L2TxAttributes` (signed: they change the tx hash). */
export const TX_ATTRIBUTE = {
  INTEGRATOR_ACCOUNT_INDEX: 1,
  INTEGRATOR_TAKER_FEE: 2,
  INTEGRATOR_MAKER_FEE: 3,
  /** 1 = the nonce is not checked for sequence (a millisecond timestamp works). */
  SKIP_TX_NONCE: 4,
  /** Restricts an immediate cancel-all to one market. */
  CANCEL_ALL_MARKET_INDEX: 5,
  SELF_TRADE_BEHAVIOR_MODE: 6,
  SELF_TRADE_EQUALITY_MODE: 7,
} as const;

/** SelfTradeBehaviorMode attribute values. */
export const SELF_TRADE_BEHAVIOR = { EXPIRE_MAKER: 0, EXPIRE_TAKER: 1, CANCEL_BOTH: 2, REDUCE: 3 } as const;

/** SelfTradeEqualityMode attribute values. */
export const SELF_TRADE_EQUALITY = { ACCOUNT_INDEX: 0, MASTER_ACCOUNT_INDEX: 1 } as const;

/** Protocol limits used by validation. */
export const LIMITS = {
  MIN_ACCOUNT_INDEX: -1n,
  MAX_ACCOUNT_INDEX: (1n << 48n) - 2n,
  MAX_API_KEY_INDEX: 254,
  /** ApiKeyIndex 255 means "nil"; only CancelAllOrders accepts it. */
  NIL_API_KEY_INDEX: 255,
  MAX_PERPS_MARKET_INDEX: 254,
  NIL_MARKET_INDEX: 255,
  MIN_SPOT_MARKET_INDEX: 2048,
  MAX_SPOT_MARKET_INDEX: 4094,
  MAX_CLIENT_ORDER_INDEX: (1n << 48n) - 1n,
  MAX_ORDER_INDEX: (1n << 60n) - 1n,
  MAX_ORDER_BASE_AMOUNT: (1n << 48n) - 1n,
  MAX_ORDER_PRICE: 0xffffffff,
  MAX_TIMESTAMP: (1n << 48n) - 1n,
  MAX_INITIAL_MARGIN_FRACTION: 10_000,
  MAX_INTEGRATOR_FEE: 1_000_000,
  MAX_ATTRIBUTES_PER_TX: 4,
} as const;
