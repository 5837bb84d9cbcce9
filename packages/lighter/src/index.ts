// Signing (pure, synchronous, no I/O).

// Connector.
export {
  LIGHTER_MAINNET_URL,
  LIGHTER_TESTNET_URL,
  LighterClient,
  type LighterClientOptions,
  type LighterSendResult,
} from './client.js';
export { clientOrderIndexOf, newClientOrderId } from './client-order-index.js';
export { LIGHTER_ORDER_RULES } from './config.js';
export { isInvalidNonceError, LIGHTER_ERROR_CODE, mapLighterError } from './errors.js';
export {
  accountFunding,
  aprOfHourly,
  hourlyRateFromFundingRow,
  hourlyRateFromRest,
  hourlyRateFromWs,
} from './funding-units.js';
export { acquireNonceManager, type FetchNextNonce, LighterNonceManager } from './nonce.js';
export type { CandlesParameters, LighterCandleResolution } from './rest/candles.js';
export { LIGHTER_WEIGHT, type LighterRestContext } from './rest/context.js';
export type { FundingHistoryParameters, LighterFundingPoint, PositionFundingParameters } from './rest/funding.js';
export { multipartForm, parseMultipartForm } from './rest/multipart.js';
export { MAX_BATCH_TXS } from './rest/tx.js';
export { fromScaledInt, toMs, toScaledInt } from './scale.js';
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
export {
  feeFraction,
  LIGHTER_FUNDING_INTERVAL_HOURS,
  type LighterMarketInfo,
  LighterMarkets,
  marketFromDetail,
} from './symbols.js';
export type { LighterStreamLogger } from './ws/account.js';
export { OrderBookStream, type OrderBookStreamOptions } from './ws/order-book.js';
export {
  type ChannelHandler,
  channelKey,
  type LighterFrame,
  LighterStream,
  type LighterStreamOptions,
} from './ws/stream.js';
