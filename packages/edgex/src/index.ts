/**
 * @dn/edgex — edgeX connector.
 * `EdgexVenue` is the venue-neutral `PerpVenue`; `EdgexClient` is edgeX's own API (typed REST, order building and
 * signing, server-time sync, raw public and private streams).
 * Signing (pure, synchronous): V2 HMAC request auth + EIP-712 orders (current API) and V1
 * StarkEx request auth + Pedersen/Stark-ECDSA orders (legacy API), with verifiers.
 */

// ─────────────────────────────── venue and client ───────────────────────────────
export {
  type EdgexApiVersion,
  type EdgexAuth,
  type EdgexAuthOptions,
  type EdgexV1Credentials,
  type EdgexV2Credentials,
  resolveAuth,
} from './auth.js';
export { EdgexClient, type EdgexClientOptions } from './client.js';
export { EDGEX_DEFAULT_MARKET_SLIPPAGE, EDGEX_HOSTS, EDGEX_ORDER_RULES, EDGEX_VENUE } from './config.js';
export { mapEdgexError } from './errors.js';
export {
  appliedLeverage,
  apr,
  intervalHoursOf,
  toBalance,
  toBookLevel,
  toBookSnapshot,
  toCandle,
  toFill,
  toFundingPayment,
  toFundingRate,
  toFundingRecord,
  toMarket,
  toOrder,
  toPositions,
  toPublicTrade,
  toStats,
} from './mappers.js';
export type { EdgexPageParameters } from './params.js';
// ─────────────────────────────── REST (one function per endpoint) ───────────────────────────────
export {
  type GetAccountAssetReturnType,
  type GetAccountByIdReturnType,
  type GetPositionTransactionPageParameters,
  type GetPositionTransactionPageReturnType,
  getAccountAsset,
  getAccountById,
  getPositionTransactionPage,
  type UpdateLeverageSettingParameters,
  updateLeverageSetting,
} from './rest/account.js';
export {
  type GetFundingRatePageParameters,
  type GetFundingRatePageReturnType,
  type GetLatestFundingRateParameters,
  type GetLatestFundingRateReturnType,
  type GetLatestFundingRatesReturnType,
  getFundingRatePage,
  getLatestFundingRate,
  getLatestFundingRates,
} from './rest/funding.js';
export {
  EdgexHttp,
  type EdgexHttpOptions,
  type EdgexPostOptions,
  type EdgexQuery,
  encodeRawQuery,
} from './rest/http.js';
export {
  type GetMetaDataReturnType,
  type GetServerTimeReturnType,
  getMetaData,
  getServerTime,
} from './rest/meta.js';
export {
  type CancelAllOrderParameters,
  type CancelAllOrderReturnType,
  type CancelOrderByClientOrderIdReturnType,
  type CancelOrderByIdReturnType,
  type CreateOrderReturnType,
  cancelAllOrder,
  cancelOrderByClientOrderId,
  cancelOrderById,
  createOrder,
  type GetActiveOrderPageParameters,
  type GetActiveOrderPageReturnType,
  type GetFillPageParameters,
  type GetHistoryOrderFillTransactionPageParameters,
  type GetHistoryOrderFillTransactionPageReturnType,
  type GetOrderByClientOrderIdReturnType,
  type GetOrderByIdReturnType,
  type GetOrderPageParameters,
  getActiveOrderPage,
  getHistoryOrderFillTransactionPage,
  getOrderByClientOrderId,
  getOrderById,
} from './rest/order.js';
export {
  type EdgexKlineType,
  type EdgexPriceType,
  type GetDepthParameters,
  type GetDepthReturnType,
  type GetKlineParameters,
  type GetKlineReturnType,
  type GetTickerParameters,
  type GetTickerReturnType,
  getDepth,
  getKline,
  getTicker,
} from './rest/quote.js';
// ─────────────────────────────── signing ───────────────────────────────
export { STARK_CURVE_ORDER } from './signing/constants.js';
/** A signing-layer amount: a decimal.js value or a plain decimal string, never a JS number (core's `DecimalInput` is wider). */
export type { DecimalInput as EdgexSigningDecimal } from './signing/decimal.js';
export {
  EIP712_DOMAIN_FIELDS,
  encodeType,
  hashStruct,
  hashTypedData,
  type TypedDataDomain,
  type TypedDataField,
  type TypedDataTypes,
  type TypedDataValue,
} from './signing/eip712.js';
export type { IntegerLike } from './signing/encoding.js';
export {
  type EthPrivateKey,
  ethAddressFromPrivateKey,
  toChecksumAddress,
} from './signing/eth-key.js';
export {
  type L2OrderHashChain,
  type L2OrderHashParams,
  l2NonceFromClientOrderId,
  l2OrderHash,
  l2OrderHashChain,
} from './signing/l2-order-hash.js';
export {
  type EdgexMetadataLike,
  resolveV1Market,
  resolveV2Market,
  type V1MarketInfo,
  type V2MarketInfo,
} from './signing/market.js';
export { type AmountScale, computeL2Amounts, type L2Amounts } from './signing/order-amounts.js';
export { buildSignContent, type HttpMethod, type SignableRequest } from './signing/request.js';
export {
  type JsonObject,
  type JsonValue,
  type QueryParams,
  serializeBody,
  serializeQuery,
} from './signing/serialize.js';
export {
  parseStarkPrivateKey,
  type StarkPrivateKey,
  type StarkPublicKey,
  type StarkSignature,
  starkPublicKey,
  starkRfc6979K,
  starkSign,
  verifyStarkSignature,
} from './signing/stark-ecdsa.js';
export type { EdgexOrderParams, L2OrderFields, OrderSide, OrderType, TimeInForce } from './signing/types.js';
export {
  type SignedV1Order,
  type SignV1OrderParams,
  signV1Order,
  type V1CreateOrderBody,
  type V1OrderBodyLike,
  v1OrderHashParamsFromBody,
  verifyV1OrderSignature,
} from './signing/v1-order.js';
export {
  signV1Request,
  signV1WsAuth,
  V1_PRIVATE_WS_PATH,
  V1_SIGNATURE_HEADER,
  V1_TIMESTAMP_HEADER,
  type V1RequestSignature,
  type V1WsAuth,
  v1RequestMessageHash,
  verifyV1RequestSignature,
} from './signing/v1-request.js';
export {
  type BuildV2OrderOptions,
  type BuiltV2Order,
  buildV2Order,
  recoverV2OrderSigner,
  V2_ORDER_TYPES,
  type V2CreateOrderBody,
  type V2OrderBodyLike,
  type V2OrderMessage,
  type V2OrderTypedData,
  v2OrderDigest,
  v2TypedDataFromBody,
  verifyV2OrderSignature,
} from './signing/v2-order.js';
export {
  signV2Request,
  signV2WsAuth,
  V2_PRIVATE_WS_PATH,
  type V2AuthHeaders,
  type V2Credentials,
  type V2RequestSignature,
  type V2WsAuth,
  verifyV2Request,
} from './signing/v2-request.js';
export { EdgexSymbols } from './symbols.js';
export { EdgexVenue } from './venue.js';

// ─────────────────────────────── wire types and WebSocket ───────────────────────────────
export type {
  EdgexAccount,
  EdgexAccountAsset,
  EdgexCancelResult,
  EdgexCoin,
  EdgexCollateral,
  EdgexCollateralAsset,
  EdgexContract,
  EdgexDepth,
  EdgexEnvelope,
  EdgexFill,
  EdgexFundingRate,
  EdgexKline,
  EdgexLevel,
  EdgexMetadata,
  EdgexOrder,
  EdgexPage,
  EdgexPosition,
  EdgexPositionAsset,
  EdgexPositionTransaction,
  EdgexTicker,
  EdgexWsQuoteEvent,
  EdgexWsTrade,
  EdgexWsTradeEvent,
} from './wire.js';
export { EdgexAccountWs, type EdgexAccountWsOptions } from './ws/account.js';
export {
  type DepthVerdict,
  EdgexDepthBook,
  type EdgexDepthBookOptions,
  type EdgexDepthChanges,
} from './ws/depth-book.js';
export { EdgexPublicWs, type EdgexPublicWsOptions, type EdgexTrade } from './ws/public.js';
