/**
 * zod schemas of Pacifica wire payloads (venues/pacifica.md §3.2, §5.2), parsed into exact types:
 * decimal strings → Decimal, ids → decimal-digit strings (exact whatever their size), times → ms numbers.
 * Unknown extra fields are ignored so additive venue changes do not break parsing.
 */

export {
  accountSchema,
  accountSettingsSchema,
  fundingPaymentSchema,
  openOrderSchema,
  orderEventSchema,
  orderHistorySchema,
  type PacificaAccount,
  type PacificaFundingPayment,
  type PacificaMarginSetting,
  type PacificaOpenOrder,
  type PacificaOrderEvent,
  type PacificaOrderHistoryEntry,
  type PacificaPosition,
  type PacificaTrade,
  positionSchema,
  tradeHistorySchema,
} from './account.js';
export { zId } from './fields.js';
export {
  bookSchema,
  feeLevelSchema,
  fundingRateHistorySchema,
  klineSchema,
  marketInfoSchema,
  type PacificaBook,
  type PacificaBookLevel,
  type PacificaFeeLevel,
  type PacificaFundingRateRecord,
  type PacificaKline,
  type PacificaMarketInfo,
  type PacificaPriceInfo,
  type PacificaRecentTrade,
  priceInfoSchema,
  recentTradeSchema,
} from './markets.js';
export {
  batchResultSchema,
  cancelAllResultSchema,
  orderIdResultSchema,
  type PacificaBatchResult,
} from './results.js';
export {
  type PacificaWsAccountInfo,
  type PacificaWsAccountTrade,
  type PacificaWsOrderUpdate,
  type PacificaWsPosition,
  type PacificaWsPublicTrade,
  wsAccountInfoSchema,
  wsAccountTradeSchema,
  wsOrderAckSchema,
  wsOrderUpdateSchema,
  wsPositionSchema,
  wsPublicTradeSchema,
  wsTradingReplySchema,
} from './streams.js';
