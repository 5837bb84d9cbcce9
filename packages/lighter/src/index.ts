/**
 * @dn/lighter — Lighter connector.
 * `LighterVenue` is the `PerpVenue` (unified symbols, Decimal amounts) over `LighterClient`, Lighter's own typed API
 * (REST endpoints, tx signing and sending, auth tokens, the `/stream` connection). Signing is pure TypeScript
 * (Poseidon2 / ECgFp5 Schnorr), synchronous and vector-tested, with verifiers beside the signers.
 */

// ─────────────────────────────── client & venue ───────────────────────────────
export { LighterClient, type LighterClientOptions, type LighterSendResult } from './client.js';
export { clientOrderIndexOf, newClientOrderId } from './client-order-index.js';
export {
  LIGHTER_DEFAULT_MARKET_SLIPPAGE,
  LIGHTER_DEFAULT_ORDER_TTL_MS,
  LIGHTER_FUNDING_INTERVAL_HOURS,
  LIGHTER_MAINNET_URL,
  LIGHTER_MAX_BATCH_TXS,
  LIGHTER_ORDER_RULES,
  LIGHTER_TESTNET_URL,
  LIGHTER_TX_TTL_MS,
  LIGHTER_WEIGHT,
} from './config.js';
export { isInvalidNonceError, LIGHTER_ERROR_CODE, mapLighterError } from './errors.js';
export {
  accountFunding,
  aprOfHourly,
  hourlyRateFromFundingRow,
  hourlyRateFromRest,
  hourlyRateFromWs,
} from './funding-units.js';
export {
  toBalance,
  toFill,
  toFundingPayment,
  toLeverage,
  toMarket,
  toOrder,
  toOrderStatus,
  toPosition,
  toPublicTrade,
  tradeFee,
} from './mappers.js';
export { acquireNonceManager, type FetchNextNonce, LighterNonceManager } from './nonce.js';
// ─────────────────────────────── REST endpoints ───────────────────────────────
export {
  type GetAccountParameters,
  type GetAccountReturnType,
  type GetApiKeysParameters,
  type GetApiKeysReturnType,
  type GetNextNonceParameters,
  type GetNextNonceReturnType,
  getAccount,
  getApiKeys,
  getNextNonce,
} from './rest/account.js';
export {
  type GetCandlesParameters,
  type GetCandlesReturnType,
  getCandles,
  type LighterCandleResolution,
} from './rest/candles.js';
export type { LighterRestContext } from './rest/context.js';
export {
  type GetFundingRatesReturnType,
  type GetFundingsParameters,
  type GetFundingsReturnType,
  type GetPositionFundingParameters,
  type GetPositionFundingReturnType,
  getFundingRates,
  getFundings,
  getPositionFunding,
  type LighterFundingPoint,
} from './rest/funding.js';
export {
  type GetOrderBookDetailsParameters,
  type GetOrderBookDetailsReturnType,
  type GetOrderBookOrdersParameters,
  type GetOrderBookOrdersReturnType,
  type GetOrderBooksParameters,
  type GetOrderBooksReturnType,
  getOrderBookDetails,
  getOrderBookOrders,
  getOrderBooks,
} from './rest/markets.js';
export { multipartForm, parseMultipartForm } from './rest/multipart.js';
export {
  type GetActiveOrdersParameters,
  type GetActiveOrdersReturnType,
  type GetInactiveOrdersParameters,
  type GetInactiveOrdersReturnType,
  type GetTradesParameters,
  type GetTradesReturnType,
  getActiveOrders,
  getInactiveOrders,
  getTrades,
} from './rest/orders.js';
export type { AccountPageParameters, MarketFilterParameters, MarketSeriesParameters } from './rest/params.js';
export {
  type SendTxBatchParameters,
  type SendTxBatchReturnType,
  type SendTxParameters,
  type SendTxReturnType,
  sendTx,
  sendTxBatch,
} from './rest/tx.js';
export { fromScaledInt, toMs, toScaledInt } from './scale.js';
// ─────────────────────────────── signing (pure, synchronous, no I/O) ───────────────────────────────
export { type AuthTokenParameters, createAuthToken } from './signing/auth-token.js';
export {
  CANCEL_ALL_TIME_IN_FORCE,
  LIGHTER_CHAIN_ID,
  LIMITS,
  MARGIN_MODE,
  ORDER_TYPE,
  SELF_TRADE_BEHAVIOR,
  SELF_TRADE_EQUALITY,
  TIME_IN_FORCE,
  TX_ATTRIBUTE,
  TX_TYPE,
} from './signing/constants.js';
export { generateLighterPrivateKey, lighterPrivateKeyFromSeed, lighterPublicKey } from './signing/keys.js';
export { hashNToMNoPad, hashToQuintic, poseidon2Permute } from './signing/poseidon2.js';
export { schnorrSign, schnorrVerify } from './signing/schnorr.js';
export type {
  CancelAllOrdersFields,
  CancelOrderFields,
  CreateOrderFields,
  IntLike,
  L2TxAttributes,
  ModifyOrderFields,
  SupportedTxType,
  TxFieldsByType,
  UpdateLeverageFields,
} from './signing/tx-fields.js';
export { txHash } from './signing/tx-hash.js';
export { signTx } from './signing/tx-info.js';
export {
  type AuthTokenVerification,
  authMessageHash,
  type ParsedAuthToken,
  parseAuthToken,
  type TxVerification,
  verifyAuthToken,
  verifyTxInfo,
} from './signing/verify.js';
export { feeFraction, type LighterMarketInfo, LighterMarkets } from './symbols.js';
export { LIGHTER_FUNDINGS_MAX_WINDOWS, LIGHTER_FUNDINGS_PAGE } from './venue/funding-history.js';
export { MAX_ORDER_LOOKUP_PAGES } from './venue/order-lookup.js';
export type { LighterMarketStatsUpdate, OrderBookSubscriptionOptions } from './venue/streams.js';
export { LighterVenue } from './venue.js';
// ─────────────────────────────── wire types ───────────────────────────────
export type {
  LighterAccountPosition,
  LighterAccountResponse,
  LighterApiKeysResponse,
  LighterDetailedAccount,
  LighterFundingRatesResponse,
  LighterFundingRow,
  LighterMarketStats,
  LighterOrder,
  LighterOrderBookDetail,
  LighterOrderBookDetailsResponse,
  LighterOrderBookOrdersResponse,
  LighterOrderBooksResponse,
  LighterOrdersResponse,
  LighterPositionFunding,
  LighterPositionFundingResponse,
  LighterPublicTrade,
  LighterSendTxBatchResponse,
  LighterSendTxResponse,
  LighterSimpleOrder,
  LighterTrade,
  LighterTradesResponse,
} from './wire.js';
// ─────────────────────────────── streams ───────────────────────────────
export { type LighterStreamLogger, RECONNECTED_SETTLE_MS } from './ws/account.js';
export { OrderBookStream, type OrderBookStreamOptions } from './ws/order-book.js';
export {
  type ChannelHandler,
  channelKey,
  type LighterFrame,
  LighterStream,
  type LighterStreamOptions,
} from './ws/stream.js';
