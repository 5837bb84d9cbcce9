// Stark signing (pure, synchronous). REST and WebSocket clients are exported alongside later.
export {
  entirePositionSize,
  priceWithSlippage,
  quantityPrecision,
  type SettlementAmounts,
  type SettlementAmountsParameters,
  settlementAmounts,
  settlementExpirationSeconds,
} from './signing/amounts.js';
export { buildOrder, createExtendedAccount } from './signing/build-order.js';
export {
  CURVE_ORDER,
  ELEMENT_UPPER_BOUND,
  FIELD_PRIME,
  ORDER_SELECTOR,
  SETTLEMENT_EXPIRATION_BUFFER_SECONDS,
  STARKNET_DOMAIN_SELECTOR,
  STARKNET_MESSAGE_PREFIX,
} from './signing/constants.js';
export type { DecimalInput } from './signing/decimal.js';
export {
  EXTENDED_MAINNET_DOMAIN,
  EXTENDED_SEPOLIA_DOMAIN,
  type StarknetDomain,
  starknetDomainHash,
} from './signing/domain.js';
export { type StarkSignature, signStarkHash, verifyStarkSignature } from './signing/ecdsa.js';
export type { IntegerLike } from './signing/felt.js';
export { getStarkPublicKey, starkPrivateKeyFromEthSignature } from './signing/keys.js';
export { limitOrderMessageHash, type StarkLimitOrder } from './signing/limit-order-hash.js';
export { orderMessageHash, orderStructHash, type StarkOrder } from './signing/order-hash.js';
export type {
  BuildOrderParameters,
  BuildOrderReturnType,
  ConditionalTriggerParameters,
  ExtendedAccount,
  ExtendedConditionalTrigger,
  ExtendedDebuggingAmounts,
  ExtendedL2Config,
  ExtendedMarketConfig,
  ExtendedOrderBody,
  ExtendedSettlement,
  ExtendedSettlementSignature,
  ExtendedTpSlTrigger,
  ExtendedTradingConfig,
  OrderPriceType,
  OrderSide,
  OrderType,
  SelfTradeProtectionLevel,
  TimeInForce,
  TpSlTriggerParameters,
  TpSlType,
  TriggerDirection,
  TriggerPriceType,
} from './signing/order-types.js';
export { type StarkTransfer, transferMessageHash } from './signing/transfer-hash.js';
export {
  type OrderVerificationMarket,
  orderBodyMessageHash,
  type ReceivedOrderBody,
  type SettlementCheck,
  type SettlementPart,
  verifyOrderBody,
} from './signing/verify-order.js';
export { type StarkWithdrawal, withdrawalMessageHash } from './signing/withdrawal-hash.js';
