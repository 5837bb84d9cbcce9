export { OrderBook } from './order-book.js';
export { type SequenceGapContext, SequenceGapError } from './sequence-gap-error.js';
export type {
  ApplyDeltaResult,
  BookDecimal,
  BookDeltaInput,
  BookDepth,
  BookSide,
  BookSnapshotInput,
  DecimalBookDepth,
  DecimalPriceLevel,
  FillEstimate,
  NotionalVwapResult,
  OrderBookOptions,
  PriceLevel,
  PriceLevelInput,
  SequenceGap,
  SequenceMode,
  SequenceStamp,
  SlippageReference,
  SlippageResult,
  SpreadResult,
  TakerSide,
  VwapResult,
} from './types.js';
export { VwapScaledResult } from './vwap-scaled-result.js';
