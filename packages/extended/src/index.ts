/**
 * @dn/extended — Extended (ex-X10, Starknet) connector.
 * `ExtendedClient` is the venue's own typed API (markets by venue name, wire payloads, Stark-signed orders, dead man's
 * switch, raw topic streams); `ExtendedVenue` is the `PerpVenue` adapter over it (unified symbols, core types).
 * Every REST endpoint is also a `(ctx, params)` function. Signing is pure and synchronous, with verifiers.
 */

// ─────────────────────────────── client ───────────────────────────────
export { ExtendedClient, type ExtendedClientBuildOrderParameters } from './client.js';
export {
  EXTENDED_CANDLE_INTERVALS,
  EXTENDED_DAILY_INTERVALS,
  EXTENDED_DEFAULT_MARKET_SLIPPAGE,
  EXTENDED_DEFAULT_ORDER_TTL_MS,
  EXTENDED_DEFAULT_RATE_LIMIT,
  EXTENDED_DEFAULT_RETRY,
  EXTENDED_DEFAULT_USER_AGENT,
  EXTENDED_FEES_TTL_MS,
  EXTENDED_FUNDING_INTERVAL_HOURS,
  EXTENDED_FUNDING_MAX_PAGES,
  EXTENDED_FUNDING_PAGE_SIZE,
  EXTENDED_HISTORY_MAX_PAGES,
  EXTENDED_HISTORY_PAGE_SIZE,
  EXTENDED_MAINNET,
  EXTENDED_MARKETS_TTL_MS,
  EXTENDED_MAX_MARKET_SLIPPAGE,
  EXTENDED_ORDER_RULES,
  EXTENDED_PUBLIC_FEES,
  EXTENDED_TESTNET,
  EXTENDED_VENUE,
  type ExtendedNetworkConfig,
} from './config.js';
export { mapExtendedError } from './errors.js';
export {
  type CallParameters,
  type CreateExtendedHttpParameters,
  createExtendedHttp,
  type ExtendedRestContext,
} from './http.js';
// ─────────────────────────────── PerpVenue adapter ───────────────────────────────
export {
  toBalance,
  toCandle,
  toFill,
  toFundingPayment,
  toFundingRate,
  toFundingRecord,
  toMarket,
  toMarketStats,
  toOrder,
  toPosition,
  toPublicTrade,
} from './mappers.js';
export type { ExtendedClientOptions } from './options.js';
// ─────────────────────────────── REST endpoints ───────────────────────────────
export {
  type ExtendedPage,
  type GetAccountInfoReturnType,
  type GetBalanceReturnType,
  type GetFeesParameters,
  type GetFeesReturnType,
  type GetFundingPaymentsParameters,
  type GetFundingPaymentsReturnType,
  type GetLeverageParameters,
  type GetLeverageReturnType,
  type GetPositionsHistoryParameters,
  type GetPositionsHistoryReturnType,
  type GetPositionsParameters,
  type GetPositionsReturnType,
  type GetTradesParameters,
  type GetTradesReturnType,
  getAccountInfo,
  getBalance,
  getFees,
  getFundingPayments,
  getLeverage,
  getPositions,
  getPositionsHistory,
  getTrades,
  type PageParameters,
  type SetLeverageParameters,
  type SetLeverageReturnType,
  setLeverage,
} from './rest/account.js';
export { bindRestApi, type ExtendedRestApi } from './rest/index.js';
export {
  type ExtendedCandleType,
  type GetCandlesParameters,
  type GetCandlesReturnType,
  type GetFundingHistoryParameters,
  type GetFundingHistoryReturnType,
  type GetMarketStatsParameters,
  type GetMarketStatsReturnType,
  type GetMarketsParameters,
  type GetMarketsReturnType,
  type GetOrderBookParameters,
  type GetOrderBookReturnType,
  type GetPublicTradesParameters,
  type GetPublicTradesReturnType,
  type GetStarknetDomainReturnType,
  getCandles,
  getFundingHistory,
  getMarketStats,
  getMarkets,
  getOrderBook,
  getPublicTrades,
  getStarknetDomain,
} from './rest/markets.js';
export {
  type CancelOrderByExternalIdParameters,
  type CancelOrderParameters,
  cancelOrder,
  cancelOrderByExternalId,
  type GetOpenOrdersParameters,
  type GetOpenOrdersReturnType,
  type GetOrderByIdParameters,
  type GetOrderByIdReturnType,
  type GetOrdersByExternalIdParameters,
  type GetOrdersByExternalIdReturnType,
  type GetOrdersHistoryParameters,
  type GetOrdersHistoryReturnType,
  type GetOrdersParameters,
  getOpenOrders,
  getOrderById,
  getOrdersByExternalId,
  getOrdersHistory,
  type MassCancelParameters,
  massCancel,
  type PlaceOrderParameters,
  type PlaceOrderReturnType,
  placeOrder,
  type SetDeadManSwitchParameters,
  setDeadManSwitch,
} from './rest/orders.js';
// ─────────────────────────────── signing (pure, synchronous) ───────────────────────────────
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
export { StarkNoncePool, type StarkNoncePoolOptions } from './signing/nonce-pool.js';
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
  OrderBuilder,
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
// ─────────────────────────────── symbols, wire, streams ───────────────────────────────
export { buildSymbolMap, isPerpetual, unifiedSymbolOf } from './symbols.js';
export type { PresignOptions, PresignOrderParameters } from './venue/presigned.js';
export { ExtendedVenue } from './venue.js';
export type {
  ExtendedAccountInfo,
  ExtendedAccountUpdate,
  ExtendedBalance,
  ExtendedCandle,
  ExtendedEnvelope,
  ExtendedFees,
  ExtendedFundingPayment,
  ExtendedFundingRecord,
  ExtendedLeverage,
  ExtendedMarket,
  ExtendedMarketStats,
  ExtendedOrder,
  ExtendedOrderBook,
  ExtendedPlacedOrder,
  ExtendedPosition,
  ExtendedPositionHistory,
  ExtendedPublicTrade,
  ExtendedStreamBook,
  ExtendedTrade,
} from './wire.js';
export { type DecodedAccountMessage, decodeAccountMessage } from './ws/account.js';
export { type BookSyncResult, ExtendedBookSync, type ExtendedBookSyncOptions } from './ws/order-book.js';
export {
  type ExtendedStream,
  type ExtendedStreamEnvelope,
  type ExtendedStreamSettings,
  type OpenStreamParameters,
  openStream,
  streamError,
} from './ws/stream.js';
export type { ExtendedSubscription } from './ws/streams.js';
