export {
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
export type { DecimalInput, PacificaOrderId, PacificaSide } from './payloads/validate.js';
export { canonicalJson, PyFloat, pacificaJson, pyFloat, type SignableValue } from './signing/canonical-json.js';
export { PacificaKeypair, pacificaKeypair, pacificaPublicKey } from './signing/keys.js';
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
