/**
 * @dn/pacifica — Pacifica connector.
 * `PacificaVenue` is the venue-neutral `PerpVenue`; `PacificaClient` is Pacifica's own API (typed REST, WebSocket,
 * signed trading actions over REST or WS, typed streams). Payload builders validate and shape each action; signing
 * (ed25519 over Pacifica's canonical JSON) is pure and synchronous, with a verifier.
 */

// ─────────────────────────────── venue and client ───────────────────────────────
export {
  PacificaClient,
  type PacificaClientOptions,
  type PacificaFeeRates,
  type PacificaTradeResult,
} from './client.js';
export {
  PACIFICA_BASE_TIER_FEES,
  PACIFICA_CREDITS_PER_MINUTE,
  PACIFICA_DEFAULT_EXPIRY_WINDOW_MS,
  PACIFICA_DEFAULT_MARKET_SLIPPAGE,
  PACIFICA_DEFAULT_WEIGHTS,
  PACIFICA_FUNDING_HISTORY_MAX_PAGES,
  PACIFICA_FUNDING_HISTORY_PAGE,
  PACIFICA_FUNDING_INTERVAL_HOURS,
  PACIFICA_KLINE_PAGE,
  PACIFICA_ORDER_RULES,
  PACIFICA_SUBSCRIBE_ACK_TIMEOUT_MS,
  PACIFICA_URLS,
  PACIFICA_WS_MAX_AGE_MS,
  PACIFICA_WS_PING_INTERVAL_MS,
  type PacificaNetwork,
  type PacificaRateLimitWeights,
} from './config.js';
export {
  mapPacificaHttpError,
  mapPacificaWsError,
  PACIFICA_ERROR_CODES,
  PACIFICA_SIGNATURE_ERRORS,
  pacificaRejection,
} from './errors.js';
export {
  createPacificaRestContext,
  type PacificaHttpOptions,
  type PacificaRestContext,
  type Page,
  UnsignedAction,
  UnsignedBatch,
} from './http.js';
export {
  balanceFromWs,
  eventsToOrder,
  flatPosition,
  historyToOrder,
  isPlainOrderType,
  openOrderToOrder,
  settlementHour,
  toBalance,
  toBookSnapshot,
  toCandle,
  toFundingPayment,
  toFundingRate,
  toFundingRecord,
  toMarket,
  toMarketStats,
  toPosition,
  toPublicTrade,
  tradeSideToSide,
  tradeToFill,
  wsOrderToOrder,
} from './mappers.js';
// ─────────────────────────────── payloads (request building) ───────────────────────────────
export {
  type AgentWalletParams,
  type AgentWalletPayload,
  buildBindAgentWallet,
  buildRevokeAgentWallet,
  buildRevokeAllAgentWallets,
  buildUpdateLeverage,
  buildUpdateMarginMode,
  PACIFICA_MAX_LEVERAGE_BOUND,
  type UpdateLeveragePayload,
  type UpdateMarginModePayload,
} from './payloads/account.js';
export type { PacificaAction } from './payloads/action.js';
export { newClientOrderId } from './payloads/client-order-id.js';
export {
  buildCancelAllOrders,
  buildCancelOrder,
  buildCancelStopOrder,
  buildEditOrder,
  buildLimitOrder,
  buildMarketOrder,
  buildPositionTpsl,
  buildStopOrder,
  type CancelAllOrdersParams,
  type CancelAllOrdersPayload,
  type CancelOrderPayload,
  type EditOrderParams,
  type EditOrderPayload,
  type LimitOrderParams,
  type LimitOrderPayload,
  type MarketOrderParams,
  type MarketOrderPayload,
  type OrderRefParams,
  PACIFICA_TIFS,
  type PacificaTif,
  type PositionTpslParams,
  type PositionTpslPayload,
  type StopOrderParams,
  type StopOrderPayload,
} from './payloads/orders.js';
export {
  type PacificaTriggerPriceType,
  TRIGGER_PRICE_TYPES,
  type TriggerParams,
  type TriggerPayload,
} from './payloads/trigger.js';
export type { PacificaOrderId, PacificaSide } from './payloads/validate.js';
// ─────────────────────────────── REST (one function per endpoint) ───────────────────────────────
export {
  type PacificaRateLimit,
  type PacificaRateLimitBudget,
  pacificaRateLimit,
} from './rate-limit.js';
export {
  type GetAccountParameters,
  type GetAccountReturnType,
  type GetAccountSettingsParameters,
  type GetAccountSettingsReturnType,
  type GetFundingHistoryParameters,
  type GetFundingHistoryReturnType,
  type GetPositionsParameters,
  type GetPositionsReturnType,
  type GetTradeHistoryParameters,
  type GetTradeHistoryReturnType,
  getAccount,
  getAccountSettings,
  getFundingHistory,
  getPositions,
  getTradeHistory,
  type HistoryPageParameters,
  type UpdateLeverageParameters,
  type UpdateMarginModeParameters,
  updateLeverage,
  updateMarginMode,
} from './rest/account.js';
export { PacificaRestApi } from './rest/api.js';
export {
  type GetBookParameters,
  type GetBookReturnType,
  type GetFeeLevelsReturnType,
  type GetFundingRateHistoryParameters,
  type GetFundingRateHistoryReturnType,
  type GetKlinesParameters,
  type GetKlinesReturnType,
  type GetMarketInfoReturnType,
  type GetMarkKlinesParameters,
  type GetMarkKlinesReturnType,
  type GetPricesReturnType,
  type GetRecentTradesParameters,
  type GetRecentTradesReturnType,
  getBook,
  getFeeLevels,
  getFundingRateHistory,
  getKlines,
  getMarketInfo,
  getMarkKlines,
  getPrices,
  getRecentTrades,
  PACIFICA_KLINE_INTERVALS,
  type PacificaAggLevel,
  type PacificaKlineInterval,
} from './rest/markets.js';
export {
  type BatchActionInput,
  type BatchOrdersReturnType,
  batchOrders,
  type CancelAllOrdersParameters,
  type CancelAllOrdersReturnType,
  type CancelOrderParameters,
  type CancelStopOrderParameters,
  type CreateLimitOrderParameters,
  type CreateLimitOrderReturnType,
  type CreateMarketOrderParameters,
  type CreateMarketOrderReturnType,
  type CreateStopOrderParameters,
  type CreateStopOrderReturnType,
  cancelAllOrders,
  cancelOrder,
  cancelStopOrder,
  createLimitOrder,
  createMarketOrder,
  createStopOrder,
  type EditOrderParameters,
  type EditOrderReturnType,
  editOrder,
  type GetOpenOrdersParameters,
  type GetOpenOrdersReturnType,
  type GetOrderHistoryByIdParameters,
  type GetOrderHistoryByIdReturnType,
  type GetOrderHistoryParameters,
  type GetOrderHistoryReturnType,
  getOpenOrders,
  getOrderHistory,
  getOrderHistoryById,
  type OrderAck,
  type SetPositionTpslParameters,
  setPositionTpsl,
} from './rest/orders.js';
// ─────────────────────────────── signing ───────────────────────────────
export { PacificaSigner, type PacificaSignerOptions as PacificaSignerConfig } from './signer.js';
export { canonicalJson, PyFloat, pacificaJson, pyFloat, type SignableValue } from './signing/canonical-json.js';
export { generatePacificaKeypair, PacificaKeypair, pacificaKeypair, pacificaPublicKey } from './signing/keys.js';
export { type PacificaSignatureHeader, pacificaMessage } from './signing/message.js';
export {
  PACIFICA_BATCH_PATH,
  PACIFICA_REST_PATHS,
  PACIFICA_WS_BATCH_KEY,
  PACIFICA_WS_OPERATIONS,
  PacificaOperation,
  type PacificaOperationType,
  type PacificaWsOperationType,
} from './signing/operation-types.js';
export {
  buildBatchRequest,
  buildSignedRequest,
  buildWsBatchFrame,
  buildWsTradingFrame,
  PACIFICA_BATCH_MAX_ACTIONS,
  type PacificaBatchAction,
  type PacificaBatchActionTag,
  type PacificaBatchBody,
  type PacificaBodyHeader,
  type PacificaReceivedRequest,
  type PacificaRequestBody,
  type PacificaSignerOptions,
  type PacificaWsTradingFrame,
  pacificaMessageFromBody,
  parseSignedRequest,
} from './signing/request.js';
export { type PacificaSignature, signPacifica, verifyPacifica } from './signing/sign.js';
export { pacificaSymbolMap, perpetualMarkets } from './symbols.js';
export { PacificaVenue } from './venue.js';

// ─────────────────────────────── wire types and WebSocket ───────────────────────────────
export type {
  PacificaAccount,
  PacificaBatchResult,
  PacificaBook,
  PacificaBookLevel,
  PacificaFeeLevel,
  PacificaFundingPayment,
  PacificaFundingRateRecord,
  PacificaKline,
  PacificaMarginSetting,
  PacificaMarketInfo,
  PacificaOpenOrder,
  PacificaOrderEvent,
  PacificaOrderHistoryEntry,
  PacificaPosition,
  PacificaPriceInfo,
  PacificaRecentTrade,
  PacificaTrade,
  PacificaWsAccountInfo,
  PacificaWsAccountTrade,
  PacificaWsOrderUpdate,
  PacificaWsPosition,
  PacificaWsPublicTrade,
} from './wire/index.js';
export {
  type PacificaStreamHandler,
  type PacificaSubscribeParams,
  PacificaWs,
  type PacificaWsOptions,
  type PacificaWsSubscription,
  subscriptionKey,
} from './ws/connection.js';
