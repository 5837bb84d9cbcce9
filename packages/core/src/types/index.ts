export { CANDLE_INTERVAL_MS, candleIntervalMs } from './candles.js';
export {
  ceilToStep,
  Decimal,
  type DecimalInput,
  floorToStep,
  isMultipleOf,
  roundToStep,
  toDecimal,
} from './decimal.js';
export type * from './domain.js';
export { historyLimit } from './history-limit.js';
export { baseAssetOf, SymbolMap } from './symbols.js';
export type * from './venue.js';
